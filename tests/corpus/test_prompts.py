"""The passage the dashboard offers for an uncovered standard."""

import datetime

import pytest

from corpus.models import PROMPT_CHOICES, Passage, PassageLink
from tests.factories import make_framework, make_link, make_passage, make_source

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 24)
LONG = "Supervision gave me room to think about how I use my authority with families. " * 3


@pytest.fixture
def standard():
    return make_framework().standards.get(number="1")


def test_the_best_few_come_from_the_strongest_links_then_the_highest_scores(standard):
    source = make_source()
    suggested = [make_passage(source, f"Suggestion {n}. " + LONG) for n in range(8)]
    for score, passage in enumerate(suggested, start=1):
        make_link(passage, standard, kind=PassageLink.Kind.SUGGESTED, score=float(score))
    explicit = make_passage(source, "Standard 1 named. " + LONG)
    make_link(explicit, standard, kind=PassageLink.Kind.EXPLICIT, score=0.5)
    week = {
        Passage.objects.reflection_prompt(standard, day=DAY + datetime.timedelta(n))
        for n in range(PROMPT_CHOICES)
    }
    assert week == {explicit, *suggested[-(PROMPT_CHOICES - 1) :]}


def test_short_passages_headings_comments_and_rejected_links_are_never_offered(standard):
    source = make_source()
    make_link(
        make_passage(source, "Too short to reflect on."), standard, kind=PassageLink.Kind.EXPLICIT
    )
    make_link(
        make_passage(source, "Heading. " + LONG, kind=Passage.Kind.HEADING),
        standard,
        kind=PassageLink.Kind.EXPLICIT,
    )
    make_link(
        make_passage(source, "Comment. " + LONG, kind=Passage.Kind.COMMENT),
        standard,
        kind=PassageLink.Kind.EXPLICIT,
    )
    rejected = make_passage(source, "Rejected. " + LONG)
    make_link(
        rejected, standard, kind=PassageLink.Kind.EXPLICIT, status=PassageLink.Status.REJECTED
    )
    assert Passage.objects.reflection_prompt(standard, day=DAY) is None
    offered = make_passage(source, "Offered. " + LONG)
    make_link(offered, standard, kind=PassageLink.Kind.SUGGESTED, score=0.1)
    assert Passage.objects.reflection_prompt(standard, day=DAY) == offered


def test_the_prompt_changes_from_day_to_day_among_the_best(standard):
    source = make_source()
    best = [make_passage(source, f"Passage {n}. " + LONG) for n in range(3)]
    for passage in best:
        make_link(passage, standard, kind=PassageLink.Kind.EXPLICIT)
    week = [
        Passage.objects.reflection_prompt(standard, day=DAY + datetime.timedelta(n))
        for n in range(7)
    ]
    assert set(week) == set(best)
    assert week[0] == Passage.objects.reflection_prompt(standard, day=DAY)  # stable within a day


def test_a_passage_linked_twice_is_counted_once(standard):
    source = make_source()
    passage = make_passage(source, LONG)
    make_link(passage, standard, kind=PassageLink.Kind.EXPLICIT)
    statement = standard.statements.create(number="1.4", summary="Families", order=4)
    PassageLink.objects.create(
        passage=passage, standard=standard, statement=statement, kind=PassageLink.Kind.EXPLICIT
    )
    other = make_passage(source, "Other. " + LONG)
    make_link(other, standard, kind=PassageLink.Kind.EPISODE)
    week = [
        Passage.objects.reflection_prompt(standard, day=DAY + datetime.timedelta(n))
        for n in range(2)
    ]
    assert set(week) == {passage, other}


def test_the_days_choices_are_ranked_once_until_a_link_changes(standard, django_assert_num_queries):
    from django.utils import timezone

    source = make_source()
    first = make_passage(source, "First. " + LONG)
    link = make_link(first, standard, kind=PassageLink.Kind.EXPLICIT)
    assert Passage.objects.reflection_prompt(standard, day=DAY) == first
    with django_assert_num_queries(2):  # the links' stamp and the passage, no ranking
        assert Passage.objects.reflection_prompt(standard, day=DAY) == first
    PassageLink.objects.filter(pk=link.pk).update(
        status=PassageLink.Status.REJECTED, reviewed_at=timezone.now()
    )
    assert Passage.objects.reflection_prompt(standard, day=DAY) is None
    second = make_passage(source, "Second. " + LONG)
    make_link(second, standard, kind=PassageLink.Kind.SUGGESTED)
    assert Passage.objects.reflection_prompt(standard, day=DAY) == second
