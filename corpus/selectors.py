"""Reading the library: counts, names and start times that pages and the privacy guard ask for."""

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count

from corpus.library import kept_until_the_library_changes
from corpus.models import Passage, Source, Speaker

_FULL_NAME_RE = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3}")


def passage_starts(passage_ids) -> dict[int, float]:
    """The start time of each of these passages that has one (no query for none)."""
    passage_ids = list(passage_ids)
    if not passage_ids:
        return {}
    timed = Passage.objects.filter(pk__in=passage_ids, start__isnull=False)
    return dict(timed.values_list("pk", "start"))


def passage_counts() -> dict[int, int]:
    """Passages per source id, from the passage index alone. PostgreSQL counts by visiting
    every row (its visibility rules), 37,000 of them in a large library, so there the counts
    are kept until the library changes; SQLite counts from the index at once."""

    def count() -> dict[int, int]:
        by_source = Passage.objects.order_by().values_list("source_id").annotate(n=Count("pk"))
        return dict(by_source.values_list("source_id", "n"))

    if connection.vendor != "postgresql":
        return count()
    return kept_until_the_library_changes("passage-counts", count)


def library_names() -> set[str]:
    """Names of the people the library's own material is by or features (see people_named).

    The privacy guard allows them, since a reflection quotes and discusses them by name.
    """
    return people_named(
        Speaker.objects.values_list("name", "role"),
        Source.objects.exclude(author="").values_list("author", flat=True),
    )


def people_named(speakers: Iterable[tuple[str, str]], authors: Iterable[str]) -> set[str]:
    """The speakers, as the transcript names them and in full (from their description,
    "Andrea Stone, service director"), and the authors ("Ann Author and Bo Writer")."""
    names = set()
    for name, role in speakers:
        names.add(name)
        full = role.split(",")[0].strip()
        if _FULL_NAME_RE.fullmatch(full):
            names.add(full)
    for author in authors:
        names.update(part.strip() for part in re.split(r",| and ", author) if part.strip())
    return names
