"""journal 0033: every entry signed off before it knows so on its own row, as a sign-off kept
since marks it, so that its save still refuses to change the signed text."""

import pytest

from journal.entries.services import EntryChange, SignedOffEntry, entry_save
from journal.models import Entry
from tests.factories import make_user, save_entry
from tests.migrating import latest, migrate_to

BEFORE = [("journal", "0032_handovers_before_0030")]
AFTER = [("journal", "0033_entry_ever_signed_off")]


@pytest.mark.django_db(transaction=True)
def test_entries_signed_off_before_0033_are_marked_and_no_others():
    worker, boss = make_user("worker-0033"), make_user("boss-0033", role="supervisor")
    once, twice, gone, unsigned = (
        save_entry(worker, title=title)
        for title in ("Signed once", "Signed twice", "Signer gone", "Never signed")
    )
    try:
        old = migrate_to(BEFORE)
        sign_off, version = (old.get_model("journal", n) for n in ("SignOff", "EntryVersion"))
        for entry, supervisor in ((once, boss), (twice, boss), (twice, boss), (gone, None)):
            signed = version.objects.filter(entry_id=entry.pk).order_by("-number").first()
            sign_off.objects.create(
                entry_id=entry.pk,
                supervisor_id=supervisor and supervisor.pk,
                supervisor_name="Boss",
                version=signed,
                fingerprint=signed.fingerprint,
            )

        migrate_to(AFTER)

        marked = set(Entry.objects.filter(ever_signed_off=True).values_list("pk", flat=True))
        assert marked == {once.pk, twice.pk, gone.pk}
        change = EntryChange(fields={"learning": "Changed without asking."})
        with pytest.raises(SignedOffEntry):
            entry_save(user=worker, entry=Entry.objects.get(pk=gone.pk), change=change)
        entry_save(user=worker, entry=Entry.objects.get(pk=unsigned.pk), change=change)

        migrate_to(BEFORE)  # and back
    finally:
        migrate_to(latest())
