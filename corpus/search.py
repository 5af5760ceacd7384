"""Full-text search over passages: one call, one backend per database.

PostgreSQL uses its own full-text search (a weighted ``search_vector`` with a GIN index,
``to_tsquery``, ``ts_rank`` and ``ts_headline``). SQLite uses the FTS5 table
``corpus_passage_fts`` that migration 0002 creates and keeps in step with triggers,
ranked with ``bm25()`` and cut with ``snippet()``.

What people type is never handed to either engine as syntax: it is rebuilt, by
`query_terms`, into words and quoted phrases only, and written out for each engine (an FTS5
MATCH, a PostgreSQL tsquery). So a search never raises on user input; nonsense simply finds
nothing. Both read a query the same way: stop words are dropped ("voice of the child" asks
for voice and child), possessives lose their "'s" ("child's voice"), and an irregular plural
finds its singular and the other way round ("children" finds "child"), which neither
database's stemmer does.

Kept in one module past 400 lines on purpose: the reading of a query and the two backends that
write it out must agree word for word, and they are read and changed side by side.

Kept in one module past 400 lines on purpose: the two backends must read a query the same
way, and side by side a difference between them shows.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from corpus.library import kept_until_the_library_changes
from corpus.models import Passage, PassageLink, Source

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
SNIPPET_TOKENS = 32

# Private-use characters mark the highlighted words until the text has been escaped.
_START, _STOP = "\ue000\ue001", "\ue001\ue000"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")
_TOKENS = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"\w+")
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# "child's" and "parents'" as the words "child" and "parents".
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b|(?<=s)['’](?!\w)")
# The Snowball list of English stop words, which PostgreSQL's 'english' configuration drops
# from its vectors and queries; SQLite's index keeps every word, so the query drops them.
_STOP_WORDS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Plurals that neither stemmer joins to their singular (Porter on SQLite and Snowball on
# PostgreSQL take "voices" to "voic", but leave "children" as it is): each finds the other.
_IRREGULAR = {
    "child": "children",
    "grandchild": "grandchildren",
    "stepchild": "stepchildren",
    "person": "people",
    "man": "men",
    "woman": "women",
    "wife": "wives",
    "life": "lives",
}
OTHER_NUMBER = {**_IRREGULAR, **{plural: one for one, plural in _IRREGULAR.items()}}


@dataclass(frozen=True)
class SearchHit:
    passage: Passage
    snippet: SafeString
    rank: float


def clean_query(query: str | None) -> str:
    """The query without control characters, collapsed and cut to a sane length."""
    if not query:
        return ""
    query = _CONTROL.sub(" ", str(query))[:MAX_QUERY_CHARS]
    return " ".join(query.split())


def query_terms(query: str | None) -> list[tuple[tuple[str, ...], ...]]:
    """What a query asks for: each term a tuple of alternatives, each alternative the words
    of a phrase (one word, or a quoted phrase kept as typed, stop words and all, unless it
    holds nothing else).

    Operators (AND, OR, NOT, NEAR), prefixes (*), column filters (:), boosts (^) and
    brackets are dropped, so nothing typed can change the meaning of the search.
    """
    terms: list[tuple[tuple[str, ...], ...]] = []
    for phrase, bare in _TOKENS.findall(clean_query(query)):
        if phrase:
            words = tuple(_WORD.findall(phrase))
            if any(word.lower() not in STOP_WORDS for word in words):
                terms.append((words,))
        else:
            for word in _WORD.findall(_POSSESSIVE.sub("", bare)):
                if word in _OPERATORS or word.lower() in STOP_WORDS:
                    continue
                other = OTHER_NUMBER.get(word.lower())
                terms.append(((word,), (other,)) if other else ((word,),))
        if len(terms) >= MAX_TERMS:
            break
    return terms[:MAX_TERMS]


def fts5_query(query: str | None, *, any_term: bool = False) -> str:
    """The query as an FTS5 MATCH: quoted words and phrases, alternatives joined by OR; every
    term required, or (`any_term`) any one of them."""
    terms = []
    for alternatives in query_terms(query):
        quoted = ['"' + " ".join(words) + '"' for words in alternatives]
        terms.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    # AND written out: FTS5 reads no bracket after an implicit AND.
    return (" OR " if any_term else " AND ").join(terms)


def tsquery(query: str | None, *, any_term: bool = False) -> str:
    """The query in PostgreSQL's to_tsquery syntax, read with the 'english' configuration: a
    phrase keeps its word order, its stop words counted in the distance between the words
    left ("voice of the child" is 'voice' <3> 'child'), as to_tsvector counts positions."""
    return (" | " if any_term else " & ").join(ts_terms(query))


def ts_terms(query: str | None) -> list[str]:
    """Each term of the query (query_terms) in to_tsquery syntax, its alternatives joined."""
    terms = []
    for alternatives in query_terms(query):
        phrases = [_ts_phrase(words) for words in alternatives]
        terms.append(phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")")
    return terms


def _ts_phrase(words: tuple[str, ...]) -> str:
    kept = [(n, word) for n, word in enumerate(words) if word.lower() not in STOP_WORDS]
    phrase = f"'{kept[0][1]}'"
    for (before, _), (n, word) in itertools.pairwise(kept):
        phrase += f" <{n - before}> '{word}'"
    return f"({phrase})" if len(kept) > 1 else phrase


def _highlight(fragment: str) -> SafeString:
    text = escape(fragment)
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _filtered(*, standard=None, source=None, speaker=None):
    passages = Passage.objects.all()
    if standard:
        linked = PassageLink.objects.active().filter(
            standard__framework__is_primary=True, standard__number=standard
        )
        passages = passages.filter(pk__in=linked.values("passage_id"))
    if source:
        passages = passages.filter(source__slug=source)
    if speaker:
        passages = passages.filter(speaker__name=speaker)
    return passages


def _display(ids: list[int], **annotations) -> dict[int, Passage]:
    """The passages of one page with their source, episode and speaker (and `annotations`),
    in one query; the search page adds their standards' badges."""
    passages = Passage.objects.with_display().filter(pk__in=ids).annotate(**annotations)
    return {p.pk: p for p in passages}


