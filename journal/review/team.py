"""The supervisor's team: each supervisee's year as their supervisor may see it, counts only;
the people they supervised before, as dates and counts; the same for an appraisal (CSV, print)."""

import csv
import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from journal import clock, policy
from journal.entries.models import no_entries_counted
from journal.models import Entry, SignOff, Supervision, SupervisionSession, User
from journal.review.queue import QueueItem, by_person, queue_items, shared_count
from journal.review.session_models import last_held_on
from journal.year.registration import (
    RegistrationYear,
    RequirementStatus,
    counted_status,
    default_year,
)


@dataclass
class TeamMember:
    """One accepted supervisee's year, as their supervisor may see it: counts, never content.

    What is worked out from the rest is kept once worked out: the page, the sort and the
    filters each ask it several times, and nothing changes a member once team() made it."""

    link: Supervision
    status: RequirementStatus
    waiting: list[QueueItem]  # oldest first
    shared_count: int  # every entry shared with this supervisor, waiting for them or not
    # Complete pieces the person has ticked as copied to their Social Work England account.
    copied: int = 0
    # The registration year's entries this supervisor signed off, whenever they did (team()).
    signed_off: int = 0
    last_activity: datetime.datetime | None = None  # their latest change to an entry this year

    @property
    def supervisee(self) -> User:
        return self.link.supervisee

    @property
    def last_session_on(self) -> datetime.date | None:
        return self.link.last_session_on

    @cached_property
    def next_due(self) -> datetime.date | None:
        return self.link.next_session_due(self.link.last_session_on)

    @cached_property
    def oldest_waiting(self) -> datetime.datetime | None:
        return min((item.waiting_since for item in self.waiting), default=None)

    @property
    def waiting_listed(self) -> list[QueueItem]:
        """The waiting entries the row names, oldest first: the queue lists them all, and a
        long list makes a long row (a tall card on a phone) that hides the others."""
        return self.waiting[:WAITING_LISTED]

    @property
    def waiting_unlisted(self) -> int:
        """How many waiting entries the row does not name ("and 4 more")."""
        return max(len(self.waiting) - WAITING_LISTED, 0)

    @cached_property
    def changed_since_sign_off(self) -> int:
        return sum(1 for item in self.waiting if item.state.changed_since_sign_off)

    @property
    def name(self) -> str:
        return self.supervisee.get_display_name()

    def session_due(self, today: datetime.date) -> bool:
        """The next session falls due within SESSION_DUE_SOON, or is overdue."""
        return self.next_due is not None and self.next_due <= today + SESSION_DUE_SOON

    def waited_days(self, today: datetime.date) -> int | None:
        oldest = self.oldest_waiting
        return (today - timezone.localdate(oldest)).days if oldest else None


# The waiting entries a team row names: the oldest; the queue, a click away, has the rest.
WAITING_LISTED = 3

# "Due" on the team view: within a week, so there is time to book the session.
SESSION_DUE_SOON = datetime.timedelta(days=7)


def _time(moment: datetime.datetime | None, *, missing: float) -> float:
    return moment.timestamp() if moment else missing


@dataclass(frozen=True)
class Choice:
    label: str
    rule: Callable


# The team view's orders: each a key, ties broken by name.
SORTS = {
    "name": Choice("Name", lambda m: ()),
    "due": Choice(
        "Next session due, soonest first",
        lambda m: (m.next_due is None, m.next_due or datetime.date.max),
    ),
    "waiting": Choice(
        "Waiting longest first", lambda m: (_time(m.oldest_waiting, missing=math.inf),)
    ),
    # Nothing this year counts as longest ago: that person may need a word first.
    "activity": Choice(
        "Last activity, longest ago first", lambda m: (_time(m.last_activity, missing=-math.inf),)
    ),
}

# The team view's filters: who is shown.
FILTERS = {
    "all": Choice("Everyone", lambda m, today: True),
    "due": Choice("A session due within a week, or overdue", lambda m, today: m.session_due(today)),
    "waiting": Choice("Entries waiting for your review", lambda m, today: bool(m.waiting)),
    "changed": Choice("Changed since your sign-off", lambda m, today: m.changed_since_sign_off > 0),
}


def arrange(
    members: list[TeamMember], *, sort: str, show: str, today: datetime.date
) -> list[TeamMember]:
    """The members `show` keeps, in the order `sort` names (both keys of SORTS and FILTERS)."""
    kept = [m for m in members if FILTERS[show].rule(m, today)]
    return sorted(kept, key=lambda m: (*SORTS[sort].rule(m), m.name.lower(), m.link.pk))


