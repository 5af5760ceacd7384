"""A podcast's web page holding several episodes (Social Work England's "This Is Social Work").

The page, as copied, is a list of blocks separated by lines holding only "-". An episode
block is a blurb, the line "Transcript", then the transcript, where a line holding only
a speaker's name starts that speaker's turn and every following line is one passage. A
block without "Transcript" (the series description at the foot of the page) describes
the series and is not an episode. Page furniture (for example "エピソード") is dropped.

Speaker lines. A line starts a turn when it *looks like a name* and there is *evidence it
is one*. It looks like a name when it is one to three capitalised words with no digits
and no closing punctuation ("Ahmina", "Kayleigh Rose"; not "Yeah." or "About 6.").
The evidence is any of: it is the first line after "Transcript"; the episode's blurb
mentions it; the episode's prose uses it capitalised in the middle of a sentence
("Thanks Andrea", "joined by Emina"); or it already started a turn on this page. So a
stray one-word line such as "Absolutely" stays prose, because prose never writes
"... and Absolutely" mid-sentence.

Titles. When the blurb names a professional standard ("professional standard 6") the
title is "Standard 6: <headline>", the headline coming from the sidecar's
`standard_titles`; when the blurb names none, the host's opening turn is read
the same way ("In this episode we're focusing on standard 4"). Otherwise the title is the blurb's most distinctive two-word topic
(the pair of words the episode's transcript repeats most, ignoring pairs most episodes
share, such as "social work"), plus "part N" when the blurb says "first"/"second"
episode: "Diversity data, part 2". The sidecar's `episode_titles` (number -> title)
overrides both.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.importers.base import (
    PARAGRAPH,
    ImportedDocument,
    ImportedEpisode,
    ImportedPassage,
    ImportFormatError,
    clean_line,
    noise_set,
)

PAGE_NOISE = ("エピソード", "エピソードを見逃しましたか?", "エピソードを見逃しましたか？")
SEPARATOR = re.compile(r"^[-–—]{1,3}$")
TRANSCRIPT = "Transcript"
NAME_SHAPE = re.compile(r"^[A-Z][A-Za-z'’-]*(?: [A-Z][A-Za-z'’-]*){0,2}$")
STANDARD = re.compile(r"\bstandard\s+(\d|one|two|three|four|five|six)\b", re.IGNORECASE)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
ORDINAL = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth)\b(?:\s+of\s+our\s+[\w-]+)?\s+episodes?\b",
    re.IGNORECASE,
)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
STOPWORDS = frozenset(
    """a about after all also an and any are as at be been being both but by can could did do
    does each for from had has have he her here him his how i if in into is it its just me
    more most my no not of on or our out over own she so some such than that the their them
    then there these they this those through to too us very was we were what when where which
    while who why will with would you your episode episodes podcast join talk talks share
    shares discuss discusses us them highlight importance key practice""".split()  # noqa: SIM905
)


@dataclass
class _Line:
    text: str
    number: int


@dataclass
class _Block:
    lines: list[_Line] = field(default_factory=list)


def _split_blocks(text: str, noise: set[str]) -> list[_Block]:
    result = [_Block()]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw)
        if not line or line in noise:
            continue
        if SEPARATOR.match(line):
            result.append(_Block())
            continue
        result[-1].lines.append(_Line(line, number))
    return [block for block in result if block.lines]


WORD = re.compile(r"[\w'’-]+[.!?]*")


def capitalised_names(text: str, *, mid_sentence: bool) -> set[str]:
    """Runs of 1-3 capitalised words in `text`; with `mid_sentence`, only those not opening
    a sentence ("Thanks Andrea" gives "Andrea"; "Absolutely. And" gives nothing).

    Computed once per episode in linear time, so a huge page cannot make it slow.
    """
    found: set[str] = set()
    for line in text.splitlines():
        words = WORD.findall(line)
        for i, word in enumerate(words):
            opens_sentence = i == 0 or words[i - 1][-1] in ".!?"
            if not word[0].isupper() or (mid_sentence and opens_sentence):
                continue
            run = []
            for following in words[i : i + 3]:
                bare = following.rstrip(".!?")
                if not bare[:1].isupper():
                    break
                run.append(bare)
                found.add(" ".join(run))
                if bare != following:
                    break
    return found


def _standard_number(blurb: str) -> int | None:
    match = STANDARD.search(blurb)
    if not match:
        return None
    value = match[1].lower()
    return int(value) if value.isdigit() else NUMBER_WORDS[value]


def _opening(transcript: list[_Line]) -> str:
    """The host's first turn: the lines after the first name line, up to the next name line."""
    lines = []
    for line in transcript[1:]:
        if NAME_SHAPE.match(line.text):
            break
        lines.append(line.text)
    return " ".join(lines)