class SearchResults(Sequence):
    """Ranked hits, fetched a page at a time: Django's Paginator counts, then slices.

    Every word is required; when no passage has them all, the passages with some of them are
    found instead, those with the most (and the rarest) first, and `some_words` says so: a
    search for "capacity assessment" finds the passage on someone's capacity to understand a
    risk rather than nothing.
    """

    def __init__(self, query: str, *, standard=None, source=None, speaker=None):
        self.query = clean_query(query)
        self.filters = {"standard": standard, "source": source, "speaker": speaker}
        self.some_words = False
        self._count: int | None = None
        self._all: list[SearchHit] | None = None
        self._backend = self._backend_for(any_term=False)

    def _backend_for(self, *, any_term: bool):
        passages = _filtered(**self.filters)
        if connection.vendor == "postgresql":
            return _PostgresBackend(self.query, passages, filters=self.filters, any_term=any_term)
        return _SqliteBackend(self.query, passages, any_term=any_term)

    def _loosen(self) -> bool:
        """Look for passages with some of the words, when none has them all."""
        if self.some_words or len(query_terms(self.query)) < 2:
            return False
        self._backend = self._backend_for(any_term=True)
        self.some_words = True
        return True

    def count(self) -> int:
        if self._count is None:
            self._count = self._backend.count() if self._backend.active else 0
            if not self._count and self._loosen():
                self._count = self._backend.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self.count())
            if step != 1:
                return self._fetch_all()[index]
            if self._all is not None:
                return self._all[start:stop]
            if stop <= start:
                return []
            return self._backend.page(start, stop - start)
        return self._fetch_all()[index]

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self._fetch_all())

    def __bool__(self) -> bool:
        return self.count() > 0

    def _fetch_all(self) -> list[SearchHit]:
        if self._all is None:
            self._all = self._backend.page(0, None) if self._backend.active else []
            if not self._all and self._loosen():
                self._all = self._backend.page(0, None)
            self._count = len(self._all)
        return self._all


