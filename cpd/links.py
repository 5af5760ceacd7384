"""Links to objects, reversed once per URL name: a list links every row, and Django's reverse()
costs more than the rest of a row (the dashboard links a year of entries, a reading page a
hundred passages)."""

import functools
import re

from django.urls import get_script_prefix, reverse

# Stand-ins that every path converter accepts (int, slug, str), and no real path contains.
_HOLES = tuple(f"90817263540{n}" for n in range(4))
_HOLE = re.compile("|".join(_HOLES))


@functools.lru_cache(maxsize=256)
def _pieces(prefix: str, name: str, count: int) -> tuple[str, ...]:
    """The path of `name` cut where its `count` arguments go, for one script prefix."""
    return tuple(_HOLE.split(reverse(name, args=_HOLES[:count])))


def url(name: str, *args) -> str:
    """reverse(name, args=args) for arguments that already fit the pattern and need no quoting:
    primary keys, slugs and passage anchors."""
    pieces = _pieces(get_script_prefix(), name, len(args))
    path = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        path += [str(arg), piece]
    return "".join(path)
