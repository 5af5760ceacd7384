"""A web article copied as text, with its reader comments (the Community Care article).

The shape: the headline on the first line, an optional standfirst, an optional byline
("By Liz Shaw, principal social worker, Barnet"), then blank-line separated paragraphs,
short unpunctuated lines as headings and bulleted lines as list items. A line such as
"One Response to ‘...’" opens the reader comments: each comment starts with its author
line ("1. David Steare February 5, 2016 at 1:53 pm #") and its paragraphs are kept as
passages of kind "comment" attributed to the commenter, never as the article's text.
Page furniture listed in the sidecar's `noise` is dropped.
"""

from __future__ import annotations

import re

from corpus.importers.base import (
    COMMENT,
    ImportedDocument,
    ImportedPassage,
    ImportFormatError,
    blocks,
    bulleted_lines,
    classify,
    clean_line,
    noise_set,
)

BYLINE = re.compile(r"^By\s+(?P<byline>(?P<author>[^,]+).*)$")
COMMENTS_START = re.compile(r"^(?:\w+|\d+) (?:Response|Comment|Reply)s? (?:to|on)\b", re.IGNORECASE)
COMMENT_AUTHOR = re.compile(
    r"^(?:\d+\.\s+)?(?P<name>\S.*?)\s+(?P<when>[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s*[ap]m)\s*#?$"
)


def parse(text: str, *, meta: dict) -> ImportedDocument:
    noise = noise_set(meta)
    document = ImportedDocument()
    paragraphs: list[tuple[str, int]] = []
    for block in blocks(text):
        items = bulleted_lines(block)
        if items:
            paragraphs.extend((f"- {item}", line) for item, line in items)
        elif clean_line(block.text) not in noise:
            paragraphs.append((clean_line(block.text), block.line))
    if not paragraphs:
        raise ImportFormatError("the article is empty")

    headline, _ = paragraphs[0]
    document.metadata["title"] = headline.strip("‘’'\"“” ")
    in_comments = False
    commenter: str | None = None
    for index, (paragraph, line) in enumerate(paragraphs[1:], start=1):
        if not in_comments:
            byline = BYLINE.match(paragraph) if index <= 3 else None
            if byline:
                document.metadata["byline"] = byline["byline"]
                document.metadata["author"] = byline["author"].strip()
                continue
            if COMMENTS_START.match(paragraph):
                in_comments = True
                continue
            if index == 1:
                document.metadata["summary"] = paragraph
            kind, passage_text = classify(paragraph)
            document.passages.append(ImportedPassage(text=passage_text, kind=kind, line=line))
            continue

        author = COMMENT_AUTHOR.match(paragraph)
        if author:
            commenter = author["name"].strip()
            document.add_speaker(commenter, role=f"Reader comment, {author['when']}")
            continue
        if commenter is None:
            raise ImportFormatError(
                "this comment has no author line before it "
                "(for example '1. Jo Bloggs February 5, 2016 at 1:53 pm #')",
                line,
            )
        document.passages.append(
            ImportedPassage(text=paragraph, kind=COMMENT, speaker=commenter, line=line)
        )
    return document
