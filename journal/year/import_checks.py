"""Checking an import's records: each row's cells read as entry fields, standards and statements.

Pure functions over the cells (the primary standards passed in), so every rule is quick to
test. A file is checked whole: every problem is listed with the row the sheet shows, and one
problem anywhere means nothing is imported (journal.year.imports writes only a clean check).
"""

import re
from dataclasses import dataclass, field

from corpus.models import Standard
from journal import guard
from journal.entries.content import MAX_TEXT, MISSING_STANDARD, Kind
from journal.models import Entry
from journal.year import import_columns
from journal.year.import_columns import STANDARDS, TARGETS, parse_date
from journal.year.registration import RegistrationYear
from journal.year.spreadsheets import Table

DATE_FIELD = "activity_date"
TEXT_FIELDS = ("description", "learning", "impact")
# Text columns joined into one field are set apart by a blank line.
JOIN = "\n\n"
# Said in full at the first refused activity type of a file, then pointed back to.
ACCEPTED_ACTIVITIES = "Use one of these, or leave it empty for Other: "
# Between standards and statements in one cell: commas, semicolons, slashes, "and", new lines.
TAG_SEPARATORS = re.compile(r"[,;/&+\n]|\band\b", re.IGNORECASE)
# "3.2", "S1", "Standard 1", "Std 4.6", "statement 3.2", "1 (rights)", "3.2 Use information".
TAG = re.compile(r"(?:standards?|statements?|std|s)?\s*(\d+(?:\.\d+)?)\b.*", re.IGNORECASE)


# A Standards cell that says there are none.
NO_TAGS = frozenset({"", "-", "n/a", "na", "none", "tbc", "not sure"})


@dataclass
class CheckedRecord:
    row: int  # the row as the sheet numbers it
    fields: dict
    year: RegistrationYear
    standards: list[str] = field(default_factory=list)  # numbers: "1", "3"
    statements: list[str] = field(default_factory=list)  # numbers: "3.2"

    @property
    def missing(self) -> list[str]:
        """What keeps the imported entry from counting as complete (as Entry says it)."""
        missing = [s.missing for s in TARGETS if s.required and not self.fields.get(s.name)]
        return missing + ([] if self.standards else [MISSING_STANDARD])


@dataclass
class CheckResult:
    records: list[CheckedRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.records)


@dataclass(frozen=True)
class Catalogue:
    """The standards and statements a cell may name, by number."""

    standards: frozenset[str]
    statements: dict[str, str]  # statement number -> its standard's number

    @classmethod
    def primary(cls) -> "Catalogue":
        standards = Standard.objects.primary()
        return cls(
            frozenset(s.number for s in standards),
            {st.number: s.number for s in standards for st in s.statement_list},
        )

    def unknown(self) -> str:
        numbers = sorted(self.standards, key=_number_key)
        first = next(iter(sorted(self.statements, key=_number_key)), "")
        span = f"{numbers[0]} to {numbers[-1]}" if numbers else "none loaded"
        return f"use a standard ({span}) or a statement such as {first or '3.2'}"


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def read_tags(text: str, catalogue: Catalogue) -> tuple[list[str], list[str], list[str]]:
    """Standards, statements and the parts not understood, from a cell such as "1, 3.2",
    "Standard 1; 3.2" or "S1". A statement tags its standard too, as in the editor."""
    standards: list[str] = []
    statements: list[str] = []
    unknown: list[str] = []
    for part in TAG_SEPARATORS.split(text):
        part = part.strip(" .-–")
        if not part:
            continue
        match = TAG.fullmatch(part)
        number = match.group(1) if match else ""
        if number in catalogue.statements:
            statements.append(number)
            standard = catalogue.statements[number]
        elif number in catalogue.standards:
            standard = number
        else:
            unknown.append(part)
            continue
        if standard not in standards:
            standards.append(standard)
    return standards, statements, unknown


