"""Podcast transcripts in the formats the Podcasting 2.0 standard names, and their chapters.

Each reader turns one transcript's text into timed cues (`Cue`); `passages_from_cues` merges
cues into readable passages at speaker turns and sentence ends, each passage keeping the start
of its first cue and the end of its last, with the chapters as headings where they begin.
Pure functions over text, like every importer.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from corpus.importers.base import HEADING, PARAGRAPH, ImportFormatError, clean_line

# MIME types by format, best first: the order a feed's transcripts are chosen in.
FORMATS: dict[str, tuple[str, ...]] = {
    "json": ("application/json",),
    "vtt": ("text/vtt",),
    "srt": ("application/x-subrip", "application/srt", "text/srt"),
    "html": ("text/html",),
}
FORMAT_NAMES = {"json": "JSON segments", "vtt": "WebVTT", "srt": "SRT", "html": "HTML"}

# A passage ends at a sentence end once it is this long, and at the next cue when it is very
# long and unpunctuated; a speaker's turn always ends one.
PASSAGE_MIN_CHARS = 240
PASSAGE_MAX_CHARS = 1500

_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*$")
# "Alice Smith: Hello" in SRT, where the format has no speaker of its own.
_SPEAKER_PREFIX = re.compile(r"^([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}):\s+(?=\S)")


@dataclass
class Cue:
    start: float | None
    end: float | None
    speaker: str | None
    text: str


@dataclass
class Chapter:
    start: float
    end: float | None
    title: str


@dataclass
class TimedPassage:
    kind: str
    text: str
    speaker: str | None
    start: float | None
    end: float | None


def format_of(mime_type: str) -> str | None:
    """The transcript format a feed's `type` attribute names, or None if not one we read."""
    mime_type = mime_type.split(";")[0].strip().lower()
    return next((name for name, types in FORMATS.items() if mime_type in types), None)


def checksum(*texts: str) -> str:
    """Names one version of an episode's transcript and chapters: a change marks the episode."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(len(text).to_bytes(8, "big"))
        digest.update(text.encode())
    return digest.hexdigest()


def read_cues(text: str, fmt: str) -> list[Cue]:
    readers = {"json": read_json, "vtt": read_vtt, "srt": read_srt, "html": read_html}
    cues = [cue for cue in readers[fmt](text) if cue.text]
    if not cues:
        raise ImportFormatError(f"the {FORMAT_NAMES[fmt]} transcript has no text")
    return cues


def _seconds(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ImportFormatError(f"{what} is not a number of seconds")
    try:
        seconds = float(value)
    except ValueError:
        raise ImportFormatError(f"{what} is not a number of seconds") from None
    if not 0 <= seconds < 10**7:
        raise ImportFormatError(f"{what} is out of range")
    return seconds


def _load_json(text: str, what: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"the {what} are not valid JSON ({exc.msg})", exc.lineno) from None


def read_json(text: str) -> list[Cue]:
    """`{"segments": [{"speaker", "startTime", "endTime", "body"}]}`."""
    data = _load_json(text, "JSON segments")
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise ImportFormatError("the JSON transcript has no list of segments")
    cues = []
    for number, segment in enumerate(segments, start=1):
        if not isinstance(segment, dict) or not isinstance(segment.get("body"), str):
            raise ImportFormatError(f"segment {number} has no text (body)")
        speaker = segment.get("speaker")
        cues.append(
            Cue(
                start=_seconds(segment.get("startTime"), f"segment {number}'s startTime"),
                end=_seconds(segment.get("endTime"), f"segment {number}'s endTime"),
                speaker=clean_line(speaker) or None if isinstance(speaker, str) else None,
                text=clean_line(segment["body"]),
            )
        )
    return cues


def read_vtt(text: str) -> list[Cue]:
    """WebVTT; the speaker is the cue's `<v Name>`."""
    try:
        captions = webvtt.from_string(text)
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise ImportFormatError(f"the WebVTT transcript is malformed ({exc})") from None
    return [
        Cue(
            start=caption.start_in_seconds + caption.start_time.milliseconds / 1000,
            end=caption.end_in_seconds + caption.end_time.milliseconds / 1000,
            speaker=clean_line(caption.voice) if caption.voice else None,
            text=clean_line(caption.text.replace("\n", " ")),
        )
        for caption in captions
    ]


