"""The requirement as data: the shipped rule for 2025-26, a changed rule file, bad files."""

import datetime

import pytest

from journal.entries.requirement import (
    DEFAULT_FILE,
    RequirementFileError,
    current_requirement,
    load_requirement,
)
from journal.year.registration import RegistrationYear, deadline_for, requirement_status
from tests.factories import make_entry, make_framework

CHANGED = """
regulator: Social Work England
account_url: https://www.socialworkengland.org.uk/
year_start: {month: 4, day: 1}
deadline: {month: 3, day: 15}
renewal_opens: {month: 1, day: 10}
closed_year_shown_days: 30
minimum_pieces: 3
minimum_peer_reflections: 2
"""


@pytest.fixture
def changed_rule(tmp_path, settings):
    path = tmp_path / "reform.yaml"
    path.write_text(CHANGED)
    settings.CPD_REQUIREMENT_FILE = str(path)
    yield current_requirement()
    del settings.CPD_REQUIREMENT_FILE


def test_the_shipped_rule_for_2025_26():
    rule = load_requirement(DEFAULT_FILE)
    assert (rule.minimum_pieces, rule.minimum_peer_reflections) == (2, 1)
    year = RegistrationYear.containing(datetime.date(2026, 3, 1))
    assert (year.start, year.end) == (datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))
    assert year.label == "2025–26"
    assert deadline_for(year) == datetime.date(2026, 11, 30)
    assert year.renewal_opens() == datetime.date(2026, 9, 1)
    assert RegistrationYear.containing(datetime.date(2026, 12, 1)).label == "2026–27"


def test_a_changed_rule_file_changes_the_year_and_the_counts(changed_rule, db):
    assert changed_rule.minimum_pieces == 3
    year = RegistrationYear.containing(datetime.date(2026, 12, 1))
    assert (year.start, year.end) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert deadline_for(year) == datetime.date(2027, 3, 15)
    assert year.renewal_opens() == datetime.date(2027, 1, 10)
    status = requirement_status([], year)
    assert status.missing == [
        "3 more complete pieces of CPD",
        "2 more complete pieces of CPD with a peer reflection",
    ]


def test_two_pieces_meet_the_shipped_rule_but_not_the_changed_one(db, settings, tmp_path):
    from tests.factories import make_user

    owner = make_user()
    standard = make_framework().standards.first()
    peer = {"peer_name": "A colleague", "peer_learning": "We talked."}
    for day in (1, 2):
        make_entry(
            owner,
            status="complete",
            standards=[standard],
            activity_date=datetime.date(2026, 12, day),
            **peer,
        )
    entries = list(owner.entries.with_completeness())
    assert requirement_status(entries, RegistrationYear.ending_in(2027)).met
    path = tmp_path / "reform.yaml"
    path.write_text(CHANGED)
    settings.CPD_REQUIREMENT_FILE = str(path)
    status = requirement_status(entries, RegistrationYear.containing(datetime.date(2026, 12, 1)))
    assert not status.met and status.missing == ["1 more complete piece of CPD"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("minimum_pieces: 0", "minimum_pieces"),
        ("minimum_pieces: two", "minimum_pieces"),
        ("deadline: {month: 2, day: 29}", "not a date every year"),
        ("deadline: 30 November", "deadline"),
        ("account_url: http://example.org", "https"),
        ("minimum_peer_reflections: 5", "cannot exceed"),
        ("box_limits: {notes: 500}", "no box called notes; the boxes are title, description"),
        ("box_limits: {learning: 0}", "learning: a whole number of at least 1"),
        ("box_limits: 2000", "box_limits"),
    ],
)
def test_a_bad_rule_file_names_the_key(tmp_path, change, message):
    key = change.split(":")[0]
    lines = [line for line in CHANGED.splitlines() if not line.startswith(key + ":")]
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join([*lines, change]))
    with pytest.raises(RequirementFileError, match=message):
        load_requirement(path)


def test_each_box_limit_is_data_and_a_file_without_them_shows_none(changed_rule):
    assert load_requirement(DEFAULT_FILE).box_limits == {
        "description": 2000,
        "learning": 2000,
        "impact": 2000,
        "peer_learning": 2000,
    }
    assert changed_rule.box_limits == {}


@pytest.mark.parametrize(
    ("today", "ends_in"),
    [
        (datetime.date(2026, 11, 30), 2026),  # deadline day: the year still running
        (datetime.date(2026, 12, 1), 2026),  # the renewal just closed is being finished
        (datetime.date(2026, 12, 7), 2026),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2027, 1, 1), 2027),  # from January, the new year
        (datetime.date(2027, 2, 16), 2027),
    ],
)
def test_pages_open_on_the_year_just_closed_for_the_weeks_after_the_deadline(today, ends_in):
    from journal.year.registration import default_year

    assert default_year(today) == RegistrationYear.ending_in(ends_in)
