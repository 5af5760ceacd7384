"""Attaching, downloading and removing evidence files through the pages, as each person."""

import pytest
from django.urls import reverse

from journal.evidence import filetypes
from journal.evidence.services import evidence_add
from journal.models import AuditEvent, Entry, Evidence
from tests.factories import TINY_PDF, make_entry, make_share, make_supervision, make_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def entry(owner):
    return make_entry(owner, title="Safeguarding course", status=Entry.Status.MARKED_COMPLETE)


@pytest.fixture
def kept(entry, owner):
    return evidence_add(entry=entry, user=owner, upload=make_upload(), kind=filetypes.PDF)


def stored_files(settings) -> list:
    return [p for p in settings.EVIDENCE_ROOT.rglob("*") if p.is_file()]


def attach(client, entry, upload, description=""):
    return client.post(
        reverse("journal:evidence_add", args=[entry.pk]),
        {"file": upload, "description": description},
        follow=True,
    )


def test_the_owner_attaches_files_with_descriptions_and_sees_them_on_the_entry(owner_client, entry):
    attach(owner_client, entry, make_upload(), "Certificate of attendance")
    page = attach(
        owner_client, entry, make_upload("Slide 1.png", PNG, "image/png")
    ).content.decode()

    assert "“Slide 1.png” is attached to this entry." in page
    assert [e.name for e in entry.evidence.all()] == ["certificate.pdf", "Slide 1.png"]
    assert "Certificate of attendance" in page
    first = entry.evidence.first()
    assert reverse("journal:evidence_download", args=[entry.pk, first.pk]) in page
    assert first.content_type == "application/pdf" and first.size == len(TINY_PDF)
    assert not first.file.name.startswith("certificate"), "stored under a random name"
    assert AuditEvent.objects.filter(entry=entry, action="evidence_added").count() == 2


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            make_upload("notes.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf"),
            "Not attached: “notes.pdf” is not a file type we can keep.",
        ),
        (
            make_upload("photo.png", TINY_PDF, "image/png"),
            "Not attached: “photo.png” is a PDF inside, but its name does not end in .pdf.",
        ),
    ],
    ids=["wrong type", "name disagrees"],
)
def test_a_refused_type_says_why_and_stores_nothing(owner_client, entry, settings, upload, message):
    page = attach(owner_client, entry, upload).content.decode()
    assert message in page
    assert not Evidence.objects.exists() and stored_files(settings) == []
    assert not AuditEvent.objects.filter(action="evidence_added").exists()


def test_a_file_too_big_is_refused_and_nothing_stored(owner_client, entry, settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1024
    page = attach(owner_client, entry, make_upload(content=TINY_PDF + b"x" * 2000)).content.decode()
    assert (
        "Not attached: “certificate.pdf” is 2.0\xa0KB; each file can be at most 1.0\xa0KB." in page
    )
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_the_account_total_is_a_limit_too(owner_client, owner, entry, kept, settings):
    settings.EVIDENCE_MAX_ACCOUNT_BYTES = len(TINY_PDF) + 10
    other_entry = make_entry(owner, title="Another entry")
    page = attach(owner_client, other_entry, make_upload()).content.decode()
    assert "would take your evidence files past" in page
    assert "Remove a file you no longer need" in page
    assert Evidence.objects.count() == 1


def test_nobody_attaches_to_someone_elses_entry(client, entry, stranger, supervisor, owner):
    make_share(entry, make_supervision(owner, supervisor), submitted=True)
    client.force_login(stranger)
    assert attach(client, entry, make_upload()).status_code == 404
    client.force_login(supervisor)
    assert attach(client, entry, make_upload()).status_code == 403
    assert not Evidence.objects.exists()


def test_the_owner_downloads_as_an_attachment_never_cached(owner_client, entry, kept):
    response = owner_client.get(reverse("journal:evidence_download", args=[entry.pk, kept.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TINY_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_who_may_download(client, owner, entry, kept, stranger, supervisor):
    url = reverse("journal:evidence_download", args=[entry.pk, kept.pk])
    link = make_supervision(owner, supervisor)
    for person in (stranger, supervisor):  # a supervisor without a share is a stranger here
        client.force_login(person)
        assert client.get(url).status_code == 404
    share = make_share(entry, link, submitted=True)
    assert client.get(url).status_code == 200
    share.revoked_at = share.submitted_at
    share.save()
    assert client.get(url).status_code == 404


def test_evidence_of_another_entry_is_not_found_through_this_one(owner_client, owner, kept):
    mine = make_entry(owner, title="Mine too")
    url = reverse("journal:evidence_download", args=[mine.pk, kept.pk])
    assert owner_client.get(url).status_code == 404


def test_a_supervisor_with_a_share_sees_the_files_on_the_review_page(
    client, owner, entry, kept, supervisor
):
    make_share(entry, make_supervision(owner, supervisor), submitted=True)
    client.force_login(supervisor)
    page = client.get(reverse("journal:review_entry", args=[entry.pk])).content.decode()
    assert "Evidence files" in page and "certificate.pdf" in page
    assert reverse("journal:evidence_remove", args=[entry.pk, kept.pk]) not in page


def test_removing_a_file_deletes_it_once_committed(
    owner_client, entry, kept, settings, django_capture_on_commit_callbacks
):
    path = kept.file.path
    with django_capture_on_commit_callbacks(execute=True):
        page = owner_client.post(
            reverse("journal:evidence_remove", args=[entry.pk, kept.pk]), follow=True
        ).content.decode()
    assert "“certificate.pdf” is removed from this entry." in page
    assert not Evidence.objects.exists()
    assert stored_files(settings) == [] and not __import__("os").path.exists(path)
    assert AuditEvent.objects.filter(entry=entry, action="evidence_removed").exists()


def test_a_description_that_may_identify_someone_is_refused(owner_client, entry, settings):
    page = attach(
        owner_client, entry, make_upload(), "Letter about NHS 943 476 5919"
    ).content.decode()
    assert "Not attached: This description may identify someone" in page
    assert not Evidence.objects.exists() and stored_files(settings) == []
