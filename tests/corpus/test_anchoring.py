"""Citations keep their quote and find their passage again after a source changes."""

import shutil
from pathlib import Path

import pytest

from corpus import linking, search
from corpus.anchoring import locate_quote
from corpus.loading import load_source
from corpus.models import Passage
from journal.models import Citation
from journal.receivers import reanchor_citations
from tests import factories

SOURCES = Path(__file__).resolve().parents[2] / "corpus" / "sources"
IRISS = "iriss-relationships-matter"
QUOTE = "the keyword there is trust"


@pytest.fixture
def hooks(monkeypatch):
    monkeypatch.setattr(linking, "link_source", lambda source: {"created": 0})
    monkeypatch.setattr(search, "reindex_source", lambda source: None)


def cite(entry, passage, quote, **fields):
    return Citation.objects.create(
        entry=entry,
        passage=passage,
        source_slug=passage.source.slug,
        anchor=passage.anchor,
        quote=quote,
        source_title=passage.source.title,
        **fields,
    )


# locate_quote ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_quote_found_at_its_anchor_is_ok():
    passage = factories.make_passage(text="Supervision helps me reflect on my practice.")
    found, status = locate_quote(
        source_slug=passage.source.slug, anchor=passage.anchor, quote="helps me reflect"
    )
    assert (found, status) == (passage, "ok")


@pytest.mark.django_db
def test_quote_found_elsewhere_is_moved():
    source = factories.make_source()
    factories.make_passage(source, "An opening paragraph.")
    target = factories.make_passage(source, "Later, supervision helps me reflect.")
    found, status = locate_quote(
        source_slug=source.slug, anchor="0000000000", quote="helps me reflect"
    )
    assert (found, status) == (target, "moved")


@pytest.mark.django_db
def test_spacing_and_curly_quotes_do_not_matter_but_words_do():
    passage = factories.make_passage(text="It’s  about   “trust”.")
    slug = passage.source.slug
    assert (
        locate_quote(source_slug=slug, anchor=passage.anchor, quote='It\'s about "trust"')[1]
        == "ok"
    )
    assert locate_quote(source_slug=slug, anchor=passage.anchor, quote="It's about faith") == (
        None,
        "missing",
    )


@pytest.mark.django_db
def test_context_chooses_between_identical_quotes():
    source = factories.make_source()
    factories.make_passage(source, "Do you agree with the plan?")
    first = factories.make_passage(source, "I agree.")
    factories.make_passage(source, "What about the timing?")
    second = factories.make_passage(source, "I agree.", anchor="second-agree")
    factories.make_passage(source, "Then we will start on Monday.")

    found, status = locate_quote(
        source_slug=source.slug,
        anchor="gone",
        quote="I agree.",
        context_before="What about the timing?",
        context_after="Then we will start",
    )
    assert (found, status) == (second, "moved")
    found, _ = locate_quote(
        source_slug=source.slug,
        anchor="gone",
        quote="I agree.",
        context_before="Do you agree with the plan?",
    )
    assert found == first


@pytest.mark.django_db
def test_unknown_source_or_absent_quote_is_missing():
    passage = factories.make_passage()
    assert locate_quote(source_slug="no-such-source", anchor=passage.anchor, quote="x") == (
        None,
        "missing",
    )
    assert locate_quote(
        source_slug=passage.source.slug, anchor=passage.anchor, quote="never said"
    ) == (None, "missing")


# refresh_citations through a re-import ----------------------------------------------------


@pytest.fixture
def cited(db, hooks, tmp_path, owner):
    """A private copy of the IRISS transcript, imported, with one citation of Jackie."""
    path = tmp_path / f"{IRISS}.txt"
    shutil.copy(SOURCES / f"{IRISS}.txt", path)
    shutil.copy(SOURCES / f"{IRISS}.yaml", tmp_path / f"{IRISS}.yaml")
    load_source(path)
    passage = Passage.objects.get(source__slug=IRISS, text__contains=QUOTE)
    citation = cite(factories.make_entry(owner), passage, QUOTE, context_before="and ")
    return path, passage, citation


def test_inserted_paragraph_keeps_citation_ok(cited):
    path, passage, citation = cited
    path.write_text(path.read_text().replace("So today,", "JI A new opening.\n\nSo today,", 1))
    report = load_source(path)
    citation.refresh_from_db()
    assert report.citations == 0
    assert (citation.status, citation.passage_id, citation.anchor) == (
        "ok",
        passage.pk,
        passage.anchor,
    )
    assert Passage.objects.get(pk=passage.pk).position == passage.position + 1


def test_corrected_paragraph_moves_citation_and_keeps_quote(cited):
    path, passage, citation = cited
    path.write_text(
        path.read_text().replace("There is a recent book out", "There is a new book out", 1)
    )
    report = load_source(path)
    citation.refresh_from_db()
    new_passage = Passage.objects.get(source__slug=IRISS, text__contains=QUOTE)
    assert report.citations == 1
    assert new_passage.anchor != passage.anchor
    assert (citation.status, citation.passage_id, citation.anchor) == (
        "moved",
        new_passage.pk,
        new_passage.anchor,
    )
    assert citation.quote == QUOTE

    # Later imports still say it moved.
    load_source(path, force=True)
    citation.refresh_from_db()
    assert citation.status == "moved"


def test_removed_quote_marks_citation_missing_and_keeps_quote(cited):
    path, passage, citation = cited
    path.write_text(path.read_text().replace(QUOTE, "the keyword there is time", 1))
    load_source(path)
    citation.refresh_from_db()
    assert (citation.status, citation.passage_id, citation.anchor) == (
        "missing",
        None,
        passage.anchor,
    )
    assert citation.quote == QUOTE


def test_refresh_citations_counts_only_changes_in_few_queries(cited, django_assert_num_queries):
    _, passage, _citation = cited
    source = passage.source
    with django_assert_num_queries(2):  # the citations, then the passages
        assert reanchor_citations(sender=None, source=source) == 0
