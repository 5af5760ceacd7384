"""Exports for renewal: PDF read back with pypdf, Markdown round trip, ZIPs, data export, deletion."""

import datetime
import io
import json
import re
import time
import zipfile
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from corpus.models import Statement
from journal.entries.bin import entry_move_to_bin
from journal.entries.markdown import MAX_PRINT_LINES, render_markdown
from journal.exports import build, pdf
from journal.exports.markdown import split_front_matter
from journal.exports.pdf import FetchRefused, LocalOnlyFetcher
from journal.models import AuditEvent, Entry, ExportJob, User
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from tests.accounts.helpers import reauthenticate
from tests.factories import (
    make_entry,
    make_passage,
    make_source,
    pdf_text,
    save_entry,
)

HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) title: "broken'


@pytest.fixture
def signed_entry(owner, supervisor, framework):
    owner.registration_number = "SW765432"
    owner.save()
    source = make_source("tisw", title="This Is Social Work")
    passage = make_passage(source, "Raising concerns is part of ethical practice.", speaker="Fran")
    entry = make_entry(
        owner,
        title="Standard 6 podcast",
        status="complete",
        standards=[framework.standards.get(number="6")],
        peer_name="Team manager",
        peer_learning="We agreed how to escalate concerns.",
    )
    save_entry(owner, entry=entry, cite=[passage])
    supervision = supervision_services.supervision_invite(
        supervisee=owner, identifier=supervisor.username
    )
    supervision = supervision_services.supervision_accept(supervision=supervision, user=supervisor)
    sharing_services.entry_share(entry=entry, supervision=supervision, user=owner, submit=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    return entry


def test_year_bundle_pdf_has_cover_contents_entries_and_sign_off(owner, signed_entry, stranger):
    make_entry(stranger, title="A stranger's secret", activity_date=signed_entry.activity_date)
    make_entry(owner, title="Hostile " + HOSTILE, description=HOSTILE, status="complete")
    result = build.export_for_params(owner=owner, fmt="pdf", params={"year": 2026})
    reader = PdfReader(io.BytesIO(result.content))
    assert reader.metadata.title.startswith("CPD record 2025–26")
    text = pdf_text(result.content)
    assert "SW765432" in text and "Contents" in text
    assert "Standard 6 podcast" in text
    assert "Raising concerns is part of ethical practice." in text
    assert "Supervisor sign-off" in text and "Sue Supervisor" in text
    assert "We agreed how to escalate concerns." in text
    assert "A stranger's secret" not in text
    # Hostile text is printed as text, never run: no JavaScript anywhere in the file.
    assert '<script>alert("x")</script>' in text
    assert b"/JavaScript" not in result.content and b"/JS " not in result.content
    assert "Page 2 of" in text


def test_the_pdf_never_fetches_from_the_network():
    fetcher = LocalOnlyFetcher()
    for url in ("http://example.org/x.css", "https://example.org/a.png", "file:///etc/passwd"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_markdown_round_trip_keeps_the_content(owner, signed_entry):
    result = build.export_entry(signed_entry, "md")
    front, body = split_front_matter(result.content.decode())
    assert front["title"] == "Standard 6 podcast"
    assert front["standards"] == ["6"] and front["status"] == "complete"
    assert front["sign_off"]["supervisor"] == "Sue Supervisor"
    html = str(render_markdown(body))
    assert "<blockquote>" in html and "Raising concerns is part of ethical practice." in html
    assert "Reflection needs protected time." in html
    assert "We agreed how to escalate concerns." in html
    order = [
        html.index(t)
        for t in ("Description and why it is relevant", "What I learnt", "Impact on my practice")
    ]
    assert order == sorted(order)


def test_hostile_titles_cannot_break_the_front_matter(owner, framework):
    entry = make_entry(owner, title='---\nstatus: signed\n"' + HOSTILE, description=HOSTILE)
    front, body = split_front_matter(build.export_entry(entry, "md").content.decode())
    assert front["title"].startswith("---\nstatus: signed")
    assert front["status"] == "draft"
    assert "<script" not in str(render_markdown(body))


def test_year_zip_has_one_file_per_entry_and_an_index(owner, signed_entry):
    make_entry(owner, title="Second entry")
    result = build.export_for_params(owner=owner, fmt="md", params={"year": 2026})
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    names = archive.namelist()
    assert "index.md" in names
    assert len([n for n in names if n.startswith("entries/")]) == 2
    index = archive.read("index.md").decode()
    assert "Standard 6 podcast" in index and "Second entry" in index


def test_entry_export_urls_are_only_for_the_owner(
    client, owner, signed_entry, supervisor, stranger
):
    client.force_login(owner)
    response = client.get(reverse("journal:entry_export", args=[signed_entry.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(entry=signed_entry, action="exported").exists()
    client.force_login(stranger)
    assert (
        client.get(reverse("journal:entry_export", args=[signed_entry.pk, "pdf"])).status_code
        == 404
    )
    client.force_login(supervisor)
    assert (
        client.get(reverse("journal:entry_export", args=[signed_entry.pk, "md"])).status_code == 403
    )


def test_small_exports_download_and_large_ones_become_jobs(
    owner_client, owner, framework, settings, django_capture_on_commit_callbacks
):
    make_entry(owner, title="Only one")
    response = owner_client.post(reverse("journal:exports"), {"year": 2026, "format": "md"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    for n in range(30):
        make_entry(owner, title=f"Entry {n}")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("journal:exports"), {"year": 2026, "format": "md"})
    job = ExportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("journal:export_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    download = owner_client.get(reverse("journal:export_job_download", args=[job.pk]))
    assert len(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == 32


def test_regulator_form_page_lists_fields_in_order_with_counts(owner_client, signed_entry):
    body = owner_client.get(
        reverse("journal:entry_regulator_form", args=[signed_entry.pk])
    ).content.decode()
    positions = [
        body.index(label)
        for label in (
            "Type of CPD activity",
            "Description of the activity",
            "Date of the activity",
            "What you learnt",
            "The positive impact",
        )
    ]
    assert positions == sorted(positions)
    assert "js-copy" in body and "characters" in body


def test_personal_data_export_has_everything(owner_client, owner, signed_entry):
    binned = make_entry(owner, title="Binned one")
    entry_move_to_bin(entry=binned, user=owner)
    reauthenticate(owner_client)
    response = owner_client.post(reverse("journal:account_data_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    titles = {e["title"] for e in data["entries"]}
    assert titles == {"Standard 6 podcast", "Binned one"}
    assert any(e["citations"] for e in data["entries"])
    assert any(e["versions"] for e in data["entries"])


def test_account_deletion_needs_the_password_once_and_removes_everything(
    owner_client, owner, signed_entry
):
    response = owner_client.get(reverse("journal:account_delete"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(owner_client)
    page = owner_client.get(reverse("journal:account_delete")).content.decode()
    assert 'type="password"' not in page  # asked once, by the sign-in check just passed
    response = owner_client.post(reverse("journal:account_delete"), {})
    assert response.status_code == 200 and User.objects.filter(pk=owner.pk).exists()
    response = owner_client.post(reverse("journal:account_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Entry.objects.filter(owner_id=owner.pk).exists()
    assert owner_client.get(reverse("journal:dashboard")).status_code == 302


def test_export_entries_command(owner, signed_entry, tmp_path):
    call_command(
        "export_entries",
        user=owner.username,
        year=2026,
        format="pdf",
        output=str(tmp_path / "out.pdf"),
    )
    assert "Standard 6 podcast" in pdf_text((tmp_path / "out.pdf").read_bytes())
    call_command(
        "export_entries", user=owner.username, year=2026, format="md", output=str(tmp_path)
    )
    assert list(tmp_path.glob("*.zip"))


def pdf_link_targets(content: bytes) -> set[str]:
    targets = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


def test_only_web_and_mail_links_survive_in_the_pdf(owner, settings):
    text = (
        "[protocol-relative](//fileserver/share/x.pdf) [relative](../../etc/passwd) "
        "[rooted](/etc/passwd) [file](file:///etc/passwd) [script](javascript:alert(1)) "
        "[web](https://example.org/ok) [mail](mailto:someone@example.org)"
    )
    entry = make_entry(owner, description=text)
    content = build.export_entry(entry, "pdf").content
    assert pdf_link_targets(content) == {"https://example.org/ok", "mailto:someone@example.org"}
    assert str(settings.BASE_DIR).encode() not in content
    assert b"file:" not in content
    words = pdf_text(content)
    assert "protocol-relative" in words and "relative" in words and "rooted" in words


def test_statements_sit_under_their_standard_on_the_page_and_in_markdown(
    owner, owner_client, standards
):
    entry = make_entry(owner, standards=list(standards.standards.filter(number__in=["3", "6"])))
    statements = Statement.objects.filter(standard__framework=standards)
    entry.statements.set(statements.filter(number__in=["3.4", "6.5", "2.1"]))
    by_number = {s.number: s.summary for s in statements}

    page = owner_client.get(entry.get_absolute_url()).content.decode()
    section = page[
        page.index('class="entry-standards"') : page.index(
            "</section>", page.index('class="entry-standards"')
        )
    ]
    assert section.index("Standard 3:") < section.index("3.4 ") < section.index("Standard 6:")
    assert section.index("Standard 6:") < section.index("6.5 ") < section.index("Statements")
    assert section.index("Statements") < section.index("2.1 ")

    _, body = split_front_matter(build.export_entry(entry, "md").content.decode())
    standards_part = body[body.index("## Professional standards") :]
    assert (
        f"- Standard 3: {standards.standards.get(number='3').title}\n  - 3.4 {by_number['3.4']}"
        in standards_part
    )
    assert f"- Statements\n  - 2.1 {by_number['2.1']}" in standards_part


def test_a_pathological_entry_gives_weasyprint_bounded_text(owner):
    # 20,000 characters of "x" on their own lines in five fields: 114 s and 4.8 GB before.
    text = "x\n" * 10_000
    fields = ("description", "learning", "impact", "peer_learning", "notes")
    entry = make_entry(owner, peer_name="A colleague", **dict.fromkeys(fields, text))
    with mock.patch.object(pdf, "HTML", wraps=pdf.HTML) as html:
        started = time.perf_counter()
        content = build.export_entry(entry, "pdf", include_private=True).content
        elapsed = time.perf_counter() - started
    laid_out = html.call_args.kwargs["string"]
    assert laid_out.count("<br") < 10 and laid_out.count("\n") < len(fields) * MAX_PRINT_LINES
    assert laid_out.count(" x" * 9_999) == len(fields)  # every word kept, flowing
    assert len(PdfReader(io.BytesIO(content)).pages) < 40  # 22 now; about 1,000 before
    assert elapsed < 60  # about 2.5 s on a busy two-core machine; the bound is the line count


@pytest.mark.parametrize(("day", "chosen"), [("2026-12-07", "2026"), ("2027-01-04", "2027")])
def test_the_exports_page_opens_on_the_year_people_are_finishing(owner_client, day, chosen):
    """On 7 December the renewal just closed is what people export, not the new, empty year."""
    with time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00:00+00:00")):
        page = owner_client.get(reverse("journal:exports")).content.decode()
    [selected] = re.findall(r'<option value="(\d+)" selected>', page)
    assert selected == chosen
