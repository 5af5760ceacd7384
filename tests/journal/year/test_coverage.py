"""Coverage of the standards' statements by year (journal.year.coverage)."""

import datetime

from django.urls import reverse

from corpus.models import PassageLink
from journal.models import Citation
from journal.year import coverage
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_entry,
    make_link,
    make_marked_complete,
    make_passage,
    make_source,
)

TODAY = datetime.date(2026, 6, 1)


YEAR = RegistrationYear.current(TODAY)


def _row(cov, number):
    return next(r for b in cov.blocks for r in b.rows if r.statement.number == number)


def test_counts_per_statement_and_year_from_tags(owner, statement, stranger):
    make_marked_complete(owner, YEAR.start, statements=[statement["1.1"], statement["1.2"]])
    make_marked_complete(owner, YEAR.end, statements=[statement["1.1"]])
    make_marked_complete(owner, YEAR.previous().start, statements=[statement["1.1"]])
    make_marked_complete(owner, YEAR.previous().previous().end, statements=[statement["2.1"]])
    make_marked_complete(
        owner, YEAR.start - datetime.timedelta(days=3 * 366), statements=[statement["1.1"]]
    )  # too old
    draft = make_entry(owner, activity_date=YEAR.start)  # a draft never counts
    draft.statements.set([statement["1.3"]])
    make_marked_complete(stranger, YEAR.start, statements=[statement["1.3"]])  # someone else's
    # A cited passage linked to 3.1 is the library's reading, not a tag: 3.1 is not covered.
    cited = make_marked_complete(
        owner, YEAR.start, standards=[statement["3.1"].standard], title="Cited"
    )
    passage = make_passage(make_source(), text="On confidentiality.")
    make_link(passage, statement["3.1"].standard, statement=statement["3.1"])
    Citation.objects.create(
        entry=cited, passage=passage, source_slug="x", anchor="a", quote="q", source_title="S"
    )

    cov = coverage.coverage_for(owner, today=TODAY)
    assert [y.label for y in cov.years] == ["2023–24", "2024–25", "2025–26"]
    assert _row(cov, "1.1").counts == [0, 1, 2]
    assert _row(cov, "1.2").counts == [0, 0, 1]
    assert _row(cov, "1.3").counts == [0, 0, 0]
    assert _row(cov, "2.1").counts == [1, 0, 0]
    assert _row(cov, "3.1").counts == [0, 0, 0]
    standard_1 = cov.blocks[0]
    assert standard_1.counts == [0, 1, 2]  # entries, not tags: the 1.1+1.2 entry counts once
    assert "1.3" in [r.statement.number for r in cov.uncovered]


def test_the_heatmap_is_a_real_table_with_numbers_not_only_colour(owner_client, owner, statement):
    make_marked_complete(owner, datetime.date.today(), statements=[statement["1.1"]])
    html = owner_client.get(reverse("journal:coverage")).content.decode()
    assert "<table" in html and "<caption>" in html and 'scope="col"' in html
    assert 'class="text-end heat-1">1</td>' in html
    assert "none yet" in html


def test_the_least_covered_statement_suggests_its_strongest_uncited_passage(owner, statement):
    source = make_source()
    weak = make_passage(source, text="A suggested passage about individuals.")
    strong = make_passage(source, text="An editor's passage about individuals.")
    cited = make_passage(source, text="Already cited, about individuals.")
    standard = statement["1.1"].standard
    make_link(
        weak, standard, statement=statement["1.1"], kind=PassageLink.Kind.SUGGESTED, score=0.9
    )
    make_link(
        strong, standard, statement=statement["1.1"], kind=PassageLink.Kind.CURATED, score=0.1
    )
    make_link(cited, standard, statement=statement["1.1"], kind=PassageLink.Kind.CURATED, score=1.0)
    old = make_marked_complete(owner, YEAR.previous().start, standards=[standard])
    Citation.objects.create(
        entry=old,
        passage=cited,
        source_slug=source.slug,
        anchor=cited.anchor,
        quote="q",
        source_title="S",
    )
    cov = coverage.coverage_for(owner, today=TODAY)
    first = cov.suggestions[0]
    assert first.statement.number == "1.1" and first.passage == strong
    assert first.reference == f"{source.slug}:{strong.anchor}"


def test_the_coverage_page_offers_reflect_on_this(owner_client, statement):
    source = make_source()
    passage = make_passage(source, text="Passage for 1.1.")
    make_link(passage, statement["1.1"].standard, statement=statement["1.1"])
    html = owner_client.get(reverse("journal:coverage")).content.decode()
    assert "Reflect on this" in html and f"cite={source.slug}%3A{passage.anchor}" in html


def test_coverage_costs_a_constant_number_of_queries(owner, statement, django_assert_num_queries):
    for n in range(5):
        make_marked_complete(
            owner,
            YEAR.start + datetime.timedelta(days=n),
            statements=[statement["1.1"], statement["2.2"]],
        )
    source = make_source()
    for number in ("1.2", "1.3", "3.1", "4.1"):
        make_link(
            make_passage(source, text=f"About {number}."),
            statement[number].standard,
            statement=statement[number],
        )
    # standards, statements, entries, standard tags, statement tags, candidate links (what
    # was cited is a subquery), chosen links with their passages.
    with django_assert_num_queries(7):
        cov = coverage.coverage_for(owner, today=TODAY)
    assert [x.statement.number for x in cov.suggestions] == ["1.2", "1.3", "3.1"]
