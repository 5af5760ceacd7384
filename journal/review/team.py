"""The supervisor's team: each supervisee's year as their supervisor may see it, counts only."""

import csv
import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from journal.models import Entry, SignOff, Supervision, SupervisionSession, User
from journal.review.selectors import QueueItem, review_queue
from journal.year import clock
from journal.year.registration import RegistrationYear, RequirementStatus, requirement_status


@dataclass
class TeamMember:
    """One accepted supervisee's year, as their supervisor may see it: counts, never content."""

    link: Supervision
    status: RequirementStatus
    waiting: list[QueueItem]
    shared: list[QueueItem]  # shared with this supervisor and not waiting for them
    # Complete pieces the person has ticked as copied to their Social Work England account.
    copied: int = 0
    last_activity: datetime.datetime | None = None  # their latest change to an entry this year

    @property
    def supervisee(self) -> User:
        return self.link.supervisee

    @property
    def shared_count(self) -> int:
        """Every entry shared with this supervisor, waiting for them or not."""
        return len(self.waiting) + len(self.shared)

    @property
    def signed_off(self) -> int:
        """Entries this supervisor signed off in the registration year (team())."""
        return self.link.signed_off_this_year

    @property
    def last_session_on(self) -> datetime.date | None:
        return self.link.last_session_on

    @property
    def next_due(self) -> datetime.date | None:
        return self.link.next_session_due(self.link.last_session_on)

    @property
    def oldest_waiting(self) -> datetime.datetime | None:
        return min((item.waiting_since for item in self.waiting), default=None)

    @property
    def changed_since_sign_off(self) -> int:
        return sum(1 for item in self.waiting if item.state.changed_since_sign_off)


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def team(*, supervisor: User, year: RegistrationYear) -> list[TeamMember]:
    """Every accepted supervisee with their year's readiness, in a constant number of queries.

    Readiness is counted from the supervisee's entries without loading their text; the only
    entries named are those shared with this supervisor (through the review queue). The last
    session and this supervisor's sign-offs in the year come with the links, as subqueries.
    """
    held = SupervisionSession.objects.filter(supervision=OuterRef("pk")).exclude(
        status=SupervisionSession.Status.DRAFT
    )
    signed = (
        SignOff.objects.filter(
            supervisor=supervisor,
            entry__owner=OuterRef("supervisee"),
            created_at__gte=_moment(year.start),
            created_at__lt=_moment(year.end + datetime.timedelta(days=1)),
        )
        .order_by()
        .values("entry__owner")
        .annotate(n=Count("entry", distinct=True))
        .values("n")
    )
    links = list(
        Supervision.objects.filter(supervisor=supervisor, status=Supervision.Status.ACTIVE)
        .annotate(
            last_session_on=Subquery(held.order_by("-held_on").values("held_on")[:1]),
            signed_off_this_year=Coalesce(Subquery(signed, output_field=IntegerField()), 0),
        )
        .select_related("supervisee")
        .order_by("supervisee__display_name", "supervisee__username")
    )
    by_owner: dict[int, list[Entry]] = {link.supervisee_id: [] for link in links}
    if by_owner:
        entries = (
            Entry.objects.alive()
            .filter(owner_id__in=by_owner)
            .between(year.start, year.end)
            .with_completeness()
            .only(
                "id", "owner_id", "activity_date", "deleted_at", "status", "copied_on", "updated_at"
            )
            .with_peer_reflection()
        )
        for entry in entries:
            by_owner[entry.owner_id].append(entry)
    queue = {group.supervisee.pk: group for group in review_queue(supervisor=supervisor)}
    members = []
    for link in links:
        group = queue.get(link.supervisee_id)
        own = by_owner[link.supervisee_id]
        members.append(
            TeamMember(
                link=link,
                status=requirement_status(own, year),
                waiting=group.waiting if group else [],
                shared=group.other if group else [],
                copied=sum(1 for e in own if e.is_complete and e.copied_on),
                last_activity=max((e.updated_at for e in own), default=None),
            )
        )
    return members


CSV_COLUMNS = [
    "Person",
    "Registration number",
    "Last session",
    "Next session due",
    "Waiting for review",
    "Oldest waiting (days)",
    "Changed since sign-off",
    "Shared with you",
    "Signed off by you this year",
    "Complete pieces",
    "Peer reflection",
    "Copied to Social Work England",
    "Drafts",
    "Last activity",
]


def _cell(text: str) -> str:
    """A spreadsheet never runs a name as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(out, members: list[TeamMember], *, year: RegistrationYear) -> None:
    """The team for an appraisal, one row a person: counts and dates, never entry text."""
    today = clock.today()
    writer = csv.writer(out)
    writer.writerow([f"Registration year {year.label}"])
    writer.writerow(CSV_COLUMNS)
    for member in members:
        oldest = member.oldest_waiting
        writer.writerow(
            [
                _cell(member.supervisee.get_display_name()),
                _cell(member.supervisee.registration_number),
                member.last_session_on or "",
                member.next_due or "",
                len(member.waiting),
                (today - timezone.localdate(oldest)).days if oldest else "",
                member.changed_since_sign_off,
                member.shared_count,
                member.signed_off,
                member.status.complete_count,
                "yes" if member.status.peer_reflection_met else "not yet",
                member.copied,
                member.status.draft_count,
                timezone.localdate(member.last_activity) if member.last_activity else "",
            ]
        )