def check_record(
    values: dict[str, str], *, where: str, catalogue: Catalogue | None = None
) -> tuple[CheckedRecord | None, list[str]]:
    """One record's values (target name -> text) as an entry's fields and tags, or what is
    wrong with it, each problem starting with `where` ("Row 5")."""
    fields: dict = {}
    errors: list[str] = []
    for spec in TARGETS:
        text = (values.get(spec.name) or "").strip()
        if spec.kind == Kind.DATE:
            if not text:
                if spec.name == DATE_FIELD:
                    errors.append(f"{where}: the date of the activity is missing.")
                continue
            day = parse_date(text)
            if day is None:
                errors.append(f"{where}, {spec.label}: “{text}” is not a date (use 31/01/2025).")
            fields[spec.name] = day
        elif spec.kind == Kind.CHOICE:
            choice = import_columns.activity_type(text) if text else Entry.ActivityType.OTHER
            if choice is None:
                errors.append(
                    f"{where}, {spec.label}: “{text}” is not a type of activity we know. "
                    f"{ACCEPTED_ACTIVITIES}{import_columns.accepted_activities()}."
                )
            fields[spec.name] = choice or Entry.ActivityType.OTHER
        else:
            limit = 200 if spec.name == "title" else 150 if spec.kind == Kind.LINE else MAX_TEXT
            if len(text) > limit:
                errors.append(f"{where}, {spec.label}: longer than {limit:,} characters.")
            for finding in guard.findings(text):
                errors.append(f"{where}, {spec.label}: “{finding.text}”: {finding.message}")
            fields[spec.name] = text
    if not any(fields.get(n) for n in TEXT_FIELDS):
        errors.append(f"{where}: no description, learning or impact to bring in.")
    if not fields.get("title"):
        # An entry is found again by its title; a record without one borrows its first line.
        text = next((fields[n] for n in TEXT_FIELDS if fields.get(n)), "")
        fields["title"] = text.strip().splitlines()[0][:80] if text.strip() else ""
    standards: list[str] = []
    statements: list[str] = []
    tags = (values.get(STANDARDS) or "").strip()
    if tags.casefold() not in NO_TAGS:
        catalogue = catalogue or Catalogue.primary()
        standards, statements, unknown = read_tags(tags, catalogue)
        for part in unknown:
            errors.append(
                f"{where}, Standards: “{part}” is not one of Social Work England's standards "
                f"or statements; {catalogue.unknown()}."
            )
    if errors:
        return None, errors
    year = RegistrationYear.containing(fields[DATE_FIELD])
    return CheckedRecord(0, fields, year, standards, statements), []


def row_values(row: list[str], columns: list[str]) -> dict[str, str]:
    """The row's text for each target; several columns for one text field are joined."""
    values: dict[str, list[str]] = {}
    for cell, target in zip(row, columns, strict=False):
        if target and cell:
            values.setdefault(target, []).append(cell)
    return {target: JOIN.join(cells) for target, cells in values.items()}


def column_errors(columns: list[str]) -> list[str]:
    """What is wrong with the columns chosen, before any row is read."""
    labels = dict(import_choices())
    errors = []
    if DATE_FIELD not in columns:
        errors.append("Choose the column that holds the date of the activity.")
    for target in import_columns.rules().single:
        if columns.count(target) > 1:
            errors.append(f"Only one column can hold “{labels[target]}”; choose one.")
    return errors


def import_choices() -> list[tuple[str, str]]:
    """What a column can be read as, in the form's order, with the words the page shows."""
    return [
        *((spec.name, spec.form_label or spec.label) for spec in TARGETS),
        (STANDARDS, "Professional standards and statements (such as 1, 3.2)"),
    ]


def check_table(
    table: Table, columns: list[str], catalogue: Catalogue | None = None
) -> CheckResult:
    """Every row checked; the result holds records only when no row has a problem."""
    result = CheckResult(errors=column_errors(columns))
    if result.errors:
        return result
    if not table.rows:
        result.errors.append(f"There are no records under the headers on row {table.header_row}.")
        return result
    if STANDARDS in columns and catalogue is None:
        catalogue = Catalogue.primary()
    for number, row in zip(table.numbers, table.rows, strict=True):
        record, errors = check_record(
            row_values(row, columns), where=f"Row {number}", catalogue=catalogue
        )
        result.errors += errors
        if record is not None:
            record.row = number
            result.records.append(record)
    if result.errors:
        result.records = []
    result.errors = _accepted_said_once(result.errors)
    return result


def _accepted_said_once(errors: list[str]) -> list[str]:
    """The accepted activity types listed in the first refusal only, not in every row's."""
    said = False
    shortened = []
    for error in errors:
        head, found, _types = error.partition(ACCEPTED_ACTIVITIES)
        if found and said:
            error = head + "(The types we accept are listed above.)"
        said = said or bool(found)
        shortened.append(error)
    return shortened