def read_srt(text: str) -> list[Cue]:
    """SubRip; a line starting "Name: " names its speaker."""
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as exc:
        raise ImportFormatError(f"the SRT transcript is malformed ({exc})") from None
    cues = []
    for subtitle in subtitles:
        body = clean_line(subtitle.content.replace("\n", " "))
        speaker = None
        if match := _SPEAKER_PREFIX.match(body):
            speaker, body = match.group(1), body[match.end() :]
        cues.append(
            Cue(subtitle.start.total_seconds(), subtitle.end.total_seconds(), speaker, body)
        )
    return cues


def parse_timestamp(value: str) -> float | None:
    """ "1:02:03", "12:41" or "12:41.5" in seconds; None if it is not a time."""
    parts = value.strip().split(":")
    if not 1 <= len(parts) <= 3:
        return None
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


class _HTMLTranscript(HTMLParser):
    """`<cite>Name:</cite> <time>0:00</time> <p>text</p>`, as the standard's example has it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cues: list[Cue] = []
        self.speaker: str | None = None
        self.start: float | None = None
        self._open: str | None = None
        self._hidden: str | None = None  # inside a script or style: not transcript text
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden = tag
        elif tag in ("cite", "time", "p"):
            self._open, self._text = tag, []
            if tag == "time" and (stamp := dict(attrs).get("datetime")):
                self.start = _duration(stamp) if stamp.startswith("PT") else self.start

    def handle_data(self, data):
        if self._open and not self._hidden:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == self._hidden:
            self._hidden = None
        if tag != self._open:
            return
        text = clean_line(" ".join(self._text))
        self._open = None
        if tag == "cite":
            self.speaker = text.rstrip(":").strip() or None
        elif tag == "time":
            self.start = parse_timestamp(text) if text else self.start
        elif text:
            self.cues.append(Cue(self.start, None, self.speaker, text))


def _duration(value: str) -> float | None:
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", value)
    if not match:
        return None
    hours, minutes, seconds = (float(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def read_html(text: str) -> list[Cue]:
    parser = _HTMLTranscript()
    parser.feed(text)
    parser.close()
    return parser.cues


def read_chapters(text: str) -> list[Chapter]:
    """JSON chapters (`{"chapters": [{"startTime", "title", "endTime"?, "toc"?}]}`), in order;
    chapters marked `"toc": false` are not headings of the transcript."""
    data = _load_json(text, "chapters")
    chapters = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(chapters, list):
        raise ImportFormatError("the chapters file has no list of chapters")
    result = []
    for number, chapter in enumerate(chapters, start=1):
        if not isinstance(chapter, dict) or not isinstance(chapter.get("title"), str):
            raise ImportFormatError(f"chapter {number} has no title")
        end = chapter.get("endTime")
        shown = chapter.get("toc") is not False and clean_line(chapter["title"])
        result.append(
            Chapter(
                start=_seconds(chapter.get("startTime"), f"chapter {number}'s startTime"),
                end=None if end is None else _seconds(end, f"chapter {number}'s endTime"),
                title=clean_line(chapter["title"]) if shown else "",
            )
        )
    result.sort(key=lambda chapter: chapter.start)
    for chapter, following in itertools.pairwise(result):
        chapter.end = chapter.end if chapter.end is not None else following.start
    return [chapter for chapter in result if chapter.title]


def passages_from_cues(cues: list[Cue], chapters: list[Chapter] = ()) -> list[TimedPassage]:
    """Readable passages: a new one at each speaker's turn, at a sentence end once long enough
    (or at any cue once very long), and at each chapter, whose title heads it.

    A cue without a speaker continues the turn before it; a cue without an end ends where the
    next begins.
    """
    for cue, following in itertools.pairwise(cues):
        if cue.end is None:
            cue.end = following.start
    pending = list(chapters)
    passages: list[TimedPassage] = []
    current: TimedPassage | None = None
    speaker = None

    def flush():
        nonlocal current
        if current is not None:
            passages.append(current)
            current = None

    for cue in cues:
        while pending and cue.start is not None and cue.start >= pending[0].start:
            chapter = pending.pop(0)
            flush()
            passages.append(TimedPassage(HEADING, chapter.title, None, chapter.start, chapter.end))
        turn = cue.speaker or speaker
        if current is not None and turn != speaker:
            flush()
        speaker = turn
        if current is None:
            current = TimedPassage(PARAGRAPH, cue.text, speaker, cue.start, cue.end)
        else:
            current.text = f"{current.text} {cue.text}"
            current.end = cue.end if cue.end is not None else current.end
        long_enough = len(current.text) >= PASSAGE_MIN_CHARS
        if (long_enough and _SENTENCE_END.search(current.text)) or (
            len(current.text) >= PASSAGE_MAX_CHARS
        ):
            flush()
    flush()
    return passages
