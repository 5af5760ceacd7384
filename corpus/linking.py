"""Links from passages to standards, and the one ranking used everywhere to suggest them.

Evidence is what a reader would accept, and every link and suggestion names its statement with a
reason quoting the words it rests on:

- a passage naming a standard of this framework ("standard 6", "6.3" where it talks about the
  standards) is linked explicitly, except where it names them in an introduction, a trailer or a
  sign-off ("Join us next time for standard 3") or under another framework's heading;
- otherwise a statement is supported by cues from the standards' own vocabulary (each statement's
  keywords, `corpus/standards/swe.yaml`), read after lemmatising ("reflecting" ~ "reflect") and
  after spelling out practitioners' short forms (`vocabulary.yaml`: s47, MCA ...). A phrase
  ("right to complain"), a rare word ("whistleblowing") or a term of the trade is a cue on its
  own; other words need company (two different ones), are weighed by how rare they are in
  English, and the commonest words and everyday verbs ("get", "right", "follow", "mind") never
  count. A link needs two different cues for the statement it names, in two sentences unless
  one of them is strong;
- an episode about a standard links only those of its passages that are on that standard;
- introductions, biographies, thanks and sign-offs get no link.

An editor's decision (reviewed_at set, or a rejection) is never overwritten.
"""

import bisect
import functools
import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import simplemma
import yaml
from django.db import transaction
from wordfreq import zipf_frequency

from corpus.models import Passage, PassageLink, Source, Standard, Statement

# Bumped whenever the linker's rules change. With the vocabulary and the statements' keywords it
# makes the stamp a source's links carry (Source.linked_with): `import_corpus` relinks every
# source whose stamp is not today's, bundled or uploaded (relink_stale).
LINKER_VERSION = "3"

VOCABULARY_FILE = Path(__file__).resolve().parent / "standards" / "vocabulary.yaml"

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
# A sentence naming another framework: its numbers and "standards" are that framework's.
OTHER_FRAMEWORK_RE = re.compile(
    r"\b(PCF|Professional Capabilities Framework|Knowledge and Skills|KSS|Post-Qualifying|"
    r"SSSC|Scottish Social Services Council|Codes? of Practice|BASW|HCPC|IFSW)\b",
    re.IGNORECASE,
)
# A section number opening a heading or a paragraph ("2.1 BASW's refreshed ...", "4.1 Signs of
# Safety") numbers the document, not a standard.
SECTION_NUMBER_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z‘'\"“]")

# A passage that opens by framing the conversation (a greeting, an introduction, a biography) is
# not evidence of anything, whatever it goes on to mention.
INTRODUCTION_RE = re.compile(
    r"\b(welcome(?: to|,| everybody| everyone| back)|hi,? (?:i'?m|welcome|everyone)|"
    r"introduce (?:yourself|yourselves|myself)|my name(?:'s| is)|"
    r"(?:i'?m|we'?re|we are|i am) (?:joined|really pleased to join)|joined (?:today )?by|"
    r"in this (?:episode|series|podcast)|today'?s (?:podcast|episode)|this (?:special )?report|"
    r"shares? (?:her|his|their) (?:own )?experiences?|we (?:also )?discuss|top tips|"
    r"bit of background|background about myself|my background|my (?:social work )?career|"
    r"i (?:have )?(?:been )?qualified|i'?ve been qualified|i (?:studied|volunteered)|"
    r"i(?:'ve| have) worked (?:for|in|as|at)|i work for|i only ever worked|i transitioned|"
    r"throughout my studying|i did (?:my |statutory )?placements?|"
    r"i'?m (?:the|a|an) (?:[a-z-]+ ){0,5}(?:manager|worker|lead|officer|chair|director|member))\b",
    re.IGNORECASE,
)
# Sentences of thanks, trailers and sign-offs: neither evidence nor an explicit reference.
SIGN_OFF_RE = re.compile(
    r"\b(thanks?(?: you)?(?: again| so much| very much| both| all| everybody|,? for (?:joining|"
    r"listening|having|inviting|taking the time|being with))|thank you (?:to|both|so much|"
    r"very much|for)|follow us|join us|see you (?:soon|next)|hope you(?:'ve| have)? enjoy|"
    r"subscribe|hashtag|our website|(?:next|last) episode|show notes|sponsored by|"
    r"brought to you by|(?:leave|give) us a (?:review|rating)|link (?:is )?in the description)\b",
    re.IGNORECASE,
)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\n+")
WORD_RE = re.compile(r"[A-Za-z]+\d*|\d+")

