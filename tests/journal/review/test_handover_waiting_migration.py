"""journal 0032: hand-overs written before 0030 record what waited for the supervisor who left,
as it stood when they left, and one already carried is marked so and never carried again."""

import datetime

import pytest
from django.utils import timezone

from journal.models import Handover, HandoverWait, Share, Supervision
from journal.review import departures
from journal.review.queue import queue_items
from journal.review.supervision import supervision_accept
from tests.factories import make_complete_entry, make_user
from tests.migrating import latest, migrate_to

BEFORE = [("journal", "0029_supervision_link_names")]
AFTER = [("journal", "0032_handovers_before_0030")]


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour))


LEFT = _at(20)


@pytest.mark.django_db(transaction=True)
def test_hand_overs_before_0030_get_their_waits_and_carried_marks():
    worker, boss, next_boss, carried_to = (
        make_user(name) for name in ("worker-0032", "boss-0032", "next-0032", "carried-0032")
    )
    submitted, for_reading, changed, signed, unshared, deleted = (
        make_complete_entry(worker, title=title)
        for title in ("Submitted", "For reading", "Changed", "Signed", "Unshared", "Deleted's")
    )
    try:
        old = migrate_to(BEFORE)
        models = {name: old.get_model("journal", name) for name in ("Share", "SignOff")}
        link_model, handover_model = (
            old.get_model("journal", n) for n in ("Supervision", "Handover")
        )
        version_model = old.get_model("journal", "EntryVersion")

        ended = link_model.objects.create(
            supervisee_id=worker.pk,
            supervisor_id=boss.pk,
            status="revoked",
            responded_at=_at(1),
            ended_at=LEFT + datetime.timedelta(seconds=1),
        )
        for entry in (submitted, for_reading, changed, signed):
            models["Share"].objects.create(
                entry_id=entry.pk,
                supervision=ended,
                submitted_at=None if entry is for_reading else _at(3),
                revoked_at=ended.ended_at,
            )
        models["Share"].objects.update(created_at=_at(2))

        def version(entry, number, fingerprint, at):
            return version_model.objects.create(
                entry_id=entry.pk, number=number, data={}, fingerprint=fingerprint, created_at=at
            )

        for entry in (changed, signed):
            models["SignOff"].objects.create(
                entry_id=entry.pk,
                supervisor_id=boss.pk,
                version=version(entry, 1, "read", _at(2)),
                fingerprint="read",
                created_at=_at(4),
            )
        version(changed, 2, "edited before", _at(10))  # waiting as they left
        version(signed, 2, "edited after", _at(25))  # not then: the new edit is after

        invited = link_model.objects.create(
            supervisee_id=worker.pk, supervisor_id=next_boss.pk, status="invited"
        )
        offered = handover_model.objects.create(
            supervisee_id=worker.pk,
            supervisor_id=boss.pk,
            supervisor_name="Boss",
            reason="ended_by_supervisor",
            created_at=LEFT,
            successor=invited,
        )
        offered.shared_entries.set([submitted.pk, for_reading.pk, changed.pk, signed.pk])
        offered.carried_entries.set([submitted.pk, for_reading.pk, changed.pk, signed.pk])

        # Carried before 0030 to a supervisor the worker later stopped sharing one entry with.
        accepted = link_model.objects.create(
            supervisee_id=worker.pk, supervisor_id=carried_to.pk, status="active", responded_at=LEFT
        )
        models["Share"].objects.create(
            entry_id=unshared.pk, supervision=accepted, revoked_at=_at(21)
        )
        carried = handover_model.objects.create(
            supervisee_id=worker.pk,
            supervisor_name="Earlier",
            reason="ended_by_worker",
            created_at=_at(5),
            successor=accepted,
        )
        carried.carried_entries.set([unshared.pk])

        # The supervisor deleted their account: the link and its shares went with it.
        gone = handover_model.objects.create(
            supervisee_id=worker.pk, supervisor_name="Gone", reason="account_deleted"
        )
        gone.shared_entries.set([deleted.pk])

        migrate_to(AFTER)

        waits = dict(HandoverWait.objects.filter(handover=offered.pk).values_list("entry", "since"))
        assert waits == {submitted.pk: _at(3), changed.pk: _at(10)}
        carried = Handover.objects.get(pk=carried.pk)
        assert (carried.carried_at, carried.entries_carried) == (LEFT, 1)
        gone = Handover.objects.get(pk=gone.pk)
        assert (gone.carried_at, list(HandoverWait.objects.filter(handover=gone))) == (None, [])
        assert Handover.objects.get(pk=offered.pk).carried_at is None

        migrate_to(latest())  # the services below are today's, on today's tables
        # Carried once: handing another history to that supervisor shares nothing again.
        departures.carry_history(link=Supervision.objects.get(pk=accepted.pk))
        assert not Share.objects.filter(entry=unshared, revoked_at__isnull=True).exists()
        # The new supervisor finds waiting what waited for the one who left, since then.
        supervision_accept(supervision=Supervision.objects.get(pk=invited.pk), user=next_boss)
        waiting = {(i.entry.pk, i.waiting_since) for i in queue_items(next_boss, waiting_only=True)}
        assert waiting == {(submitted.pk, _at(3)), (changed.pk, _at(10))}

        migrate_to(BEFORE)  # and back
    finally:
        migrate_to(latest())
