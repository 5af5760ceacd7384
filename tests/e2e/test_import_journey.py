"""Bringing last year's records in from a spreadsheet, in the browser, on a phone."""

from corpus.standards_loading import load_bundled_standards
from journal.models import Entry
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user

CSV = (
    "Type,Title,Description,Date,What you learnt,Impact,Role of the peer\n"
    "Course or training,Capacity course,A day on the Mental Capacity Act.,14/03/2025,"
    "Capacity is decision specific.,I record each decision for the people I support.,\n"
)


def test_a_spreadsheet_of_last_year_is_previewed_then_imported(
    phone_page, transactional_db, tmp_path
):
    load_bundled_standards()
    make_user("importer")
    page = phone_page
    login(page, "importer", PASSWORD)
    sheet = tmp_path / "last-year.csv"
    sheet.write_text(CSV, encoding="utf-8")
    page.goto("/entries/import/")
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_role("button", name="Upload and choose columns").click()
    page.wait_for_url("**/entries/import/columns/")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#import-preview")
    screenshot(page, "import-preview-phone")
    assert Entry.objects.count() == 0  # a preview changes nothing
    page.get_by_role("button", name="Import 1 record").click()
    page.wait_for_load_state()
    entry = Entry.objects.get()
    assert entry.title == "Capacity course" and entry.imported_at
