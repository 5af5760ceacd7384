"""journal 0024: supervisions that ended before it keep their history on the team view; an
invitation that was cancelled never becomes a "person you supervised"."""

import datetime

import pytest
from django.utils import timezone

from journal.models import Supervision
from tests.factories import make_entry, make_user
from tests.migrating import latest, migrate_to

BEFORE = [("journal", "0023_supervision_sessions")]
AFTER = [("journal", "0025_team_history_and_session_reminders")]


@pytest.mark.django_db(transaction=True)
def test_ended_supervisions_with_shares_or_sessions_are_marked_ended():
    boss = make_user("boss-0024")
    people = [make_user(f"worker-0024-{n}") for n in range(4)]
    entry = make_entry(people[0], title="Shared before 0024")
    answered = timezone.make_aware(datetime.datetime(2026, 12, 2, 9))
    revoked = timezone.make_aware(datetime.datetime(2027, 1, 20, 9))
    try:
        old = migrate_to(BEFORE)
        link_model = old.get_model("journal", "Supervision")
        links = [
            link_model.objects.create(
                supervisee_id=person.pk,
                supervisor_id=boss.pk,
                status=status,
                responded_at=answered,
            )
            for person, status in zip(
                people, ["revoked", "revoked", "revoked", "active"], strict=True
            )
        ]
        old.get_model("journal", "Share").objects.create(
            entry_id=entry.pk, supervision=links[0], revoked_at=revoked
        )
        old.get_model("journal", "SupervisionSession").objects.create(
            supervisee_id=people[1].pk,
            supervision=links[1],
            supervisor_id=boss.pk,
            held_on=datetime.date(2026, 12, 10),
            attended="Both",
            status="confirmed",
        )

        migrate_to(AFTER)

        ended = {link.pk: Supervision.objects.get(pk=link.pk).ended_at for link in links}
        assert ended == {
            links[0].pk: revoked,  # when its shares were revoked
            links[1].pk: answered,  # sessions but no share: its last answer
            links[2].pk: None,  # nothing ever shared or held: an invitation cancelled
            links[3].pk: None,  # still active
        }
        migrate_to(BEFORE)  # and back
    finally:
        migrate_to(latest())