class _SqliteBackend:
    def __init__(self, query: str, passages, *, any_term: bool = False):
        self.match = fts5_query(query, any_term=any_term)
        self.active = bool(self.match)
        self.filtered = passages.query.has_filters()
        self.subquery, self.params = passages.order_by().values("pk").query.sql_with_params()

    def _where(self):
        if not self.filtered:
            return "corpus_passage_fts MATCH %s", [self.match]
        # The unary + keeps SQLite from driving the full-text search by rowid, which
        # would run the MATCH once per passage instead of once.
        sql = "corpus_passage_fts MATCH %s AND +corpus_passage_fts.rowid IN (" + self.subquery + ")"
        return sql, [self.match, *self.params]

    def count(self) -> int:
        where, params = self._where()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM corpus_passage_fts WHERE {where}", params)
            return cursor.fetchone()[0]

    def page(self, offset: int, limit: int | None) -> list[SearchHit]:
        where, params = self._where()
        sql = (
            "SELECT corpus_passage_fts.rowid, bm25(corpus_passage_fts), "
            "snippet(corpus_passage_fts, 0, %s, %s, '…', %s) "
            f"FROM corpus_passage_fts WHERE {where} "
            "ORDER BY bm25(corpus_passage_fts), corpus_passage_fts.rowid LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [_START, _STOP, SNIPPET_TOKENS, *params, -1 if limit is None else limit, offset],
            )
            rows = cursor.fetchall()
        passages = _display([row[0] for row in rows])
        # bm25 is smaller for better matches; hits expose "higher is better" on both databases.
        return [
            SearchHit(passage=passages[pk], snippet=_highlight(snippet), rank=-score)
            for pk, score, snippet in rows
            if pk in passages
        ]


class _QueryOnce(SearchQuery):
    """The parsed query as a scalar subquery, which PostgreSQL runs once per search (an
    InitPlan). Written in place, a prepared statement's generic plan parses and stems the
    words again for every matching passage, in the match and in the rank: a common word's
    search took half as long again."""

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"(SELECT {sql})", params


