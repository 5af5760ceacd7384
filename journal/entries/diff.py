"""The one version diff: what differs between two snapshots of an entry, phrase by phrase.

The owner's version page and the supervisor's "what changed since you reviewed" both read it,
and templates/journal/includes/field_changes.html shows it the same way on both.

Words are compared exactly, then nearby changes are read together: a stretch that changed
shows its old phrase struck and its new phrase after it, rather than word against word.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

from journal.entries.content import (
    ENTRY_FIELDS,
    FIELDS_BY_NAME,
    PRIVATE_FIELD_NAMES,
    Kind,
    part_label,
)
from journal.entries.models import Entry

# Editor aids that no one else reads (the reflective model): never part of a review diff.
HIDDEN_FIELD_NAMES = frozenset(f.name for f in ENTRY_FIELDS if not f.shown)

# Two changes with no more than this between them read as one: whitespace, or one or two
# short words ("and", "the") that are clearer struck and rewritten with their neighbours.
BRIDGED_WORDS = 2
SHORT_WORD = 4


@dataclass
class FieldChange:
    label: str
    # (kind, text) pieces: "same", "removed" or "added"; a changed stretch is its removed
    # phrase followed by its added phrase.
    pieces: list[tuple[str, str]]

    @property
    def before(self) -> str:
        return "".join(text for kind, text in self.pieces if kind != "added")

    @property
    def after(self) -> str:
        return "".join(text for kind, text in self.pieces if kind != "removed")


def _as_text(name: str, value) -> str:
    """A value as the entry's pages print it: dates in words, a choice by its label."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if value in (None, ""):
        return ""
    spec = FIELDS_BY_NAME.get(name)
    if spec is not None and spec.kind == Kind.DATE:
        try:
            return format_date(datetime.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    if spec is not None and spec.kind == Kind.CHOICE:
        return str(dict(Entry._meta.get_field(name).flatchoices).get(value, value))
    return str(value)


def _bridges(same: str) -> bool:
    """Whether unchanged text between two changes is slight enough to fold into them."""
    words = same.split()
    return len(words) <= BRIDGED_WORDS and all(len(word) <= SHORT_WORD for word in words)


def _phrases(before: str, after: str) -> list[tuple[str, str, str]]:
    """(same, removed, added) runs: the exact word diff, nearby changes joined."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    runs: list[tuple[str, str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("".join(old[a1:a2]), "", ""))
        else:
            runs.append(("", "".join(old[a1:a2]), "".join(new[b1:b2])))
    joined: list[tuple[str, str, str]] = []
    for run in runs:
        # A change after a slight unchanged stretch after a change: one change.
        if run[0] == "" and len(joined) >= 2 and joined[-2][0] == "" and _bridges(joined[-1][0]):
            same = joined.pop()[0]
            _, removed, added = joined.pop()
            run = ("", removed + same + run[1], added + same + run[2])
        elif run[0] == "" and joined and joined[-1][0] == "":
            _, removed, added = joined.pop()
            run = ("", removed + run[1], added + run[2])
        joined.append(run)
    return joined


def _word_pieces(before: str, after: str) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    for same, removed, added in _phrases(before, after):
        if same:
            pieces.append(("same", same))
            continue
        # Spaces both sides keep stay outside the change, so only words are struck.
        lead = len(removed) - len(removed.lstrip())
        lead = min(lead, len(added) - len(added.lstrip())) if removed and added else 0
        trail = len(removed) - len(removed.rstrip())
        trail = min(trail, len(added) - len(added.rstrip())) if removed and added else 0
        if lead and removed[:lead] == added[:lead]:
            pieces.append(("same", removed[:lead]))
            removed, added = removed[lead:], added[lead:]
        tail = ""
        if trail and removed[-trail:] == added[-trail:]:
            tail = removed[-trail:]
            removed, added = removed[:-trail], added[:-trail]
        pieces += [("removed", removed), ("added", added), ("same", tail)]
    merged: list[tuple[str, str]] = []
    for kind, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == kind == "same":
            merged[-1] = ("same", merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def snapshot_changes(before: dict, after: dict, *, private: bool = False) -> list[FieldChange]:
    """Field by field, in the form's order, what differs between two snapshots.

    Only the shared parts, unless `private`: the owner's own version page shows their private
    notes too. Editor aids (HIDDEN_FIELD_NAMES) are never shown.
    """
    changes = []
    for name in after:
        if name in HIDDEN_FIELD_NAMES or (name in PRIVATE_FIELD_NAMES and not private):
            continue
        old, new = _as_text(name, before.get(name)), _as_text(name, after.get(name))
        if old == new:
            continue
        if FIELDS_BY_NAME.get(name) and FIELDS_BY_NAME[name].kind in (Kind.DATE, Kind.CHOICE):
            # A date or a choice is one value: the old one struck, the new one after it.
            pieces = [(kind, text) for kind, text in (("removed", old), ("added", new)) if text]
        else:
            pieces = _word_pieces(old, new)
        changes.append(FieldChange(label=part_label(name), pieces=pieces))
    return changes