# Words never evidence however they are used: everyday verbs and words of every conversation.
EVERYDAY = frozenset({
    "be", "have", "do", "get", "make", "go", "come", "take", "give", "put", "bring", "use",
    "keep", "let", "say", "tell", "ask", "know", "think", "feel", "see", "look", "want", "need",
    "try", "seem", "mean", "find", "follow", "mind", "right", "part", "full", "may", "can",
    "will", "thing", "way", "lot", "really", "just", "also", "people", "person", "time", "day",
    "week", "work", "worker", "social", "good", "new", "well", "same",
})  # fmt: skip
# A single word this common in English (Zipf scale) is never a cue on its own.
COMMON_ZIPF = 5.6
# A word this common ("up", "to", "going") is a word of every conversation.
FUNCTION_ZIPF = 6.0
# A word this rare ("whistleblowing", "backdate") is as telling as a phrase.
RARE_ZIPF = 3.2
PHRASE_WEIGHT = 2.5
# How much a standard's other statements add to its best one's score.
OTHERS_WEIGHT = 0.15


@functools.lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word.lower(), lang="en").lower()


def warm_up() -> None:
    """Load the English lemmas and the vocabulary now (a second and a half, about 30 MB), as a
    web worker starts, rather than on someone's first suggestion; no database needed."""
    _lemma("reflecting")
    _vocabulary()


@functools.lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, tuple[str, bool]], dict[str, tuple[str, bool]]]:
    """Each term's meaning, and whether it is a term of the trade ("s47") rather than a plain
    name for something ("Twitter" for social media)."""
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    any_case = {term.lower(): (meaning, True) for term, meaning in data["terms"].items()}
    any_case |= {term.lower(): (meaning, False) for term, meaning in data["same_as"].items()}
    exact = {term: (meaning, True) for term, meaning in data["exact_case"].items()}
    return any_case, exact


@dataclass(frozen=True)
class _Token:
    lemma: str
    start: int
    end: int
    short_form: bool = False  # a term of the trade spelled out from the vocabulary


def _tokens(text: str) -> list[_Token]:
    """The text's words as lemmas, each with its place in the text; short forms spelled out
    (every word of the meaning keeps the short form's place, so a reason quotes "s47")."""
    any_case, exact = _vocabulary()
    tokens = []
    for match in WORD_RE.finditer(text):
        word = match.group()
        meaning, trade = exact.get(word) or any_case.get(word.lower()) or (None, False)
        if meaning:
            tokens += [
                _Token(_lemma(part), match.start(), match.end(), trade)
                for part in WORD_RE.findall(meaning)
            ]
        else:
            tokens.append(_Token(_lemma(word), match.start(), match.end()))
    return tokens


@dataclass(frozen=True)
class _Cue:
    lemmas: tuple[str, ...]
    weight: float
    strong: bool  # evidence on its own: a phrase, or a word rarely used outside the field


def _cue(phrase: str) -> _Cue | None:
    """A keyword as a cue, or None when it is no evidence (a common or everyday word)."""
    lemmas = tuple(token.lemma for token in _tokens(phrase))
    if not lemmas:
        return None
    if len(lemmas) == 2 and all(map(_everyday, lemmas)):
        # Two words of every conversation ("same day", "take part", "keep up") say many things:
        # such a phrase counts, but needs company, as a common word does.
        return _Cue(lemmas, PHRASE_WEIGHT, False)
    if len(lemmas) > 1:
        return _Cue(lemmas, PHRASE_WEIGHT, True)
    [lemma] = lemmas
    if lemma in EVERYDAY or len(lemma) < 2:
        return None
    zipf = min(_zipf(lemma), _zipf(phrase.lower()))
    if zipf >= COMMON_ZIPF:
        return None
    return _Cue(lemmas, round(min(2.5, max(0.4, 6.0 - zipf)), 2), zipf < RARE_ZIPF)


