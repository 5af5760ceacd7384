"""journal.account.portable: an account carried to another installation and read back in."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import Passage, Source
from journal.account.portable.format import FORMAT_VERSION
from journal.account.services import account_data_zip
from journal.evidence.models import Evidence
from journal.models import (
    AccountImport,
    Citation,
    Comment,
    Entry,
    PeerRequest,
    QuickNote,
    RenewalStep,
    SignOff,
    SupervisionSession,
    User,
)
from journal.review.standing import review_state
from journal.year.services import renewal_step_tick
from tests.factories import (
    make_user,
    save_entry,
)
from tests.journal.account.full_account import CERTIFICATE, fill_account, make_library


@pytest.fixture
def library(standards):
    return make_library()


@pytest.fixture
def full_account(library, owner, supervisor):
    return fill_account(owner, supervisor, library)


def export_zip(user) -> bytes:
    return account_data_zip(user=user)


def comparable(data: dict) -> dict:
    """The document without what differs between installations by design: row ids, times of
    export and the names of people (who are accounts there, names here)."""
    data = json.loads(json.dumps(data))
    for key in ("exported_at", "site", "user", "account_events"):
        data.pop(key)
    for entry in data["entries"]:
        entry.pop("id")
        for comment in entry["comments"]:
            comment.pop("id"), comment.pop("reply_to")
            comment["author"] = comment["author"].split(" (")[0]
        for sign_off in entry["sign_offs"]:
            sign_off["supervisor"] = sign_off["supervisor"].split(" (")[0]
        for item in entry["evidence"]:
            item.pop("path")
    for note in data["quick_notes"]:
        note.pop("entry_id")
    for session in data["supervision_sessions"]:
        session.pop("id")
        session["supervisor"] = session["supervisor"].split(" (")[0]
        for action in session["actions"]:
            action.pop("done_in")
    return data


def upload(client, content: bytes, name="cpd-journal-data.zip"):
    return client.post(reverse("journal:account_import"), {"file": ContentFile(content, name=name)})


def as_new_installation() -> None:
    """Everyone gone, as on another installation that has the same library."""
    SignOff.objects.all().delete()
    User.objects.all().delete()


def document_of(content: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(content)).read("data.json"))


def test_a_full_account_comes_back_the_same_on_a_fresh_installation(full_account, client):
    exported = export_zip(full_account)
    before = document_of(exported)
    assert before["format_version"] == FORMAT_VERSION
    as_new_installation()
    newcomer = make_user("newcomer", display_name="Olu at the new council")
    client.force_login(newcomer)

    response = upload(client, exported)

    assert response.status_code == 302
    after = document_of(export_zip(newcomer))
    assert comparable(after) == comparable(before)
    entry = Entry.objects.get(owner=newcomer, title="Supervision podcast")
    # The sign-off still holds for exactly the text it signed: the fingerprint matches.
    assert review_state(entry).is_signed_off
    # Marked on the entry's row as it was kept: a save asks review before changing that text.
    signed = Entry.objects.filter(owner=newcomer, signoffs__isnull=False)
    assert set(Entry.objects.filter(owner=newcomer, ever_signed_off=True)) == {entry, *signed}
    sign_off = entry.signoffs.get()
    assert (
        sign_off.supervisor is None
        and sign_off.supervisor_label == "Sue Supervisor (earlier journal)"
    )
    assert {c.author_label for c in entry.comments.all()} == {
        "Sue Supervisor (earlier journal)",
        "Olu Owner (earlier journal)",
    }
    assert entry.comments.get(parent__isnull=False).parent.body == "Say more about impact."
    session = SupervisionSession.objects.get(supervisee=newcomer)
    assert session.supervisor is None and session.supervision is None
    assert session.actions.get().text == "Read the standard 4 guidance"
    supervision_page = client.get(reverse("journal:supervision")).content.decode()
    assert reverse("journal:session_detail", args=[session.pk]) in supervision_page
    session_page = client.get(reverse("journal:session_detail", args=[session.pk]))
    assert "Sue Supervisor (earlier journal)" in session_page.content.decode()
    evidence = entry.evidence.get()
    assert evidence.file.read() == CERTIFICATE
    assert QuickNote.objects.get(owner=newcomer).entry == entry
    for page in ("journal:dashboard", "journal:entry_list", "journal:note_list"):
        assert client.get(reverse(page)).status_code == 200, page
    assert client.get(entry.get_absolute_url()).status_code == 200
    peer = PeerRequest.objects.get(entry=entry)
    assert peer.is_confirmed and peer.peer_name == "Pat Peer"
    assert peer.refusal() == "used"  # a record of an answer, not a link anyone can answer


def test_citations_find_their_passage_by_identity_and_quote_or_stay_as_quotes(full_account, client):
    exported = export_zip(full_account)
    as_new_installation()
    Source.objects.filter(slug="old-blog").delete()  # this installation never had that source
    newcomer = make_user("newcomer")
    client.force_login(newcomer)

    response = upload(client, exported)

    entry = Entry.objects.get(owner=newcomer, title="Supervision podcast")
    linked, missing, own = entry.citations.order_by("position")
    assert own.is_own and own.source_title == "A council course"
    assert linked.passage == Passage.objects.get(source__slug="supervision-talk")
    assert linked.status == Citation.Status.OK
    assert missing.passage is None and missing.status == Citation.Status.MISSING
    assert missing.quote == "Caseloads shape what reflection is possible."
    assert missing.source_title == "An old blog"
    page = client.get(response["Location"]).content.decode()
    assert "not in this library" in page and "Caseloads shape what reflection is possible." in page


def test_the_same_file_twice_adds_nothing_and_says_so(full_account, client):
    exported = export_zip(full_account)
    as_new_installation()
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    upload(client, exported)
    counts = (Entry.objects.count(), Comment.objects.count(), RenewalStep.objects.count())

    response = upload(client, exported)

    assert (Entry.objects.count(), Comment.objects.count(), RenewalStep.objects.count()) == counts
    page = client.get(response["Location"]).content.decode()
    assert "nothing was added again" in page


def test_a_later_export_of_the_same_account_adds_only_what_is_new(full_account, client):
    first = export_zip(full_account)
    save_entry(full_account, title="Written after the first export", description="New.")
    second = export_zip(full_account)
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    upload(client, first)

    response = upload(client, second)

    assert Entry.objects.filter(owner=newcomer).count() == 3
    assert (
        AccountImport.objects.get(pk=response["Location"].rstrip("/").split("/")[-1]).summary[
            "entries_already_here"
        ]
        == 2
    )


def test_importing_into_a_journal_with_entries_keeps_them(full_account, client):
    exported = export_zip(full_account)
    newcomer = make_user("newcomer")
    mine = save_entry(newcomer, title="Already here", description="Mine.")
    renewal_step_tick(
        user=newcomer, year=2026, part="fee", done=True, on=datetime.date(2026, 11, 1)
    )
    client.force_login(newcomer)

    upload(client, exported)

    mine.refresh_from_db()
    assert mine.title == "Already here" and mine.account_import is None
    assert Entry.objects.filter(owner=newcomer).count() == 3
    assert RenewalStep.objects.get(owner=newcomer).done_on == datetime.date(2026, 11, 1)


def rezip(content: bytes, change) -> bytes:
    """The export with data.json changed by `change` (a function of the document)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "data.json":
                data = change(json.loads(data))
                data = data if isinstance(data, bytes) else json.dumps(data).encode()
            target.writestr(info.filename, data)
    return buffer.getvalue()


