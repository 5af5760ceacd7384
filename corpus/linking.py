"""Links from passages to standards, and the one ranking used everywhere to suggest them.

Order of trust: a passage that names a standard ("standard 6", "6.3") is linked explicitly;
an episode about a standard links all its passages; otherwise a lexical ranker over the
statement summaries and a curated vocabulary suggests links with a score. An editor's
decision (reviewed_at set, or a rejection) is never overwritten.
"""

import math
import re
from collections import Counter
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

    def as_dict(self) -> dict:
        data = asdict(self)
        data["score"] = round(self.score, 3)
        return data


@dataclass
class _Document:
    standard: str
    statement: str | None
    terms: Counter
    phrases: list[str]


class _Index:
    """BM25 over each statement's summary and keywords plus its standard's vocabulary."""

    def __init__(self, statements: list[Statement], valid: set[str]):
        self.valid = valid
        self.documents = []
        for statement in statements:
            words = " ".join([statement.summary, *statement.keywords, *statement.standard.keywords])
            phrases = [
                k.lower() for k in [*statement.keywords, *statement.standard.keywords] if " " in k
            ]
            self.documents.append(
                _Document(
                    statement.standard.number, statement.number, Counter(_tokens(words)), phrases
                )
            )
        self.average = sum(sum(d.terms.values()) for d in self.documents) / max(
            len(self.documents), 1
        )
        frequency = Counter(t for d in self.documents for t in d.terms)
        n = len(self.documents)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}

    def rank(self, text: str) -> list[Suggestion]:
        query = Counter(_tokens(text))
        original: dict[str, str] = {}
        for word in re.findall(r"[a-z][a-z'-]+", text.lower()):
            original.setdefault(_stem(word), word)
        lowered = text.lower()
        scored = []
        for doc in self.documents:
            score, matched = 0.0, []
            length = sum(doc.terms.values())
            for term in query:
                tf = doc.terms.get(term, 0)
                if tf:
                    score += (
                        self.idf[term]
                        * tf
                        * 2.2
                        / (tf + 1.2 * (0.25 + 0.75 * length / self.average))
                    )
                    matched.append(original.get(term, term))
            for phrase in doc.phrases:
                if phrase in lowered:
                    score += 1.5
                    matched.append(phrase)
            if score > 0:
                scored.append(
                    Suggestion(
                        doc.standard,
                        doc.statement,
                        score,
                        [f"mentions {', '.join(sorted(set(matched))[:5])}"],
                    )
                )
        scored.sort(key=lambda s: -s.score)
        return scored


_cache: dict = {}


def _index() -> _Index:
    statements = list(
        Statement.objects.filter(standard__framework__is_primary=True).select_related("standard")
    )
    key = tuple(
        (s.pk, s.summary, tuple(s.keywords), tuple(s.standard.keywords)) for s in statements
    )
    if _cache.get("key") != key:
        valid = {s.number for s in statements} | {s.standard.number for s in statements}
        _cache.update(key=key, index=_Index(statements, valid))
    return _cache["index"]


def suggest(text: str, *, limit: int = 5) -> list[Suggestion]:
    """Standards for a text, best first: named ones, then the ranker's, one per standard."""
    index = _index()
    results: list[Suggestion] = []
    for standard, statement in explicit_references(text):
        if (statement or standard) in index.valid:
            label = f"standard {statement or standard}"
            results.append(Suggestion(standard, statement, EXPLICIT_SCORE, [f"names {label}"]))
    seen = {s.standard for s in results}
    for suggestion in index.rank(text):
        if suggestion.standard not in seen:
            seen.add(suggestion.standard)
            results.append(suggestion)
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
        for standard_number in episode_topics.get(passage.episode_id, []):
            key = (passage.pk, standards[standard_number].pk, None)
            if standard_number not in named and key not in wanted:
                wanted[key] = (
                    PassageLink.Kind.EPISODE,
                    EPISODE_SCORE,
                    f"The episode is about standard {standard_number}",
                )
        if passage.kind == Passage.Kind.COMMENT or len(passage.text) < 120:
            continue
        linked = {k[1] for k in wanted if k[0] == passage.pk}
        picked = 0
        for suggestion in index.rank(passage.text):
            standard = standards[suggestion.standard]
            if suggestion.score < SUGGEST_THRESHOLD or picked >= SUGGESTIONS_PER_PASSAGE:
                break
            if standard.pk in linked:
                continue
            linked.add(standard.pk)
            picked += 1
            wanted[(passage.pk, standard.pk, None)] = (
                PassageLink.Kind.SUGGESTED,
                round(suggestion.score, 3),
                "Suggested: " + "; ".join(suggestion.reasons),
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
