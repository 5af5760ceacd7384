"""Links from passages to standards. (Interface only until the linking work lands.)"""

from corpus.models import Source


def link_source(source: Source) -> dict[str, int]:
    """(Re)compute explicit, episode and suggested links; returns created/updated/unchanged."""
    raise NotImplementedError
