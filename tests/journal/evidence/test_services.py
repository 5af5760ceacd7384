"""The name a person gave a file is kept as a label only: no folders, no markup, bounded."""

import pytest

from journal.evidence.services import NAME_CHARS, clean_name


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Certificate — level 3 (2026).pdf", "Certificate — level 3 (2026).pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\nia\\slides.pptx", "slides.pptx"),
        ('<img src=x onerror="alert(1)">.png', "_img src=x onerror=_alert(1)__.png"),
        ("notes\r\nSet-Cookie: x.txt", "notes__Set-Cookie_ x.txt"),
        ("...", "evidence"),
        ("", "evidence"),
    ],
)
def test_names_are_labels(given, kept):
    assert clean_name(given) == kept


def test_a_long_name_keeps_its_ending():
    name = clean_name("a" * 300 + ".docx")
    assert len(name) == NAME_CHARS and name.endswith("a.docx")
