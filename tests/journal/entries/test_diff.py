"""journal.entries.diff: the one version diff, read as phrases, values as the pages print them."""

import pytest

from journal.entries.diff import snapshot_changes

BEFORE = "We talked after the home visit, and I asked the boy about school."
AFTER = "We talked after the home visit. One boy said he felt safe at school."


def pieces(before: str, after: str) -> list[tuple[str, str]]:
    (change,) = snapshot_changes({"learning": before}, {"learning": after})
    assert (change.before, change.after) == (before, after)  # word-accurate both ways
    return change.pieces


def test_a_rewritten_stretch_is_its_old_phrase_struck_then_its_new_one():
    assert pieces(BEFORE, AFTER) == [
        ("same", "We talked after the home "),
        ("removed", "visit, and I asked the boy about"),
        ("added", "visit. One boy said he felt safe at"),
        ("same", " school."),
    ]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # Separated by whitespace only: one change.
        ("a b", "c d", [("removed", "a b"), ("added", "c d")]),
        # One or two short unchanged words between changes are folded in.
        (
            "Visited mum and dad today.",
            "Phoned mother and father yesterday.",
            [
                ("removed", "Visited mum and dad today."),
                ("added", "Phoned mother and father yesterday."),
            ],
        ),
        # A longer unchanged stretch stays unchanged between two changes.
        (
            "I visited the family home",
            "We visited the family house",
            [
                ("removed", "I"),
                ("added", "We"),
                ("same", " visited the family "),
                ("removed", "home"),
                ("added", "house"),
            ],
        ),
        # Words added to the end are only added; nothing unchanged is struck.
        (
            "Listen first.",
            "Listen first. Then agree a next step.",
            [("same", "Listen first."), ("added", " Then agree a next step.")],
        ),
    ],
)
def test_nearby_changes_read_together_and_far_ones_apart(before, after, expected):
    assert pieces(before, after) == expected


def test_dates_and_choices_read_as_the_pages_print_them():
    changes = snapshot_changes(
        {"activity_date": "2026-12-06", "activity_type": "course", "title": "Visit"},
        {"activity_date": "2026-12-07", "activity_type": "reading", "title": "Visit"},
    )
    assert [(c.label, c.pieces) for c in changes] == [
        (
            "Date of the activity",
            [("removed", "6 December 2026"), ("added", "7 December 2026")],
        ),
        (
            "Type of CPD activity",
            [("removed", "Course or training"), ("added", "Reading (articles, books, research)")],
        ),
    ]
    (first,) = snapshot_changes({}, {"activity_date": "2026-12-07"})
    assert first.pieces == [("added", "7 December 2026")]


def test_private_notes_and_editor_aids_are_left_out_unless_the_owner_reads():
    before, after = (
        {"notes": "a", "reflective_model": ""},
        {"notes": "b", "reflective_model": "gibbs"},
    )
    assert snapshot_changes(before, after) == []
    assert [c.label for c in snapshot_changes(before, after, private=True)] == ["Private notes"]
