"""Read-only queries of the registration year: readiness of a year, and of one entry in its year."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Expression

from journal import policy
from journal.models import Entry, RenewalStep, User
from journal.peer.models import peer_flags
from journal.year import readiness
from journal.year.readiness import EntryReadiness, YearReadiness
from journal.year.registration import RegistrationYear, deadline_for


def year_readiness(
    user: User,
    years: list[RegistrationYear],
    *,
    today: datetime.date,
    flags: Mapping[str, Expression] | None = None,
) -> dict[RegistrationYear, YearReadiness]:
    """Readiness of each of `years` for `user`, with the year before each for the duplicates.

    One query, whatever the number of entries: the readiness rules read only the entry's own
    columns, its `standard_count` and its `peer_takeaway_waiting`
    (journal.peer.models.peer_flags). `flags`: annotations of the packages above to read with
    the entries too, by name: a page showing the hints passes review's expressions of those
    hints.REVIEW_FLAGS names; the dashboard its LIST_REVIEW_FLAGS too, for attach_review_states.
    """
    earliest = min(years, key=lambda y: y.start).previous()
    latest = max(years, key=lambda y: y.end)
    entries = (
        policy.entries_owned(user)
        .between(earliest.start, latest.end)
        .with_standard_count()
        .order_by("activity_date", "pk")
    )
    # Whether a peer's takeaway waits to be added: readiness.YearReadiness.peer_steps.
    waiting = peer_flags()["peer_takeaway_waiting"]
    entries = list(entries.annotate(**(flags or {}), peer_takeaway_waiting=waiting))
    result = {}
    for year in years:
        before = year.previous()
        deadline = deadline_for(year, month=user.renewal_month, day=user.renewal_day)
        result[year] = readiness.check_year(
            [e for e in entries if e.activity_date in year],
            [e for e in entries if e.activity_date in before],
            year=year,
            today=today,
            deadline=deadline,
        )
        _keep_completeness(result[year].pieces)
    return result


def _keep_completeness(pieces: list[EntryReadiness]) -> None:
    """Give each piece's entry, read here and shown by the same page, the completeness its
    readiness worked out, as with_completeness() would: Entry.is_complete then answers without
    working it out again for every list and row that shows the entry."""
    for piece in pieces:
        piece.entry.counts_complete = piece.complete


def entry_readiness(user: User, entry: Entry, *, today: datetime.date) -> EntryReadiness:
    """`entry`'s readiness within its own registration year, for its page: the other entries
    of that year and the year before are read only for the duplicates, lean (COMPARED_FIELDS)."""
    year = RegistrationYear.containing(entry.activity_date)
    before = year.previous()
    others = (
        policy.entries_owned(user)
        .between(before.start, year.end)
        .exclude(pk=entry.pk)
        .only("owner", *readiness.COMPARED_FIELDS)
        .order_by("activity_date", "pk")
    )
    others = list(others)
    piece = readiness.check_entry(
        entry,
        [e for e in others if e.activity_date in year],
        [e for e in others if e.activity_date in before],
        year=year,
        today=today,
    )
    _keep_completeness([piece])
    return piece


@dataclass(frozen=True)
class RenewalPart:
    part: str
    label: str
    done_on: datetime.date | None


def renewal_checklist(user: User, year: RegistrationYear) -> list[RenewalPart]:
    """The three parts of `year`'s renewal in their order, each with the day it was ticked."""
    done = dict(
        RenewalStep.objects.filter(owner=user, year=year.end.year).values_list("part", "done_on")
    )
    return [RenewalPart(part, label, done.get(part)) for part, label in RenewalStep.Part.choices]
