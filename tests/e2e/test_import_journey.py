"""Bringing last year's records in from a spreadsheet, in the browser, on a phone."""

import datetime

from openpyxl import Workbook

from corpus.standards_loading import load_bundled_standards
from journal.models import Entry
from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, login, screenshot
from tests.factories import PASSWORD, make_entry, make_user

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
    with page.expect_response(
        lambda response: response.request.method == "POST"
    ):  # answered: imported
        page.get_by_role("button", name="Import the records").click()
    entry = Entry.objects.get()
    assert entry.title == "Capacity course" and entry.imported_at


def a_kept_spreadsheet(path) -> None:
    """A workbook as people keep one: a title row, a blank row, a Standards column, a blank row
    between records, and a record already in the journal."""
    workbook = Workbook()
    sheet = workbook.active
    rows = [
        ["My CPD log 2024-25"],
        [],
        [
            "Date",
            "Activity",
            "Type",
            "What I did",
            "What I learned",
            "Impact on practice",
            "Standards",
        ],
        [
            datetime.datetime(2025, 3, 14),
            "Care Act webinar",
            "Webinar",
            "Watched it live.",
            "Wellbeing comes first.",
            "I ask about wellbeing at every review.",
            "1, 3.2",
        ],
        [],
        [
            datetime.datetime(2025, 4, 2),
            "Trauma reading",
            "Reading",
            "Read a chapter.",
            "Safety before story.",
            "Calmer first visits.",
            "Standard 4",
        ],
        [
            datetime.datetime(2025, 5, 9),
            "Shadowing an AMHP",
            "Shadowing",
            "A Mental Health Act assessment.",
            "The least restrictive option.",
            "I explain rights earlier.",
            "",
        ],
    ]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)
    workbook.save(path)


def test_a_kept_spreadsheet_with_a_record_already_in_the_journal(
    phone_page, transactional_db, tmp_path
):
    load_bundled_standards()
    worker = make_user("keeper")
    make_entry(
        worker,
        title="Care Act webinar",
        activity_date=datetime.date(2025, 3, 14),
        description="Typed in by hand last spring.",
    )
    page = phone_page
    login(page, "keeper", PASSWORD)
    path = tmp_path / "cpd-log.xlsx"
    a_kept_spreadsheet(path)
    page.goto("/entries/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Upload and choose columns").click()
    page.wait_for_url("**/entries/import/columns/")
    body = page.inner_text("main")
    assert "3 records under the headers on row 3" in body
    assert page.get_by_label("Column G: Standards").input_value() == "standards"
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#import-matches")
    warning = page.locator("#import-preview li", has_text="Row 4")
    skip = warning.get_by_label(
        "Skip this record: it has the same title and date as “Care Act webinar” in your journal"
    )
    assert skip.is_checked()  # skipped unless the person unticks it
    assert "Row 6" in page.inner_text("#import-preview") and "Row 7" in page.inner_text(
        "#import-preview"
    )
    assert_no_horizontal_scroll(page)
    assert axe_violations(page) == []
    screenshot(page, "import-match-phone")
    page.get_by_role("button", name="Import the records").click()
    page.wait_for_url("**/entries/")
    assert "Imported 2 records; skipped 1 you already had." in page.inner_text("body")
    imported = {e.title: e for e in Entry.objects.filter(imported_at__isnull=False)}
    assert set(imported) == {"Trauma reading", "Shadowing an AMHP"}
    assert Entry.objects.filter(title="Care Act webinar").count() == 1
    reading, shadowing = imported["Trauma reading"], imported["Shadowing an AMHP"]
    assert [s.number for s in reading.standards.all()] == ["4"] and reading.is_complete
    assert reading.activity_type == "reading" and shadowing.activity_type == "shadowing"
    assert not shadowing.is_complete  # no standard in the sheet: a draft to finish
