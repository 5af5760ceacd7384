"""One rule for coverage, read the same on every page and export: an entry covers what its
owner tagged it with. A cited passage's library links are the library's, never coverage."""

import pytest
from django.urls import reverse

from corpus.models import Standard
from journal import clock
from journal.exports.bundle_document import bundle_document
from journal.models import Citation, Entry
from journal.review import agenda as agenda_module
from journal.year import coverage
from journal.year.registration import RegistrationYear
from tests.factories import make_link, make_marked_complete, make_passage, make_source


@pytest.fixture
def cites_a_passage_linked_to_6_2(owner, statement):
    """A complete entry tagged with standards 2 and 3 only, citing a passage the library
    links to statement 6.2."""
    year = RegistrationYear.current(clock.today())
    standards = [statement["2.1"].standard, statement["3.1"].standard]
    entry = make_marked_complete(owner, year.start, standards=standards, title="Cited")
    passage = make_passage(make_source(), text="On keeping up to date.")
    make_link(passage, statement["6.2"].standard, statement=statement["6.2"])
    Citation.objects.create(
        entry=entry,
        passage=passage,
        source_slug=passage.source.slug,
        anchor=passage.anchor,
        quote="q",
        source_title="S",
    )
    assert entry.is_complete
    return entry


def _by_number(pairs):
    return {standard.number: count for standard, count in pairs}


def test_dashboard_heatmap_agenda_and_export_agree_that_tags_cover(
    owner, owner_client, cites_a_passage_linked_to_6_2
):
    expected = {"1": 0, "2": 1, "3": 1, "4": 0, "5": 0, "6": 0}

    dashboard = owner_client.get(reverse("journal:dashboard")).context["coverage"]
    assert _by_number(dashboard) == expected

    heatmap = coverage.coverage_for(owner)
    assert {b.standard.number: b.counts[-1] for b in heatmap.blocks} == expected
    assert "6.2" in [row.statement.number for row in heatmap.uncovered]

    agenda = agenda_module.agenda_for(owner=owner)
    uncovered = [s.split(":")[0] for s in agenda.uncovered_standards]
    assert uncovered == ["Standard 1", "Standard 4", "Standard 5", "Standard 6"]
    assert agenda.uncovered_count == len(heatmap.uncovered)

    year = RegistrationYear.current(clock.today())
    entries = Entry.objects.owned_by(owner).between(year.start, year.end)
    assert _by_number(bundle_document(owner=owner, entries=entries, year=year).coverage) == (
        expected
    )


def test_a_standard_and_its_statements_count_entries_not_tags(owner, statement):
    """Ticking a statement tags its standard too: one entry with two of standard 4's
    statements covers standard 4 once and each statement once."""
    year = RegistrationYear.current(clock.today())
    make_marked_complete(owner, year.start, statements=[statement["4.1"], statement["4.2"]])
    tagged = coverage.Tagged(Entry.objects.values_list("pk", flat=True))
    counts = _by_number(tagged.standard_counts(Standard.objects.primary()))
    assert counts["4"] == 1  # entries, not tags
    assert {len(ids) for ids in tagged.statements.values()} == {1}
