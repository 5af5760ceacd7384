"""Previous years' records brought in from a spreadsheet or pasted: parse, map, check.

Pure functions over the file's cells, so every rule is quick to test; journal.year.imports
writes the checked records through `entry_save`. A file is read whole and checked whole: one
bad row stops the import with a message naming the row, and nothing is changed.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from journal import guard
from journal.entries.content import ENTRY_FIELDS, MAX_TEXT, EntryField, Kind
from journal.models import Entry
from journal.year.registration import RegistrationYear

MAX_BYTES = 1_000_000
MAX_ROWS = 1000
# More than any export of CPD records has; a sheet wider than this is something else.
MAX_COLUMNS = 100
# A .xlsx is a ZIP: 1 MB of it may unpack to a gigabyte. Real records unpack to a few MB.
MAX_UNPACKED_BYTES = 50_000_000
# What a record from the regulator's account or another CPD tool can hold: the form's
# questions, the title and the peer's name. Never private notes or editor aids.
TARGETS: tuple[EntryField, ...] = tuple(
    f for f in ENTRY_FIELDS if f.shown and not f.private and (f.form_label or f.peer)
)
TARGET_NAMES = tuple(f.name for f in TARGETS)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


class ImportFileError(ValueError):
    """The file cannot be read as a table; the message says why in plain words."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # every cell as text; dates as YYYY-MM-DD


@dataclass
class CheckedRecord:
    row: int  # the spreadsheet's own row number (the header is row 1)
    fields: dict
    year: RegistrationYear


@dataclass
class CheckResult:
    records: list[CheckedRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.records)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_table(name: str, content: bytes) -> Table:
    """A CSV or XLSX file's first sheet as text cells."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_BYTES // 1_000_000} MB.")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        rows = _csv_rows(content)
    else:
        raise ImportFileError("Upload a .csv or .xlsx file (save the spreadsheet in one of those).")
    rows = [row for row in rows if any(cell for cell in row)]
    if len(rows) < 2:
        raise ImportFileError("The file needs a header row and at least one record.")
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS} records; split it.")
    headers = rows[0]
    width = len(headers)
    return Table(headers=headers, rows=[(row + [""] * width)[:width] for row in rows[1:]])


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


def _norm(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.casefold()).strip()


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Each target field's column, guessed from the headers (the person checks it).

    An exact match on the field's name, label or form question first; then a header that is
    part of one ("Date", "Impact"), each column used once, in the form's order.
    """
    normalised = [_norm(h) for h in headers]
    mapping: dict[str, int | None] = {}
    names_of = {
        spec.name: {_norm(spec.name.replace("_", " ")), _norm(spec.label), _norm(spec.form_label)}
        - {""}
        for spec in TARGETS
    }
    for name, names in names_of.items():
        mapping[name] = next((i for i, h in enumerate(normalised) if h in names), None)
    used = {i for i in mapping.values() if i is not None}
    for name, names in names_of.items():
        if mapping[name] is None:
            for i, header in enumerate(normalised):
                if i not in used and header and any(f" {header} " in f" {n} " for n in names):
                    mapping[name] = i
                    used.add(i)
                    break
    return mapping


def _date(text: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _activity_type(text: str) -> str | None:
    wanted = _norm(text)
    for value, label in Entry.ActivityType.choices:
        if wanted in (_norm(value.replace("_", " ")), _norm(label)):
            return value
    for value, label in Entry.ActivityType.choices:
        if wanted and _norm(label).startswith(wanted):
            return value
    return None


def check_record(values: dict[str, str], *, where: str) -> tuple[dict, list[str]]:
    """One record's values (target name -> text) as entry fields, and what is wrong with it."""
    fields: dict = {}
    errors: list[str] = []
    for spec in TARGETS:
        text = (values.get(spec.name) or "").strip()
        if spec.kind == Kind.DATE:
            if not text:
                if spec.name == "activity_date":
                    errors.append(f"{where}: the date of the activity is missing.")
                continue
            day = _date(text)
            if day is None:
                errors.append(f"{where}, {spec.label}: “{text}” is not a date (use 31/01/2025).")
            fields[spec.name] = day
        elif spec.kind == Kind.CHOICE:
            if text:
                choice = _activity_type(text)
                if choice is None:
                    errors.append(f"{where}, {spec.label}: “{text}” is not a type of activity.")
                fields[spec.name] = choice or Entry.ActivityType.OTHER
            else:
                fields[spec.name] = Entry.ActivityType.OTHER
        else:
            limit = 200 if spec.name == "title" else 150 if spec.kind == Kind.LINE else MAX_TEXT
            if len(text) > limit:
                errors.append(f"{where}, {spec.label}: longer than {limit:,} characters.")
            for finding in guard.findings(text):
                errors.append(f"{where}, {spec.label}: “{finding.text}”: {finding.message}")
            fields[spec.name] = text
    if not any(fields.get(n) for n in ("description", "learning", "impact")):
        errors.append(f"{where}: no description, learning or impact to bring in.")
    return fields, errors


def check_table(table: Table, mapping: dict[str, int | None]) -> CheckResult:
    """Every row checked; the result holds records only when no row has an error."""
    result = CheckResult()
    if mapping.get("activity_date") is None:
        result.errors.append("Choose the column that holds the date of the activity.")
        return result
    for number, row in enumerate(table.rows, start=2):
        values = {name: row[i] for name, i in mapping.items() if i is not None and i < len(row)}
        fields, errors = check_record(values, where=f"Row {number}")
        result.errors += errors
        if not errors:
            year = RegistrationYear.containing(fields["activity_date"])
            result.records.append(CheckedRecord(row=number, fields=fields, year=year))
    if result.errors:
        result.records = []
    return result
