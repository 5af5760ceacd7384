"""The one ranking of standards for a text: each primary statement's cues found in it, weighed,
and a suggestion per standard naming its best statement with a reason quoting the writer's words.
"""

import bisect
import math
from dataclasses import asdict, dataclass, field

from corpus.cues import SENTENCE_RE, Cue, cue_for, telling, word_tokens
from corpus.models import Statement

# How much a standard's other statements add to its best one's score.
OTHERS_WEIGHT = 0.15


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
    statement: str
    summary: str
    cues: list[Cue]


@dataclass
class _Evidence:
    """What a text says that supports one statement."""

    document: _Document
    score: float
    terms: list[str]  # the text's own words, strongest first
    keys: frozenset  # the different cues ("engage" and "engagement" are one)
    words: frozenset[str]  # the telling words of the cues found (`cues.telling`)
    strong: bool  # a phrase the text writes out, a rare word or a term of the trade
    sentences: int = 1  # how many of the text's sentences hold a cue


class Index:
    """Each primary statement's cues: its keywords, the standards' own vocabulary."""

    def __init__(self, statements: list[Statement], valid: set[str]):
        self.valid = valid
        self.documents = []
        for statement in statements:
            cues: dict[tuple[str, ...], Cue] = {}
            for phrase in statement.keywords:
                cue = cue_for(phrase)
                if cue and (cue.lemmas not in cues or cues[cue.lemmas].weight < cue.weight):
                    cues[cue.lemmas] = cue
            self.documents.append(
                _Document(
                    statement.standard.number,
                    statement.number,
                    statement.summary,
                    sorted(cues.values(), key=lambda cue: -len(cue.lemmas)),
                )
            )

    def evidence(self, text: str) -> list[_Evidence]:
        """Every statement the text gives evidence for, best first."""
        tokens = word_tokens(text)
        lemmas = [token.lemma for token in tokens]
        breaks = [match.start() for match in SENTENCE_RE.finditer(text)]
        places: dict[str, list[int]] = {}
        for i, lemma in enumerate(lemmas):
            places.setdefault(lemma, []).append(i)
        found = []
        for document in self.documents:
            score = 0.0
            keys: set[tuple[str, ...] | str] = set()
            words: set[str] = set()
            strong = False
            spans: list[tuple[float, int, int]] = []
            said_in: set[int] = set()  # the sentences holding a cue
            covered: set[int] = set()  # words a longer cue has used: "lived experience" in
            for cue in document.cues:  # "people with lived experience" is one cue, not two
                n = len(cue.lemmas)
                hits = [
                    i
                    for i in places.get(cue.lemmas[0], ())
                    if tuple(lemmas[i : i + n]) == cue.lemmas
                    and not covered.issuperset(range(i, i + n))
                ]
                if not hits:
                    continue
                for i in hits:
                    covered.update(range(i, i + n))
                    said_in.add(bisect.bisect(breaks, tokens[i].start))
                # "engage" and "engagement" are one cue said twice, not two cues
                keys.add(cue.lemmas if n > 1 else cue.lemmas[0][:6])
                words |= telling(cue.lemmas) or {" ".join(cue.lemmas)}
                # A cue said again adds a little, not as much as a second cue.
                score += cue.weight * (1 + 0.25 * math.log(len(hits)))
                first = tokens[hits[0]]
                last = tokens[hits[0] + n - 1]
                spans.append((cue.weight, first.start, last.end))
                # One word of the text is one word, whatever it stands for ("Twitter").
                written_out = n == 1 or first.start != last.start
                strong = strong or first.short_form or (cue.strong and written_out)
            if not spans:
                continue
            spans.sort(key=lambda span: (-span[0], span[1]))
            terms: list[str] = []
            for _, start, end in spans:
                term = text[start:end]
                if not any(term.lower() in kept.lower() or kept.lower() in term.lower()
                           for kept in terms):  # fmt: skip
                    terms.append(term)
            evidence = _Evidence(
                document, score, terms[:3], frozenset(keys), frozenset(words), strong, len(said_in)
            )
            found.append(evidence)
        found.sort(key=lambda e: -e.score)
        return found

    def rank(
        self,
        text: str,
        *,
        minimum: float = 0.0,
        cues: int = 1,
        sentences: int = 1,
        topic: frozenset[str] = frozenset(),
    ) -> list[Suggestion]:
        """One suggestion per standard the text supports, best first, each naming its best
        statement among those with at least `cues` different cues, said in at least
        `sentences` sentences unless one of them is strong (a passage that keeps coming back
        to a statement, or says it in its own words, is on it; one listing "open, honest and
        transparent" in passing is not).

        Never one shared word alone: a standard needs a strong cue or two different cues
        across its statements, and a score (its best statement's, with a little from its
        others) of at least `minimum`.

        `topic`: the telling words (`cues.telling`) of what the text's setting is about, such as
        an episode's title and summary. They are said in passing all through it, so a statement
        needs a cue beyond them.
        """
        by_standard: dict[str, list[_Evidence]] = {}
        for evidence in self.evidence(text):
            by_standard.setdefault(evidence.document.standard, []).append(evidence)
        ranked = []
        for found in by_standard.values():
            keys = frozenset().union(*(e.keys for e in found))
            eligible = [
                e
                for e in found
                if len(e.keys) >= cues
                and (e.strong or e.sentences >= sentences)
                and not e.words <= topic
            ]
            if not eligible or not (any(e.strong for e in found) or len(keys) >= 2):
                continue
            best = eligible[0]
            score = best.score + OTHERS_WEIGHT * sum(e.score for e in found if e is not best)
            if score < minimum:
                continue
            ranked.append(
                Suggestion(
                    best.document.standard,
                    best.document.statement,
                    score,
                    [_reason(best.terms, best.document)],
                    best.terms,
                    best.document.summary,
                )
            )
        ranked.sort(key=lambda s: -s.score)
        return ranked


def quoted(terms: list[str]) -> str:
    quoted = [f"“{term}”" for term in terms]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _reason(terms: list[str], document: _Document) -> str:
    return (
        f"You wrote about {quoted(terms)}; statement {document.statement} is about that: "
        f"{lower_first(document.summary)}"
    )
