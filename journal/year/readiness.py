"""Readiness: each piece and each year checked the way Social Work England checks them.

Pure functions over entries already loaded (journal.year.selectors.year_readiness loads them in one
query), so every rule is quick to test. The rules, per piece:

- complete: `Entry.is_complete` (every form field filled and at least one standard);
- dated inside the registration year, and not after today;
- no identifier left that the privacy scan finds (and the author has not confirmed);
- different: not near-identical to another piece of the year, nor to one of the year before
  (the regulator checks for identical records), measured with rapidfuzz over the form text;
- a gentle hint, never a block, when the impact only restates the activity or never mentions
  the people worked with or a change in practice.

Per year: enough *different* ready pieces, enough of them with a peer reflection, and the
same counts among the pieces the person ticked as copied to their Social Work England
account. The app cannot submit anything, so "met" means "ticked as copied", and the pages say
that it is the person's own record.
"""

import datetime
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from corpus.selectors import library_names
from cpd import links
from journal.entries import privacy
from journal.entries.content import ENTRY_FIELDS, NAMING_FIELDS
from journal.entries.requirement import Requirement, current_requirement
from journal.year.hints import impact_hints, peer_half_written, peer_hints, review_hints
from journal.year.registration import RegistrationYear, deadline_for, missing_words
from journal.year.sameness import FORM_TEXT_FIELDS, MATCHES_KEPT, Match, near_identical

SCANNED_FIELDS = tuple(f.name for f in ENTRY_FIELDS if f.privacy_scanned and not f.private)
MATCHES_SHOWN = 3

PEER_STEPS_SHOWN = 3


@dataclass
class EntryReadiness:
    entry: object  # journal.models.Entry
    year: RegistrationYear
    missing: list[str]
    date_problem: str
    privacy_findings: tuple[privacy.Finding, ...]
    matches: list[Match] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def has_peer_reflection(self) -> bool:
        return self.entry.has_peer_reflection

    @property
    def copied_on(self) -> datetime.date | None:
        return self.entry.copied_on

    @property
    def copied_url(self) -> str:
        """Where the piece's "I copied this" tick posts (reversed once for a page of pieces)."""
        return links.url("journal:entry_copied", self.entry.pk)

    @functools.cached_property
    def problems(self) -> list[str]:
        """Everything that stops the piece being ready to copy, in plain words.

        Read only once `check_year` has attached the matches (it does before returning)."""
        problems = []
        if self.missing:
            problems.append("Still to fill in: " + ", ".join(self.missing) + ".")
        if self.date_problem:
            problems.append(self.date_problem)
        for match in self.matches[:MATCHES_SHOWN]:
            when = "a piece from last year" if match.previous_year else "another piece this year"
            problems.append(
                f"Nearly identical ({match.score}% the same) to {when}, "
                f"“{match.entry.display_title}”"
                f"{' (imported)' if getattr(match.entry, 'imported_at', None) else ''}: "
                "the regulator checks that records differ."
            )
        if len(self.matches) > MATCHES_SHOWN:
            more = len(self.matches) - MATCHES_SHOWN
            capped = len(self.matches) == MATCHES_KEPT
            problems.append(f"… and {'more' if capped else more} others nearly identical.")
        if self.privacy_findings:
            kinds = sorted({f.kind.replace("_", " ") for f in self.privacy_findings})
            problems.append("Possible identifiers left: " + ", ".join(kinds) + ".")
        return problems

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        if self.copied_on and self.ready:
            return f"Copied {self.copied_on:%-d %b %Y}"
        if self.copied_on:
            return "Ticked as copied, but not ready"
        return "Ready to copy" if self.ready else "Not ready yet"


@dataclass(frozen=True)
class PeerStep:
    """One thing to do on one piece towards the year's peer reflections, quickest first:

    - "takeaway": a peer confirmed a discussion; adding their takeaway makes it count;
    - "finish": the piece has a peer reflection but is not ready;
    - "half": the piece is ready and its peer reflection has the name or the learning only;
    - "add": the piece is ready and has no peer reflection.
    """

    KINDS = ("takeaway", "finish", "half", "add")

    piece: EntryReadiness
    kind: str
    detail: str = ""  # what stops it: the piece's first problem, or what the reflection lacks


