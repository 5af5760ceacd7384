"""Write importer output to the database: one source, one transaction, idempotently.

A source is a document file plus a YAML sidecar with the same stem
(`corpus/sources/this-is-social-work.txt` + `this-is-social-work.yaml`). Loading it:

1. checks the file (size limit, UTF-8) and the sidecar (required keys, known importer),
   as `corpus.source_files` reads them;
2. skips the source when the file and sidecar bytes are unchanged since the last import
   (their SHA-256 is kept on Source.checksum), unless `force=True`;
3. parses the text with the sidecar's importer (pure, no database);
4. inside one transaction, updates the source, its episodes, speakers and passages in
   place by anchor, deletes passages that vanished, then relinks the source to the
   standards, reindexes it for search and re-anchors journal citations.

A passage's anchor is the first 10 hex digits of its text's fingerprint, with "-2", "-3"
for repeats of the same text in one source, so it survives edits elsewhere in the file.
Any problem raises CorpusImportError naming the file and line, and nothing is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from corpus import linking, search
from corpus.models import Episode, Passage, Source, Speaker, fingerprint
from corpus.signals import source_reimported
from corpus.source_files import (
    CorpusImportError,
    bundled_paths,
    checksum_of,
    decode,
    document_path,
    parse_document,
    read_bytes,
    read_sidecar,
    sidecar_path,
)

ANCHOR_LENGTH = 10


@dataclass
class LoadReport:
    path: Path
    slug: str = ""
    skipped: bool = False
    source_created: bool = False
    episodes: int = 0
    speakers: int = 0
    passages: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    links: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0}
    )
    citations: int = 0
    withdrawn: int = 0
    error: CorpusImportError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def changed(self) -> int:
        return self.updated + self.deleted


# Identity of passages ----------------------------------------------------------------


def passage_anchors(texts: list[str]) -> list[tuple[str, str]]:
    """(anchor, fingerprint) per text; repeats of the same text get -2, -3 in order."""
    seen: Counter[str] = Counter()
    result = []
    for text in texts:
        digest = fingerprint(text)
        base = digest[:ANCHOR_LENGTH]
        seen[base] += 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append((anchor, digest))
    return result


def episode_slugs(titles: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    result = []
    for number, title in enumerate(titles, start=1):
        base = slugify(title)[:140] or f"episode-{number}"
        seen[base] += 1
        result.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return result


# Loading -----------------------------------------------------------------------------


def load_source(path: Path, *, force: bool = False) -> LoadReport:
    """Import one document and its sidecar; see the module docstring for the steps."""
    path = document_path(Path(path))
    side = sidecar_path(path)
    if not side.exists():
        raise CorpusImportError(f"no sidecar: expected {side.name} beside the file", path=path)
    data = read_bytes(path)
    side_data = read_bytes(side)
    meta = read_sidecar(side, side_data)
    return load_document(data, meta, path=path, checksum=checksum_of(data, side_data), force=force)


def load_document(
    data: bytes, meta: dict, *, path: Path, checksum: str, force: bool = False
) -> LoadReport:
    """Import a document's bytes with checked metadata: from a file and its sidecar, or from
    the admin's upload. Either the whole source is written, or nothing is."""
    report = LoadReport(path=path, slug=meta["slug"])
    existing = Source.objects.filter(slug=report.slug).first()
    if existing and existing.checksum == checksum and not force:
        report.skipped = True
        report.episodes = existing.episodes.count()
        report.speakers = existing.speakers.count()
        report.passages = report.unchanged = existing.passages.count()
        return report

    document = parse_document(decode(data, path), meta, path=path)
    with transaction.atomic():
        source = _save_source(existing, meta, document, path, report)
        episodes = _save_episodes(source, meta, document, report)
        kept = _keep_missing_episodes(source, document, episodes, report)
        speakers = _save_speakers(source, meta, document, report)
        _save_passages(source, document, episodes, speakers, report, kept=kept)
        Episode.objects.filter(source=source).exclude(
            pk__in=[e.pk for e in episodes] + kept
        ).delete()
        Speaker.objects.filter(source=source).exclude(
            pk__in=[s.pk for s in speakers.values()]
        ).exclude(passages__episode__in=kept).delete()
        report.links = dict(linking.link_source(source))
        search.reindex_source(source)
        # Whoever cites the source (the journal) finds its quotes again; inside this
        # transaction, so a failed import changes no citation either.
        responses = source_reimported.send(sender=Source, source=source)
        report.citations = sum(changed or 0 for _, changed in responses)
        source.checksum = checksum
        source.imported_at = timezone.now()
        source.save(update_fields=["checksum", "imported_at"])
    return report


def _save_source(existing, meta, document, path, report) -> Source:
    found = document.metadata
    values = {
        "title": meta["title"],
        "kind": meta["kind"],
        "series": meta.get("series") or "",
        "publisher": meta.get("publisher") or "",
        "author": meta.get("author") or found.get("author") or "",
        "published": meta.get("date") or found.get("date"),
        "url": meta.get("url") or found.get("url") or "",
        "licence": str(meta["licence"]).strip(),
        "summary": (meta.get("summary") or found.get("summary") or "").strip(),
        "importer": meta["importer"],
        "file_name": path.name,
    }
    if existing is None:
        report.source_created = True
        return Source.objects.create(slug=meta["slug"], **values)
    changed = [key for key, value in values.items() if getattr(existing, key) != value]
    for key in changed:
        setattr(existing, key, values[key])
    if changed:
        existing.save(update_fields=changed)
    return existing


