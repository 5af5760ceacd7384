"""Hand-overs written before 0030 get what 0030 began to record as they happen.

- One already carried to a new supervisor has no `carried_at`, so carry_history() would carry it
  again whenever the worker hands another history to that supervisor: entries the worker
  stopped sharing since would be shared again. It is marked carried, when the new supervisor
  accepted (or the hand-over was written, if later), with the entries it shared.
- One not carried yet has no record of what waited for the leaving supervisor's review
  (HandoverWait), so the new supervisor would find nothing waiting. When the supervision ended
  (its shares stay, revoked), the waits are read back from them as they stood when the
  supervisor left. When the supervisor deleted their account, the link and its shares went
  with it: nothing is left to read the submissions from, and nothing is guessed.

The review rule is the one of journal.review.models.review_state_of() at 0030, written out
here because a migration must not change with the code that follows it.
"""

from django.db import migrations
from django.db.models import Q


def _waiting_since(share, sign_off, version):
    """Since when the entry waited for review as the supervisor left, or None: submitted last
    (since then), or signed off last and changed since (since the change). Ties: submitted,
    then changes requested, then sign-off. `version`: the entry's latest as they left."""
    events = [(share.submitted_at, "submitted"), (share.changes_requested_at, "requested")]
    if sign_off is not None:
        events.append((sign_off.created_at, "signed"))
    happened = [(at, what) for at, what in events if at is not None]
    if not happened:
        return None
    at, last = max(happened, key=lambda event: event[0])
    if last == "submitted":
        return at
    if last == "signed" and sign_off.fingerprint != version.fingerprint:
        return version.created_at  # a sign-off is of a version, so there is one
    return None


def _mark_carried(handover, Share):
    successor = handover.successor
    handover.carried_at = max(successor.responded_at or handover.created_at, handover.created_at)
    handover.entries_carried = (
        Share.objects.filter(supervision=successor, entry__in=handover.carried_entries.all())
        .values("entry")
        .distinct()
        .count()
    )
    handover.save(update_fields=["carried_at", "entries_carried"])


def _read_back_waits(handover, apps):
    Share = apps.get_model("journal", "Share")
    SignOff = apps.get_model("journal", "SignOff")
    EntryVersion = apps.get_model("journal", "EntryVersion")
    HandoverWait = apps.get_model("journal", "HandoverWait")
    left = handover.created_at
    # The link it was written for ended as it was written, a moment after.
    link = (
        apps.get_model("journal", "Supervision")
        .objects.filter(
            supervisee=handover.supervisee_id,
            supervisor=handover.supervisor_id,
            ended_at__gte=left,
        )
        .order_by("ended_at")
        .first()
    )
    if link is None:
        return
    shares = Share.objects.filter(
        supervision=link, entry__in=handover.shared_entries.all(), created_at__lte=left
    ).filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=left))
    waits = []
    for share in shares:
        sign_off = (
            SignOff.objects.filter(
                entry=share.entry_id, supervisor=handover.supervisor_id, created_at__lte=left
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        version = (
            EntryVersion.objects.filter(entry=share.entry_id, created_at__lte=left)
            .exclude(kind="conflict")
            .order_by("-number")
            .first()
        )
        since = _waiting_since(share, sign_off, version)
        if since is not None:
            waits.append(HandoverWait(handover=handover, entry_id=share.entry_id, since=since))
    HandoverWait.objects.bulk_create(waits)


def forwards(apps, schema_editor):
    Handover = apps.get_model("journal", "Handover")
    Share = apps.get_model("journal", "Share")
    old = Handover.objects.filter(carried_at__isnull=True).select_related("successor")
    for handover in old:
        successor = handover.successor
        if successor is not None and (
            successor.status == "active" or successor.ended_at is not None
        ):
            _mark_carried(handover, Share)
        elif not handover.waits.exists():
            _read_back_waits(handover, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0031_signoff_entry_supervisor_index"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
