"""Bringing previous years in: CSV and XLSX, mapping, preview, malformed rows, dates across
years, privacy hits, all-or-nothing, and imported records in the near-identical check."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from journal.models import AuditEvent, Entry, EntryVersion
from journal.year import import_checks, spreadsheets
from journal.year import selectors as year_selectors
from journal.year.import_columns import parse_date
from journal.year.registration import RegistrationYear

HEADERS = [
    "Type of CPD activity",
    "Title",
    "Description",
    "Date",
    "What you learnt",
    "Impact",
    "Role of the peer",
]
ROWS = [
    [
        "Course or training",
        "Capacity course",
        "A day on the Mental Capacity Act.",
        "14/03/2025",
        "Capacity is decision specific.",
        "I record each decision for the people I support.",
        "",
    ],
    [
        "reading",
        "Trauma reading",
        "Read about trauma-informed practice.",
        "2025-12-02",
        "Safety first.",
        "I changed how I open visits with families.",
        "Senior practitioner",
    ],
]


def csv_file(rows=ROWS, headers=HEADERS, name="cpd.csv"):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows=ROWS, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        row = list(row)
        day = parse_date(row[3])
        row[3] = datetime.datetime(day.year, day.month, day.day)  # a real date cell
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cpd.xlsx", buffer.getvalue())


COLUMNS = [
    "activity_type",
    "title",
    "description",
    "activity_date",
    "learning",
    "impact",
    "peer_role",
]


def mapping(**overrides):
    """The columns form's data: each column's target (overrides by target: its new column)."""
    columns = list(COLUMNS)
    for target, column in overrides.items():
        columns = ["" if c == target else c for c in columns]
        if column != "":
            columns[int(column)] = target
    return {f"column_{i}": target for i, target in enumerate(columns)}


def preview_then_import(client, data, **extra):
    """Preview, then press Import with what the preview page carries (its skip boxes ticked)."""
    page = client.post(reverse("journal:import_map"), {**data, "action": "preview"})
    body = page.content.decode()
    carried = dict(
        re.findall(r'<input type="hidden" name="(previewed|flagged)" value="([^"]*)"', body)
    )
    skips = re.findall(r'name="skip" value="(\d+)"', body)
    return client.post(
        reverse("journal:import_map"),
        {**data, **carried, "skip": skips, "action": "import", **extra},
    )


def upload(client, file):
    return client.post(reverse("journal:import_start"), {"mode": "upload", "file": file})


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_upload_map_preview_import(owner_client, owner, make_file):
    response = upload(owner_client, make_file())
    assert response.status_code == 302 and response.url == reverse("journal:import_map")
    page = owner_client.get(response.url).content.decode()
    # The columns are guessed.
    assert re.search(r'name="column_3"[^>]*>.*?<option value="activity_date" selected>', page, re.S)
    preview = owner_client.post(reverse("journal:import_map"), {**mapping(), "action": "preview"})
    body = preview.content.decode()
    assert 'id="import-preview"' in body and "2024–25" in body and "2025–26" in body
    assert Entry.objects.count() == 0  # a preview changes nothing
    done = preview_then_import(owner_client, mapping())
    assert done.status_code == 302
    entries = list(Entry.objects.filter(owner=owner).order_by("activity_date"))
    assert [e.activity_date for e in entries] == [
        datetime.date(2025, 3, 14),
        datetime.date(2025, 12, 2),
    ]
    assert entries[0].activity_type == "course" and entries[1].peer_role == "Senior practitioner"
    assert all(e.imported_at for e in entries)
    assert all(e.versions.get().kind == EntryVersion.Kind.SAVE for e in entries)
    assert all(e.audit_events.get().action == AuditEvent.Action.CREATED for e in entries)
    assert "Imported" in owner_client.get(entries[0].get_absolute_url()).content.decode()


def test_a_malformed_row_is_named_and_nothing_is_imported(owner_client, owner):
    rows = [
        ROWS[0],
        [*ROWS[1][:3], "31/02/2025", *ROWS[1][4:]],
        [*ROWS[1][:1], "x", "", "", "", "", ""],
    ]
    upload(owner_client, csv_file(rows))
    response = owner_client.post(reverse("journal:import_map"), {**mapping(), "action": "import"})
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "Row 3, Date of the activity: “31/02/2025” is not a date" in body
    assert "Row 4: the date of the activity is missing." in body
    assert Entry.objects.count() == 0


def test_privacy_hits_are_named_by_row(owner_client):
    rows = [ROWS[0], [*ROWS[1][:2], "Visited Mrs Jones at M1 1AE.", *ROWS[1][3:]]]
    upload(owner_client, csv_file(rows))
    body = owner_client.post(
        reverse("journal:import_map"), {**mapping(), "action": "import"}
    ).content.decode()
    assert "Row 3, Description and why it is relevant: “M1 1AE”" in body
    assert Entry.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cpd.pdf", b"%PDF", "Upload a .csv or .xlsx file"),
        ("cpd.xlsx", b"not a zip", "could not be opened"),
        ("cpd.csv", b"Title\n", "at least one record"),
        ("cpd.csv", b"a,b\x00\n1,2\n", "binary data"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(owner_client, name, content, message):
    response = upload(owner_client, SimpleUploadedFile(name, content))
    assert response.status_code == 200 and message in response.content.decode()
    assert Entry.objects.count() == 0


def test_without_a_date_column_nothing_can_be_checked(owner_client):
    upload(owner_client, csv_file())
    body = owner_client.post(
        reverse("journal:import_map"), {**mapping(activity_date=""), "action": "preview"}
    ).content.decode()
    assert "Choose the column that holds the date of the activity." in body


def test_paste_one_record(owner_client, owner):
    data = {
        "mode": "paste",
        "activity_type": "Supervision",
        "title": "Group supervision",
        "description": "Reflective group.",
        "activity_date": "01/06/2024",
        "learning": "Listening.",
        "impact": "I ask families more open questions.",
    }
    response = owner_client.post(reverse("journal:import_start"), data)
    entry = Entry.objects.get(owner=owner)
    assert response.status_code == 302 and entry.imported_at
    assert RegistrationYear.containing(entry.activity_date).label == "2023–24"
    bad = owner_client.post(reverse("journal:import_start"), {**data, "activity_date": "June"})
    assert "is not a date" in bad.content.decode() and Entry.objects.count() == 1


def test_a_record_dated_after_today_is_imported_as_a_draft(owner):
    from journal.year.imports import import_records

    past = {"title": "Past", "description": "A course.", "activity_date": datetime.date(2025, 3, 1)}
    ahead = {
        **past,
        "title": "Ahead",
        "activity_date": timezone.localdate() + datetime.timedelta(1),
    }
    records = [
        import_checks.CheckedRecord(row=n, fields=f, year=None) for n, f in ((2, past), (3, ahead))
    ]

    import_records(user=owner, records=records)

    statuses = dict(Entry.objects.values_list("title", "status"))
    assert statuses == {"Past": Entry.Status.MARKED_COMPLETE, "Ahead": Entry.Status.DRAFT}


def test_an_imported_record_counts_for_the_near_identical_check(owner_client, owner):
    from tests.factories import make_entry, make_framework

    upload(owner_client, csv_file([ROWS[1]]))
    preview_then_import(owner_client, mapping())
    standard = make_framework().standards.first()
    make_entry(
        owner,
        title="Trauma again",
        status="complete",
        standards=[standard],
        activity_date=datetime.date(2026, 12, 1),
        description=ROWS[1][2],
        learning=ROWS[1][4],
        impact=ROWS[1][5],
    )
    year = RegistrationYear.ending_in(2027)
    status = year_selectors.year_readiness(owner, [year], today=datetime.date(2026, 12, 1))[year]
    (piece,) = status.pieces
    assert "a piece from last year, “Trauma reading” (imported)" in piece.problems[0]


def test_a_spreadsheet_that_unpacks_to_too_much_is_refused(owner_client, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1_000)
    response = upload(owner_client, xlsx_file())
    assert "The spreadsheet unpacks to more than" in response.content.decode()
    assert Entry.objects.count() == 0


def test_a_csv_too_wide_is_refused_before_its_records_are_padded(owner_client):
    wide = "Title," + "x," * 150_000 + "\nCapacity course\n"
    response = upload(owner_client, SimpleUploadedFile("cpd.csv", wide.encode()))
    assert "This sheet has 150,001 columns; the most we read is 100" in response.content.decode()
    trailing = "Title,Date" + "," * 150_000 + "\nCapacity course,2025-03-14\n"
    table = spreadsheets.read_table("cpd.csv", trailing.encode())
    assert table.headers == ["Title", "Date"] and table.rows == [["Capacity course", "2025-03-14"]]


# What a tester found: title rows, row numbers, activity words, standards, records twice.

TITLED = [
    ["CPD record 2024-25"],
    ["Name: Jo Smith", "", "SWE number: SW123456"],
    [],
    ["Date", "Activity", "Type", "What I did", "What I learned", "Impact on practice", "Standards"],
    [
        "14/03/2025",
        "Care Act webinar",
        "Webinar",
        "Watched live.",
        "Wellbeing first.",
        "I ask about wellbeing.",
        "1, 3.2",
    ],
    [],
    [
        "02/04/2025",
        "Trauma reading",
        "Reading",
        "Read a chapter.",
        "Safety first.",
        "Calmer visits.",
        "S4",
    ],
]


def csv_rows(rows, name="cpd.csv"):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_rows(rows):
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column, value)  # a blank row stays a blank row
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cpd.xlsx", buffer.getvalue())


def guessed(client) -> dict:
    """The columns form as the page guessed it."""
    page = client.get(reverse("journal:import_map")).content.decode()
    data = {}
    for index, options in re.findall(r'name="column_(\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        data[f"column_{index}"] = chosen.group(1) if chosen else ""
    return data


@pytest.mark.parametrize("make_file", [csv_rows, xlsx_rows])
def test_a_title_row_is_skipped_and_standards_are_imported(owner_client, owner, make_file):
    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    upload(owner_client, make_file(TITLED))
    page = owner_client.get(reverse("journal:import_map")).content.decode()
    assert "2 records under the headers on row 4" in page
    data = guessed(owner_client)
    assert list(data.values()) == [
        "activity_date",
        "title",
        "activity_type",
        "description",
        "learning",
        "impact",
        "standards",
    ]
    preview = owner_client.post(reverse("journal:import_map"), {**data, "action": "preview"})
    body = preview.content.decode()
    assert "Row 5" in body and "Row 7" in body and "Standards 1, 3; statement 3.2" in body
    preview_then_import(owner_client, data)
    webinar, reading = Entry.objects.filter(owner=owner).order_by("activity_date")
    assert webinar.activity_type == "conference" and reading.activity_type == "reading"
    assert sorted(s.number for s in webinar.standards.all()) == ["1", "3"]
    assert [s.number for s in webinar.statements.all()] == ["3.2"]
    assert [s.number for s in reading.standards.all()] == ["4"]
    assert webinar.is_complete and reading.is_complete


def test_row_numbers_are_the_sheets_blank_rows_counted(owner_client):
    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    rows = [*TITLED[:6], ["31/02/2025", "Bad", "Knitting", "x", "y", "z", "Standard 9; 3.2"]]
    upload(owner_client, csv_rows(rows))
    body = owner_client.post(
        reverse("journal:import_map"), {**guessed(owner_client), "action": "preview"}
    ).content.decode()
    assert "Row 7, Date of the activity: “31/02/2025” is not a date" in body
    assert "Row 7, Type of CPD activity: “Knitting” is not a type of activity we know." in body
    assert "Conference, seminar or webinar;" in body  # the accepted types are listed
    assert (
        "Row 7, Standards: “Standard 9” is not one of Social Work England&#x27;s standards" in body
    )
    assert "use a standard (1 to 6) or a statement such as 1.1" in body
    assert 'id="import-preview"' not in body and Entry.objects.count() == 0


def test_the_person_can_choose_the_header_row(owner_client):
    rows = [
        ["Notes for my manager", "see below"],
        ["When", "Thing"],
        ["Date", "Reflection"],
        ["14/03/2025", "I listen more."],
    ]
    upload(owner_client, csv_rows(rows))
    page = owner_client.get(reverse("journal:import_map")).content.decode()
    assert "2 records under the headers on row 2" in page
    refused = owner_client.post(
        reverse("journal:import_map"), {"action": "headers", "header_row": "9"}
    )
    assert "The sheet has 4 rows; choose one of them." in refused.content.decode()
    moved = owner_client.post(
        reverse("journal:import_map"), {"action": "headers", "header_row": "3"}
    )
    assert moved.status_code == 302
    page = owner_client.get(reverse("journal:import_map")).content.decode()
    assert "1 record under the headers on row 3" in page
    assert guessed(owner_client) == {"column_0": "activity_date", "column_1": "learning"}


def test_the_same_records_twice_are_found_and_skipped(owner_client, owner):
    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    upload(owner_client, xlsx_rows(TITLED))
    preview_then_import(owner_client, guessed(owner_client))
    assert Entry.objects.count() == 2
    # The CSV saved from the same spreadsheet, one record's title changed but not its text.
    again = [list(row) for row in TITLED]
    again[6][1] = "Reading on trauma"
    upload(owner_client, csv_rows(again))
    data = guessed(owner_client)
    body = owner_client.post(
        reverse("journal:import_map"), {**data, "action": "preview"}
    ).content.decode()
    assert "2 records seem to be in your journal already" in body
    assert (
        "Skip this record: it has the same title and date as “Care Act webinar” in your journal (14 Mar 2025)."
        in body
    )
    assert (
        "Skip this record: it has the same text as “Trauma reading” in your journal (2 Apr 2025)."
        in body
    )
    done = preview_then_import(owner_client, data)
    assert Entry.objects.count() == 2  # skipped, as ticked
    messages = [str(m) for m in done.wsgi_request._messages]
    assert messages == ["Nothing imported; skipped 2 you already had."]


def test_an_unticked_skip_imports_the_record_and_an_unseen_match_is_shown_first(
    owner_client, owner
):
    from tests.factories import make_entry

    upload(owner_client, csv_file())
    data = mapping()
    page = owner_client.post(reverse("journal:import_map"), {**data, "action": "preview"})
    carried = dict(re.findall(r'name="(previewed|flagged)" value="([^"]*)"', page.content.decode()))
    # Meanwhile the same record arrives in the journal (another tab): Import shows it first.
    make_entry(owner, title="Capacity course", activity_date=datetime.date(2025, 3, 14))
    shown = owner_client.post(
        reverse("journal:import_map"), {**data, **carried, "action": "import"}
    )
    assert "Something changed since the preview" in shown.content.decode()
    assert Entry.objects.count() == 1
    # Unticked (no "skip" sent with the preview's own values): imported anyway.
    done = preview_then_import(owner_client, data, skip=[])
    assert done.status_code == 302 and Entry.objects.count() == 3


def test_a_record_repeated_in_the_same_file_is_flagged(owner_client):
    upload(owner_client, csv_file([ROWS[0], ROWS[1], ROWS[0]]))
    body = owner_client.post(
        reverse("journal:import_map"), {**mapping(), "action": "preview"}
    ).content.decode()
    assert (
        "Skip this record: it has the same title and date as row 2 of this file (14 Mar 2025)."
        in body
    )
    preview_then_import(owner_client, mapping())
    assert Entry.objects.count() == 2


def test_a_pasted_record_takes_its_standards(owner_client, owner):
    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    data = {
        "mode": "paste",
        "activity_type": "Webinar",
        "title": "Exploitation webinar",
        "description": "Live webinar.",
        "activity_date": "12/02/2024",
        "learning": "Contextual safeguarding.",
        "impact": "I map places.",
        "standards": "Standard 3; 4.4",
    }
    owner_client.post(reverse("journal:import_start"), data)
    entry = Entry.objects.get(owner=owner)
    assert sorted(s.number for s in entry.standards.all()) == ["3", "4"] and entry.is_complete
    bad = owner_client.post(reverse("journal:import_start"), {**data, "standards": "S9"})
    assert "“S9” is not one of Social Work England" in bad.content.decode()


def test_matches_are_found_with_one_query_and_never_in_the_bin(owner, django_assert_num_queries):
    from django.utils import timezone

    from journal.year.import_checks import check_table
    from journal.year.imports import find_matches
    from journal.year.spreadsheets import table_from
    from tests.factories import make_entry, make_user

    for n in range(5):
        make_entry(owner, title=f"Entry {n}", activity_date=datetime.date(2025, 1, n + 1))
    binned = make_entry(owner, title="Capacity course", activity_date=datetime.date(2025, 3, 14))
    binned.deleted_at = timezone.now()
    binned.save()
    # Someone else's entry with the same title and date is theirs, not a match.
    make_entry(
        make_user("someone"), title="Trauma reading", activity_date=datetime.date(2025, 12, 2)
    )
    records = check_table(table_from([HEADERS, *ROWS], 1), COLUMNS).records
    with django_assert_num_queries(1):
        assert find_matches(owner, records) == {}


def test_the_header_row_question_is_open_only_when_the_guess_is_unsure(owner_client):
    upload(
        owner_client,
        csv_rows([["Plans"], ["Date", "Thing", "Other", "More"], ["14/03/2025", "A", "B", "C"]]),
    )
    page = owner_client.get(reverse("journal:import_map")).content.decode()
    assert re.search(r'<details class="[^"]*border-warning"\s+open id="import-header-row">', page)
    assert "Check the headers: we are not sure they are on row 2" in page
    upload(owner_client, csv_rows(TITLED))
    page = owner_client.get(reverse("journal:import_map")).content.decode()
    assert '<details class="card card-body mb-3" id="import-header-row">' in page
    assert "Headers on row 4: Date, Activity" in page