def _save_episodes(source, meta, document, report) -> list[Episode]:
    existing = {episode.slug: episode for episode in source.episodes.all()}
    # A feed's episode is the same episode under a new title: the publisher's guid says so.
    by_guid = {episode.guid: episode for episode in existing.values() if episode.guid}
    result = []
    slugs = episode_slugs([episode.title for episode in document.episodes])
    numbers = range(1, len(slugs) + 1)
    if meta.get("episode_order") == "newest_first":
        numbers = reversed(numbers)
    for number, slug, imported in zip(numbers, slugs, document.episodes, strict=True):
        values = {
            "number": number,
            "title": imported.title[:300],
            "summary": imported.summary,
            "published": imported.published,
            "guid": imported.guid[:500],
            "audio_url": imported.audio_url[:1000],
            "transcript_checksum": imported.transcript_checksum,
            "withdrawn_at": None,
        }
        episode = by_guid.get(imported.guid) if imported.guid else None
        if episode is not None:
            values["slug"] = slug
        else:
            episode = existing.get(slug)
        if episode is None:
            episode = Episode.objects.create(source=source, slug=slug, **values)
        else:
            if episode.transcript_checksum not in ("", imported.transcript_checksum):
                values["changed_at"] = timezone.now()  # the publisher corrected it
            changed = [key for key, value in values.items() if getattr(episode, key) != value]
            for key in changed:
                setattr(episode, key, values[key])
            if changed:
                episode.save(update_fields=changed)
        result.append(episode)
    report.episodes = len(result)
    return result


def _keep_missing_episodes(source, document, episodes, report) -> list[int]:
    """A feed's episodes that are not in this import stay, with their passages, so whatever
    cites them still resolves: marked withdrawn once the publisher no longer lists them.
    Returns their ids; other documents keep nothing (their missing episodes are deleted)."""
    if document.listed_guids is None:
        return []
    missing = source.episodes.exclude(pk__in=[e.pk for e in episodes])
    withdrawn = missing.exclude(guid__in=document.listed_guids).filter(withdrawn_at=None)
    report.withdrawn = withdrawn.update(withdrawn_at=timezone.now())
    return list(missing.values_list("pk", flat=True))


def _save_speakers(source, meta, document, report) -> dict[str, Speaker]:
    existing = {speaker.name: speaker for speaker in source.speakers.all()}
    roles = meta.get("speakers") or {}
    result = {}
    for imported in document.speakers:
        role = roles.get(imported.name) or imported.role
        values = {"initials": imported.initials[:20], "role": role[:300]}
        speaker = existing.get(imported.name)
        if speaker is None:
            speaker = Speaker.objects.create(source=source, name=imported.name[:200], **values)
        else:
            changed = [key for key, value in values.items() if getattr(speaker, key) != value]
            for key in changed:
                setattr(speaker, key, values[key])
            if changed:
                speaker.save(update_fields=changed)
        result[imported.name] = speaker
    report.speakers = len(result)
    return result


PASSAGE_FIELDS = (
    "position",
    "fingerprint",
    "kind",
    "text",
    "line",
    "episode_id",
    "speaker_id",
    "start",
    "end",
)


def _save_passages(source, document, episodes, speakers, report, *, kept=()) -> None:
    existing = {passage.anchor: passage for passage in source.passages.all()}
    anchors = passage_anchors([passage.text for passage in document.passages])
    to_create, to_update = [], []
    for position, (imported, (anchor, digest)) in enumerate(
        zip(document.passages, anchors, strict=True), start=1
    ):
        values = {
            "position": position,
            "fingerprint": digest,
            "kind": imported.kind,
            "text": imported.text,
            "line": imported.line,
            "episode_id": episodes[imported.episode].pk if imported.episode is not None else None,
            "speaker_id": speakers[imported.speaker].pk if imported.speaker else None,
            "start": imported.start,
            "end": imported.end,
        }
        passage = existing.pop(anchor, None)
        if passage is None:
            to_create.append(Passage(source=source, anchor=anchor, **values))
        elif any(getattr(passage, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(passage, key, value)
            to_update.append(passage)
        else:
            report.unchanged += 1
    # Passages of the episodes kept (a feed's, no longer in it) stay where they are.
    kept = set(kept)
    vanished = [p.pk for p in existing.values() if p.episode_id not in kept]
    if vanished:
        Passage.objects.filter(pk__in=vanished).delete()
    if to_update:
        Passage.objects.bulk_update(to_update, PASSAGE_FIELDS, batch_size=500)
    if to_create:
        Passage.objects.bulk_create(to_create, batch_size=500)
    report.created, report.updated, report.deleted = len(to_create), len(to_update), len(vanished)
    report.passages = len(anchors)


def load_all(paths=None, *, force: bool = False) -> list[LoadReport]:
    """Load each path (default: every bundled source), each in its own transaction.

    A malformed source does not stop the others: its report carries the error.
    """
    paths = bundled_paths() if paths is None else [Path(p) for p in paths]
    reports = []
    for path in paths:
        try:
            reports.append(load_source(path, force=force))
        except CorpusImportError as exc:
            reports.append(LoadReport(path=Path(path), error=exc))
    return reports
