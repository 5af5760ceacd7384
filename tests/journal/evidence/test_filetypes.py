"""The content decides what a file is; the name must agree; everything else is refused."""

import io
import zipfile

import pytest

from journal.evidence import filetypes
from journal.evidence.filetypes import Refused, identify
from tests.factories import TINY_PDF


def office(folder: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<document/>")
        if macros:
            archive.writestr(f"{folder}vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


ACCEPTED = [
    ("certificate.pdf", TINY_PDF, filetypes.PDF),
    ("Slide 1.PNG", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, filetypes.PNG),
    ("notes.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 40, filetypes.JPEG),
    ("notes.jpeg", b"\xff\xd8\xff\xe1\x00\x10Exif" + b"\x00" * 40, filetypes.JPEG),
    ("IMG_0042.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", filetypes.HEIC),
    ("reflection.docx", office("word/"), filetypes.DOCX),
    ("log.xlsx", office("xl/"), filetypes.XLSX),
    ("slides.pptx", office("ppt/"), filetypes.PPTX),
    ("notes.txt", "Notes from the session — café, naïve\r\n\tindented".encode(), filetypes.TEXT),
    ("bom.txt", b"\xef\xbb\xbfWith a byte-order mark\n", filetypes.TEXT),
]


@pytest.mark.parametrize(("name", "content", "expected"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_types_are_told_by_content(name, content, expected):
    upload = io.BytesIO(content)
    assert identify(upload, name) == expected
    assert upload.tell() == 0, "left at the start, ready to be stored"


REFUSED = [
    ("a program renamed", "certificate.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40),
    ("a script renamed", "notes.txt", b"#!/bin/sh\nrm -rf /\x00"),
    ("an empty file", "notes.txt", b""),
    ("a blank text", "notes.txt", b"   \n\n"),
    ("a plain ZIP", "slides.pptx", b"PK\x03\x04" + b"\x00" * 40),
    ("a document with macros", "reflection.docx", office("word/", macros=True)),
    ("an SVG (can carry script)", "slide.svg", b"<svg onload='alert(1)'></svg>"),
    ("HTML", "page.txt", b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00"),
    ("a GIF", "photo.gif", b"GIF89a" + b"\x00" * 40),
]


@pytest.mark.parametrize(("what", "name", "content"), REFUSED, ids=[r[0] for r in REFUSED])
def test_other_content_is_refused_with_what_is_accepted(what, name, content):
    with pytest.raises(Refused) as refused:
        identify(io.BytesIO(content), name)
    assert f"“{name}” is not a file type we can keep" in str(refused.value)
    assert "PDF, PNG, JPEG" in str(refused.value)


def test_a_name_that_disagrees_with_the_content_is_refused_with_what_to_do():
    with pytest.raises(Refused) as refused:
        identify(io.BytesIO(TINY_PDF), "photo.png")
    assert str(refused.value) == (
        "“photo.png” is a PDF inside, but its name does not end in .pdf. Rename it and try again."
    )
