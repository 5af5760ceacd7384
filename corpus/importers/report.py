"""A report copied out of a PDF (the CareKnowledge special report).

Three things make PDF text different from an article, and this importer undoes them:

* The cover. Everything before the first numbered section heading ("1. Introduction")
  is the cover page (title, author, publisher, copyright); it goes into the metadata,
  not into the passages. Bare page numbers and dot leaders are dropped everywhere.
* Wrapped lines. A paragraph that starts with a small letter, or follows one that left a
  bracket open, continues the paragraph before it ("... a difference for" / "families").
* Damaged characters. The copy has "?" where bullets and dashes were. Only where the
  context makes it certain is it repaired:
  - "? " opening a paragraph was a bullet: the paragraph is a list item;
  - inside such a list, " ? " followed by a capital was the next bullet: a new item;
  - " ? " between words followed by a small letter was a dash: it becomes " – ".
  Anything else, such as "? " then a capital in ordinary prose or any real question
  mark ("system?"), is left exactly as it is.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from corpus.importers.base import (
    HEADING,
    LIST_ITEM,
    ImportedDocument,
    ImportedPassage,
    ImportFormatError,
    blocks,
    classify,
    clean_line,
    looks_like_heading,
    noise_set,
)

PAGE_NUMBER = re.compile(r"^\d{1,3}$")
LEADER = re.compile(r"^[.\s·…_-]{4,}$")
NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
DAMAGED_BULLET = re.compile(r"^\?\s+(?=\S)")
NEXT_BULLET = re.compile(r"\s\?\s+(?=[A-Z0-9‘“\"'(\[])")
DAMAGED_DASH = re.compile(r"(?<=[\w,.)’'\"”])\s\?\s+(?=[a-z])")


@dataclass
class _Paragraph:
    text: str
    line: int
    # (offset in text, file line) for each wrapped piece joined into this paragraph
    pieces: list[tuple[int, int]]

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.pieces, (offset, float("inf"))) - 1
        return self.pieces[max(index, 0)][1]


def _is_numbered_heading(text: str) -> bool:
    return bool(NUMBERED_HEADING.match(text)) and looks_like_heading(text, max_length=120)


def _paragraphs(text: str, noise: set[str]) -> list[_Paragraph]:
    # Each paragraph is gathered as a list of (piece, line) and joined once, so that a
    # long run of wrapped lines costs linear time.
    gathered: list[tuple[list[tuple[str, int]], int]] = []  # (pieces, open brackets)
    for block in blocks(text):
        paragraph = clean_line(block.text)
        if paragraph in noise or PAGE_NUMBER.match(paragraph) or LEADER.match(paragraph):
            continue
        depth = paragraph.count("(") - paragraph.count(")")
        if gathered:
            pieces, open_brackets = gathered[-1]
            wrapped = paragraph[0].islower() or open_brackets > 0
            if wrapped and not (len(pieces) == 1 and _is_numbered_heading(pieces[0][0])):
                pieces.append((paragraph, block.line))
                gathered[-1] = (pieces, open_brackets + depth)
                continue
        gathered.append(([(paragraph, block.line)], depth))

    result = []
    for pieces, _ in gathered:
        offsets, offset = [], 0
        for piece, line in pieces:
            offsets.append((offset, line))
            offset += len(piece) + 1
        result.append(_Paragraph(" ".join(p for p, _ in pieces), pieces[0][1], offsets))
    return result


def repair_dashes(text: str) -> str:
    """ " ? " between words, before a small letter, was a dash."""
    return DAMAGED_DASH.sub(" – ", text)


def repair_list(paragraph: _Paragraph) -> list[tuple[str, int]]:
    """Split a damaged bulleted paragraph into its items, with the line each starts on."""
    body_start = DAMAGED_BULLET.match(paragraph.text).end()
    items: list[tuple[str, int]] = []
    start = body_start
    for match in NEXT_BULLET.finditer(paragraph.text, body_start):
        items.append((paragraph.text[start : match.start()], paragraph.line_at(start)))
        start = match.end()
    items.append((paragraph.text[start:], paragraph.line_at(start)))
    return [(repair_dashes(item.strip()), line) for item, line in items if item.strip()]


def parse(text: str, *, meta: dict) -> ImportedDocument:
    noise = noise_set(meta)
    paragraphs = _paragraphs(text, noise)
    if not paragraphs:
        raise ImportFormatError("the report is empty")
    document = ImportedDocument()

    body_at = next((i for i, p in enumerate(paragraphs) if _is_numbered_heading(p.text)), 0)
    cover = [p.text for p in paragraphs[:body_at]]
    if cover:
        document.metadata["cover"] = list(dict.fromkeys(cover))
        document.metadata["title"] = cover[0]

    for paragraph in paragraphs[body_at:]:
        if DAMAGED_BULLET.match(paragraph.text):
            for item, line in repair_list(paragraph):
                document.passages.append(ImportedPassage(text=item, kind=LIST_ITEM, line=line))
            continue
        if _is_numbered_heading(paragraph.text):
            document.passages.append(
                ImportedPassage(text=paragraph.text, kind=HEADING, line=paragraph.line)
            )
            continue
        kind, passage_text = classify(repair_dashes(paragraph.text))
        document.passages.append(ImportedPassage(text=passage_text, kind=kind, line=paragraph.line))
    return document
