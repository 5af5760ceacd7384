"""Previous years' records in a spreadsheet: reading the file and finding its header row.

Pure functions over the file's cells, so every rule is quick to test. Rows keep the numbers the
sheet shows (1-based, blank rows counted), so every message names the row a person sees.
journal.year.import_columns guesses what each column holds, journal.year.import_checks checks
the records, and journal.year.imports writes them.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from journal.year import import_columns
from journal.year.import_columns import parse_date

MAX_BYTES = 1_000_000
MAX_ROWS = 1000
# More than any export of CPD records has; a sheet wider than this is something else.
MAX_COLUMNS = 100
# A .xlsx is a ZIP: 1 MB of it may unpack to a gigabyte. Real records unpack to a few MB.
MAX_UNPACKED_BYTES = 50_000_000
# Title rows, notes and blank rows above the headers: the header row is looked for this far down.
HEADER_SEARCH_ROWS = 20


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says why in plain words."""


@dataclass
class Table:
    """The records under the header row; `numbers` are their rows as the sheet numbers them."""

    headers: list[str]
    rows: list[list[str]]  # every cell as text; dates as YYYY-MM-DD
    numbers: list[int] = field(default_factory=list)
    header_row: int = 1


@dataclass(frozen=True)
class HeaderGuess:
    row: int  # 1-based, as the sheet numbers it
    certain: bool  # False: the person is asked to check it


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(name: str, content: bytes) -> list[list[str]]:
    """A CSV or XLSX file's first sheet as text cells, every row kept (blank ones too), so that
    row n of the list is row n + 1 of the sheet."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // 1_000_000} MB.")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        rows = _csv_rows(content)
    else:
        raise ImportFileError("Upload a .csv or .xlsx file (save the spreadsheet in one of those).")
    filled = [row for row in rows if any(row)]
    if len(filled) < 2:
        raise ImportFileError("The file needs a header row and at least one record.")
    if len(filled) - 1 > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} records; split it.")
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def read_table(name: str, content: bytes, header_row: int | None = None) -> Table:
    """The file's records under its header row (`header_row`, or the one it seems to have)."""
    rows = read_rows(name, content)
    return table_from(rows, header_row or find_header_row(rows).row)


def table_from(rows: list[list[str]], header_row: int) -> Table:
    """The records under row `header_row` (1-based), blank rows left out but counted."""
    headers = rows[header_row - 1]
    width = max(_width(headers), *(_width(row) for row in rows[header_row:]), 1)
    pad = [""] * width
    table = Table(headers=(headers + pad)[:width], rows=[], header_row=header_row)
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        if any(row):
            table.rows.append((row + pad)[:width])
            table.numbers.append(number)
    return table


def looks_like_headers(row: list[str]) -> bool:
    """Two or more cells, none a date or a number, at least half of them (two at least) read as
    a CPD record's columns. A title ("CPD log 2024-25"), a name and number ("Name: Jo Smith",
    "SWE number: SW123") or a row of totals is not."""
    cells = [cell for cell in row if cell]
    if len(cells) < 2 or any(_is_value(cell) for cell in cells):
        return False
    known = sum(1 for cell in cells if import_columns.is_known(cell))
    return known >= 2 and known * 2 >= len(cells)


def find_header_row(rows: list[list[str]]) -> HeaderGuess:
    """The first row that looks like headers, skipping title rows; certain when most of its
    cells are known columns. Failing that, the first row with anything in it, uncertain."""
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        if looks_like_headers(row):
            cells = [cell for cell in row if cell]
            known = sum(1 for cell in cells if import_columns.is_known(cell))
            return HeaderGuess(number, certain=known * 4 >= len(cells) * 3)
    first = next((n for n, row in enumerate(rows, start=1) if any(row)), 1)
    return HeaderGuess(first, certain=False)


def _is_value(cell: str) -> bool:
    """A date, a number or a "label: value" pair: what a record or a title holds, never a
    header."""
    if parse_date(cell) or re.search(r":\s*\S", cell):
        return True
    return bool(re.fullmatch(r"[\d.,:/\- ]+", cell.strip()))


def _csv_rows(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise ImportFileError("This does not look like a CSV file (it holds binary data).")
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise ImportFileError(f"The CSV file could not be read: {error}.") from error
    # Trailing commas are no columns; a row of half a million real ones would make every
    # record as wide (read_table pads them to the header).
    width = max((_width(row) for row in rows), default=0)
    _check_size(columns=width)
    return [row[:width] for row in rows]


def _xlsx_rows(content: bytes) -> list[list[str]]:
    """The first sheet's rows, refused on its declared size before any row is built.

    openpyxl builds every cell of the declared range (a 5 KB file can declare 16,384 columns
    by 12,000 rows), so the <dimension> is checked first, and the rows are read within the
    limits whatever it says, as it may not be true.
    """
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                f"The spreadsheet unpacks to more than {MAX_UNPACKED_BYTES // 1_000_000} MB; "
                "save only your records in a new file."
            )
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(
            "The XLSX file could not be opened; is it a real spreadsheet?"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        _check_size(rows=sheet.max_row or 0, columns=sheet.max_column or 0)
        rows = [
            [_cell(v) for v in row]
            # One row and one column past the limits: enough to tell a sheet that is too big.
            for row in sheet.iter_rows(
                max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True
            )
        ]
    finally:
        workbook.close()
    width = max((_width(row) for row in rows), default=0)
    # The declared size was missing or wrong if this finds more.
    _check_size(rows=len(rows), columns=width, read_to_limit=True)
    return [row[:width] for row in rows]


def _width(row: list[str]) -> int:
    """Columns up to the last one filled in."""
    return next((n for n in range(len(row), 0, -1) if row[n - 1]), 0)


def _check_size(*, rows: int = 0, columns: int = 0, read_to_limit: bool = False) -> None:
    """Refuse a sheet beyond the limits. `read_to_limit`: the sizes were counted by reading one
    past each limit (the declared size was wrong), so "more than" the limit is all we know."""

    def size(count: int, limit: int) -> str:
        return f"more than {limit:,}" if read_to_limit else f"{count:,}"

    if rows > MAX_ROWS + 1:
        raise ImportFileError(
            f"This sheet has {size(rows, MAX_ROWS + 1)} rows; the most we import at once is "
            f"{MAX_ROWS:,} records under a header row. Split it, or delete the empty rows below "
            "your records."
        )
    if columns > MAX_COLUMNS:
        raise ImportFileError(
            f"This sheet has {size(columns, MAX_COLUMNS)} columns; the most we read is "
            f"{MAX_COLUMNS}. Delete the empty columns to the right of your records."
        )