class _PostgresBackend:
    # Ranked ids fetched together with the count. A search page needs both, and one scan
    # of the matches gives both: counting and ranking separately read every match twice.
    HEAD = 50

    def __init__(self, query: str, passages, *, filters: dict, any_term: bool = False):
        # The same terms SQLite searches for (query_terms), so both databases agree.
        words = tsquery(query, any_term=any_term)
        self.active = bool(words)
        self.search_query = _QueryOnce(words, search_type="raw", config="english")
        self.passages = passages.filter(search_vector=self.search_query)
        self._search = repr((words, sorted(filters.items())))
        self._head: list[tuple[int, float]] | None = None
        # Some of the words: each term's tsquery, weighed by its rarity when ranking.
        self.rarities = ts_terms(query) if any_term else []
        self._library = passages

    def _by_rarity(self):
        """A some-words search ranks by the rarity of the words a passage has (their inverse
        document frequency, as SQLite's bm25 weighs them), then by ts_rank, which alone weighs
        "assessment" in a hundred passages as much as "capacity" in three."""
        terms = [SearchQuery(t, search_type="raw", config="english") for t in self.rarities]
        weights = kept_until_the_library_changes(
            f"rarity:{self._search}", lambda: self._rarities(terms)
        )
        rarity = sum(
            (
                Case(When(search_vector=t, then=Value(w)), default=Value(0.0))
                for t, w in zip(terms, weights, strict=True)
            ),
            start=Value(0.0),
        )
        # Among passages with the same words, the words' share of a shorter passage is larger
        # (ts_rank divided by the length, normalization 2), as bm25 also prefers.
        share = SearchRank(F("search_vector"), self.search_query, normalization=Value(2))
        return rarity + share

    def _rarities(self, terms: list[SearchQuery]) -> list[float]:
        """Each term's inverse document frequency over the passages searched (the library, or
        the part a filter keeps). Counting reads every passage, so the weights are kept for
        everyone until the library changes, not counted again for each slice ranked."""
        counts = self._library.aggregate(
            total=Count("pk"),
            **{f"t{n}": Count("pk", filter=Q(search_vector=t)) for n, t in enumerate(terms)},
        )
        return [math.log((counts["total"] + 1) / (counts[f"t{n}"] + 1)) for n in range(len(terms))]

    def count(self) -> int:
        # That scan reads every match (a common word's thousands), so the head and the count
        # are kept, for everyone, until the library changes.
        self._head, total = kept_until_the_library_changes(
            f"search:{self._search}", lambda: self._ranked(0, self.HEAD)
        )
        return total

    def _ranked(self, offset: int, limit: int | None) -> tuple[list[tuple[int, float]], int]:
        """One slice of (pk, rank), best first, and the number of matches, in one scan.

        The ranks are computed in a subquery that OFFSET 0 keeps from being flattened, so
        the window that counts the matches holds (pk, rank) pairs, not whole rows with
        their vectors (which would spill to disk for common words).
        """
        rank = SearchRank(F("search_vector"), self.search_query)
        if self.rarities:
            rank = self._by_rarity()
        ranked = self.passages.annotate(rank=rank).values_list("id", "rank")
        subquery, params = ranked.order_by().query.sql_with_params()
        sql = (
            "SELECT ranked.id, ranked.rank, COUNT(*) OVER () "
            f"FROM ({subquery} OFFSET 0) AS ranked "
            "ORDER BY ranked.rank DESC, ranked.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
        total = rows[0][2] if rows else 0
        return [(pk, rank) for pk, rank, _ in rows], total

    def _slice(self, offset: int, limit: int | None) -> list[tuple[int, float]]:
        head = self._head
        if head is not None:
            complete = len(head) < self.HEAD
            if complete or (limit is not None and offset + limit <= len(head)):
                return head[offset:] if limit is None else head[offset : offset + limit]
        return self._ranked(offset, limit)[0]

    def page(self, offset: int, limit: int | None) -> list[SearchHit]:
        rows = self._slice(offset, limit)
        # Headlines are costly, so they are cut only for the page being shown, in the same
        # query that reads the page's passages for display.
        headline = SearchHeadline(
            "text",
            self.search_query,
            config="english",
            start_sel=_START,
            stop_sel=_STOP,
            max_words=SNIPPET_TOKENS,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        passages = _display([pk for pk, _ in rows], headline=headline)
        return [
            SearchHit(passage=passages[pk], snippet=_highlight(passages[pk].headline), rank=rank)
            for pk, rank in rows
            if pk in passages
        ]


def search_passages(
    query: str,
    *,
    standard: str | None = None,
    source: str | None = None,
    speaker: str | None = None,
) -> SearchResults:
    """Passages matching `query`, best first, optionally within a standard, source or speaker.

    `standard` is a standard number of the primary framework ("3"), `source` a source slug
    and `speaker` a speaker's name. Empty or meaningless queries give no results.
    """
    return SearchResults(query, standard=standard, source=source, speaker=speaker)


def reindex_source(source: Source) -> None:
    """Fill in any missing full-text vectors for one source's passages.

    Triggers keep the index in step on both databases, so this only repairs PostgreSQL
    rows written while triggers were off (a data-only restore, say). It rewrites nothing
    else: updating every row on each import would double the table and slow every search.
    """
    if connection.vendor != "postgresql":
        return
    Passage.objects.filter(source=source, search_vector__isnull=True).update(
        search_vector=SearchVector("text", weight="A", config="english")
    )
