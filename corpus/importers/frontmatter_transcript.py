"""Transcripts with YAML front matter and a speaker legend (the IRISS podcast files).

The shape::

    ---
    title: "Influencing practice: relationships matter"
    date: 2019-07-29T05:05:00+01:00
    ---
    Shaping our future: relationships matters 31 May 2019.   <- preamble (a heading)

    JI - Jackie Irvine                                       <- legend: initials to names

    JI I suppose quickly just to introduce myself, ...      <- Jackie's turn starts

    So today, a wee bit of a cover ...                       <- still Jackie

    "Peoples' needs are better met ..."                      <- a quotation, still Jackie

Every blank-line separated paragraph becomes one passage. Paragraphs before the legend
are the preamble and have no speaker; after the legend, the first paragraph must open
with a speaker's initials, because an unattributed turn cannot be cited honestly.
"""

from __future__ import annotations

import datetime
import re

import yaml

from corpus.importers.base import (
    HEADING,
    PARAGRAPH,
    QUOTE,
    ImportedDocument,
    ImportedPassage,
    ImportFormatError,
    blocks,
    clean_line,
    is_quotation,
)

FENCE = "---"
LEGEND_LINE = re.compile(
    r"^(?P<initials>[A-Z][A-Za-z]{0,4})\s*[-–—:]\s*(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})$"
)


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """Return (front matter, body, line number of the body's first line)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise ImportFormatError("the file must start with front matter: a line '---'", 1)
    number = next((n for n, line in enumerate(lines[1:], start=2) if line.strip() == FENCE), None)
    if number is None:
        raise ImportFormatError("the front matter opened on line 1 is never closed with '---'", 1)
    try:
        data = yaml.safe_load("\n".join(lines[1 : number - 1])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise ImportFormatError(
            f"the front matter is not valid YAML ({exc.problem})", line
        ) from None
    if not isinstance(data, dict):
        raise ImportFormatError("the front matter must be a set of 'key: value' lines", 2)
    body = "\n".join(lines[number:])
    return data, body, number + 1


def _metadata(front: dict) -> dict:
    meta: dict = {}
    for key in ("title", "subtitle", "categories", "speakers", "hosts"):
        if front.get(key) not in (None, "", []):
            meta[key] = front[key]
    date = front.get("date")
    if isinstance(date, datetime.datetime):
        meta["date"] = date.date()
    elif isinstance(date, datetime.date):
        meta["date"] = date
    elif isinstance(date, str) and date:
        try:
            meta["date"] = datetime.date.fromisoformat(date[:10])
        except ValueError:
            raise ImportFormatError(f"the front matter date {date!r} is not a date", 2) from None
    urls = [value for key, value in front.items() if key.endswith("url") and value]
    if urls:
        meta["url"] = str(urls[0])
    if meta.get("subtitle"):
        meta["summary"] = meta["subtitle"]
    return meta


def parse(text: str, *, meta: dict) -> ImportedDocument:
    front, body, first_line = split_front_matter(text)
    document = ImportedDocument(metadata=_metadata(front))
    paragraphs = list(blocks(body, first_line=first_line))

    legend_at = next(
        (
            index
            for index, block in enumerate(paragraphs)
            if all(LEGEND_LINE.match(clean_line(line)) for line in block.lines)
        ),
        None,
    )
    if legend_at is None:
        line = paragraphs[0].line if paragraphs else first_line
        raise ImportFormatError(
            "no speaker legend found: add a line such as 'JI - Jackie Irvine' before the transcript",
            line,
        )

    names: dict[str, str] = {}
    index = legend_at
    # The legend may run over several paragraphs; each line maps initials to a name.
    while index < len(paragraphs) and all(
        LEGEND_LINE.match(clean_line(line)) for line in paragraphs[index].lines
    ):
        for line in paragraphs[index].lines:
            match = LEGEND_LINE.match(clean_line(line))
            names[match["initials"]] = match["name"]
            document.add_speaker(match["name"], initials=match["initials"])
        index += 1

    for block in paragraphs[:legend_at]:
        document.passages.append(ImportedPassage(text=block.text, kind=HEADING, line=block.line))

    turn = re.compile(
        r"^(?P<initials>"
        + "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
        + r")(?::\s*|\s+)(?P<text>\S.*)$",
        re.DOTALL,
    )
    speaker: str | None = None
    for block in paragraphs[index:]:
        text = clean_line(block.text)
        match = turn.match(text)
        if match:
            speaker = names[match["initials"]]
            text = match["text"].strip()
        elif speaker is None:
            raise ImportFormatError(
                "this paragraph comes before any speaker: start it with the speaker's "
                f"initials from the legend ({', '.join(sorted(names))})",
                block.line,
            )
        kind = QUOTE if is_quotation(text) else PARAGRAPH
        document.passages.append(
            ImportedPassage(text=text, kind=kind, speaker=speaker, line=block.line)
        )
    return document
