"""Time to export a whole account and import it into another: 200 entries, each with five
versions, two citations, a comment and a sign-off.

    .venv/bin/python bench/bench_account_move.py
The import runs in a web request (all or nothing, one transaction); target: under 10 s for
this account, a few years of a busy worker's CPD.
"""

import io
import time

from _django import throwaway_database


def seed():
    from journal.entries import services
    from journal.review.comments import comment_add
    from journal.review.sign_off import entry_sign_off
    from tests.factories import (
        make_framework,
        make_passage,
        make_share,
        make_source,
        make_supervision,
        make_user,
    )

    framework = make_framework()
    standards = list(framework.standards.all())
    source = make_source("bench-source", title="This Is Social Work")
    passages = [make_passage(source, f"Passage {n}: supervision matters. " * 3) for n in range(20)]
    user = make_user("mover", display_name="Bench Worker")
    supervisor = make_user("sue", display_name="Sue", role="supervisor")
    link = make_supervision(user, supervisor)
    for n in range(200):
        change = services.EntryChange(
            fields={
                "title": f"Reflection {n}",
                "description": "What I did. " * 20,
                "impact": "What changed. " * 20,
            },
            status="complete",
            standards=standards[n % 6 : n % 6 + 2],
            cite=passages[n % 17 : n % 17 + 2],
        )
        entry = services.entry_save(user=user, entry=None, change=change).entry
        for v in range(4):
            change = services.EntryChange(
                fields={"learning": f"What I learnt, take {v}. " * 30}, reopen_signed_off=True
            )
            services.entry_save(
                user=user, entry=entry, change=change, expected_revision=entry.revision
            )
            entry.refresh_from_db()
        make_share(entry, link, submitted=True)
        comment_add(entry=entry, author=supervisor, body="Say more about impact.")
        entry_sign_off(entry=entry, supervisor=supervisor, note="Good.")
    return user


def main():
    with throwaway_database():
        from django.core.files.uploadedfile import SimpleUploadedFile

        from journal.account.portable.archive import read_archive
        from journal.account.portable.importing import import_account
        from journal.account.services import account_data_zip
        from journal.models import Entry
        from tests.factories import make_user

        user = seed()
        started = time.perf_counter()
        content = account_data_zip(user=user)
        exported = time.perf_counter() - started
        newcomer = make_user("newcomer")
        upload = SimpleUploadedFile("account.zip", content)
        started = time.perf_counter()
        import_account(user=newcomer, archive=read_archive(io.BytesIO(content), upload.size))
        imported = time.perf_counter() - started
        count = Entry.objects.filter(owner=newcomer).count()
        print(f"account ZIP: {len(content) // 1024} KB, {count} entries")
        print(f"export: {exported:.2f} s")
        print(f"import: {imported:.2f} s")


if __name__ == "__main__":
    main()
