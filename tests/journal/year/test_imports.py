"""Bringing previous years in: CSV and XLSX, mapping, preview, malformed rows, dates across
years, privacy hits, all-or-nothing, and imported records in the near-identical check."""

import datetime
import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from journal.models import AuditEvent, Entry, EntryVersion
from journal.year import selectors as year_selectors
from journal.year import spreadsheets as imports
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
        day = imports._date(row[3])
        row[3] = datetime.datetime(day.year, day.month, day.day)  # a real date cell
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cpd.xlsx", buffer.getvalue())


def mapping(**overrides):
    data = {
        "activity_type": "0",
        "title": "1",
        "description": "2",
        "activity_date": "3",
        "learning": "4",
        "impact": "5",
        "peer_name": "",
        "peer_role": "6",
        "peer_date": "",
        "peer_learning": "",
    }
    data.update(overrides)
    return data


def upload(client, file):
    return client.post(reverse("journal:import_start"), {"mode": "upload", "file": file})


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_upload_map_preview_import(owner_client, owner, make_file):
    response = upload(owner_client, make_file())
    assert response.status_code == 302 and response.url == reverse("journal:import_map")
    page = owner_client.get(response.url).content.decode()
    assert '<option value="3" selected>Date</option>' in page  # the mapping is guessed
    preview = owner_client.post(reverse("journal:import_map"), {**mapping(), "action": "preview"})
    body = preview.content.decode()
    assert 'id="import-preview"' in body and "2024–25" in body and "2025–26" in body
    assert Entry.objects.count() == 0  # a preview changes nothing
    done = owner_client.post(reverse("journal:import_map"), {**mapping(), "action": "import"})
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
        imports.CheckedRecord(row=n, fields=f, year=None) for n, f in ((2, past), (3, ahead))
    ]

    import_records(user=owner, records=records)

    statuses = dict(Entry.objects.values_list("title", "status"))
    assert statuses == {"Past": Entry.Status.COMPLETE, "Ahead": Entry.Status.DRAFT}


def test_an_imported_record_counts_for_the_near_identical_check(owner_client, owner):
    from tests.factories import make_entry, make_framework

    upload(owner_client, csv_file([ROWS[1]]))
    owner_client.post(reverse("journal:import_map"), {**mapping(), "action": "import"})
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


def crafted_xlsx(rows, *, cells=(), dimension=None) -> bytes:
    """A spreadsheet with extra `cells` set, and its <dimension> rewritten when given."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate in cells:
        sheet[coordinate] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    crafted = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(crafted, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data
                )
            target.writestr(member, data)
    return crafted.getvalue()


RECORD = [["Title", "Date"], ["Capacity course", "2025-03-14"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # 5 KB declaring 16,384 columns by 12,000 rows: 11 s and 1.5 GB to refuse before.
        (crafted_xlsx(RECORD, cells=["XFD12000"]), "This sheet has 12,000 rows"),
        (
            crafted_xlsx(RECORD, cells=["GR2"]),
            "This sheet has 200 columns; the most we read is 100",
        ),
        # A dimension that lies: the rows are read only as far as the limits.
        (
            crafted_xlsx(RECORD + [["More", "2025-03-15"]] * 1_000, dimension="A1:B2"),
            "This sheet has more than 1,001 rows",
        ),
        (crafted_xlsx(RECORD, cells=["CW2"], dimension="A1:B2"), "more than 100 columns"),
        (crafted_xlsx(RECORD, cells=["B1048576"], dimension="A1:B2"), "more than 1,001 rows"),
    ],
)
def test_a_sheet_too_big_is_refused_before_its_rows_are_built(content, message):
    started = time.perf_counter()
    with pytest.raises(imports.ImportFileError, match=message):
        imports.read_table("cpd.xlsx", content)
    assert time.perf_counter() - started < 5  # a few milliseconds; seconds to minutes before


def test_a_sheet_at_the_limits_is_read_and_trimmed_to_its_records():
    rows = [["Title", *[f"Column {n}" for n in range(2, 101)]]]
    rows += [[f"Record {n}"] for n in range(imports.MAX_ROWS)]
    table = imports.read_table("cpd.xlsx", crafted_xlsx(rows, dimension="A1:B2"))
    assert len(table.headers) == 100 and len(table.rows) == imports.MAX_ROWS
    assert table.rows[-1][:2] == [f"Record {imports.MAX_ROWS - 1}", ""]


def test_a_spreadsheet_that_unpacks_to_too_much_is_refused(owner_client, monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 1_000)
    response = upload(owner_client, xlsx_file())
    assert "The spreadsheet unpacks to more than" in response.content.decode()
    assert Entry.objects.count() == 0


def test_a_csv_too_wide_is_refused_before_its_records_are_padded(owner_client):
    wide = "Title," + "x," * 150_000 + "\nCapacity course\n"
    response = upload(owner_client, SimpleUploadedFile("cpd.csv", wide.encode()))
    assert "This sheet has 150,001 columns; the most we read is 100" in response.content.decode()
    trailing = "Title,Date" + "," * 150_000 + "\nCapacity course,2025-03-14\n"
    table = imports.read_table("cpd.csv", trailing.encode())
    assert table.headers == ["Title", "Date"] and table.rows == [["Capacity course", "2025-03-14"]]
