"""Which files may be kept as evidence, told by their content, not their name.

A small rule in plain sight rather than a guessing library: each accepted type has the bytes
its files start with (and, for Office documents, the folder every such ZIP holds), and the
name's ending must agree with what the content is. Everything else is refused with a message
that says what to do. Pure functions over bytes: no database, no files on disk.
"""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

# Enough to recognise every type below; a text file is read whole (it is at most the size limit).
HEAD_BYTES = 32


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", (".pdf",))
PNG = FileType("PNG image", "image/png", (".png",))
JPEG = FileType("JPEG photo", "image/jpeg", (".jpg", ".jpeg"))
HEIC = FileType("HEIC photo", "image/heic", (".heic", ".heif"))
DOCX = FileType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileType(
    "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileType(
    "PowerPoint slides",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
TEXT = FileType("text file", "text/plain; charset=utf-8", (".txt",))

ACCEPTED = (PDF, PNG, JPEG, HEIC, DOCX, XLSX, PPTX, TEXT)
ACCEPTED_LABEL = (
    "PDF, PNG, JPEG, HEIC, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) or text (.txt)"
)
# For the file picker's `accept`: a hint to the browser only; the content decides.
ACCEPT_ATTRIBUTE = ",".join(ext for kind in ACCEPTED for ext in kind.extensions)

# The ISO base media brands of HEIC and HEIF photos (what an iPhone saves).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# The folder each Office Open XML document keeps its content in.
OFFICE_FOLDERS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


class Refused(ValueError):
    """The file is not one we keep; the message says why, in words for the person."""


def identify(upload: BinaryIO, name: str) -> FileType:
    """The type of `upload` (read from the start, left at the start), or Refused.

    The content decides; the name's ending must then agree, so that a file opens in the right
    program when it is downloaded again.
    """
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = _by_content(head, upload)
    upload.seek(0)
    if kind is TEXT and not name.lower().endswith(TEXT.extensions):
        kind = None  # SVG, HTML and scripts are text too: plain text is told by its name as well
    if kind is None:
        raise Refused(f"“{name}” is not a file type we can keep. Evidence can be {ACCEPTED_LABEL}.")
    if not name.lower().endswith(kind.extensions):
        raise Refused(
            f"“{name}” is a {kind.label} inside, but its name does not end in "
            f"{' or '.join(kind.extensions)}. Rename it and try again."
        )
    return kind


def _by_content(head: bytes, upload: BinaryIO) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIC
    if head.startswith(b"PK\x03\x04"):
        return _office(upload)
    return _text(upload)


def _office(upload: BinaryIO) -> FileType | None:
    """A Word, Excel or PowerPoint file: a ZIP with [Content_Types].xml and its own folder.

    Only the ZIP's list of names is read, never its content, so a ZIP bomb costs nothing here.
    A document with macros (vbaProject.bin) is refused: macros run code on whoever opens it.
    """
    try:
        names = zipfile.ZipFile(upload).namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    for folder, kind in OFFICE_FOLDERS.items():
        if any(n.startswith(folder) for n in names):
            return kind
    return None


def _text(upload: BinaryIO) -> FileType | None:
    """Plain text: UTF-8 (with or without a byte-order mark) and no control characters but
    tabs and line ends, so a renamed program or document is never taken for text."""
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.strip() or any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        return None
    return TEXT
