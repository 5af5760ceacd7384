"""Each rule of an entry is written once in Python, with an SQL twin for lists and counts;
these tests hold each pair equal on the same scenarios."""

import pytest

from journal.models import Entry
from tests.factories import make_entry

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
