"""Passage search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from corpus.models import PassageLink
from corpus.search import fts5_query, reindex_source, search_passages, tsquery
from tests.factories import make_framework, make_passage, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    podcast = make_source("podcast", title="A podcast")
    article = make_source("article", title="An article")
    passages = {
        "reflection": make_passage(
            podcast,
            "Reflection in supervision helps me think about reflection and practice.",
            speaker="Asha",
        ),
        "supervision": make_passage(
            podcast, "Good supervision gives protected time for the team.", speaker="Ben"
        ),
        "phrase": make_passage(article, "We talked about critical reflection with families."),
        "scattered": make_passage(article, "Reflection is hard; critical thinking is harder."),
        "html": make_passage(
            article, "Never <script>alert(1)</script> trust markup in reflection."
        ),
    }
    for source in (podcast, article):
        reindex_source(source)
    return passages


def texts(results):
    return [hit.passage.text for hit in results]


def test_stemming_finds_other_forms(corpus):
    found = texts(search_passages("reflecting"))
    assert corpus["reflection"].text in found
    assert corpus["phrase"].text in found
    assert corpus["supervision"].text not in found


def test_ranks_the_passage_that_says_it_most_first(corpus):
    results = list(search_passages("reflection"))
    assert results[0].passage == corpus["reflection"]
    ranks = [hit.rank for hit in results]
    assert ranks == sorted(ranks, reverse=True)


def test_phrase_query_needs_the_words_together(corpus):
    assert texts(search_passages('"critical reflection"')) == [corpus["phrase"].text]
    assert set(texts(search_passages("critical reflection"))) == {
        corpus["phrase"].text,
        corpus["scattered"].text,
    }


def test_snippet_is_escaped_and_highlighted(corpus):
    [hit] = [h for h in search_passages("markup") if h.passage == corpus["html"]]
    assert isinstance(hit.snippet, SafeString)
    assert "<mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    without_marks = str(hit.snippet).replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks


def test_filters_by_source_speaker_and_standard(corpus):
    assert set(texts(search_passages("reflection", source="article"))) == {
        corpus["phrase"].text,
        corpus["scattered"].text,
        corpus["html"].text,
    }
    assert texts(search_passages("reflection", speaker="Asha")) == [corpus["reflection"].text]
    assert texts(search_passages("reflection", speaker="Ben")) == []

    standard = make_framework().standards.get(number="3")
    statement = standard.statements.first()
    # Two active links to one passage must not count it twice; a rejected link never counts.
    PassageLink.objects.create(
        passage=corpus["scattered"], standard=standard, kind=PassageLink.Kind.EXPLICIT
    )
    PassageLink.objects.create(
        passage=corpus["scattered"],
        standard=standard,
        statement=statement,
        kind=PassageLink.Kind.EXPLICIT,
    )
    PassageLink.objects.create(
        passage=corpus["phrase"],
        standard=standard,
        kind=PassageLink.Kind.SUGGESTED,
        status=PassageLink.Status.REJECTED,
    )
    results = search_passages("reflection", standard="3")
    assert len(results) == 1
    assert texts(results) == [corpus["scattered"].text]
    assert texts(search_passages("reflection", standard="6")) == []


def test_paginates(corpus):
    source = make_source("many")
    for n in range(25):
        make_passage(source, f"Supervision note number {n} about supervision.")
    reindex_source(source)
    paginator = Paginator(search_passages("supervision"), 10)
    assert paginator.count == 27  # and two in the shared corpus
    assert paginator.num_pages == 3
    assert len(paginator.page(3).object_list) == 7
    seen = [hit.passage.pk for n in (1, 2, 3) for hit in paginator.page(n).object_list]
    assert len(set(seen)) == 27


def test_pages_past_the_first_fifty_hits_follow_the_ranking(corpus):
    source = make_source("long")
    for n in range(70):
        # More mentions rank higher, so the order is known before searching.
        make_passage(source, f"Note {n}: " + "supervision " * (1 + n % 7) + "and other words.")
    reindex_source(source)
    results = search_passages("supervision")
    paginator = Paginator(results, 20)
    assert paginator.count == 72
    pages = [hit for n in paginator.page_range for hit in paginator.page(n).object_list]
    assert len({hit.passage.pk for hit in pages}) == 72
    assert [hit.rank for hit in pages] == sorted((hit.rank for hit in pages), reverse=True)
    assert [hit.passage.pk for hit in pages] == [
        hit.passage.pk for hit in search_passages("supervision")
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking query")
def test_count_and_first_page_read_the_matches_once(corpus):
    results = search_passages("reflection")
    with CaptureQueriesContext(connection) as ctx:
        page = Paginator(results, 20).get_page(1)
        assert len(page.object_list) == 4
    matching = [q["sql"] for q in ctx.captured_queries if "@@" in q["sql"]]
    assert len(matching) == 1
    assert "COUNT(*) OVER ()" in matching[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored vectors")
def test_reindex_fills_missing_vectors_and_rewrites_nothing_else(corpus):
    missing, kept = corpus["supervision"], corpus["reflection"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE corpus_passage SET search_vector = NULL WHERE id = %s", [missing.pk])
        cursor.execute("SELECT xmin::text FROM corpus_passage WHERE id = %s", [kept.pk])
        before = cursor.fetchone()[0]
    assert missing not in [h.passage for h in search_passages("supervision")]
    reindex_source(missing.source)
    assert missing in [h.passage for h in search_passages("supervision")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM corpus_passage WHERE id = %s", [kept.pk])
        assert cursor.fetchone()[0] == before


def test_edits_and_deletes_reach_the_index(corpus):
    passage = corpus["supervision"]
    passage.text = "A passage now about lunch breaks."
    passage.save()
    reindex_source(passage.source)
    assert passage not in [h.passage for h in search_passages("supervision")]
    assert [h.passage for h in search_passages("lunch")] == [passage]
    passage.delete()
    assert list(search_passages("lunch")) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '""',
        "*",
        "reflect*",
        "NEAR(reflection supervision)",
        "reflection NEAR supervision",
        "text:reflection",
        "^reflection",
        "(reflection OR",
        "reflection AND NOT",
        "'; DROP TABLE corpus_passage; --",
        "\x00reflection\x00",
        "a" * 10_000,
        "reflection " * 2_000,
        "\ue000\ue001",
        "-",
        "!!!???",
    ],
)
def test_hostile_input_never_raises(corpus, query):
    results = search_passages(query)
    hits = list(results)
    assert len(results) == len(hits)
    for hit in hits:
        assert "<script>" not in hit.snippet
    # The table is intact and still searchable.
    assert len(search_passages("supervision")) == 2


def test_hostile_input_keeps_the_plain_words(corpus):
    assert corpus["reflection"] in [h.passage for h in search_passages("reflect* NEAR")]
    assert corpus["reflection"] in [h.passage for h in search_passages("(reflection OR")]


def test_empty_queries_find_nothing(corpus):
    assert list(search_passages("")) == []
    assert len(search_passages("   ")) == 0


def test_fts5_query_keeps_only_quoted_words_and_phrases():
    assert fts5_query('reflect* "critical  reflection" NEAR(a, b) x:y') == (
        '"reflect" AND "critical reflection" AND "b" AND "x" AND "y"'
    )
    assert fts5_query("supervision AND NOT OR") == '"supervision"'
    assert fts5_query('"unbalanced') == '"unbalanced"'
    assert fts5_query("'; DROP TABLE corpus_passage; --") == (
        '"DROP" AND "TABLE" AND "corpus_passage"'
    )
    assert fts5_query("word " * 1000).count('"word"') == 32


def _ranked_reads(ctx) -> int:
    return sum("COUNT(*) OVER ()" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps its rankings")
def test_a_kept_ranking_is_read_again_once_the_library_changes(corpus):
    """The head of a ranking is kept for everyone until a passage, link, source or speaker
    changes: a search repeated reads no matches, and never shows what has changed."""

    def search(query="reflection", **filters):
        with CaptureQueriesContext(connection) as ctx:
            page = Paginator(search_passages(query, **filters), 20).get_page(1)
            found = {hit.passage.pk for hit in page.object_list}
        return found, page.paginator.count, _ranked_reads(ctx)

    first, count, reads = search()
    assert reads == 1 and count == 4
    assert search() == (first, 4, 0)

    added = make_passage(corpus["phrase"].source, "Another reflection, added later.")
    found, count, reads = search()
    assert added.pk in found and count == 5 and reads == 1

    added.text = "Nothing about it any more."
    added.save()
    assert search()[:2] == (first, 4)
    added.delete()
    assert search()[:2] == (first, 4)

    standard = make_framework("kept", standards=1).standards.get()
    assert search(standard=standard.number)[1] == 0
    PassageLink.objects.create(
        passage=corpus["phrase"], standard=standard, kind=PassageLink.Kind.EXPLICIT
    )
    assert search(standard=standard.number)[:2] == ({corpus["phrase"].pk}, 1)

    assert search(speaker="Asha")[:2] == ({corpus["reflection"].pk}, 1)
    corpus["reflection"].speaker.__class__.objects.filter(name="Asha").update(name="Asha K")
    assert search(speaker="Asha")[1] == 0


@pytest.fixture
def voices():
    source = make_source("voices", title="Voices")
    passages = {
        "phrase": "We must hear the voice of the child in every plan.",
        "possessive": "The child's voice was missing from the conference.",
        "plural": "Children's voices shaped the new review process.",
        "raised": "She raised her voice at the meeting.",
        "school": "The child went to school on time.",
        "assessed": "We assessed her mental capacity before the decision about care.",
        "assessment": "A capacity assessment under the Mental Capacity Act took an hour.",
        "job": "I still do that in a different capacity within this role.",
    }
    made = {name: make_passage(source, text) for name, text in passages.items()}
    reindex_source(source)
    return made


def found(query) -> set:
    return {hit.passage for hit in search_passages(query)}


def test_voice_of_the_child_finds_every_way_of_saying_it(voices):
    wanted = {voices["phrase"], voices["possessive"], voices["plural"]}
    assert found("voice of the child") == wanted


def test_a_possessive_is_its_word(voices):
    wanted = {voices["phrase"], voices["possessive"], voices["plural"]}
    assert found("child's voice") == wanted
    assert found("child’s voice") == wanted
    assert found("children's voices") == wanted


def test_a_plural_no_stemmer_joins_finds_its_singular(voices):
    assert found("children voice") == {voices["phrase"], voices["possessive"], voices["plural"]}
    assert voices["school"] in found("children")


def test_capacity_assessment_finds_assessing_capacity_not_a_job(voices):
    assert found("capacity assessment") == {voices["assessed"], voices["assessment"]}


def test_no_passage_with_every_word_finds_those_with_some_closest_first(voices):
    # No passage says "capacity", "mental" and "tribunal" together: rather than nothing, the
    # passages with some of the words, those with the most first, and the results say so.
    results = search_passages("mental capacity tribunal")
    hits = [hit.passage for hit in results]
    assert results.some_words and len(results) == 3
    assert set(hits[:2]) == {voices["assessed"], voices["assessment"]}
    assert hits[2] == voices["job"]
    # A search that finds every word is not loosened; one word found nowhere finds nothing.
    assert not search_passages("capacity assessment").some_words
    assert len(search_passages("tribunal")) == 0
    assert len(search_passages("tribunal appeal")) == 0


def test_some_words_pages_past_the_head_follow_the_ranking_and_count_rarity_once(corpus):
    """Paging a some-words search past its kept head ranks each slice by the words' rarity;
    on PostgreSQL the rarities are counted over the library once, and again only once it
    changes (SQLite's bm25 weighs them itself)."""
    source = make_source("rare")
    for n in range(60):
        make_passage(source, f"Note {n}: " + "capacity " * (1 + n % 5) + "and other words.")
    for n in range(8):
        make_passage(source, f"Tribunal note {n}, heard on appeal.")
    reindex_source(source)

    def every_page():
        with CaptureQueriesContext(connection) as ctx:
            results = search_passages("capacity tribunal")
            paginator = Paginator(results, 20)
            hits = [hit for n in paginator.page_range for hit in paginator.page(n).object_list]
        counted = sum('AS "total"' in q["sql"] for q in ctx.captured_queries)
        return results, hits, counted

    results, hits, counted = every_page()
    assert results.some_words and len(hits) == 68 == len({hit.passage.pk for hit in hits})
    assert [hit.rank for hit in hits] == sorted((hit.rank for hit in hits), reverse=True)
    # The rarer word first: every tribunal note before any capacity note.
    assert all("Tribunal" in hit.passage.text for hit in hits[:8])
    if connection.vendor == "postgresql":
        assert counted == 1
        assert every_page()[2] == 0
        make_passage(source, "One more tribunal, added later.")
        assert every_page()[2] == 1


def test_a_quoted_phrase_keeps_its_words_in_order(voices):
    assert found('"voice of the child"') == {voices["phrase"]}
    assert found('"child\'s voice"') == {voices["possessive"]}


def test_stop_words_alone_find_nothing(voices):
    assert len(search_passages("of the and")) == 0
    assert len(search_passages('"of the"')) == 0


def test_both_databases_are_asked_for_the_same_terms():
    assert fts5_query("voice of the child") == '"voice" AND ("child" OR "children")'
    assert tsquery("voice of the child") == "'voice' & ('child' | 'children')"
    assert tsquery("child's voice") == "('child' | 'children') & 'voice'"
    assert tsquery('"voice of the child" capacity') == "('voice' <3> 'child') & 'capacity'"
    assert tsquery("the of") == fts5_query('"the of"') == ""
    assert fts5_query("capacity assessment", any_term=True) == '"capacity" OR "assessment"'
    assert tsquery("capacity assessment", any_term=True) == "'capacity' | 'assessment'"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own query parser")
def test_postgresql_reads_the_terms_as_meant():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsquery('english', %s)::text", [tsquery("voice of the child")])
        assert cursor.fetchone()[0] == "'voic' & ( 'child' | 'children' )"
        cursor.execute("SELECT to_tsquery('english', %s)::text", [tsquery('"child\'s voice"')])
        assert cursor.fetchone()[0] == "'child' <2> 'voic'"
