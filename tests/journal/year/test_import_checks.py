"""Checking an import's rows: standards and statements from a cell, the accepted activity types
said once, and what keeps a record from counting as complete."""

import pytest

from journal.year.import_checks import Catalogue, check_record, check_table, read_tags
from journal.year.spreadsheets import table_from

CATALOGUE = Catalogue(
    standards=frozenset("123456"), statements={"1.1": "1", "3.2": "3", "3.10": "3", "4.4": "4"}
)


@pytest.mark.parametrize(
    ("cell", "standards", "statements", "unknown"),
    [
        ("1, 3.2", ["1", "3"], ["3.2"], []),
        ("Standard 1; 3.2", ["1", "3"], ["3.2"], []),
        ("S1", ["1"], [], []),
        ("S1, S3", ["1", "3"], [], []),
        ("Standards 1 and 4", ["1", "4"], [], []),
        ("3.10 / 4.4", ["3", "4"], ["3.10", "4.4"], []),
        ("1 (rights)", ["1"], [], []),
        ("Standard 9; 3.2; rights", ["3"], ["3.2"], ["Standard 9", "rights"]),
    ],
)
def test_standards_and_statements_are_read_from_a_cell(cell, standards, statements, unknown):
    assert read_tags(cell, CATALOGUE) == (standards, statements, unknown)


def test_a_record_with_standards_and_every_answer_is_complete():
    values = {
        "activity_date": "14/03/2025",
        "title": "Webinar",
        "description": "d",
        "learning": "l",
        "impact": "i",
        "activity_type": "Webinar",
        "standards": "3.2",
    }
    record, errors = check_record(values, where="Row 2", catalogue=CATALOGUE)
    assert errors == [] and record.missing == [] and record.standards == ["3"]
    bare, _ = check_record({**values, "standards": "n/a"}, where="Row 2", catalogue=CATALOGUE)
    assert bare.missing == ["at least one professional standard"]
    unknown, errors = check_record({**values, "standards": "7"}, where="Row 2", catalogue=CATALOGUE)
    assert unknown is None and errors == [
        "Row 2, Standards: “7” is not one of Social Work England's standards or statements; "
        "use a standard (1 to 6) or a statement such as 1.1."
    ]


def test_the_accepted_activity_types_are_listed_once():
    rows = [
        ["Date", "Type", "Learning"],
        ["14/03/2025", "Online", "x"],
        ["15/03/2025", "Online", "y"],
    ]
    errors = check_table(table_from(rows, 1), ["activity_date", "activity_type", "learning"]).errors
    assert errors[0].startswith("Row 2, Type of CPD activity: “Online” is not a type of activity")
    assert "Course or training; Reading" in errors[0]
    assert errors[1] == (
        "Row 3, Type of CPD activity: “Online” is not a type of activity we know. "
        "(The types we accept are listed above.)"
    )


def test_a_record_without_a_title_borrows_the_first_line_of_its_text():
    values = {"activity_date": "14/03/2025", "impact": "I ask first.\nThen I listen."}
    record, errors = check_record(values, where="Row 2", catalogue=CATALOGUE)
    assert errors == [] and record.fields["title"] == "I ask first."
