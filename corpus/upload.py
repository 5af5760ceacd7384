"""Adding or replacing a document from the admin: preview what the importer makes of it, then
import it through the same loader and the same all-or-nothing transaction as import_corpus.

`preview_upload` parses without writing and reports what an editor needs to decide: episodes,
speakers, the passage count and first passages, the explicit references found, and problems
with their line numbers (an error stops the import; warnings do not). `import_upload` writes
it with `corpus.loading.load_document`, so a re-imported document keeps its passages' anchors
and its citations are re-anchored exactly as after `import_corpus`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from corpus.importers.base import ImportedDocument, ImportedPassage
from corpus.loading import LoadReport, load_document, passage_anchors
from corpus.models import Source
from corpus.references import explicit_references
from corpus.source_files import CorpusImportError, check_metadata, parse_document

FIRST_PASSAGES = 8
LONG_PASSAGE = 3000


@dataclass
class Problem:
    line: int | None
    message: str


@dataclass
class Reference:
    line: int
    label: str
    excerpt: str


@dataclass
class Preview:
    """What importing the upload would make; `error` set means it cannot be imported."""

    file_name: str
    meta: dict
    token: str
    error: Problem | None = None
    episodes: list[tuple[str, int, int]] = field(default_factory=list)  # title, line, passages
    speakers: list[tuple[str, str, int]] = field(default_factory=list)  # name, role, passages
    passage_count: int = 0
    first_passages: list[ImportedPassage] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    replaces: Source | None = None
    kept: int = 0
    added: int = 0
    removed: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def upload_token(data: bytes, meta: dict) -> str:
    """Names one upload with its metadata: Import must import what the preview showed."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _checksum(data: bytes, meta: dict) -> str:
    return "upload:" + upload_token(data, meta)[:57]


def preview_upload(data: bytes, meta: dict, *, file_name: str) -> Preview:
    path = Path(file_name)
    preview = Preview(file_name=file_name, meta=meta, token=upload_token(data, meta))
    try:
        meta = check_metadata(meta, path=path)
        document = parse_document(data.decode("utf-8").removeprefix("\ufeff"), meta, path=path)
    except CorpusImportError as error:
        preview.error = Problem(error.line, error.message)
        return preview
    _describe(preview, document, meta)
    _compare(preview, document, meta["slug"])
    return preview


def _describe(preview: Preview, document: ImportedDocument, meta: dict) -> None:
    passages = document.passages
    preview.passage_count = len(passages)
    preview.first_passages = passages[:FIRST_PASSAGES]
    per_episode = Counter(p.episode for p in passages)
    first_line = {}
    for passage in passages:
        first_line.setdefault(passage.episode, passage.line)
    preview.episodes = [
        (episode.title, episode.line or first_line.get(number, 0), per_episode[number])
        for number, episode in enumerate(document.episodes)
    ]
    per_speaker = Counter(p.speaker for p in passages if p.speaker)
    roles = meta.get("speakers") or {}
    preview.speakers = [
        (s.name, roles.get(s.name) or s.role, per_speaker[s.name]) for s in document.speakers
    ]
    for passage in passages:
        for standard, statement in explicit_references(passage.text):
            label = f"statement {statement}" if statement else f"standard {standard}"
            preview.references.append(Reference(passage.line, label, passage.text[:120]))
    for title, line, count in preview.episodes:
        if not count:
            preview.warnings.append(Problem(line or None, f"episode “{title}” has no passages"))
    for name, role, _count in preview.speakers:
        if not role:
            line = next((p.line for p in passages if p.speaker == name), None)
            preview.warnings.append(
                Problem(line, f"speaker “{name}” has no description; add one under Speakers")
            )
    if meta["kind"] == Source.Kind.PODCAST and not document.speakers:
        preview.warnings.append(Problem(None, "a podcast with no speakers found"))
    seen: dict[str, int] = {}
    for passage in passages:
        if len(passage.text) > LONG_PASSAGE:
            preview.warnings.append(
                Problem(passage.line, f"a passage of {len(passage.text):,} characters")
            )
        key = passage.text.strip().lower()
        if key in seen and len(key) > 40:
            preview.warnings.append(
                Problem(passage.line, f"the same text as line {seen[key]}; both are kept")
            )
        seen.setdefault(key, passage.line)
    preview.warnings.sort(key=lambda problem: problem.line or 0)


def _compare(preview: Preview, document: ImportedDocument, slug: str) -> None:
    """For a re-import: how many passages keep their anchor, are new, or go."""
    existing = Source.objects.filter(slug=slug).first()
    if existing is None:
        return
    preview.replaces = existing
    old = set(existing.passages.values_list("anchor", flat=True))
    new = {anchor for anchor, _ in passage_anchors([p.text for p in document.passages])}
    preview.kept, preview.added, preview.removed = len(old & new), len(new - old), len(old - new)


def import_upload(data: bytes, meta: dict, *, file_name: str) -> LoadReport:
    """Import the upload in one transaction; raises CorpusImportError and writes nothing."""
    path = Path(file_name)
    meta = check_metadata(meta, path=path)
    return load_document(data, meta, path=path, checksum=_checksum(data, meta), force=True)