def filter_counts(members: list[TeamMember], today: datetime.date) -> dict[str, int]:
    """How many people each filter keeps, for its label."""
    return {key: sum(1 for m in members if f.rule(m, today)) for key, f in FILTERS.items()}


class TeamHistory(NamedTuple):
    """What the team view offers before it counts anyone's year: its years, newest first, the
    one it opens on, and whether any supervision of this supervisor has ended (else past_team()
    need not be read)."""

    years: list[RegistrationYear]
    opens_on: RegistrationYear
    has_past: bool


def team_history(links: list[Supervision], *, today: datetime.date) -> TeamHistory:
    """The registration years the team view offers, newest first: from the year the
    supervisor's first team link (of `links`, read_links()) began to now; the year it opens on;
    and whether past_team() has anyone.

    It opens on default_year() (in December, the year just closed, for its last sign-offs and
    appraisals) only when this supervisor had a team in that year: a team that began this
    December has nothing to finish there, and would read as having done nothing."""
    first = min((link.created_at for link in links), default=None)
    current = RegistrationYear.current(today)
    began = RegistrationYear.containing(timezone.localdate(first)) if first else current
    opens_on = current if began == current else default_year(today)
    years = [min(began, opens_on, key=lambda y: y.start)]
    while years[-1] != current:
        years.append(years[-1].following())
    has_past = any(link.ended_at is not None for link in links)
    return TeamHistory(years[::-1], opens_on=opens_on, has_past=has_past)


# The supervisee's fields the team view and its appraisal show: a name (get_display_name()) and
# a registration number.
SHOWN = (*User.NAME_FIELDS, "registration_number")


def read_links(supervisor: User) -> list[Supervision]:
    """Every link of the supervisor's team (policy.team_links()) in one query: the accepted
    ones with what team() shows of them, the last session and the count of entries shared; the
    ended ones for team_history(), which reads the same rows.

    In no order: every page orders its rows (arrange()), and ordering them by name here cost
    Django more Python calls than building the rows."""
    return list(
        policy.team_links(supervisor)
        .annotate(
            last_session_on=last_held_on(),
            shared_count=shared_count(supervisor, OuterRef("supervisee")),
        )
        .select_related("supervisee")
        # What a row, its sort, the appraisal and team_history() read: a whole user is
        # seventeen columns, and building fifteen of them cost more than reading them.
        .only(
            "supervisee_id",
            "status",
            "session_frequency",
            "created_at",
            "ended_at",
            *(f"supervisee__{name}" for name in SHOWN),
        )
        .order_by()
    )


def team(
    *, supervisor: User, year: RegistrationYear, links: list[Supervision] | None = None
) -> list[TeamMember]:
    """Every accepted supervisee with their year's readiness, in a constant number of queries,
    in no order (arrange() orders them).

    Readiness is counted from the supervisee's entries without loading their text; the only
    entries named are those waiting for this supervisor (through the review queue). The last
    session and the count of entries shared with them come with the links, as subqueries; the
    year's entries this supervisor signed off are counted with the rest of the year: the rest
    of the queue is counted, never read.

    `links`: read_links(), when the page read them already (for team_history()).
    """
    if links is None:
        links = read_links(supervisor)
    links = [link for link in links if link.status == Supervision.Status.ACTIVE]
    # Counted with the year's entries: those this supervisor signed off, whenever they did (a
    # sign-off in December of last year's piece belongs to last year).
    also = {
        "signed_off": Exists(SignOff.objects.filter(entry=OuterRef("pk"), supervisor=supervisor))
    }
    counts = {}
    if links:
        counts = {
            row["owner_id"]: row
            for row in Entry.objects.alive()
            .filter(owner_id__in=[link.supervisee_id for link in links])
            .between(year.start, year.end)
            .counted_by_owner(**also)
        }
    people = {link.supervisee_id: link.supervisee for link in links}
    waiting = queue_items(supervisor, waiting_only=True) if links else []
    queue = by_person(waiting, people)
    members = []
    for link in links:
        group = queue.get(link.supervisee_id)
        own = counts.get(link.supervisee_id) or no_entries_counted(*also)
        members.append(
            TeamMember(
                link=link,
                status=counted_status(
                    year,
                    complete=own["complete"],
                    peers=own["peers"],
                    drafts=own["entries"] - own["complete"],
                ),
                waiting=group.waiting if group else [],
                shared_count=link.shared_count,
                copied=own["copied"],
                signed_off=own["signed_off"],
                last_activity=own["last_activity"],
            )
        )
    return members