def newer(data):
    data["format_version"] = FORMAT_VERSION + 1
    return data


def bad_date(data):
    data["entries"][0]["activity_date"] = "2026-13-45"
    data["entries"][1]["status"] = "finished"
    return data


def unknown_standard(data):
    data["entries"][0]["standards"] = ["9"]
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (None, "This is not a ZIP file"),
        (lambda d: b'{"format": "cpd-journal-account", "entries": [', "damaged (line 1)"),
        (newer, f"newer CPD Journal (format {FORMAT_VERSION + 1})"),
        (lambda d: {"entries": []}, "not an account file of CPD Journal"),
        (bad_date, "is not a valid choice"),
        (unknown_standard, "standard 9 is not one of the standards of this journal"),
    ],
)
def test_a_wrong_or_damaged_file_imports_nothing_and_says_why(
    full_account, client, change, message
):
    exported = export_zip(full_account)
    content = b"PK not really a zip" if change is None else rezip(exported, change)
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    evidence_files = Evidence.objects.count()

    response = upload(client, content)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page and message in page
    assert not Entry.objects.filter(owner=newcomer).exists()
    assert not AccountImport.objects.exists()
    assert Evidence.objects.count() == evidence_files


def test_a_bad_date_is_named_with_its_entry(full_account, client):
    content = rezip(export_zip(full_account), bad_date)
    client.force_login(make_user("newcomer"))
    page = upload(client, content).content.decode()
    assert "Entry 1 (“Supervision podcast”): activity date:" in page


