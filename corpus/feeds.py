"""Podcast feeds as sources: preview a feed, import it, and keep it current.

`gather_feed` fetches the feed (conditionally, for a refresh), each imported episode's
preferred transcript and its chapters, and describes what it found: the show, every episode
(with its transcript's format, or why it has none), and each problem. Nothing is written.
`import_feed` then loads the gathered bundle through `corpus.loading.load_document`, the same
loader and single transaction as every other source, and records the feed beside its source.
Any problem (a fetch refused, a malformed file) means nothing is imported from that feed.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from corpus.fetching import FetchError, fetch
from corpus.importers import podcast_feed, transcripts
from corpus.importers.base import ImportedDocument, ImportFormatError
from corpus.loading import LoadReport, load_document
from corpus.models import Feed, Source
from corpus.source_files import CorpusImportError, check_metadata


class FeedError(Exception):
    """The feed could not be imported; `problems` says why, one line each."""

    def __init__(self, url: str, problems: list[str]):
        super().__init__(f"{url}: " + "; ".join(problems))
        self.url = url
        self.problems = problems


@dataclass
class EpisodeRow:
    title: str
    published: str
    format: str = ""  # the transcript's format name, if one is imported
    note: str = ""  # why not, otherwise
    passages: int = 0


@dataclass
class FeedPreview:
    url: str
    limit: int | None = None
    title: str = ""
    not_modified: bool = False
    episodes: list[EpisodeRow] = field(default_factory=list)  # newest first
    problems: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    bundle: bytes = b""
    etag: str = ""
    last_modified: str = ""
    passages: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.bundle)

    @property
    def checksum(self) -> str:
        return "feed:" + hashlib.sha256(self.bundle).hexdigest()[:59]

    @property
    def with_transcripts(self) -> int:
        return sum(1 for row in self.episodes if row.format)


def _file_name(url: str) -> str:
    return Path(urllib.parse.urlsplit(url).path).name or "feed"


NO_LICENCE = (
    "Published in the podcast feed {url}, which states no licence: the publisher's terms "
    "apply. Quoted here for private study and reflection."
)


def feed_metadata(listing: podcast_feed.Listing, url: str, feed: Feed | None) -> dict:
    """The source's metadata, as a sidecar would give it, from the feed's own."""
    link = listing.link if listing.link.startswith(("http://", "https://")) else url
    return {
        "slug": feed.source.slug if feed else (slugify(listing.title)[:100] or "podcast"),
        "title": listing.title[:300],
        "kind": Source.Kind.PODCAST,
        "importer": "podcast_feed",
        "licence": listing.licence or NO_LICENCE.format(url=url),
        "series": listing.title[:200],
        "publisher": listing.author[:200],
        "url": link[:500],
        "summary": listing.summary,
    }


def gather_feed(url: str, *, limit: int | None = None, conditional: bool = False) -> FeedPreview:
    """Fetch and read a feed and what it names: its newest `limit` episodes (by default, the
    limit it was imported with, if any); with `conditional`, only if it changed since the last
    import (a 304 answer: `not_modified`)."""
    feed = Feed.objects.select_related("source").filter(url=url).first()
    if limit is None and feed is not None:
        limit = feed.limit  # a feed keeps the limit it was imported with
    preview = FeedPreview(url=url, limit=limit)
    remembered = feed if conditional else None
    try:
        fetched = fetch(
            url,
            kind="feed",
            etag=remembered.etag if remembered else "",
            last_modified=remembered.last_modified if remembered else "",
        )
    except FetchError as error:
        preview.problems.append(f"The feed could not be fetched: {error.message}.")
        return preview
    if fetched.not_modified:
        preview.not_modified = True
        return preview
    preview.etag, preview.last_modified = fetched.etag, fetched.last_modified
    try:
        listing = podcast_feed.read_feed(fetched.body)
    except ImportFormatError as error:
        preview.problems.append(f"The feed could not be read: {error}.")
        return preview
    preview.title = listing.title
    listed = list(listing.episodes)
    listing.episodes = wanted = listed[-limit:] if limit else listed
    files: dict[str, str] = {}
    notes: dict[str, str] = {}
    for episode in wanted:
        transcript = episode.transcript()
        if transcript is None:
            offered = ", ".join(t.type or "no type" for t in episode.transcripts)
            notes[episode.guid] = (
                f"transcript in a format not read ({offered})" if offered else "no transcript"
            )
            continue
        _get(transcript.url, "transcript", files, preview, episode.title)
        if episode.chapters:
            _get(episode.chapters, "chapters", files, preview, episode.title)
    preview.meta = feed_metadata(listing, url, feed)
    taken = Source.objects.filter(slug=preview.meta["slug"]).exclude(feed__url=url).exists()
    if feed is None and taken:
        preview.problems.append(
            f"A source called “{preview.meta['slug']}” already exists and is not this feed's."
        )
    preview.bundle = podcast_feed.bundle(listing, files)
    document = _parse(preview)
    counts: dict[str, int] = {}
    if document is not None:
        for passage in document.passages:
            guid = document.episodes[passage.episode].guid
            counts[guid] = counts.get(guid, 0) + 1
        preview.passages = len(document.passages)
    for episode in reversed(listed):
        if episode not in wanted:
            preview.episodes.append(
                EpisodeRow(episode.title, episode.published, note=f"beyond the newest {limit}")
            )
            continue
        transcript = episode.transcript()
        preview.episodes.append(
            EpisodeRow(
                title=episode.title,
                published=episode.published,
                format=transcripts.FORMAT_NAMES[transcript.format] if transcript else "",
                note=notes.get(episode.guid, ""),
                passages=counts.get(episode.guid, 0),
            )
        )
    return preview


def _get(url: str, kind: str, files: dict, preview: FeedPreview, title: str) -> None:
    try:
        data = fetch(url, kind=kind).body
        files[url] = data.decode("utf-8").removeprefix("\ufeff")
    except FetchError as error:
        preview.problems.append(f"“{title}”: the {kind} could not be fetched: {error.message}.")
    except UnicodeDecodeError:
        preview.problems.append(f"“{title}”: the {kind} at {url} is not UTF-8 text.")


def _parse(preview: FeedPreview) -> ImportedDocument | None:
    """The importer's reading of the bundle, as the loader will read it; problems noted."""
    if preview.problems:
        return None
    try:
        meta = check_metadata(preview.meta, path=Path(_file_name(preview.url)))
        return podcast_feed.parse(preview.bundle.decode(), meta=meta)
    except (ImportFormatError, CorpusImportError) as error:
        preview.problems.append(f"{getattr(error, 'message', error)}.")
        return None


