"""The privacy guard as every surface runs it: journal.entries.privacy's pure scan, with the names
of the library's own speakers and authors allowed (a reflection quotes them by name)."""

from collections.abc import Iterable

from django import forms

from corpus.selectors import library_names
from journal.entries import privacy


def findings(text: str, *, names: Iterable[str] = ()) -> list[privacy.Finding]:
    """What the scan finds in `text` that could identify someone; `names` are allowed too, with
    their parts (the peer an entry names). The library's names are read only when the text
    holds something to check them against: most texts hold nothing."""
    found = privacy.scan(text)
    if found:
        allowed = library_names() | set(privacy.name_parts(*names))
        found = privacy.scan(text, allowed_names=allowed)
    return found


def refuse_identifiers(text: str, what: str) -> None:
    """For a form's clean: refuse `text` (a peer's summary, an evidence file's description)
    that may identify someone, quoting what was found."""
    found = findings(text)
    if found:
        listed = "; ".join(f"“{f.text}” ({f.message})" for f in found[:3])
        raise forms.ValidationError(
            f"This {what} may identify someone: {listed}. Remove it and try again.",
            code="identifying",
        )