@dataclass
class PastMember:
    """Someone this supervisor supervised before: when, how many sessions, how many sign-offs.

    Dates and counts only: the person's entries and session records are theirs, and no longer
    shared with the supervisor."""

    link: Supervision
    session_dates: list[datetime.date] = field(default_factory=list)

    @property
    def supervisee(self) -> User:
        return self.link.supervisee

    @property
    def name(self) -> str:
        return self.supervisee.get_display_name()

    @property
    def started_on(self) -> datetime.date:
        return timezone.localdate(self.link.responded_at or self.link.created_at)

    @property
    def ended_on(self) -> datetime.date:
        return timezone.localdate(self.link.ended_at)

    @property
    def signed_off(self) -> int:
        return self.link.signed_off_count

    @property
    def last_sign_off_on(self) -> datetime.date | None:
        moment = self.link.last_sign_off_at
        return timezone.localdate(moment) if moment else None


def past_team(*, supervisor: User) -> list[PastMember]:
    """Every supervision of `supervisor` that ended, most recently ended first: two queries
    (a page that knows there is none, from team_history(), need not ask).

    Sign-offs count those by this supervisor of that person's entries until the link ended."""
    signed = (
        SignOff.objects.filter(
            supervisor=supervisor,
            entry__owner=OuterRef("supervisee"),
            created_at__lte=OuterRef("ended_at"),
        )
        .order_by()
        .values("entry__owner")
    )
    links = list(
        policy.team_links(supervisor)
        .filter(ended_at__isnull=False)
        .annotate(
            signed_off_count=Coalesce(
                Subquery(signed.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            last_sign_off_at=Subquery(signed.annotate(at=Max("created_at")).values("at")),
        )
        .select_related("supervisee")
        .order_by("-ended_at", "pk")
    )
    members = {link.pk: PastMember(link) for link in links}
    held = (
        SupervisionSession.objects.held()
        .filter(supervision__in=links)
        .order_by("held_on", "pk")
        .values_list("supervision_id", "held_on")
    )
    for link_id, held_on in held if links else ():
        members[link_id].session_dates.append(held_on)
    return list(members.values())


def _day(moment: datetime.datetime | None) -> datetime.date | str:
    return timezone.localdate(moment) if moment else ""


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


def _cell(text: str) -> str:
    """A spreadsheet never runs a name as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The appraisal's columns, in the CSV and the print view alike: counts and dates, never an
# entry's title or text.
APPRAISAL: list[tuple[str, Callable[[TeamMember, datetime.date], object]]] = [
    ("Person", lambda m, today: m.name),
    ("Registration number", lambda m, today: m.supervisee.registration_number),
    ("Last session", lambda m, today: m.last_session_on or ""),
    ("Next session due", lambda m, today: m.next_due or ""),
    ("Waiting for review", lambda m, today: len(m.waiting)),
    ("Oldest waiting (days)", lambda m, today: _blank(m.waited_days(today))),
    ("Changed since sign-off", lambda m, today: m.changed_since_sign_off),
    ("Shared with you", lambda m, today: m.shared_count),
    ("Signed off by you this year", lambda m, today: m.signed_off),
    ("Complete pieces", lambda m, today: m.status.complete_count),
    ("Peer reflection", lambda m, today: "yes" if m.status.peer_reflection_met else "not yet"),
    ("Copied to Social Work England", lambda m, today: m.copied),
    ("Drafts", lambda m, today: m.status.draft_count),
    ("Last activity", lambda m, today: _day(m.last_activity)),
]
CSV_COLUMNS = [name for name, _ in APPRAISAL]


def appraisal_rows(members: list[TeamMember], *, today: datetime.date) -> list[list]:
    return [[value(member, today) for _, value in APPRAISAL] for member in members]


def write_csv(out, members: list[TeamMember]) -> None:
    """The team for an appraisal, one row a person: counts and dates, never entry text.

    The header row first, as spreadsheets and scripts expect (the year is in the file's name),
    after a byte-order mark: without it Excel reads UTF-8 as its own code page ("2026â€“27")."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in appraisal_rows(members, today=clock.today()):
        writer.writerow([_cell(cell) if isinstance(cell, str) else cell for cell in row])