def import_gathered(preview: FeedPreview) -> LoadReport:
    """Load a gathered feed as its source and remember the feed; all or nothing. An unchanged
    feed (the same bundle as last time) writes nothing at all."""
    if not preview.ok:
        raise FeedError(preview.url, preview.problems or ["nothing to import"])
    path = Path(_file_name(preview.url))
    meta = check_metadata(preview.meta, path=path)
    with transaction.atomic():
        try:
            report = load_document(preview.bundle, meta, path=path, checksum=preview.checksum)
        except CorpusImportError as error:
            raise FeedError(preview.url, [error.message]) from None
        source = Source.objects.get(slug=meta["slug"])
        values = {
            "source": source,
            "limit": preview.limit,
            "etag": preview.etag,
            "last_modified": preview.last_modified,
            "error": "",
        }
        feed = Feed.objects.filter(url=preview.url).first()
        if feed is None:
            Feed.objects.create(url=preview.url, refreshed_at=timezone.now(), **values)
        elif any(getattr(feed, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(feed, key, value)
            feed.refreshed_at = timezone.now()
            feed.save()
    return report


def import_feed(url: str, *, limit: int | None = None) -> LoadReport:
    """Fetch, read and import a feed; FeedError if anything fails."""
    return import_gathered(gather_feed(url, limit=limit))


@dataclass
class RefreshResult:
    feed: Feed
    report: LoadReport | None = None
    not_modified: bool = False
    problems: list[str] = field(default_factory=list)


def refresh_feed(feed: Feed, *, full: bool = False) -> RefreshResult:
    """Ask the feed again, conditionally (ETag / Last-Modified) unless `full`; import what
    changed. `full` also finds a transcript corrected while its feed stayed the same.

    A failure is kept on the feed for the admin and changes nothing else.
    """
    preview = gather_feed(feed.url, conditional=not full)
    if preview.not_modified:
        return RefreshResult(feed, not_modified=True)
    try:
        report = import_gathered(preview)
    except FeedError as error:
        message = " ".join(error.problems)
        if feed.error != message:
            Feed.objects.filter(pk=feed.pk).update(error=message)
        return RefreshResult(feed, problems=error.problems)
    return RefreshResult(feed, report=report)


def refresh_feeds(*, full: bool = False) -> list[RefreshResult]:
    """Every feed the library holds, one at a time, each in its own transaction."""
    return [refresh_feed(feed, full=full) for feed in Feed.objects.select_related("source")]
