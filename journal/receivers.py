"""What the journal does when lower apps tell it something happened (connected in apps.py)."""

from django.dispatch import receiver

from corpus import anchoring
from corpus.signals import source_reimported
from journal.models import Citation


@receiver(source_reimported, dispatch_uid="journal.reanchor_citations")
def reanchor_citations(sender, source, **kwargs) -> int:
    """Re-anchor every citation of a re-imported source; returns how many changed.

    The quote itself is never changed. A citation that moved stays "moved" on later imports,
    so the writer still learns the source changed under it.
    """
    citations = list(Citation.objects.filter(source_slug=source.slug))
    if not citations:
        return 0
    passages = anchoring.source_passages(source)
    changed = []
    for citation in citations:
        passage, status = anchoring.locate(
            passages,
            anchor=citation.anchor,
            quote=citation.quote,
            context_before=citation.context_before,
            context_after=citation.context_after,
        )
        if status == anchoring.OK and citation.status == anchoring.MOVED:
            status = anchoring.MOVED
        new = (
            status,
            passage.pk if passage else None,
            passage.anchor if passage else citation.anchor,
        )
        if (citation.status, citation.passage_id, citation.anchor) != new:
            citation.status, citation.passage_id, citation.anchor = new
            changed.append(citation)
    if changed:
        Citation.objects.bulk_update(changed, ["status", "passage", "anchor"])
    return len(changed)
