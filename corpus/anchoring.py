"""Find a cited quote again when its source is re-imported.

The corpus knows nothing of who cites it: after a re-import it sends
`corpus.signals.source_reimported`, and the journal re-anchors its citations with `locate`.

A citation stores its quote verbatim with the passage's anchor and a little context. After
a re-import the quote is looked for in this order:

1. the passage with the stored anchor, if it still contains the quote: "ok";
2. any passage of the source containing the quote; when several do, the one whose
   neighbourhood matches the stored context before and after best: "moved";
3. nowhere: "missing" (the citation keeps its quote and shows it as no longer found).

A citation that moved stays "moved" on later imports, so the
writer still learns the source changed under it. The quote itself is never changed. Comparison ignores differences of spacing and of
straight versus curly quotes, which re-typing a transcript introduces, but not of words.
"""

from __future__ import annotations

import re
import unicodedata

from corpus.models import Passage, Source

OK = "ok"
MOVED = "moved"
MISSING = "missing"


def comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def _context_score(passages: list[Passage], index: int, quote: str, before: str, after: str) -> int:
    """How well the text around the quote in passages[index] matches the stored context."""
    text = comparable(passages[index].text)
    at = text.find(quote)
    preceding = text[:at]
    following = text[at + len(quote) :]
    if index > 0:
        preceding = comparable(passages[index - 1].text) + " " + preceding
    if index + 1 < len(passages):
        following = following + " " + comparable(passages[index + 1].text)
    score = 0
    if before and preceding.rstrip().endswith(before):
        score += 2
    elif before and before[-30:] and before[-30:] in preceding:
        score += 1
    if after and following.lstrip().startswith(after):
        score += 2
    elif after and after[:30] and after[:30] in following:
        score += 1
    return score


def locate(
    passages: list[Passage], *, anchor: str, quote: str, context_before: str, context_after: str
) -> tuple[Passage | None, str]:
    quote = comparable(quote)
    if not quote:
        return None, MISSING
    for passage in passages:
        if passage.anchor == anchor and quote in comparable(passage.text):
            return passage, OK
    candidates = [i for i, passage in enumerate(passages) if quote in comparable(passage.text)]
    if not candidates:
        return None, MISSING
    before, after = comparable(context_before), comparable(context_after)
    best = max(
        candidates,
        key=lambda i: (_context_score(passages, i, quote, before, after), -i),
    )
    return passages[best], MOVED


def source_passages(source: Source) -> list[Passage]:
    """The source's passages in order, with just what `locate` reads."""
    return list(
        source.passages.order_by("position").only("id", "source_id", "anchor", "text", "position")
    )


def locate_quote(
    *, source_slug: str, anchor: str, quote: str, context_before: str = "", context_after: str = ""
) -> tuple[Passage | None, str]:
    """Find the passage a citation quotes; returns (passage or None, "ok"|"moved"|"missing")."""
    source = Source.objects.filter(slug=source_slug).first()
    if source is None:
        return None, MISSING
    passage, status = locate(
        source_passages(source),
        anchor=anchor,
        quote=quote,
        context_before=context_before,
        context_after=context_after,
    )
    if passage is not None:
        passage = Passage.objects.with_display().get(pk=passage.pk)
    return passage, status