def _zipf(word: str) -> float:
    # wordfreq's small English list (3 MB) has every word down to Zipf 3, all this needs.
    return zipf_frequency(word, "en", wordlist="small")


def _everyday(lemma: str) -> bool:
    """A word of every conversation: an everyday word, or one as common as "up" or "to"."""
    return lemma in EVERYDAY or _zipf(lemma) >= FUNCTION_ZIPF


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
    cues: list[_Cue]


@dataclass
class _Evidence:
    """What a text says that supports one statement."""

    document: _Document
    score: float
    terms: list[str]  # the text's own words, strongest first
    keys: frozenset  # the different cues ("engage" and "engagement" are one)
    strong: bool  # a phrase the text writes out, a rare word or a term of the trade
    sentences: int = 1  # how many of the text's sentences hold a cue


class _Index:
    """Each primary statement's cues: its keywords, the standards' own vocabulary."""

    def __init__(self, statements: list[Statement], valid: set[str]):
        self.valid = valid
        self.documents = []
        for statement in statements:
            cues: dict[tuple[str, ...], _Cue] = {}
            for phrase in statement.keywords:
                cue = _cue(phrase)
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
        tokens = _tokens(text)
        lemmas = [token.lemma for token in tokens]
        breaks = [match.start() for match in SENTENCE_RE.finditer(text)]
        places: dict[str, list[int]] = {}
        for i, lemma in enumerate(lemmas):
            places.setdefault(lemma, []).append(i)
        found = []
        for document in self.documents:
            score = 0.0
            keys: set[tuple[str, ...] | str] = set()
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
            found.append(
                _Evidence(document, score, terms[:3], frozenset(keys), strong, len(said_in))
            )
        found.sort(key=lambda e: -e.score)
        return found

    def rank(
        self, text: str, *, minimum: float = 0.0, cues: int = 1, sentences: int = 1
    ) -> list[Suggestion]:
        """One suggestion per standard the text supports, best first, each naming its best
        statement among those with at least `cues` different cues, said in at least
        `sentences` sentences unless one of them is strong (a passage that keeps coming back
        to a statement, or says it in its own words, is on it; one listing "open, honest and
        transparent" in passing is not).

        Never one shared word alone: a standard needs a strong cue or two different cues
        across its statements, and a score (its best statement's, with a little from its
        others) of at least `minimum`.
        """
        by_standard: dict[str, list[_Evidence]] = {}
        for evidence in self.evidence(text):
            by_standard.setdefault(evidence.document.standard, []).append(evidence)
        ranked = []
        for found in by_standard.values():
            keys = frozenset().union(*(e.keys for e in found))
            eligible = [
                e for e in found if len(e.keys) >= cues and (e.strong or e.sentences >= sentences)
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


def _references(text: str) -> list[tuple[str, str | None, str]]:
    """(standard, statement or None, the words naming it) for each reference, in order."""
    found: list[tuple[str, str | None, str]] = []

    def add(number: str, words: str) -> None:
        standard, _, statement = number.partition(".")
        if not 1 <= int(standard) <= 6:
            return
        if not any(f[:2] == (standard, number if statement else None) for f in found):
            found.append((standard, number if statement else None, words))

    for match in REFERENCE_RE.finditer(text):
        for number in NUMBER_RE.findall(match.group(1)):
            add(number, match.group().strip())
    if STANDARDS_CONTEXT_RE.search(text):
        for match in BARE_STATEMENT_RE.finditer(text):
            add(f"{match.group(1)}.{match.group(2)}", match.group())
    return found


def explicit_references(text: str) -> list[tuple[str, str | None]]:
    """Standards and statements a text names, in order, without repeats."""
    return [(standard, statement) for standard, statement, _ in _references(text)]


_cache: dict = {}


def _index(statements: list[Statement] | None = None) -> _Index:
    """The ranking index of the primary statements, rebuilt only when their words change.

    `statements`: the primary statements with their standards, when the caller has them
    already (the editor's form does); otherwise the check reads plain values, not model
    instances, as it runs on every suggestion.
    """
    if statements is None:
        primary = Statement.objects.filter(standard__framework__is_primary=True)
        rows = primary.values_list("pk", "summary", "keywords", "standard__number")
    else:
        rows = [(s.pk, s.summary, s.keywords, s.standard.number) for s in statements]
    key = tuple(
        (pk, summary, tuple(keywords), standard)
        for pk, summary, keywords, standard in sorted(rows, key=lambda row: row[0])
    )
    if _cache.get("key") != key:
        if statements is None:
            statements = list(primary.select_related("standard"))
        valid = {s.number for s in statements} | {s.standard.number for s in statements}
        digest = hashlib.sha256(repr((LINKER_VERSION, _vocabulary(), key)).encode())
        _cache.update(key=key, index=_Index(statements, valid), stamp=digest.hexdigest()[:16])
    return _cache["index"]


def linker_stamp() -> str:
    """What links computed today rest on: the linker's rules, the vocabulary and the primary
    statements' keywords, as a short digest."""
    _index()
    return _cache["stamp"]


# Suggestions in the editor: at most three standards, and only those near the best one.
MAX_SUGGESTIONS = 3
MIN_SUGGEST_SCORE = 2.0
RELATIVE_CUTOFF = 0.5


def suggest(
    text: str,
    *,
    limit: int = MAX_SUGGESTIONS,
    exclude_standards: Iterable[str] = (),
    ignore: Iterable[str] = (),
    statements: list[Statement] | None = None,
) -> list[Suggestion]:
    """Standards for a text, best first: named ones, then those its words support.

    At most three, one per standard, each with its best statement and a reason quoting the
    writer's words; nothing when the text gives no evidence. `exclude_standards` are numbers
    already ticked, never offered again; `ignore` is text the writer did not write, such as the
    title "Reflect on this" filled in, so that no suggestion rests only on it. `statements` as
    _index takes them.
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
    ranked = [s for s in index.rank(text, minimum=MIN_SUGGEST_SCORE) if s.standard not in excluded]
    if ranked:
        floor = RELATIVE_CUTOFF * ranked[0].score
        seen = {s.standard for s in results}
        results += [s for s in ranked if s.score >= floor and s.standard not in seen]
    return results[:limit]


# Links ---------------------------------------------------------------------------------------

EXPLICIT_SCORE = 10.0
# Evidence a passage needs for a link: more for the ranker's own suggestion than for a passage
# of an episode about the standard, whose topic makes the reading likelier.
SUGGEST_THRESHOLD = 3.5
EPISODE_THRESHOLD = 2.5
SUGGESTIONS_PER_PASSAGE = 2
# What is left of a passage once its framing sentences are set aside must say something, and a
# link rests on at least two different cues (a reader's "it keeps coming back to ...").
MIN_CONTENT_WORDS = 25
LINK_CUES = 2
# ... and, unless one cue is a phrase, a rare word or a term of the trade, said in two sentences:
# a passage about something else names a statement's common words once, in passing.
LINK_SENTENCES = 2


def content_of(text: str) -> str:
    """What a passage says: nothing for an introduction or a biography, otherwise the passage
    without its sentences of thanks, trailers and sign-offs."""
    sentences = [sentence for sentence in SENTENCE_RE.split(text) if sentence.strip()]
    if any(INTRODUCTION_RE.search(sentence) for sentence in sentences[:2]):
        return ""
    return " ".join(sentence for sentence in sentences if not SIGN_OFF_RE.search(sentence))


def passage_references(text: str) -> list[tuple[str, str | None, str]]:
    """References to this framework in a passage: not in its framing sentences, not a section
    number, not in a sentence naming another framework."""
    if SECTION_NUMBER_RE.match(text) and not REFERENCE_RE.match(text.strip()):
        text = SECTION_NUMBER_RE.sub(" ", text, count=1)
    found = []
    for sentence in SENTENCE_RE.split(content_of(text)):
        if OTHER_FRAMEWORK_RE.search(sentence):
            continue
        for reference in _references(sentence):
            if not any(f[:2] == reference[:2] for f in found):
                found.append(reference)
    return found


def _talks_about(suggestion: Suggestion) -> str:
    return (
        f"talks about {_quoted(suggestion.terms)}: statement {suggestion.statement}, "
        f"{_lower_first(suggestion.summary)}"
    )


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
    passages = Passage.objects.filter(source=source).only("pk", "text", "episode_id", "kind")
    for passage in passages:
        if passage.kind == Passage.Kind.COMMENT:
            continue
        named: dict[str, list[str]] = {}
        for standard_number, statement_number, words in passage_references(passage.text):
            if standard_number not in standards or (
                statement_number and statement_number not in statements
            ):
                continue
            named.setdefault(standard_number, []).append(statement_number)
            statement = statements.get(statement_number) if statement_number else None
            key = (passage.pk, standards[standard_number].pk, statement.pk if statement else None)
            wanted[key] = (PassageLink.Kind.EXPLICIT, EXPLICIT_SCORE, f"Names “{words}”")
        content = content_of(passage.text)
        if passage.kind == Passage.Kind.HEADING or len(content.split()) < MIN_CONTENT_WORDS:
            continue
        ranked = index.rank(
            content, minimum=EPISODE_THRESHOLD, cues=LINK_CUES, sentences=LINK_SENTENCES
        )
        for suggestion in ranked:
            if suggestion.standard in named and None in named[suggestion.standard]:
                # The passage names the standard: say which statement it is about.
                standard = standards[suggestion.standard]
                del wanted[(passage.pk, standard.pk, None)]
                key = (passage.pk, standard.pk, statements[suggestion.statement].pk)
                words = f"standard {suggestion.standard}"
                wanted[key] = (
                    PassageLink.Kind.EXPLICIT,
                    EXPLICIT_SCORE,
                    f"Names “{words}” and {_talks_about(suggestion)}",
                )
                named[suggestion.standard] = [suggestion.statement]
        picked = 0
        for suggestion in ranked:
            if suggestion.standard in named or picked >= SUGGESTIONS_PER_PASSAGE:
                continue
            on_topic = suggestion.standard in episode_topics.get(passage.episode_id, [])
            if not on_topic and suggestion.score < SUGGEST_THRESHOLD:
                continue
            picked += 1
            standard = standards[suggestion.standard]
            key = (passage.pk, standard.pk, statements[suggestion.statement].pk)
            if on_topic:
                wanted[key] = (
                    PassageLink.Kind.EPISODE,
                    round(suggestion.score, 3),
                    f"The episode is about standard {suggestion.standard}, and this passage "
                    f"{_talks_about(suggestion)}",
                )
            else:
                wanted[key] = (
                    PassageLink.Kind.SUGGESTED,
                    round(suggestion.score, 3),
                    f"Suggested: it {_talks_about(suggestion)}",
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
    stamp = linker_stamp()
    if source.linked_with != stamp:
        source.linked_with = stamp
        source.save(update_fields=["linked_with"])
    return counts


def relink_stale() -> dict[str, dict[str, int]]:
    """Relink every source whose links an older linker or vocabulary computed, each in its own
    transaction; only links change (a worker's tags and citations are the worker's)."""
    stamp = linker_stamp()
    return {
        source.slug: link_source(source) for source in Source.objects.exclude(linked_with=stamp)
    }
