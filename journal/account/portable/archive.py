"""Opening an account file: a ZIP of ours, of a format this journal reads, undamaged.

Nothing is saved here; reading.py turns the document into records.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass
from typing import IO

from journal.account.portable import format as fmt


class AccountFileError(Exception):
    """The file cannot be imported; `problems` says why, one plain sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Archive:
    """An opened account file: its document, its SHA-256 and the ZIP for the evidence files."""

    data: dict
    digest: str
    zip: zipfile.ZipFile


def read_archive(upload: IO[bytes], size: int) -> Archive:
    """Open an uploaded account ZIP and read its data.json, or say plainly why not."""
    if size > fmt.MAX_ZIP_BYTES:
        raise AccountFileError(
            [
                f"The file is {size // 2**20} MB; the most we import is {fmt.MAX_ZIP_BYTES // 2**20} MB."
            ]
        )
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(2**20), b""):
        digest.update(chunk)
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise AccountFileError(
            [
                "This is not a ZIP file from “Download all your data”. Download it again from "
                "your old journal's profile page and upload the ZIP as it is."
            ]
        ) from None
    if len(members) > fmt.MAX_MEMBERS:
        raise AccountFileError(
            [f"The ZIP holds {len(members)} files; the most we read is {fmt.MAX_MEMBERS}."]
        )
    try:
        info = archive.getinfo(fmt.DATA_NAME)
    except KeyError:
        raise AccountFileError(
            [
                f"The ZIP has no {fmt.DATA_NAME}: it is not an account file from “Download all "
                "your data” (a year's Markdown export cannot be imported here)."
            ]
        ) from None
    if info.file_size > fmt.MAX_DATA_BYTES:
        raise AccountFileError(
            [f"{fmt.DATA_NAME} is larger than we read ({fmt.MAX_DATA_BYTES // 2**20} MB)."]
        )
    try:
        data = json.loads(archive.read(info).decode("utf-8"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        where = f" (line {error.lineno})" if isinstance(error, json.JSONDecodeError) else ""
        raise AccountFileError(
            [f"{fmt.DATA_NAME} is damaged{where} and cannot be read. Download the file again."]
        ) from None
    _check_format(data)
    return Archive(data=data, digest=digest.hexdigest(), zip=archive)


def _check_format(data) -> None:
    if not isinstance(data, dict) or data.get("format") != fmt.FORMAT:
        raise AccountFileError(
            [
                f"{fmt.DATA_NAME} is not an account file of CPD Journal (an export made before "
                "December 2026 has no format mark: download your data again from your old journal)."
            ]
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise AccountFileError([f"{fmt.DATA_NAME} does not say which format version it is."])
    if version > fmt.FORMAT_VERSION:
        raise AccountFileError(
            [
                f"This file was made by a newer CPD Journal (format {version}); this one reads up "
                f"to format {fmt.FORMAT_VERSION}. Nothing was imported: ask whoever runs this "
                "journal to update it, then try again."
            ]
        )
    if version < fmt.OLDEST_READABLE:
        raise AccountFileError(
            [
                f"This file is in an old format ({version}): download your data again from your old journal."
            ]
        )
