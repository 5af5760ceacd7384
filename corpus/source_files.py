"""Reading and checking a source's files before anything is written: the document (size limit,
UTF-8), its YAML sidecar (required keys, known importer) and the importer's output. Every problem
raises CorpusImportError naming the file and line.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from corpus.importers import IMPORTERS, get_importer
from corpus.importers.base import ImportedDocument, ImportFormatError
from corpus.models import Passage, Source

BUNDLED_SOURCES_DIR = Path(__file__).resolve().parent / "sources"
SIDECAR_SUFFIX = ".yaml"
REQUIRED_KEYS = ("slug", "title", "kind", "importer", "licence")
OPTIONAL_KEYS = (
    "series",
    "publisher",
    "author",
    "date",
    "url",
    "summary",
    "noise",
    "standard_titles",
    "episode_titles",
    "episode_order",
    "speakers",
)
# How a multi-episode page lists its episodes: numbering always runs from the first episode
# made, so a podcast page that lists the newest first says so in its sidecar.
EPISODE_ORDERS = ("oldest_first", "newest_first")
TEXT_LIMITS = {"title": 300, "series": 200, "publisher": 200, "author": 200, "url": 500}


class CorpusImportError(Exception):
    """A source could not be imported; the message names the file and, if known, the line."""

    def __init__(self, message: str, *, path: Path, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path)
        self.line = line

    def __str__(self):
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


def sidecar_path(path: Path) -> Path:
    return path.with_suffix(SIDECAR_SUFFIX)


def document_path(path: Path) -> Path:
    """The document a path names: itself, or for a sidecar the file with the same stem."""
    path = Path(path)
    if path.suffix != SIDECAR_SUFFIX:
        return path
    matches = sorted(
        p for p in path.parent.glob(f"{path.stem}.*") if p.suffix != SIDECAR_SUFFIX and p.is_file()
    )
    if len(matches) != 1:
        raise CorpusImportError(
            "a sidecar needs exactly one document with the same name beside it", path=path
        )
    return matches[0]


def bundled_paths(directory: Path = BUNDLED_SOURCES_DIR) -> list[Path]:
    """Every document in `directory` that has a sidecar."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_file()
        and path.suffix != SIDECAR_SUFFIX
        and not path.name.startswith(".")
        and sidecar_path(path).exists()
    )


def read_bytes(path: Path) -> bytes:
    limit = settings.CORPUS_UPLOAD_MAX_BYTES
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CorpusImportError("the file does not exist", path=path) from None
    if size > limit:
        raise CorpusImportError(
            f"the file is {size:,} bytes, over the limit of {limit:,} bytes "
            "(CORPUS_UPLOAD_MAX_BYTES)",
            path=path,
        )
    return path.read_bytes()


def decode(data: bytes, path: Path) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusImportError(
            f"the file is not valid UTF-8 (byte {exc.start + 1}); save it as UTF-8",
            path=path,
            line=line,
        ) from None
    return text.removeprefix("\ufeff")


def read_sidecar(path: Path, data: bytes) -> dict:
    """Parse and check a sidecar; errors name the line of the offending key."""
    text = decode(data, path)
    try:
        node = yaml.compose(text)
        values = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusImportError(
            f"the sidecar is not valid YAML ({getattr(exc, 'problem', exc)})",
            path=path,
            line=mark.line + 1 if mark else None,
        ) from None
    if not isinstance(values, dict) or node is None:
        raise CorpusImportError("the sidecar must be a set of 'key: value' lines", path=path)
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return check_metadata(values, path=path, lines=lines)


def check_metadata(values: dict, *, path: Path, lines: dict | None = None) -> dict:
    """The rules every source's metadata follows, from a sidecar or the admin's upload form.

    Raises CorpusImportError naming the key (and its line in a sidecar); returns the values
    with the date parsed.
    """
    lines = lines or {}
    values = dict(values)
    missing = [key for key in REQUIRED_KEYS if not values.get(key)]
    if missing:
        raise CorpusImportError(
            f"the sidecar is missing the required key(s): {', '.join(missing)}", path=path
        )
    for key in values:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            raise CorpusImportError(
                f"unknown key {key!r} in the sidecar", path=path, line=lines.get(key)
            )

    def fail(key: str, message: str):
        raise CorpusImportError(message, path=path, line=lines.get(key))

    try:
        validate_slug(str(values["slug"]))
    except ValidationError:
        fail("slug", f"slug {values['slug']!r} may use only letters, numbers, - and _")
    if values["kind"] not in Source.Kind.values:
        fail("kind", f"kind must be one of {', '.join(Source.Kind.values)}")
    if values["importer"] not in IMPORTERS:
        fail(
            "importer",
            f"unknown importer {values['importer']!r}; known: {', '.join(sorted(IMPORTERS))}",
        )
    for key, limit in TEXT_LIMITS.items():
        if len(str(values.get(key) or "")) > limit:
            fail(key, f"{key} is longer than {limit} characters")
    if values.get("url"):
        try:
            URLValidator()(str(values["url"]))
        except ValidationError:
            fail("url", f"url {values['url']!r} is not a web address")
    date = values.get("date")
    if date is not None and not isinstance(date, datetime.date):
        try:
            values["date"] = datetime.date.fromisoformat(str(date))
        except ValueError:
            fail("date", f"date {date!r} is not a date (YYYY-MM-DD)")
    speakers = values.get("speakers")
    if speakers is not None and (
        not isinstance(speakers, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in speakers.items())
    ):
        fail("speakers", "speakers must map each speaker's name to a short description")
    if values.get("episode_order", "oldest_first") not in EPISODE_ORDERS:
        fail("episode_order", f"episode_order must be one of {', '.join(EPISODE_ORDERS)}")
    if isinstance(values.get("date"), datetime.datetime):
        values["date"] = values["date"].date()
    return values


def _check_document(document: ImportedDocument, path: Path) -> None:
    """The importer's output is consistent enough to store."""
    if not document.passages:
        raise CorpusImportError("no passages were found in the file", path=path)
    names = set(document.speaker_names())
    for passage in document.passages:
        if not passage.text.strip():
            raise CorpusImportError("an empty passage", path=path, line=passage.line)
        if passage.kind not in Passage.Kind.values:
            raise CorpusImportError(f"unknown passage kind {passage.kind!r}", path=path)
        if passage.speaker is not None and passage.speaker not in names:
            raise CorpusImportError(
                f"speaker {passage.speaker!r} is not in the speaker list", path=path
            )
        if passage.episode is not None and not 0 <= passage.episode < len(document.episodes):
            raise CorpusImportError("a passage names an unknown episode", path=path)


def checksum_of(document: bytes, sidecar: bytes) -> str:
    digest = hashlib.sha256()
    for part in (document, sidecar):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def parse_document(text: str, meta: dict, *, path: Path) -> ImportedDocument:
    """Run the sidecar's importer over the text and check the result; nothing is written."""
    try:
        document = get_importer(meta["importer"])(text, meta=meta)
    except ImportFormatError as exc:
        raise CorpusImportError(exc.message, path=path, line=exc.line) from None
    _check_document(document, path)
    return document
