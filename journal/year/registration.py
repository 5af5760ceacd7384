"""Registration years and the CPD requirement, in plain date logic.

The rule itself (when the year starts, the deadline, how many pieces and peer reflections) is
data: journal/year/requirements/swe.yaml, read by journal.year.requirement. For Social Work England the
year runs 1 December to 30 November and renewal needs at least two pieces of CPD, at least one
of them with a peer reflection.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from journal import clock
from journal.entries.requirement import Requirement, current_requirement


@dataclass(frozen=True)
class RegistrationYear:
    start: datetime.date
    end: datetime.date

    @classmethod
    def ending_in(cls, year: int) -> "RegistrationYear":
        """The registration year whose last day falls in calendar year `year`."""
        start = current_requirement().year_start
        if (start.month, start.day) == (1, 1):
            return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        return cls(start.in_year(year - 1), start.in_year(year) - datetime.timedelta(days=1))

    @classmethod
    def containing(cls, day: datetime.date) -> "RegistrationYear":
        start = current_requirement().year_start
        if (start.month, start.day) == (1, 1):
            return cls.ending_in(day.year)
        return cls.ending_in(day.year + 1 if day >= start.in_year(day.year) else day.year)

    @classmethod
    def current(cls, today: datetime.date | None = None) -> "RegistrationYear":
        return cls.containing(today or clock.today())

    @property
    def label(self) -> str:
        return f"{self.start.year}–{str(self.end.year)[-2:]}"

    def days_left(self, today: datetime.date, deadline: datetime.date | None = None) -> int:
        return max(((deadline or self.end) - today).days, 0)

    def previous(self) -> "RegistrationYear":
        return self.ending_in(self.end.year - 1)

    def following(self) -> "RegistrationYear":
        return self.ending_in(self.end.year + 1)

    def renewal_opens(self) -> datetime.date:
        """When renewal opens: the requirement's date in the year's last months."""
        return _inside(self, current_requirement().renewal_opens)

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _inside(year: RegistrationYear, month_day) -> datetime.date:
    """The date with this month and day inside the year (the later one if it occurs twice)."""
    for calendar_year in (year.end.year, year.start.year):
        candidate = month_day.in_year(calendar_year)
        if candidate in year:
            return candidate
    return year.end


def deadline_for(
    year: RegistrationYear, *, month: int | None = None, day: int | None = None
) -> datetime.date:
    """A person's renewal deadline inside the year: the requirement's unless they said otherwise."""
    rule = current_requirement().deadline
    try:
        candidate = datetime.date(year.end.year, month or rule.month, day or rule.day)
    except ValueError:
        return year.end
    return candidate if candidate in year else year.end


# How long after a deadline pages open on the year it closed: December, for Social Work
# England. Within the dashboard's closed_year_shown_days, so the dashboard still shows that year.
FINISHING_DAYS = 31


def default_year(today: datetime.date | None = None) -> RegistrationYear:
    """The registration year a page opens on when the address names none.

    The current year, except in the weeks just after the deadline (FINISHING_DAYS): the
    renewal that just closed is what people are finishing then (the last sign-offs, the
    record exported for their file, the appraisal that counts it), while the new year is
    days old and nearly empty. From January the new year is the one being written.
    """
    today = today or clock.today()
    current = RegistrationYear.current(today)
    closed = current.previous()
    if 0 < (today - deadline_for(closed)).days <= FINISHING_DAYS:
        return closed
    return current


@dataclass
class RequirementStatus:
    year: RegistrationYear
    complete_count: int
    peer_reflection_count: int
    draft_count: int
    missing: list[str] = field(default_factory=list)
    rule: Requirement = field(default_factory=current_requirement)

    @property
    def pieces_met(self) -> bool:
        return self.complete_count >= self.rule.minimum_pieces

    @property
    def peer_reflection_met(self) -> bool:
        return self.peer_reflection_count >= self.rule.minimum_peer_reflections

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
    return counted_status(
        year, complete=len(complete), peers=len(with_peer), drafts=len(in_year) - len(complete)
    )


def counted_status(
    year: RegistrationYear, *, complete: int, peers: int, drafts: int
) -> RequirementStatus:
    """requirement_status() from counts already made: `complete` pieces in the year, `peers`
    of them with a peer reflection, and `drafts` (the year's other entries)."""
    status = RequirementStatus(
        year=year, complete_count=complete, peer_reflection_count=peers, draft_count=drafts
    )
    status.missing = missing_words(
        pieces=complete, peers=peers, rule=status.rule, adjective="complete"
    )
    return status


def missing_words(*, pieces: int, peers: int, rule: Requirement, adjective: str) -> list[str]:
    """What the rule still needs, in plain words ("1 more complete piece of CPD")."""
    missing = []
    still_needed = rule.minimum_pieces - pieces
    if still_needed > 0:
        noun = "piece" if still_needed == 1 else "pieces"
        missing.append(f"{still_needed} more {adjective} {noun} of CPD")
    peers_needed = rule.minimum_peer_reflections - peers
    if peers_needed == 1:
        missing.append(f"a {adjective} piece of CPD with a peer reflection")
    elif peers_needed > 1:
        missing.append(f"{peers_needed} more {adjective} pieces of CPD with a peer reflection")
    return missing
