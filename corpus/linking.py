"""Links from passages to standards, and the one ranking used everywhere to suggest them.

Order of trust: a passage that names a standard ("standard 6", "6.3") is linked explicitly;
an episode about a standard links all its passages; otherwise a lexical ranker over the
statement summaries and a curated vocabulary suggests links with a score. An editor's
decision (reviewed_at set, or a rejection) is never overwritten.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.db import transaction

from corpus.models import Passage, PassageLink, Source, Standard, Statement

# "standard 6", "standards 2.4 and 2.5", "professional standard 6.3", "standard 2.4, 2.5 or 3"
REFERENCE_RE = re.compile(
    r"\bstandards?\s+((?:\d{1,2}(?:\.\d{1,2})?)(?:\s*(?:,|and|&|or|to)\s*\d{1,2}(?:\.\d{1,2})?)*)",
    re.IGNORECASE,
)
NUMBER_RE = re.compile(r"\d{1,2}(?:\.\d{1,2})?")
# A bare "6.3" counts only when the text is about standards.
BARE_STATEMENT_RE = re.compile(
    r"(?<![\d.£$:])\b([1-6])\.(\d{1,2})\b(?![\d.]*\s*(?:million|billion|%|per cent|km|kg|m\b))"
)
STANDARDS_CONTEXT_RE = re.compile(r"\b(standards?|statements?)\b", re.IGNORECASE)

SUGGEST_THRESHOLD = 2.5
SUGGESTIONS_PER_PASSAGE = 2
# Shorter passages (a greeting, "Thanks for listening") get a link only by naming a standard.
MIN_LINKED_CHARS = 120
EXPLICIT_SCORE = 10.0
EPISODE_SCORE = 3.0

STOP_WORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "can",
    "do",
    "for",
    "from",
    "had",
    "has",
    "have",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "me",
    "my",
    "not",
    "of",
    "on",
    "or",
    "our",
    "so",
    "that",
    "the",
    "their",
    "them",
    "there",
    "they",
    "this",
    "to",
    "was",
    "we",
    "were",
    "what",
    "when",
    "which",
    "who",
    "will",
    "with",
    "you",
    "your",
    "about",
    "also",
    "how",
    "more",
    "people",
    "would",
    "just",
    "like",
    "really",
    "think",
    "know",
    # Words that join a sentence but say nothing of a standard ("You wrote about 'through'").
    "after",
    "because",
    "before",
    "over",
    "some",
    "than",
    "then",
    "these",
    "those",
    "through",
    "very",
    "while",
}


def _stem(word: str) -> str:
    for suffix in ("ational", "ations", "ation", "ingly", "ings", "ing", "ively", "ive", "ness",
                   "ments", "ment", "ities", "ity", "ions", "ion", "ers", "er", "ies", "ied",
                   "es", "ed", "ly", "s"):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _tokens(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in STOP_WORDS]


def explicit_references(text: str) -> list[tuple[str, str | None]]:
    """Standards and statements a text names, in order, without repeats."""
    found: list[tuple[str, str | None]] = []

    def add(number: str) -> None:
        standard, _, statement = number.partition(".")
        if not 1 <= int(standard) <= 6:
            return
        ref = (standard, number if statement else None)
        if ref not in found:
            found.append(ref)

    for match in REFERENCE_RE.finditer(text):
        for number in NUMBER_RE.findall(match.group(1)):
            add(number)
    if STANDARDS_CONTEXT_RE.search(text):
        for match in BARE_STATEMENT_RE.finditer(text):
            add(f"{match.group(1)}.{match.group(2)}")
    return found


@dataclass
class Suggestion:
    standard: str
    statement: str | None
    score: float
    reasons: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # the writer's own words that matched
    summary: str = ""  # the statement's summary

    def as_dict(self) -> dict:
        data = asdict(self)
        data["score"] = round(self.score, 3)
        return data


@dataclass
class _Document:
    standard: str
    statement: str | None
    summary: str
    terms: Counter
    own: frozenset  # terms from the statement itself, not its standard's shared vocabulary
    phrases: list[str]


# Words too common in reflective writing to be a reason on their own.
GENERIC = frozenset(
    _stem(w)
    for w in [
        "own",
        "practice",
        "work",
        "working",
        "social",
        "worker",
        "workers",
        "make",
        "made",
        "felt",
        "feel",
        "help",
        "helped",
        "time",
        "way",
        "need",
        "needs",
        "thing",
        "things",
        "good",
        "better",
        "each",
        "every",
        "other",
        "others",
        "some",
    ]
)


@dataclass
class _Match:
    document: _Document
    score: float
    own_score: float
    terms: list[str]


class _Index:
    """BM25 over each statement's summary and keywords plus its standard's vocabulary."""

    def __init__(self, statements: list[Statement], valid: set[str]):
        self.valid = valid
        self.documents = []
        for statement in statements:
            own = " ".join([statement.summary, *statement.keywords])
            words = " ".join([own, *statement.standard.keywords])
            phrases = [
                k.lower() for k in [*statement.keywords, *statement.standard.keywords] if " " in k
            ]
            self.documents.append(
                _Document(
                    statement.standard.number,
                    statement.number,
                    statement.summary,
                    Counter(_tokens(words)),
                    frozenset(_tokens(own)),
                    phrases,
                )
            )
        self.average = sum(sum(d.terms.values()) for d in self.documents) / max(
            len(self.documents), 1
        )
        frequency = Counter(t for d in self.documents for t in d.terms)
        n = len(self.documents)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}

    def matches(self, text: str) -> list[_Match]:
        """Every statement the text shares words with, best first."""
        query = Counter(_tokens(text))
        original: dict[str, str] = {}  # each stem as the writer first wrote it
        for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
            original.setdefault(_stem(word.lower()), word)
        lowered = text.lower()
        found = []
        for doc in self.documents:
            score = own_score = 0.0
            weighted: list[tuple[float, str]] = []
            length = sum(doc.terms.values())
            for term in query:
                tf = doc.terms.get(term, 0)
                if not tf:
                    continue
                gain = (
                    self.idf[term] * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / self.average))
                )
                score += gain
                if term in GENERIC:
                    continue
                if term in doc.own:
                    own_score += gain
                weighted.append((gain + (1.0 if term in doc.own else 0.0), original[term]))
            for phrase in doc.phrases:
                if phrase in lowered:
                    score += 1.5
                    own_score += 1.5
                    weighted.append((3.0, phrase))
            if score > 0:
                weighted.sort(key=lambda pair: -pair[0])
                terms: list[str] = []
                for _, word in weighted:
                    if not any(
                        word.lower() in kept.lower() or kept.lower() in word.lower()
                        for kept in terms
                    ):
                        terms.append(word)
                found.append(_Match(doc, score, own_score, terms[:3]))
        found.sort(key=lambda m: -m.score)
        return found

    def rank(self, text: str) -> list[Suggestion]:
        """One suggestion per standard, best first, each with the statement fitting best.

        A standard's score is its best statement's (with the standard's shared vocabulary);
        the statement shown is the one whose own words match most.
        """
        by_standard: dict[str, list[_Match]] = {}
        for match in self.matches(text):
            by_standard.setdefault(match.document.standard, []).append(match)
        ranked = []
        for matches in by_standard.values():
            best = max(matches, key=lambda m: (m.own_score, m.score))
            score = matches[0].score
            ranked.append(
                Suggestion(
                    best.document.standard,
                    best.document.statement,
                    score,
                    [_reason(best.terms, best.document)] if best.terms else [],
                    best.terms,
                    best.document.summary,
                )
            )
        ranked.sort(key=lambda s: -s.score)
        return ranked


def _quoted(terms: list[str]) -> str:
    quoted = [f"“{term}”" for term in terms]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _reason(terms: list[str], document: _Document) -> str:
    return (
        f"You wrote about {_quoted(terms)}; statement {document.statement} is about that: "
        f"{_lower_first(document.summary)}"
    )


_cache: dict = {}


def _index(statements: list[Statement] | None = None) -> _Index:
    """The ranking index of the primary statements, rebuilt only when their words change.

    `statements`: the primary statements with their standards, when the caller has them
    already (the editor's form does); otherwise the check reads plain values, not model
    instances, as it runs on every suggestion.
    """
    if statements is None:
        primary = Statement.objects.filter(standard__framework__is_primary=True)
        rows = primary.values_list("pk", "summary", "keywords", "standard__keywords")
    else:
        rows = [(s.pk, s.summary, s.keywords, s.standard.keywords) for s in statements]
    key = tuple(
        (pk, summary, tuple(keywords), tuple(standard_keywords))
        for pk, summary, keywords, standard_keywords in sorted(rows)
    )
    if _cache.get("key") != key:
        if statements is None:
            statements = list(primary.select_related("standard"))
        valid = {s.number for s in statements} | {s.standard.number for s in statements}
        _cache.update(key=key, index=_Index(statements, valid))
    return _cache["index"]


# Suggestions in the editor: at most three standards, and only those near the best one.
MAX_SUGGESTIONS = 3
MIN_SUGGEST_SCORE = 1.5
RELATIVE_CUTOFF = 0.45


def suggest(
    text: str,
    *,
    limit: int = MAX_SUGGESTIONS,
    exclude_standards: Iterable[str] = (),
    ignore: Iterable[str] = (),
    statements: list[Statement] | None = None,
) -> list[Suggestion]:
    """Standards for a text, best first: named ones, then the ranker's, one per standard.

    At most three, each with its best statement and a reason quoting the writer's words.
    `exclude_standards` are numbers already ticked, never offered again; `ignore` is text
    the writer did not write, such as the title "Reflect on this" filled in, so that no
    suggestion rests only on it. `statements` as _index takes them.
    """
    for part in ignore:
        if part and part.strip():
            text = text.replace(part, " ")
    excluded = {str(number) for number in exclude_standards}
    limit = min(limit, MAX_SUGGESTIONS)
    index = _index(statements)
    results: list[Suggestion] = []
    for standard, statement in explicit_references(text):
        if standard in excluded or (statement or standard) not in index.valid:
            continue
        if any(s.standard == standard for s in results):
            continue
        kind = "statement" if statement else "standard"
        reason = f"You name {kind} {statement or standard}"
        results.append(Suggestion(standard, statement, EXPLICIT_SCORE, [reason]))
    ranked = [s for s in index.rank(text) if s.standard not in excluded and s.terms]
    if ranked:
        floor = max(MIN_SUGGEST_SCORE, RELATIVE_CUTOFF * ranked[0].score)
        seen = {s.standard for s in results}
        results += [s for s in ranked if s.score >= floor and s.standard not in seen]
    return results[:limit]


def _wanted_links(source: Source) -> dict[tuple[int, int, int | None], tuple[str, float, str]]:
    standards = {s.number: s for s in Standard.objects.filter(framework__is_primary=True)}
    statements = {
        s.number: s for s in Statement.objects.filter(standard__framework__is_primary=True)
    }
    wanted: dict[tuple[int, int, int | None], tuple[str, float, str]] = {}
    episode_topics: dict[int, list[str]] = {}
    for episode in source.episodes.all():
        refs = explicit_references(f"{episode.title}. {episode.summary}")
        episode_topics[episode.pk] = [standard for standard, _ in refs if standard in standards]
    index = _index()
    for passage in Passage.objects.filter(source=source).only("pk", "text", "episode_id", "kind"):
        named = set()
        for standard_number, statement_number in explicit_references(passage.text):
            standard = standards.get(standard_number)
            statement = statements.get(statement_number) if statement_number else None
            if standard is None or (statement_number and statement is None):
                continue
            named.add(standard_number)
            key = (passage.pk, standard.pk, statement.pk if statement else None)
            wanted[key] = (
                PassageLink.Kind.EXPLICIT,
                EXPLICIT_SCORE,
                f"Names “standard {statement_number or standard_number}”",
            )
        # Only a passage that says something is linked for its episode or its words: not
        # "We hope you enjoy the conversation." (a passage naming a standard always is).
        if passage.kind == Passage.Kind.COMMENT or len(passage.text) < MIN_LINKED_CHARS:
            continue
        for standard_number in episode_topics.get(passage.episode_id, []):
            key = (passage.pk, standards[standard_number].pk, None)
            if standard_number not in named and key not in wanted:
                wanted[key] = (
                    PassageLink.Kind.EPISODE,
                    EPISODE_SCORE,
                    f"The episode is about standard {standard_number}",
                )
        linked = {k[1] for k in wanted if k[0] == passage.pk}
        picked = 0
        for suggestion in index.rank(passage.text):
            standard = standards[suggestion.standard]
            if suggestion.score < SUGGEST_THRESHOLD or picked >= SUGGESTIONS_PER_PASSAGE:
                break
            if standard.pk in linked or not suggestion.terms:
                continue  # as in the editor: a link says which of the passage's words it rests on
            linked.add(standard.pk)
            picked += 1
            wanted[(passage.pk, standard.pk, None)] = (
                PassageLink.Kind.SUGGESTED,
                round(suggestion.score, 3),
                f"Suggested: it talks about {_quoted(suggestion.terms)}, as statement "
                f"{suggestion.statement} does",
            )
    return wanted


@transaction.atomic
def link_source(source: Source) -> dict[str, int]:
    """(Re)compute a source's links; reviewed and rejected links are left as editors set them."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    wanted = _wanted_links(source)
    existing = {
        (link.passage_id, link.standard_id, link.statement_id): link
        for link in PassageLink.objects.filter(passage__source=source)
    }
    for key, (kind, score, reason) in wanted.items():
        link = existing.get(key)
        if link is None:
            PassageLink.objects.create(
                passage_id=key[0],
                standard_id=key[1],
                statement_id=key[2],
                kind=kind,
                score=score,
                reason=reason,
            )
            counts["created"] += 1
        elif link.reviewed_at or link.status == PassageLink.Status.REJECTED:
            counts["unchanged"] += 1
        elif (link.kind, link.score, link.reason) != (kind, score, reason):
            link.kind, link.score, link.reason = kind, score, reason
            link.save(update_fields=["kind", "score", "reason"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    stale = [
        link.pk
        for key, link in existing.items()
        if key not in wanted
        and not link.reviewed_at
        and link.kind != PassageLink.Kind.CURATED
        and link.status != PassageLink.Status.REJECTED
    ]
    if stale:
        PassageLink.objects.filter(pk__in=stale).delete()
        counts["removed"] = len(stale)
    return counts
