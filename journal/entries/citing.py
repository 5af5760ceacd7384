"""Citing the library word for word: a whole passage, or some words of it (QuotePart).

A citation keeps its quote verbatim with the text around it, so `corpus.anchoring` finds it
again after a re-import. `entry_save` (services.py) is the only caller that writes: citing,
"Quote only these words" on a passage not cited yet ('<source>:<anchor>@<start>-<end>'), and
"Trim this quote" on one already cited (`requote`) all check the words through `quote_part`.
"""

from dataclasses import dataclass

from django.db.models import Max

from corpus.models import Passage
from journal.models import Citation, Entry

CONTEXT_CHARS = 200


@dataclass(frozen=True)
class QuotePart:
    """Some sentences of a passage, cited instead of the whole paragraph: text[start:end]."""

    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end].strip()


def _neighbour_text(passage: Passage, offset: int) -> str:
    neighbour = (
        Passage.objects.filter(source=passage.source_id, position=passage.position + offset)
        .only("text")
        .first()
    )
    if neighbour is None:
        return ""
    text = neighbour.text
    return text[-CONTEXT_CHARS:] if offset < 0 else text[:CONTEXT_CHARS]


def _passage(cited: "Passage | QuotePart") -> Passage:
    return cited.passage if isinstance(cited, QuotePart) else cited


def cite_key(cited: "Passage | QuotePart") -> tuple[str, str, str]:
    passage = _passage(cited)
    return passage.source.slug, passage.anchor, cited.text.strip()


def _quote_fields(cited: "Passage | QuotePart") -> dict:
    """The quote verbatim, with enough context to find it again after a re-import.

    A QuotePart keeps the words around it in the passage as part of its context, so the
    re-anchoring finds a trimmed quote as surely as a whole paragraph.
    """
    passage = _passage(cited)
    before, after = _neighbour_text(passage, -1), _neighbour_text(passage, 1)
    if isinstance(cited, QuotePart):
        before = (before + " " + passage.text[: cited.start]).strip()[-CONTEXT_CHARS:]
        after = (passage.text[cited.end :] + " " + after).strip()[:CONTEXT_CHARS]
    return {
        "passage": passage,
        "source_slug": passage.source.slug,
        "anchor": passage.anchor,
        "quote": cited.text,
        "context_before": before,
        "context_after": after,
    }


def cite(entry: Entry, cited: "Passage | QuotePart") -> bool:
    """Cite a passage, or part of one; False when the entry already cites exactly this."""
    passage = _passage(cited)
    already = entry.citations.filter(
        source_slug=passage.source.slug, anchor=passage.anchor, quote=cited.text
    )
    if already.exists():
        return False
    position = (entry.citations.aggregate(n=Max("position"))["n"] or 0) + 1
    Citation.objects.create(
        entry=entry,
        **_quote_fields(cited),
        speaker_name=passage.speaker.name if passage.speaker_id else "",
        source_title=passage.source.title,
        episode_title=passage.episode.title if passage.episode_id else "",
        source_date=(passage.episode.published if passage.episode_id else None)
        or passage.source.published,
        position=position,
    )
    return True


def requote(citation: Citation, part: QuotePart) -> bool:
    """Quote other words of the same passage in an existing citation ("Trim this quote"):
    its place in the entry and any comment on it stay. False when nothing changes."""
    fields = _quote_fields(part)
    if citation.quote == fields["quote"]:
        return False
    for name, value in fields.items():
        setattr(citation, name, value)
    citation.status = Citation.Status.OK
    citation.save()
    return True


def cite_own(entry: Entry, source: dict) -> None:
    """A quote or note from a source outside the library, as the person typed it."""
    position = (entry.citations.aggregate(n=Max("position"))["n"] or 0) + 1
    Citation.objects.create(
        entry=entry,
        kind=Citation.Kind.OWN,
        quote=source["quote"],
        source_title=source["title"],
        speaker_name=source.get("author", ""),
        source_date=source.get("date"),
        url=source.get("url", ""),
        position=position,
    )


def cited_from_reference(reference: str) -> "Passage | QuotePart | None":
    """'<source>:<anchor>' for a whole passage, '<source>:<anchor>@<start>-<end>' for part of
    one (character offsets, as the editor's "Quote only these words" sends them), or None."""
    reference, _, span = (reference or "").partition("@")
    passage = passage_from_reference(reference)
    if passage is None or not span:
        return passage
    start, _, end = span.partition("-")
    if not (start.isdigit() and end.isdigit()) or len(start) > 6 or len(end) > 6:
        return None
    return quote_part(passage, int(start), int(end))


def quote_part(passage: Passage, start: int, end: int) -> QuotePart | None:
    """passage.text[start:end] as a quote, or None unless those are words inside it."""
    part = QuotePart(passage, start, end)
    if not 0 <= part.start < part.end <= len(passage.text) or not part.text:
        return None
    return part


def passage_from_reference(reference: str) -> Passage | None:
    """'<source-slug>:<anchor>' as used by "Reflect on this" links, or None."""
    slug, _, anchor = (reference or "").partition(":")
    if not slug or not anchor or "\x00" in reference:
        return None
    return Passage.objects.with_display().filter(source__slug=slug, anchor=anchor).first()


def passage_reference(passage: Passage) -> str:
    return f"{passage.source.slug}:{passage.anchor}"
