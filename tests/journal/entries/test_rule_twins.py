"""Each rule of an entry is written once in Python, with an SQL twin for lists and counts;
these tests hold each pair equal on the same scenarios."""

import datetime

import pytest

from journal.models import Entry
from tests.factories import make_entry, make_framework
from tests.today import TEST_TODAY

DAY = datetime.timedelta(days=1)

COMPLETENESS_CASES = {
    # scenario: (fields, tagged with a standard?, counts as complete?)
    "complete and tagged": ({"status": "complete"}, True, True),
    "no standard": ({"status": "complete"}, False, False),
    "a draft": ({"status": "draft"}, True, False),
    "no impact": ({"status": "complete", "impact": ""}, True, False),
    "no title": ({"status": "complete", "title": ""}, True, False),
    "the activity today": ({"status": "complete", "activity_date": TEST_TODAY}, True, True),
    "the activity tomorrow": (
        {"status": "complete", "activity_date": TEST_TODAY + DAY},
        True,
        False,
    ),
    "the discussion today": ({"status": "complete", "peer_date": TEST_TODAY}, True, True),
    "the discussion tomorrow": (
        {"status": "complete", "peer_date": TEST_TODAY + DAY},
        True,
        False,
    ),
    "no discussion date": ({"status": "complete", "peer_date": None}, True, True),
}


@pytest.mark.parametrize("scenario", COMPLETENESS_CASES)
def test_the_completeness_annotation_agrees_with_the_model(owner, scenario):
    fields, tagged, counts = COMPLETENESS_CASES[scenario]
    standards = [make_framework().standards.get(number="1")] if tagged else []
    entry = make_entry(owner, standards=standards, **{"title": "A podcast", **fields})

    plain = Entry.objects.get(pk=entry.pk)
    annotated = Entry.objects.with_completeness().get(pk=entry.pk)

    assert plain.is_complete is counts
    assert annotated.counts_complete is counts
    assert annotated.is_complete is counts
    assert (Entry.objects.complete().filter(pk=entry.pk).exists()) is counts
    (row,) = Entry.objects.filter(pk=entry.pk).counted_by_owner()
    assert (row["entries"], row["complete"]) == (1, int(counts))
    if fields["status"] == "complete":
        assert bool(plain.missing_for_completion()) is not counts


def test_a_date_to_come_is_named_in_what_the_entry_still_needs(owner):
    day = TEST_TODAY + 15 * DAY
    entry = make_entry(owner, status="complete", activity_date=day)

    assert f"the activity to have happened (it is dated {day:%-d %B %Y})" in (
        entry.missing_for_completion()
    )


PEER_CASES = [
    # (who, what was learnt, counts?)
    ("Priya, senior practitioner", "Listen before planning.", True),
    ("Priya", "", False),
    ("", "Listen before planning.", False),
    ("   ", "Listen before planning.", False),
    ("Priya", " \n\t ", False),
    ("", "", False),
]


@pytest.mark.parametrize(("who", "learnt", "counts"), PEER_CASES)
def test_the_peer_reflection_annotation_agrees_with_the_model(owner, who, learnt, counts):
    entry = make_entry(owner, peer_name=who, peer_learning=learnt)

    plain = Entry.objects.get(pk=entry.pk)
    annotated = Entry.objects.with_peer_reflection().get(pk=entry.pk)

    assert plain.has_peer_reflection is counts
    assert annotated.counts_peer_reflection is counts
    assert annotated.has_peer_reflection is counts


@pytest.mark.parametrize(("who", "learnt", "counts"), PEER_CASES)
def test_the_counts_by_owner_take_peer_reflections_as_the_model_does(owner, who, learnt, counts):
    standard = make_framework().standards.get(number="1")
    fields = {"title": "A podcast", "status": "complete", "copied_on": TEST_TODAY}
    entry = make_entry(owner, standards=[standard], peer_name=who, peer_learning=learnt, **fields)

    (row,) = Entry.objects.filter(pk=entry.pk).counted_by_owner()

    assert Entry.objects.get(pk=entry.pk).is_complete
    assert row == {
        "owner_id": owner.pk,
        "entries": 1,
        "complete": 1,
        "peers": int(counts),
        "copied": 1,
        "last_activity": entry.updated_at,
    }
