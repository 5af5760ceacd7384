"""Evidence files on a phone: attach a certificate to an entry, and find it in the ZIP export."""

import zipfile
from pathlib import Path

from playwright.sync_api import expect

from journal import clock
from journal.models import Entry
from journal.year.registration import RegistrationYear
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, TINY_PDF, make_entry, make_user


def test_a_certificate_attached_on_a_phone_is_in_the_zip_export(phone_page, settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    page = phone_page
    owner = make_user("nia", display_name="Nia Worker")
    entry = make_entry(
        owner, title="Safeguarding adults course", activity_date=clock.today(), status="complete"
    )
    login(page, "nia", PASSWORD)

    page.goto(entry.get_absolute_url())
    expect(page.get_by_role("heading", name="Evidence files")).to_be_visible()
    expect(page.locator("body")).to_contain_text("No files yet.")

    # A file whose content is not what its name says is refused, and nothing is kept.
    page.set_input_files(
        "#id_file",
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": TINY_PDF}],
    )
    page.get_by_role("button", name="Attach file").click()
    page.wait_for_load_state()
    refused = page.get_by_role("alert").filter(has_text="Not attached")
    expect(refused).to_contain_text("its name does not end in .pdf")
    assert entry.evidence.count() == 0

    page.set_input_files(
        "#id_file",
        files=[{"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}],
    )
    page.fill("#id_description", "Certificate of attendance")
    page.get_by_role("button", name="Attach file").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("“certificate.pdf” is attached to this entry.")
    expect(page.get_by_text("Certificate of attendance", exact=True)).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "evidence-attached-390")

    # The name downloads the file itself.
    with page.expect_download() as download:
        page.get_by_role("link", name="certificate.pdf").click()
    assert Path(download.value.path()).read_bytes() == TINY_PDF

    # The year's Markdown ZIP carries it beside the entry.
    page.goto("/exports/")
    page.get_by_label("Markdown files in a ZIP").check()
    # Just after 30 November the page opens on the year that closed; the entry is in this one.
    page.get_by_label("Registration year").select_option(str(RegistrationYear.current().end.year))
    page.get_by_label("Only complete entries").uncheck()  # no standard tagged yet
    with page.expect_download() as export:
        page.get_by_role("button", name="Export").click()
    archive = zipfile.ZipFile(export.value.path())
    stored = [n for n in archive.namelist() if n.startswith("evidence/")]
    assert stored == [
        f"evidence/{clock.today():%Y-%m-%d}-safeguarding-adults-course-{entry.pk}/1-certificate.pdf"
    ]
    assert archive.read(stored[0]) == TINY_PDF
    assert Entry.objects.get(pk=entry.pk).evidence.get().description == "Certificate of attendance"
