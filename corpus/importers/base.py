"""The plain structures every importer returns, and small text helpers they share.

Importers are pure functions over text: no database, no files. That keeps them fast
to test and lets the loader decide everything about identity and storage.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

PARAGRAPH = "paragraph"
HEADING = "heading"
LIST_ITEM = "list_item"
QUOTE = "quote"
COMMENT = "comment"
PASSAGE_KINDS = (PARAGRAPH, HEADING, LIST_ITEM, QUOTE, COMMENT)


class ImportFormatError(ValueError):
    """The text does not follow its format; `line` is 1-based, or None for the whole file."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ImportedSpeaker:
    name: str
    initials: str = ""
    role: str = ""


@dataclass
class ImportedEpisode:
    title: str
    summary: str = ""
    line: int = 0
    # From a podcast feed (corpus.importers.podcast_feed).
    guid: str = ""
    audio_url: str = ""
    published: datetime.date | None = None
    transcript_checksum: str = ""


@dataclass
class ImportedPassage:
    text: str
    kind: str = PARAGRAPH
    speaker: str | None = None
    episode: int | None = None  # index into ImportedDocument.episodes
    line: int = 0
    start: float | None = None  # seconds into the episode's audio
    end: float | None = None


@dataclass
class ImportedDocument:
    metadata: dict = field(default_factory=dict)
    episodes: list[ImportedEpisode] = field(default_factory=list)
    passages: list[ImportedPassage] = field(default_factory=list)
    speakers: list[ImportedSpeaker] = field(default_factory=list)
    # A feed's document: the guids of every episode the publisher still lists. Episodes
    # missing from the document are then kept with their passages (marked withdrawn unless
    # still listed) instead of being deleted.
    listed_guids: set[str] | None = None

    def speaker_names(self) -> list[str]:
        return [speaker.name for speaker in self.speakers]

    def add_speaker(self, name: str, *, initials: str = "", role: str = "") -> None:
        """Record a speaker once; later sightings may fill in initials or role."""
        for speaker in self.speakers:
            if speaker.name == name:
                speaker.initials = speaker.initials or initials
                speaker.role = speaker.role or role
                return
        self.speakers.append(
            ImportedSpeaker(name=name, initials=initials or initials_of(name), role=role)
        )


@dataclass
class Block:
    """A run of non-blank lines; `line` is the number of its first line."""

    lines: list[str]
    line: int

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines).strip()


def initials_of(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def blocks(text: str, *, first_line: int = 1) -> Iterator[Block]:
    """Split text into blank-line separated blocks, remembering where each starts."""
    current: list[str] = []
    start = first_line
    for number, raw in enumerate(text.splitlines(), start=first_line):
        if raw.strip():
            if not current:
                start = number
            current.append(raw)
        elif current:
            yield Block(current, start)
            current = []
    if current:
        yield Block(current, start)


def clean_line(line: str) -> str:
    """One line of prose: stray control characters and runs of spaces removed."""
    line = re.sub(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]", "", line)
    return re.sub(r"[ \t\u00a0]+", " ", line).strip()


def noise_set(meta: dict, defaults: tuple[str, ...] = ()) -> set[str]:
    """Lines that are page furniture, not text: the importer's defaults plus the sidecar's."""
    extra = meta.get("noise") or []
    if not isinstance(extra, list) or not all(isinstance(item, str) for item in extra):
        raise ImportFormatError("the sidecar's 'noise' must be a list of lines")
    return {clean_line(item) for item in (*defaults, *extra)}


_TERMINAL = ".:;,!?…"
_QUOTE_CHARS = "\"'‘’“”`"


def looks_like_heading(text: str, *, max_length: int = 90) -> bool:
    """A short line that does not end like a sentence and starts with a capital or a number.

    "‘Testing times’" and "2.2 The Knowledge and Skills Statements" are headings;
    "Practice supervisors must:" is the start of a list, not a heading.
    """
    if not text or len(text) > max_length or "\n" in text:
        return False
    bare = text.strip(_QUOTE_CHARS + " ")
    if not bare or bare[-1] in _TERMINAL:
        return False
    return bare[0].isupper() or bare[0].isdigit()


def is_quotation(text: str) -> bool:
    """A block that is wholly one quotation: it opens and closes with double quotes."""
    text = text.strip()
    if len(text) < 3 or text[0] not in '"“':
        return False
    body = text.rstrip(".,;:!? ")
    return body[-1:] in ('"', "”") and body[1:-1].count('"') == 0 and "“" not in body[1:-1]


BULLET = re.compile(r"^[•●▪◦*·–-]\s+(?=\S)")


def classify(text: str) -> tuple[str, str]:
    """(kind, text) for one block of prose: a quotation, a list item, a heading or a paragraph."""
    if BULLET.match(text):
        return LIST_ITEM, BULLET.sub("", text, count=1)
    if is_quotation(text):
        return QUOTE, text
    if looks_like_heading(text):
        return HEADING, text
    return PARAGRAPH, text


def bulleted_lines(block: Block) -> list[tuple[str, int]] | None:
    """A block whose lines are bullets, as (item text, line) pairs; None if it is not a list.

    A line without a bullet continues the item above it (a wrapped list item).
    """
    if not BULLET.match(clean_line(block.lines[0])):
        return None
    items: list[tuple[str, int]] = []
    for number, raw in enumerate(block.lines, start=block.line):
        line = clean_line(raw)
        if BULLET.match(line):
            items.append((BULLET.sub("", line, count=1), number))
        elif line:
            text, start = items[-1]
            items[-1] = (f"{text} {line}", start)
    return items
