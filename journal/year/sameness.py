"""Sameness: which pieces of CPD are near-identical to others of the year, or the year before.

The regulator checks for identical records, so readiness (journal.year.readiness) flags a piece
whose form text is at least NEAR_IDENTICAL% like another's, measured word by word with
rapidfuzz. Kept apart from the readiness rules because it is an algorithm of its own: a
pigeonhole index (`_SegmentIndex`) keeps the check from growing with the square of the year.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.core.cache.backends.locmem import LocMemCache
from rapidfuzz import fuzz, utils

from journal.entries.content import ENTRY_FIELDS, Kind

# The regulator's text questions: what a reviewer compares when looking for identical records.
FORM_TEXT_FIELDS = tuple(
    f.name for f in ENTRY_FIELDS if f.kind == Kind.TEXT and f.form_label and not f.private
)
# Normalised Indel similarity, 0-100: 90 catches a copied record with a few words changed
# but not two reflections on the same kind of activity.
NEAR_IDENTICAL = 90
MATCHES_KEPT = 10  # a hundred copies of one record need not list all hundred
# Texts scored against one text at most. Real writing gives a text a handful of candidates
# (see _SegmentIndex); only a crowd of near-copies gives more, and then the first this many
# are enough to say so, so the check never grows with the square of the copies.
MAX_SCORED = 100


@dataclass(frozen=True)
class Match:
    """Another piece this one is near-identical to."""

    entry: object  # journal.models.Entry
    score: int
    previous_year: bool


def form_text(entry) -> str:
    return "\n".join(getattr(entry, name) or "" for name in FORM_TEXT_FIELDS)


def _coded(entries: Sequence) -> list[str]:
    """Each entry's form text as a string of one code point per word: word-level similarity
    is what "a copied record with a few words changed" means, and the coded string is several
    times shorter than the text."""
    words = [utils.default_process(form_text(e)).split() for e in entries]
    codes: dict[str, str] = {}
    for text in words:
        for word in text:
            if word not in codes:
                codes[word] = chr(0x4E00 + len(codes))
    return ["".join(map(codes.__getitem__, text)) for text in words]


def _edits_allowed(length: int) -> int:
    """The most word insertions and deletions that keep a text of `length` words at least
    NEAR_IDENTICAL% like another, whatever the other's length: 1 - d/(a+b) >= t and |a-b| <= d
    give b <= a(2-t)/t, so d <= (1-t)(a+b) <= 2a(1-t)/t. Integer arithmetic: no rounding."""
    return length * 2 * (100 - NEAR_IDENTICAL) // NEAR_IDENTICAL


def _segments(text: str) -> list[tuple[int, str]]:
    """`text` cut into _edits_allowed + 1 pieces, with where each starts."""
    parts = _edits_allowed(len(text)) + 1
    bounds = [len(text) * n // parts for n in range(parts + 1)]
    return [(a, text[a:b]) for a, b in pairwise(bounds)]


class _SegmentIndex:
    """Every text cut into pieces, looked up by piece: the candidates for near-identical.

    Pigeonhole, as in PassJoin: a text `u` cut into `_edits_allowed(len(u)) + 1` pieces and
    another at least NEAR_IDENTICAL% like it differ by at most that many insertions and
    deletions, each breaking at most one piece, so one piece of `u` is in the other text
    whole, moved at most that many words from where it was. Pieces of four or five words
    rarely recur in real writing, so each text meets only its likely matches and the work
    grows with the words, not with the pairs; rapidfuzz then scores those few exactly.
    """

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.sizes = [len(text) for text in texts]
        # piece -> (text, first and last place it may be found in a text like that one)
        self.pieces: dict[str, list[tuple[int, int, int]]] = {}
        self.lengths: dict[int, tuple[int, int]] = {}  # piece length -> text lengths it is in
        for u, text in enumerate(texts):
            moved = _edits_allowed(len(text))
            sizes = set()
            for start, piece in _segments(text):
                self.pieces.setdefault(piece, []).append((u, start - moved, start + moved))
                sizes.add(len(piece))
            for size in sizes:
                low, high = self.lengths.get(size, (len(text), len(text)))
                self.lengths[size] = (min(low, len(text)), max(high, len(text)))

    def alike(self, v: int) -> list[tuple[int, int]]:
        """(u, score) for the texts at least NEAR_IDENTICAL% like text v, itself included."""
        text = self.texts[v]
        # Lengths a match may have: b(2-t)/t >= a and a(2-t)/t >= b.
        shortest = -(-len(text) * NEAR_IDENTICAL // (200 - NEAR_IDENTICAL))
        longest = len(text) * (200 - NEAR_IDENTICAL) // NEAR_IDENTICAL
        candidates = {v}
        for size, (low, high) in self.lengths.items():
            if high < shortest or low > longest:
                continue
            for at in range(len(text) - size + 1):
                for u, first, last in self.pieces.get(text[at : at + size], ()):
                    if first <= at <= last and shortest <= self.sizes[u] <= longest:
                        candidates.add(u)
                        if len(candidates) > MAX_SCORED:  # a crowd of copies: enough found
                            return self._scored(v, candidates)
        return self._scored(v, candidates)

    def _scored(self, v: int, candidates: set[int]) -> list[tuple[int, int]]:
        text = self.texts[v]
        found = [(v, 100)]
        for u in sorted(candidates - {v}):
            score = fuzz.ratio(text, self.texts[u], score_cutoff=NEAR_IDENTICAL)
            if score:
                found.append((u, round(score)))
        return found


# near_identical's answers, in this process: keyed on the texts, so never stale, and not in
# the shared cache, which may be a database table (a query on every page to save one).
_kept = LocMemCache(
    "journal.year.sameness.near_identical", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 1000}}
)


def forget_near_identical() -> None:
    """For tests that count the checks made: the same texts recur from test to test."""
    _kept.clear()


def near_identical(entries: Sequence, previous: Sequence) -> dict[int, list[Match]]:
    """For each of the year's entries (by index), up to MATCHES_KEPT entries it nearly equals:
    others of the year first, then the year before's (`previous`), best score first.

    The answer depends only on the texts, so the process keeps it, keyed on a digest of them,
    until one of them changes: the year that just closed, shown on every visit for weeks, is
    worked out once, and so is a year nobody has touched since the last visit.
    """
    everyone = [*entries, *previous]
    digest = hashlib.blake2b(digest_size=20)
    for entry in everyone:
        digest.update(form_text(entry).encode(errors="surrogatepass") + b"\x00")
    key = f"{len(entries)}:{digest.hexdigest()}"
    kept = _kept.get(key)
    if kept is None:
        kept = _near_identical(_coded(everyone), len(entries))
        _kept.set(key, kept)
    return {
        i: [Match(everyone[j], score, j >= len(entries)) for j, score in matches]
        for i, matches in kept.items()
    }


def _near_identical(texts: list[str], year_size: int) -> dict[int, list[tuple[int, int]]]:
    """near_identical over coded texts: for each of the first `year_size`, (j, score) pairs.

    Identical texts are compared once (a pasted record is the common case), and only pairs
    that share a piece (see `_SegmentIndex`) are scored.
    """
    holders: dict[str, list[int]] = {}
    for j, text in enumerate(texts):
        if text:
            holders.setdefault(text, []).append(j)
    unique = list(holders)
    index = _SegmentIndex(unique)
    found: dict[int, list[tuple[int, int]]] = {}
    for v, text in enumerate(unique):
        if holders[text][0] >= year_size:  # only the year's own texts are looked up
            continue
        alike = [(holders[unique[u]], score) for u, score in index.alike(v)]
        for i in holders[text]:
            if i < year_size and (matches := _kept_matches(i, alike, year_size)):
                found[i] = matches
    return found


def _kept_matches(i: int, alike: list, year_size: int) -> list[tuple[int, int]]:
    """Entry i's first MATCHES_KEPT matches: the year's, then the year before's, best first.

    Stops as soon as it has enough, so a record pasted five hundred times costs ten matches
    per copy, not five hundred."""
    alike = sorted(alike, key=lambda pair: -pair[1])
    kept: list[tuple[int, int]] = []
    for previous_year in (False, True):
        for holders, score in alike:
            for j in holders:
                if j == i or (j >= year_size) != previous_year:
                    continue
                kept.append((j, score))
                if len(kept) == MATCHES_KEPT:
                    return kept
    return kept
