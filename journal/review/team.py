"""The supervisor's team: each supervisee's year as their supervisor may see it, counts only."""

from dataclasses import dataclass

from journal.models import Entry, Supervision, User
from journal.review.selectors import QueueItem, review_queue
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

    @property
    def supervisee(self) -> User:
        return self.link.supervisee

    @property
    def shared_count(self) -> int:
        """Every entry shared with this supervisor, waiting for them or not."""
        return len(self.waiting) + len(self.shared)


def team(*, supervisor: User, year: RegistrationYear) -> list[TeamMember]:
    """Every accepted supervisee with their year's readiness, in a constant number of queries.

    Readiness is counted from the supervisee's entries without loading their text; the only
    entries named are those shared with this supervisor (through the review queue).
    """
    links = list(
        Supervision.objects.filter(supervisor=supervisor, status=Supervision.Status.ACTIVE)
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
            .only("id", "owner_id", "activity_date", "deleted_at", "status", "copied_on")
            .with_peer_reflection()
        )
        for entry in entries:
            by_owner[entry.owner_id].append(entry)
    queue = {group.supervisee.pk: group for group in review_queue(supervisor=supervisor)}
    members = []
    for link in links:
        group = queue.get(link.supervisee_id)
        members.append(
            TeamMember(
                link=link,
                status=requirement_status(by_owner[link.supervisee_id], year),
                waiting=group.waiting if group else [],
                shared=group.other if group else [],
                copied=sum(
                    1 for e in by_owner[link.supervisee_id] if e.is_complete and e.copied_on
                ),
            )
        )
    return members
