"""How a text's words are read as evidence: lemmas, practitioners' short forms spelled out, and
which of a statement's keywords count as cues (a phrase, a rare word, a term of the trade; never an
everyday word). `corpus.ranking` reads texts this way; `corpus.references` shares its sentences.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import simplemma
import yaml
from wordfreq import zipf_frequency

VOCABULARY_FILE = Path(__file__).resolve().parent / "standards" / "vocabulary.yaml"

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


@functools.lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word.lower(), lang="en").lower()


def warm_up() -> None:
    """Load the English lemmas and the vocabulary now (a second and a half, about 30 MB), as a
    web worker starts, rather than on someone's first suggestion; no database needed."""
    _lemma("reflecting")
    vocabulary()


@functools.lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[str, tuple[str, bool]], dict[str, tuple[str, bool]]]:
    """Each term's meaning, and whether it is a term of the trade ("s47") rather than a plain
    name for something ("Twitter" for social media)."""
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    any_case = {term.lower(): (meaning, True) for term, meaning in data["terms"].items()}
    any_case |= {term.lower(): (meaning, False) for term, meaning in data["same_as"].items()}
    exact = {term: (meaning, True) for term, meaning in data["exact_case"].items()}
    return any_case, exact


@dataclass(frozen=True)
class Token:
    lemma: str
    start: int
    end: int
    short_form: bool = False  # a term of the trade spelled out from the vocabulary


def word_tokens(text: str) -> list[Token]:
    """The text's words as lemmas, each with its place in the text; short forms spelled out
    (every word of the meaning keeps the short form's place, so a reason quotes "s47")."""
    any_case, exact = vocabulary()
    tokens = []
    for match in WORD_RE.finditer(text):
        word = match.group()
        meaning, trade = exact.get(word) or any_case.get(word.lower()) or (None, False)
        if meaning:
            tokens += [
                Token(_lemma(part), match.start(), match.end(), trade)
                for part in WORD_RE.findall(meaning)
            ]
        else:
            tokens.append(Token(_lemma(word), match.start(), match.end()))
    return tokens


@dataclass(frozen=True)
class Cue:
    lemmas: tuple[str, ...]
    weight: float
    strong: bool  # evidence on its own: a phrase, or a word rarely used outside the field


def cue_for(phrase: str) -> Cue | None:
    """A keyword as a cue, or None when it is no evidence (a common or everyday word)."""
    lemmas = tuple(token.lemma for token in word_tokens(phrase))
    if not lemmas:
        return None
    if len(lemmas) == 2 and all(map(_everyday, lemmas)):
        # Two words of every conversation ("same day", "take part", "keep up") say many things:
        # such a phrase counts, but needs company, as a common word does.
        return Cue(lemmas, PHRASE_WEIGHT, False)
    if len(lemmas) > 1:
        return Cue(lemmas, PHRASE_WEIGHT, True)
    [lemma] = lemmas
    if lemma in EVERYDAY or len(lemma) < 2:
        return None
    zipf = min(_zipf(lemma), _zipf(phrase.lower()))
    if zipf >= COMMON_ZIPF:
        return None
    return Cue(lemmas, round(min(2.5, max(0.4, 6.0 - zipf)), 2), zipf < RARE_ZIPF)


def telling(lemmas: Iterable[str]) -> frozenset[str]:
    """The stems of the telling words among lemmas ("engagement" and "engage" are one), leaving
    out words of every conversation."""
    return frozenset(lemma[:6] for lemma in lemmas if not _everyday(lemma))


def _zipf(word: str) -> float:
    # wordfreq's small English list (3 MB) has every word down to Zipf 3, all this needs.
    return zipf_frequency(word, "en", wordlist="small")


def _everyday(lemma: str) -> bool:
    """A word of every conversation: an everyday word, or one as common as "up" or "to"."""
    return lemma in EVERYDAY or _zipf(lemma) >= FUNCTION_ZIPF
