"""Registration years and the CPD requirement, in plain date logic.

Social Work England's registration year runs 1 December to 30 November. Renewal needs at
least two pieces of CPD in the year, at least one of them with a peer reflection.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

REQUIRED_PIECES = 2


@dataclass(frozen=True)
class RegistrationYear:
    start: datetime.date
    end: datetime.date

    @classmethod
    def ending_in(cls, year: int) -> "RegistrationYear":
        return cls(datetime.date(year - 1, 12, 1), datetime.date(year, 11, 30))

    @classmethod
    def containing(cls, day: datetime.date) -> "RegistrationYear":
        return cls.ending_in(day.year + 1 if day.month == 12 else day.year)

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "RegistrationYear":
        return cls.containing(today or datetime.date.today())

    @property
    def label(self) -> str:
        return f"{self.start.year}–{str(self.end.year)[-2:]}"

    def days_left(self, today: datetime.date, deadline: datetime.date | None = None) -> int:
        return max(((deadline or self.end) - today).days, 0)

    def previous(self) -> "RegistrationYear":
        return self.ending_in(self.end.year - 1)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def deadline_for(year: RegistrationYear, *, month: int = 11, day: int = 30) -> datetime.date:
    """A person's renewal deadline inside the year (30 November unless they said otherwise)."""
    try:
        candidate = datetime.date(year.end.year, month, day)
    except ValueError:
        return year.end
    return candidate if candidate in year else year.end


@dataclass
class RequirementStatus:
    year: RegistrationYear
    complete_count: int
    peer_reflection_count: int
    draft_count: int
    missing: list[str] = field(default_factory=list)

    @property
    def pieces_met(self) -> bool:
        return self.complete_count >= REQUIRED_PIECES

    @property
    def peer_reflection_met(self) -> bool:
        return self.peer_reflection_count >= 1

    @property
    def met(self) -> bool:
        return self.pieces_met and self.peer_reflection_met


def requirement_status(entries: Iterable, year: RegistrationYear) -> RequirementStatus:
    """What the year's entries satisfy, and what is still missing in plain words.

    Completeness is `Entry.is_complete`: annotate the entries with
    `Entry.objects.with_completeness()` (or prefetch their standards) to read it cheaply.
    """
    in_year = [e for e in entries if e.activity_date in year and e.deleted_at is None]
    complete = [e for e in in_year if e.is_complete]
    with_peer = [e for e in complete if e.has_peer_reflection]
    status = RequirementStatus(
        year=year,
        complete_count=len(complete),
        peer_reflection_count=len(with_peer),
        draft_count=len(in_year) - len(complete),
    )
    still_needed = REQUIRED_PIECES - len(complete)
    if still_needed > 0:
        pieces = "piece" if still_needed == 1 else "pieces"
        status.missing.append(f"{still_needed} more complete {pieces} of CPD")
    if not with_peer:
        status.missing.append("a complete piece of CPD with a peer reflection")
    return status


def standards_coverage(
    entries: Iterable, standards: Iterable, *, tags: dict[int, set[int]] | None = None
) -> list[tuple[object, int]]:
    """How many complete entries are tagged with each standard, in the standards' order.

    Pass `tags` (entry id -> standard ids) to avoid loading every entry's standards.
    """
    counts: dict[int, int] = {}
    for entry in entries:
        if entry.is_complete:
            ids = (
                tags.get(entry.pk, ())
                if tags is not None
                else [s.pk for s in entry.standards.all()]
            )
            for standard_id in ids:
                counts[standard_id] = counts.get(standard_id, 0) + 1
    return [(standard, counts.get(standard.pk, 0)) for standard in standards]
