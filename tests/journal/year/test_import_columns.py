"""Reading column names and activity words: the labelled set's held-out part above its floor,
and the names and words a tester found refused."""

import pytest

from journal.year import import_columns
from journal.year.import_columns import guess_columns
from tests.journal.year.import_labels import judge, labelled

# Measured on 7 December 2026 (bench/bench_import_columns.py): held-out header rows 16 of 17,
# columns 114 of 122 (0.93). The floors leave one sheet's worth of room.
HEADER_ROWS_FLOOR = 15
COLUMN_ACCURACY_FLOOR = 0.90


def test_held_out_spreadsheets_are_read_above_the_floor():
    parts = labelled()
    assert len(parts["held_out"]) >= 15 and len(parts["tune"]) >= 15
    score = judge(parts["held_out"])
    assert score.header_rows_right >= HEADER_ROWS_FLOOR, score.misses
    assert score.column_accuracy >= COLUMN_ACCURACY_FLOOR, score.misses


def test_the_names_a_tester_used_are_read_as_the_right_fields():
    headers = ["Date", "Activity", "Type", "What I did", "What I learned", "Impact on practice"]
    assert guess_columns(headers) == [
        "activity_date",
        "title",
        "activity_type",
        "description",
        "learning",
        "impact",
    ]
    assert guess_columns(["Standard(s)", "Hours", "Peer reflection - name", "Date discussed"]) == [
        "standards",
        "",
        "peer_name",
        "peer_date",
    ]


def test_a_field_that_takes_one_column_is_given_to_the_first_that_names_it():
    assert guess_columns(["Date", "Date"]) == ["activity_date", ""]
    # Text fields may take several columns, joined in the sheet's order.
    assert guess_columns(["What did you do?", "Why was it relevant?"]) == [
        "description",
        "description",
    ]


@pytest.mark.parametrize(
    ("word", "activity"),
    [
        ("Webinar", "conference"),
        ("podcast", "podcast"),
        ("Course", "course"),
        ("Reading", "reading"),
        ("Shadowing", "shadowing"),
        ("Supervision", "supervision"),
        ("conference", "conference"),
        ("E-learning", "course"),
        ("training", "course"),
        ("Course or training", "course"),
        ("Peer discussion or reflective group", "peer_discussion"),
        ("peer_discussion", "peer_discussion"),
    ],
)
def test_common_activity_words_are_the_regulators_types(word, activity):
    assert import_columns.activity_type(word) == activity


def test_an_unknown_activity_word_is_not_guessed():
    assert import_columns.activity_type("Face to face") is None
    accepted = import_columns.accepted_activities()
    assert "Conference, seminar or webinar; Research or study;" in accepted
    assert "such as webinar, workshop, e-learning" in accepted


@pytest.mark.parametrize("cell", ["-", "1", "?", "the"])
def test_a_cell_without_words_is_no_activity(cell):
    assert import_columns.activity_type(cell) is None


def test_a_column_of_activity_words_is_the_type_whatever_it_is_called():
    headers = ["Activity", "Topic", "When?", "Learning"]
    rows = [["Webinar", "The Care Act", "14/03/2025", "x"], ["Podcast", "Grief", "", "y"]]
    assert guess_columns(headers, rows) == ["activity_type", "title", "activity_date", "learning"]
    # Without records, "Activity" is the title.
    assert guess_columns(headers)[:2] == ["title", ""]
    # A title that happens to be an activity word stays the title.
    assert guess_columns(["Title", "Date"], [["A talk", "14/03/2025"]]) == [
        "title",
        "activity_date",
    ]


def test_an_unnamed_column_of_dates_is_the_date():
    rows = [["02/10/2023", "A talk"], ["03/10/2023", "A book"]]
    assert guess_columns(["", "Title"], rows) == ["activity_date", "title"]