@dataclass
class YearReadiness:
    year: RegistrationYear
    today: datetime.date
    deadline: datetime.date
    rule: Requirement
    pieces: list[EntryReadiness]

    @functools.cached_property
    def ready(self) -> list[EntryReadiness]:
        return [p for p in self.pieces if p.ready]

    @property
    def copied(self) -> list[EntryReadiness]:
        """Pieces ticked as copied that are also ready: only those count towards renewal."""
        return [p for p in self.ready if p.copied_on]

    @property
    def attention(self) -> list[EntryReadiness]:
        """Pieces in the order they need the person: not ready, then not copied, then copied."""
        return sorted(self.pieces, key=lambda p: (p.ready, bool(p.copied_on)))

    @property
    def kept_here(self) -> list[EntryReadiness]:
        """Pieces written in this journal: imported records are history from elsewhere, and
        say nothing about what the person did for the year."""
        return [p for p in self.pieces if not getattr(p.entry, "imported_at", None)]

    @property
    def ticked(self) -> list[EntryReadiness]:
        return [p for p in self.pieces if p.copied_on]

    @property
    def ready_count(self) -> int:
        return len(self.ready)

    @property
    def copied_count(self) -> int:
        return len(self.copied)

    @property
    def required(self) -> int:
        return self.rule.minimum_pieces

    @property
    def ready_enough(self) -> bool:
        return _enough(self.ready, self.rule)

    @property
    def met(self) -> bool:
        return _enough(self.copied, self.rule)

    @property
    def days_left(self) -> int:
        return max((self.deadline - self.today).days, 0)

    @property
    def closed(self) -> bool:
        return self.today > self.deadline

    @property
    def renewal_open(self) -> bool:
        return self.year.renewal_opens() <= self.today <= self.deadline

    @property
    def headline(self) -> str:
        """The one line the dashboard and the PDF cover lead with."""
        copied = f"copied: {min(self.copied_count, self.required)} of {self.required}"
        if self.met:
            return (
                f"Requirement met: you ticked {self.copied_count} different pieces as copied to "
                f"your {self.rule.regulator} account. This is your own record of what you copied."
            )
        if self.ready_enough:
            return f"Ready to copy; {copied}."
        return f"Not ready yet; {copied}."

    @property
    def peers_needed(self) -> int:
        return max(
            self.rule.minimum_peer_reflections
            - sum(1 for p in self.ready if p.has_peer_reflection),
            0,
        )

    @functools.cached_property
    def peer_steps(self) -> list[PeerStep]:
        """While the year lacks ready peer reflections, the pieces closest to giving one and
        what each needs: as many as are missing, at least PEER_STEPS_SHOWN to choose from."""
        if not self.peers_needed:
            return []
        steps = []
        for piece in self.pieces:
            if piece.ready and piece.has_peer_reflection:
                continue
            if piece.has_peer_reflection:
                steps.append(PeerStep(piece, "finish", piece.problems[0]))
            elif getattr(piece.entry, "peer_takeaway_waiting", False):
                steps.append(PeerStep(piece, "takeaway"))
            elif piece.ready and peer_half_written(piece.entry):
                steps.append(PeerStep(piece, "half", peer_hints(piece.entry)[0]))
            elif piece.ready:
                steps.append(PeerStep(piece, "add"))
        steps.sort(key=lambda step: PeerStep.KINDS.index(step.kind))
        return steps[: max(self.peers_needed, PEER_STEPS_SHOWN)]

    @property
    def gaps(self) -> list[str]:
        """What is still needed, most basic first."""
        ready_peers = sum(1 for p in self.ready if p.has_peer_reflection)
        gaps = missing_words(
            pieces=len(self.ready), peers=ready_peers, rule=self.rule, adjective="ready"
        )
        if self.ready_enough and not self.met:
            left = max(self.required - self.copied_count, 1)
            gaps.append(
                f"copy {left} more ready piece{'s' if left != 1 else ''} to your "
                f"{self.rule.regulator} account and tick {'them' if left != 1 else 'it'} here"
            )
        if self.met:
            return []
        return gaps


def _enough(pieces: Sequence[EntryReadiness], rule: Requirement) -> bool:
    peers = sum(1 for p in pieces if p.has_peer_reflection)
    return len(pieces) >= rule.minimum_pieces and peers >= rule.minimum_peer_reflections


