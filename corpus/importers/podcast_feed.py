"""A podcast's RSS feed with the transcripts and chapters its episodes point to.

`read_feed` turns the feed's bytes into a `Listing` (feedparser reads the feed; the
`<podcast:transcript>` tags, of which an episode may have several, are read from the XML
itself). The fetcher (`corpus.feeds`) then fetches each episode's preferred transcript and its
chapters and hands `parse` one JSON document, the *bundle*:
`{"feed": Listing.as_dict(), "files": {url: text}}`. Only what is imported is in it, so an
unchanged show gives unchanged bytes, whatever the feed's build date says.
"""

from __future__ import annotations

import datetime
import json
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field

import feedparser
from django.utils.html import strip_tags

from corpus.importers import transcripts
from corpus.importers.base import (
    ImportedDocument,
    ImportedEpisode,
    ImportedPassage,
    ImportFormatError,
    clean_line,
)

PODCAST_NS = "https://podcastindex.org/namespace/1.0"


@dataclass
class Transcript:
    url: str
    type: str

    @property
    def format(self) -> str | None:
        return transcripts.format_of(self.type)


@dataclass
class ListedEpisode:
    guid: str
    title: str
    summary: str = ""
    published: str = ""  # ISO date
    audio_url: str = ""
    transcripts: list[Transcript] = field(default_factory=list)
    chapters: str = ""

    def transcript(self) -> Transcript | None:
        """The transcript to import: JSON segments, then WebVTT, then SRT, then HTML."""
        readable = [t for t in self.transcripts if t.format]
        order = list(transcripts.FORMATS)
        return min(readable, key=lambda t: order.index(t.format), default=None)


@dataclass
class Listing:
    title: str
    link: str = ""
    author: str = ""
    summary: str = ""
    licence: str = ""
    episodes: list[ListedEpisode] = field(default_factory=list)  # oldest first
    # Every episode the feed lists, imported or not (beyond a limit): none of them is withdrawn.
    listed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Listing:
        episodes = [
            ListedEpisode(**{**e, "transcripts": [Transcript(**t) for t in e["transcripts"]]})
            for e in data["episodes"]
        ]
        return cls(**{**data, "episodes": episodes})


def _text(value) -> str:
    return clean_line(strip_tags(value or ""))


def _transcript_tags(data: bytes) -> list[list[Transcript]]:
    """Each item's `<podcast:transcript>` tags in document order (feedparser keeps one)."""
    root = ET.fromstring(data)
    return [
        [
            Transcript(url=tag.get("url", "").strip(), type=tag.get("type", "").strip())
            for tag in item.iter(f"{{{PODCAST_NS}}}transcript")
            if tag.get("url")
        ]
        for item in root.iter("item")
    ]


def read_feed(data: bytes) -> Listing:
    """The show and its episodes, oldest first; ImportFormatError for a feed that is not one."""
    parsed = feedparser.parse(data)  # bytes: feedparser never fetches anything itself
    error = parsed.get("bozo_exception")
    if parsed.bozo and isinstance(error, Exception) and hasattr(error, "getLineNumber"):
        raise ImportFormatError(
            f"the feed is not well-formed XML ({error.getMessage()})", error.getLineNumber()
        )
    if not parsed.get("version") or not parsed.feed.get("title"):
        raise ImportFormatError("this is not an RSS or Atom feed with a title")
    try:
        tags = _transcript_tags(data)
    except ET.ParseError as exc:
        raise ImportFormatError(f"the feed is not well-formed XML ({exc})") from None
    feed = parsed.feed
    episodes = []
    for index, entry in enumerate(parsed.entries):
        audio = next(
            (
                e["href"]
                for e in entry.get("enclosures", [])
                if e.get("href", "").startswith(("https://", "http://"))
            ),
            "",
        )
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        chapters = entry.get("podcast_chapters") or {}
        episodes.append(
            ListedEpisode(
                guid=entry.get("id") or audio or entry.get("title", ""),
                title=_text(entry.get("title")) or f"Episode {len(parsed.entries) - index}",
                summary=_text(entry.get("summary")),
                published=time.strftime("%Y-%m-%d", stamp) if stamp else "",
                audio_url=audio,
                transcripts=tags[index] if index < len(tags) else [],
                chapters=chapters.get("url", ""),
            )
        )
    # An episode is known by its guid; a feed that repeats one has two episodes all the same.
    seen: dict[str, int] = {}
    for episode in episodes:
        seen[episode.guid] = seen.get(episode.guid, 0) + 1
        if seen[episode.guid] > 1:
            episode.guid = f"{episode.guid}#{seen[episode.guid]}"
    # Feeds list the newest first; numbering runs from the first episode made.
    order = {id(e): n for n, e in enumerate(reversed(episodes))}
    episodes.sort(key=lambda e: (e.published or "9999", order[id(e)]))
    return Listing(
        title=_text(feed.get("title")),
        link=feed.get("link", ""),
        author=_text(feed.get("author") or feed.get("publisher")),
        summary=_text(feed.get("summary") or feed.get("subtitle")),
        licence=_text(feed.get("rights")),
        episodes=episodes,
        listed=[episode.guid for episode in episodes],
    )


def bundle(listing: Listing, files: dict[str, str]) -> bytes:
    """The bytes `parse` reads: the same show and files always give the same bytes."""
    return json.dumps(
        {"feed": listing.as_dict(), "files": files}, sort_keys=True, ensure_ascii=False
    ).encode()


def parse(text: str, *, meta: dict) -> ImportedDocument:
    """The bundle's episodes that have a fetched transcript, as timed passages."""
    try:
        data = json.loads(text)
        listing = Listing.from_dict(data["feed"])
        files: dict[str, str] = data["files"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ImportFormatError(f"not a feed bundle ({exc})") from None
    document = ImportedDocument(
        metadata={"author": listing.author, "url": listing.link, "summary": listing.summary},
        listed_guids=set(listing.listed),
    )
    for episode in listing.episodes:
        transcript = episode.transcript()
        if transcript is None or transcript.url not in files:
            continue
        try:
            cues = transcripts.read_cues(files[transcript.url], transcript.format)
            chapters = (
                transcripts.read_chapters(files[episode.chapters])
                if episode.chapters in files
                else []
            )
        except ImportFormatError as exc:
            raise ImportFormatError(f"episode “{episode.title}”: {exc.message}") from None
        number = len(document.episodes)
        document.episodes.append(
            ImportedEpisode(
                title=episode.title,
                summary=episode.summary,
                guid=episode.guid,
                audio_url=episode.audio_url,
                published=(
                    datetime.date.fromisoformat(episode.published) if episode.published else None
                ),
                transcript_checksum=transcripts.checksum(
                    files[transcript.url], files.get(episode.chapters, "")
                ),
            )
        )
        for passage in transcripts.passages_from_cues(cues, chapters):
            if passage.speaker:
                document.add_speaker(passage.speaker)
            document.passages.append(
                ImportedPassage(
                    text=passage.text,
                    kind=passage.kind,
                    speaker=passage.speaker,
                    episode=number,
                    start=passage.start,
                    end=passage.end,
                )
            )
    if not document.episodes:
        raise ImportFormatError("no episode of the feed has a transcript in a format we read")
    return document
