"""A year's Markdown ZIP (journal.exports.bundle)."""

import io
import zipfile

from journal.exports import build
from tests.factories import (
    make_entry,
)


def test_year_zip_has_one_file_per_entry_and_an_index(owner, signed_entry):
    make_entry(owner, title="Second entry")
    result = build.export_for_params(owner=owner, fmt="md", params={"year": 2026})
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    names = archive.namelist()
    assert "index.md" in names
    assert len([n for n in names if n.startswith("entries/")]) == 2
    index = archive.read("index.md").decode()
    assert "Standard 6 podcast" in index and "Second entry" in index