def test_a_failure_half_way_leaves_no_rows_and_no_files(full_account, client, monkeypatch):
    exported = export_zip(full_account)
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    files_before = Evidence.objects.count()
    from journal.account.portable import importing

    def broken(self):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(importing._Writer, "steps", broken)
    storage = Evidence._meta.get_field("file").storage
    on_disk = set(_walk(storage))
    with pytest.raises(RuntimeError):
        upload(client, exported)
    assert not Entry.objects.filter(owner=newcomer).exists()
    assert Evidence.objects.count() == files_before
    assert set(_walk(storage)) == on_disk


def _walk(storage):
    folders, _ = storage.listdir("") if storage.exists("") else ([], [])
    for folder in folders:
        yield from (f"{folder}/{name}" for name in storage.listdir(folder)[1])


def test_an_import_is_only_ever_into_your_own_account_and_its_summary_only_yours(
    full_account, client
):
    exported = export_zip(full_account)
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    location = upload(client, exported)["Location"]
    assert set(
        Entry.objects.filter(account_import__isnull=False).values_list("owner", flat=True)
    ) == {newcomer.pk}
    client.force_login(make_user("someone-else"))
    assert client.get(location).status_code == 404


def test_the_import_page_is_for_signed_in_people(client, db):
    response = client.get(reverse("journal:account_import"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_export_reads_a_constant_number_of_queries(full_account):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export_zip(full_account)
        return len(captured)

    queries()  # once, for what a process reads once (the primary standards)
    before = queries()
    for n in range(5):
        save_entry(full_account, title=f"One more {n}", description="More.")
    assert queries() == before


def test_a_damaged_evidence_file_imports_nothing(full_account, client):
    source = zipfile.ZipFile(io.BytesIO(export_zip(full_account)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("evidence/"):
                data = b"x" * len(data)  # the same size, other bytes
            target.writestr(info.filename, data)
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    storage = Evidence._meta.get_field("file").storage
    on_disk = set(_walk(storage))

    response = upload(client, buffer.getvalue())

    assert response.status_code == 400
    assert "file “certificate.pdf”: its content is damaged" in response.content.decode()
    assert not Entry.objects.filter(owner=newcomer).exists()
    assert set(_walk(storage)) == on_disk


def test_an_evidence_file_of_a_type_we_do_not_keep_imports_nothing(full_account, client):
    """A crafted file cannot bring in what the evidence page refuses (a web page, a script)."""
    page = b"<html><script>alert(1)</script></html>"
    source = zipfile.ZipFile(io.BytesIO(export_zip(full_account)))
    data = json.loads(source.read("data.json"))
    (item,) = [f for e in data["entries"] for f in e["evidence"]]
    item.update(size=len(page), sha256=hashlib.sha256(page).hexdigest())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "data.json":
                content = json.dumps(data).encode()
            elif info.filename == item["path"]:
                content = page
            target.writestr(info.filename, content)
    newcomer = make_user("newcomer")
    client.force_login(newcomer)

    response = upload(client, buffer.getvalue())

    assert response.status_code == 400
    assert "is not a file type we can keep" in response.content.decode()
    assert not Entry.objects.filter(owner=newcomer).exists()


def test_evidence_past_the_accounts_limit_imports_nothing(full_account, client, settings):
    exported = export_zip(full_account)
    settings.EVIDENCE_MAX_ACCOUNT_BYTES = 10  # the certificate is larger
    newcomer = make_user("newcomer")
    client.force_login(newcomer)

    response = upload(client, exported)

    assert response.status_code == 400
    assert "would take your evidence files past" in response.content.decode()
    assert not Entry.objects.filter(owner=newcomer).exists()
