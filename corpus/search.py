"""Search over passages. (Interface only until the search work lands.)"""

from corpus.models import Source


def reindex_source(source: Source) -> None:
    """Bring the full-text index up to date for one source's passages."""
    raise NotImplementedError
