"""Reading a spreadsheet: the limits checked before rows are built, the header row found under
title rows, and rows numbered as the sheet numbers them (blank rows counted)."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from journal.year import spreadsheets as imports
from journal.year.spreadsheets import HeaderGuess, find_header_row, read_table, table_from


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
    table = imports.read_table("cpd.xlsx", crafted_xlsx(rows, dimension="A1:B2"), header_row=1)
    assert len(table.headers) == 100 and len(table.rows) == imports.MAX_ROWS
    assert table.rows[-1][:2] == [f"Record {imports.MAX_ROWS - 1}", ""]


def test_an_uncertain_header_row_is_shown_open():
    assert find_header_row([["Plans"], ["Date", "Thing", "Other", "More"], ["x"]]).certain is False
    assert find_header_row([["CPD"], [], ["Date", "Title", "Learning"]]) == HeaderGuess(
        3, certain=True
    )


def test_rows_keep_the_sheets_numbers_blank_rows_counted():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "My CPD"
    sheet.append([])
    for row in (["Date", "Title", "Learning"], ["14/03/2025", "A", "x"]):
        sheet.append(row)
    sheet["A6"], sheet["B6"], sheet["C6"] = "15/03/2025", "B", "y"  # row 5 left blank
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table("cpd.xlsx", buffer.getvalue())
    assert (table.header_row, table.numbers) == (3, [4, 6])
    csv = b"CPD 2024-25\n\nDate,Title,Learning\n14/03/2025,A,x\n\n\n15/03/2025,B,y\n"
    assert read_table("cpd.csv", csv).numbers == [4, 7]


def test_title_name_and_total_rows_are_not_headers():
    rows = [
        ["CPD record 2023-24"],
        ["Name: Jo Smith", "", "SWE number: SW123456"],
        ["My CPD", "", "Total hours", "12"],
        ["Date", "Activity", "Hours"],
    ]
    assert find_header_row(rows) == HeaderGuess(4, certain=True)
    assert table_from(rows, 4).rows == []
