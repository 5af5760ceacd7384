"""Importers: one module per source format, all returning the same plain structures.

A sidecar names its format with `importer: <name>`; `get_importer(name)` returns the
module's `parse(text, *, meta) -> ImportedDocument`. A new document in a supported
format needs only its file and sidecar; a new format needs one module and one line here.
"""

from collections.abc import Callable

from corpus.importers import article, frontmatter_transcript, podcast_feed, podcast_page, report
from corpus.importers.base import ImportedDocument, ImportFormatError

Parser = Callable[..., ImportedDocument]

IMPORTERS: dict[str, Parser] = {
    "frontmatter_transcript": frontmatter_transcript.parse,
    "podcast_page": podcast_page.parse,
    "article": article.parse,
    "report": report.parse,
    "podcast_feed": podcast_feed.parse,
}


def get_importer(name: str) -> Parser:
    try:
        return IMPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(IMPORTERS))
        raise ImportFormatError(f"unknown importer {name!r}; known importers: {known}") from None


__all__ = ["IMPORTERS", "ImportFormatError", "ImportedDocument", "get_importer"]