def _bigrams(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z'’-]*", text.lower())
    return [
        f"{a} {b}"
        for a, b in itertools.pairwise(words)
        if a not in STOPWORDS and b not in STOPWORDS
    ]


def _topic_title(blurb: str, transcript: str, common: set[str]) -> str | None:
    counts = Counter(_bigrams(transcript))
    candidates = [pair for pair in dict.fromkeys(_bigrams(blurb)) if pair not in common]
    if not candidates:
        return None
    best = max(candidates, key=lambda pair: counts[pair])
    if counts[best] < 2:
        return None
    title = best[0].upper() + best[1:]
    ordinal = ORDINAL.search(blurb)
    if ordinal:
        title += f", part {ORDINALS[ordinal[1].lower()]}"
    return title


def _lookup(mapping: dict, number: int) -> str | None:
    return mapping.get(number) or mapping.get(str(number))


def parse(text: str, *, meta: dict) -> ImportedDocument:
    noise = noise_set(meta, PAGE_NOISE)
    standard_titles = meta.get("standard_titles") or {}
    episode_titles = meta.get("episode_titles") or {}
    if not isinstance(standard_titles, dict) or not isinstance(episode_titles, dict):
        raise ImportFormatError("the sidecar's standard_titles and episode_titles must be mappings")

    document = ImportedDocument()
    episodes: list[tuple[list[_Line], list[_Line], int]] = []
    series: list[str] = []
    for block in _split_blocks(text, noise):
        at = next((i for i, line in enumerate(block.lines) if line.text == TRANSCRIPT), None)
        if at is None:
            series.extend(line.text for line in block.lines)
            continue
        if at + 1 == len(block.lines):
            raise ImportFormatError("this episode's transcript is empty", block.lines[at].number)
        episodes.append((block.lines[:at], block.lines[at + 1 :], block.lines[at].number))
    if not episodes:
        raise ImportFormatError("no episode found: each episode needs a line 'Transcript'")
    # A blurb line repeated across episodes ("Join the conversation ...") is boilerplate.
    blurb_lines = Counter(line.text for blurb, _, _ in episodes for line in blurb)
    series = [line for line in series if blurb_lines[line] < 2]
    if series:
        document.metadata["summary"] = "\n\n".join(series)
    shared_pairs = Counter(
        pair
        for _, transcript, _ in episodes
        for pair in set(_bigrams(" ".join(line.text for line in transcript)))
    )
    common = {pair for pair, count in shared_pairs.items() if count > len(episodes) / 2}

    confirmed: set[str] = set()
    for index, (blurb, transcript, transcript_line) in enumerate(episodes):
        number = index + 1
        blurb_text = " ".join(line.text for line in blurb)
        prose = "\n".join(line.text for line in transcript)
        summary = "\n\n".join(line.text for line in blurb if blurb_lines[line.text] == 1)
        evidence = capitalised_names(blurb_text, mid_sentence=False) | capitalised_names(
            prose, mid_sentence=True
        )

        title = _lookup(episode_titles, number)
        standard = _standard_number(blurb_text) or _standard_number(_opening(transcript))
        if not title and standard:
            headline = _lookup(standard_titles, standard)
            title = f"Standard {standard}: {headline}" if headline else f"Standard {standard}"
        if not title:
            title = _topic_title(blurb_text, prose, common) or f"Episode {number}"
        document.episodes.append(
            ImportedEpisode(title=str(title), summary=summary, line=blurb[0].number if blurb else 0)
        )

        speaker: str | None = None
        for position, line in enumerate(transcript):
            if NAME_SHAPE.match(line.text) and line.text != TRANSCRIPT:
                name = line.text
                if position == 0 or name in confirmed or name in evidence:
                    speaker = name
                    confirmed.add(name)
                    document.add_speaker(name)
                    continue
            if speaker is None:
                raise ImportFormatError(
                    "this transcript line comes before any speaker: a transcript must start "
                    "with a line holding only the speaker's name",
                    line.number,
                )
            document.passages.append(
                ImportedPassage(
                    text=line.text, kind=PARAGRAPH, speaker=speaker, episode=index, line=line.number
                )
            )
        if speaker is None:
            raise ImportFormatError("this episode's transcript has no speaker", transcript_line)
    return document
