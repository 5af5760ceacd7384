"""Reading what a spreadsheet's cells say: column names and activity words, by the rules in
import_columns.yaml, and dates.

Guesses only: the person sees every column's guess and can change it. The rules were tuned on
part of a labelled set of real-looking spreadsheets and are measured on the rest
(bench/bench_import_columns.py).
"""

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from journal.entries.content import ENTRY_FIELDS
from journal.models import Entry

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
RULES_FILE = Path(__file__).resolve().parent / "import_columns.yaml"
IGNORE = ""  # a column left out
STANDARDS = "standards"
# What a record from the regulator's account or another CPD tool can hold: the form's
# questions, the title and the peer's name. Never private notes or editor aids.
TARGETS = tuple(f for f in ENTRY_FIELDS if f.shown and not f.private and (f.form_label or f.peer))
TARGET_NAMES = (*(f.name for f in TARGETS), STANDARDS)
# Shown in a refusal beside the regulator's types: words people write that are read as one.
EXAMPLE_WORDS = ("webinar", "workshop", "e-learning", "training", "article", "video", "observation")
START_BONUS = 1.5
# The first records read beside the headers, and how they count: a column of activity words
# under a header in `title_or_type` ("Activity": 2.75 as the title) is the type, unless
# another column names the type ("Activity type": 3.5); an unnamed column of dates is the date.
SAMPLE_ROWS = 20
MOSTLY = 0.8
ACTIVITY_TYPE, DATE = "activity_type", "activity_date"
ACTIVITY_VALUES_SCORE = 3.0
DATE_VALUES_SCORE = 1.0
END_BONUS = 0.25


@dataclass(frozen=True)
class Rules:
    stopwords: frozenset[str]
    variants: dict[str, str]
    single: frozenset[str]
    # (target, phrase as words), in the file's order: ties go to the first.
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    activities: dict[tuple[str, ...], str]  # words -> Entry.ActivityType value
    title_or_type: frozenset[tuple[str, ...]]


@functools.cache
def rules() -> Rules:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    stopwords = frozenset(data["stopwords"])
    variants = data["variants"]

    def as_words(text: str) -> tuple[str, ...]:
        return _words(text, stopwords, variants)

    unknown = set(data["columns"]) - {*TARGET_NAMES, "ignore"}
    if unknown:
        raise ValueError(f"{RULES_FILE.name}: unknown columns {sorted(unknown)}")
    phrases = tuple(
        (IGNORE if target == "ignore" else target, as_words(phrase))
        for target, listed in data["columns"].items()
        for phrase in listed
    )
    activities: dict[tuple[str, ...], str] = {}
    for value, label in Entry.ActivityType.choices:
        activities[as_words(value.replace("_", " "))] = value
        activities[as_words(label)] = value
    for value, listed in data["activities"].items():
        Entry.ActivityType(value)  # a typo in the file fails here, loudly
        for phrase in listed:
            activities.setdefault(as_words(phrase), value)
    title_or_type = frozenset(as_words(h) for h in data["title_or_type"])
    return Rules(stopwords, variants, frozenset(data["single"]), phrases, activities, title_or_type)


def _words(text: str, stopwords, variants) -> tuple[str, ...]:
    found = re.sub(r"[^a-z]+", " ", str(text).casefold()).split()
    return tuple(variants.get(w, w) for w in found if w not in stopwords)


def words(text: str) -> tuple[str, ...]:
    r = rules()
    return _words(text, r.stopwords, r.variants)


def _match(phrase: tuple[str, ...], header: tuple[str, ...]) -> float:
    """The phrase's score in the header: 0 unless its words appear there in order."""
    position, start, end = 0, None, None
    for word in phrase:
        while position < len(header) and header[position] != word:
            position += 1
        if position == len(header):
            return 0.0
        start = position if start is None else start
        end = position
        position += 1
    score = float(len(phrase))
    score += START_BONUS if start == 0 else 0
    score += END_BONUS if end == len(header) - 1 else 0
    return score


def candidates(header: str) -> list[tuple[float, str]]:
    """Every target the header could mean, best first (one score per target)."""
    header_words = words(header)
    best: dict[str, float] = {}
    for target, phrase in rules().phrases:
        score = _match(phrase, header_words)
        if score > best.get(target, 0):
            best[target] = score
    order = {t: n for n, (t, _) in enumerate(rules().phrases)}
    return sorted(((s, t) for t, s in best.items()), key=lambda st: (-st[0], order[st[1]]))


def is_known(header: str) -> bool:
    """Whether a header reads as any column a CPD record has (or one it commonly has beside)."""
    return bool(candidates(header))


def guess_columns(headers: list[str], rows: list[list[str]] = ()) -> list[str]:
    """The target of each column ("" to leave it out), best guesses first.

    The headers decide, helped by the first records: a column of activity words ("Webinar",
    "Reading") is the type of activity whatever it is called, and an unnamed column of dates
    the date. A field that takes one column goes to the column that names it best (the first on
    a tie); the other columns that named it fall back to their next guess.
    """
    single = rules().single
    ranked = []
    for column, header in enumerate(headers):
        scored = {t: s for s, t in candidates(header)}
        values = [row[column] for row in rows[:SAMPLE_ROWS]]
        for target, score in _value_hints(header, scored, values):
            scored[target] = max(score, scored.get(target, 0))
        order = sorted(scored.items(), key=lambda ts: -ts[1])
        ranked += [(score, column, rank, target) for rank, (target, score) in enumerate(order)]
    ranked.sort(key=lambda c: (-c[0], c[2], c[1]))
    guessed: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for _score, column, _rank, target in ranked:
        if guessed[column] is not None or (target in single and target in taken):
            continue
        guessed[column] = target
        taken.add(target)
    return [g or IGNORE for g in guessed]


def _value_hints(header: str, scored: dict, values: list[str]) -> list[tuple[str, float]]:
    """What a column's first records say it holds, where its header leaves room."""
    values = [v for v in values if v]
    if not values:
        return []
    share = MOSTLY * len(values)
    open_to_type = not scored or words(header) in rules().title_or_type
    if open_to_type and sum(1 for v in values if activity_type(v)) >= share:
        return [(ACTIVITY_TYPE, ACTIVITY_VALUES_SCORE)]
    if not scored and sum(1 for v in values if parse_date(v)) >= share:
        return [(DATE, DATE_VALUES_SCORE)]
    return []


def activity_type(text: str) -> str | None:
    """The regulator's type of activity a cell means ("Webinar" is a conference), or None."""
    found = words(text)
    return rules().activities.get(found) if found else None


def accepted_activities() -> str:
    """The types a cell may name, for a refusal message: the regulator's, then common words."""
    labels = "; ".join(label for _value, label in Entry.ActivityType.choices)
    return (
        f"{labels}. Common words are read too, such as {', '.join(EXAMPLE_WORDS[:-1])} "
        f"and {EXAMPLE_WORDS[-1]}"
    )


def parse_date(text: str) -> datetime.date | None:
    """A date as people type one in the UK (31/01/2025, 31 January 2025) or a sheet stores it."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None