def _privacy_findings(entries: Sequence) -> list[tuple[privacy.Finding, ...]]:
    """The privacy scan of each entry's shared text, minus what its author confirmed, with
    the library's own names and the entry's peer allowed as the editor allows them (the
    library's read only when some text holds a finding to check them against)."""
    keys = [
        (
            tuple(getattr(e, name) or "" for name in SCANNED_FIELDS),
            json.dumps(e.privacy_acknowledged or [], sort_keys=True),
            frozenset(privacy.name_parts(*(getattr(e, name) for name in NAMING_FIELDS))),
        )
        for e in entries
    ]
    library: frozenset[str] = frozenset()
    if any(_scan(texts, acknowledged, own) for texts, acknowledged, own in keys):
        library = frozenset(library_names())
    return [_scan(texts, acknowledged, own | library) for texts, acknowledged, own in keys]


@functools.lru_cache(maxsize=4096)
def _scan(
    texts: tuple[str, ...], acknowledged: str, allowed: frozenset[str]
) -> tuple[privacy.Finding, ...]:
    """The scan is the slow part of readiness and depends only on its arguments, so a page
    shown again does not scan again (the key is the text itself: never stale)."""
    confirmed = json.loads(acknowledged)
    found: list[privacy.Finding] = []
    for text in texts:
        if text:
            findings = privacy.scan(text, allowed_names=allowed)
            found += privacy.unacknowledged(findings, confirmed)
    return tuple(found)


def _date_problem(entry, year: RegistrationYear, today: datetime.date) -> str:
    if entry.activity_date not in year:
        return (
            f"Dated {entry.activity_date:%-d %B %Y}, outside the registration year "
            f"{year.label} ({year.start:%-d %B %Y} to {year.end:%-d %B %Y})."
        )
    if entry.activity_date > today:
        return f"Dated {entry.activity_date:%-d %B %Y}, after today: it cannot count yet."
    return ""


def check_year(
    entries: Iterable,
    previous: Iterable,
    *,
    year: RegistrationYear,
    today: datetime.date,
    deadline: datetime.date | None = None,
    rule: Requirement | None = None,
) -> YearReadiness:
    """Readiness of the year's pieces; `previous` holds the year before's, for the duplicates.

    Entries must carry `standard_count` (EntryQuerySet.with_standard_count, or
    with_completeness) so nothing here queries the database.
    """
    entries = [e for e in entries if e.deleted_at is None]
    previous = [e for e in previous if e.deleted_at is None]
    pieces = [
        _piece(e, findings, year=year, today=today)
        for e, findings in zip(entries, _privacy_findings(entries), strict=True)
    ]
    for i, matches in near_identical(entries, previous).items():
        pieces[i].matches = matches
    return YearReadiness(
        year=year,
        today=today,
        deadline=deadline or deadline_for(year),
        rule=rule or current_requirement(),
        pieces=pieces,
    )


# What near_identical reads of the entries an entry is compared with, and a Match shows.
COMPARED_FIELDS = ("title", "activity_date", "imported_at", "deleted_at", *FORM_TEXT_FIELDS)


def check_entry(
    entry, others: Iterable, previous: Iterable, *, year: RegistrationYear, today: datetime.date
) -> EntryReadiness:
    """The piece check_year would give `entry` (of `year`), on its own page: `others` (the
    year's other entries) and `previous` (the year before's) need only COMPARED_FIELDS, since
    only the duplicates look at them."""
    others = [e for e in others if e.deleted_at is None]
    previous = [e for e in previous if e.deleted_at is None]
    piece = _piece(entry, _privacy_findings([entry])[0], year=year, today=today)
    piece.matches = near_identical([entry, *others], previous).get(0, [])
    return piece


def _piece(entry, findings: tuple[privacy.Finding, ...], *, year, today) -> EntryReadiness:
    return EntryReadiness(
        entry=entry,
        year=year,
        missing=_missing(entry),
        date_problem=_date_problem(entry, year, today),
        privacy_findings=findings,
        hints=review_hints(entry) + impact_hints(entry) + peer_hints(entry),
    )


def _missing(entry) -> list[str]:
    """What the piece lacks to be complete: Entry.is_complete's reading, worked out once."""
    complete = getattr(entry, "counts_complete", None)
    if complete:
        return []
    missing = entry.missing_for_completion()
    if complete is None and entry.is_marked_complete and not missing:
        return []
    return missing or ["mark it as complete"]
