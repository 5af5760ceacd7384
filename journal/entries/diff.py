"""The one version diff: what differs between two snapshots of an entry, word by word.

The owner's version page and the supervisor's "what changed since you reviewed" both read it,
and templates/journal/includes/field_changes.html shows it the same way on both.
"""

import difflib
import re
from dataclasses import dataclass

from journal.entries.content import ENTRY_FIELDS, PRIVATE_FIELD_NAMES, part_label

# Editor aids that no one else reads (the reflective model): never part of a review diff.
HIDDEN_FIELD_NAMES = frozenset(f.name for f in ENTRY_FIELDS if not f.shown)


@dataclass
class FieldChange:
    label: str
    # (kind, text) pieces: "same", "removed" or "added", word by word.
    pieces: list[tuple[str, str]]

    @property
    def before(self) -> str:
        return "".join(text for kind, text in self.pieces if kind != "added")

    @property
    def after(self) -> str:
        return "".join(text for kind, text in self.pieces if kind != "removed")


def _as_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def _word_pieces(before: str, after: str) -> list[tuple[str, str]]:
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new[b1:b2])))
    return [piece for piece in pieces if piece[1]]


def snapshot_changes(before: dict, after: dict, *, private: bool = False) -> list[FieldChange]:
    """Field by field, in the form's order, what differs between two snapshots.

    Only the shared parts, unless `private`: the owner's own version page shows their private
    notes too. Editor aids (HIDDEN_FIELD_NAMES) are never shown.
    """
    changes = []
    for name in after:
        if name in HIDDEN_FIELD_NAMES or (name in PRIVATE_FIELD_NAMES and not private):
            continue
        old, new = _as_text(before.get(name)), _as_text(after.get(name))
        if old != new:
            changes.append(FieldChange(label=part_label(name), pieces=_word_pieces(old, new)))
    return changes
