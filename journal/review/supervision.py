"""Supervision links: invitations (a hand-over's too), answering them, and ending a link.

Each service is one transaction that re-checks the rule it depends on, and notifies the other
side.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from journal import audit, notifications
from journal.errors import ReviewError
from journal.models import AuditEvent, Entry, Handover, Supervision, User
from journal.review import departures


def _find_user(identifier: str) -> User | None:
    if "@" in identifier:
        # Only a verified address names an account; anything else gets an emailed invitation
        # that waits for whoever verifies that address (supervision_claim_invitations).
        address = (
            EmailAddress.objects.filter(
                email__iexact=identifier, verified=True, user__is_active=True
            )
            .select_related("user")
            .first()
        )
        return address.user if address else None
    return User.objects.filter(username__iexact=identifier, is_active=True).first()


def _check_invitations_today(supervisee: User) -> None:
    limit = settings.INVITATIONS_PER_DAY
    since = timezone.now() - datetime.timedelta(days=1)
    if Supervision.objects.filter(supervisee=supervisee, created_at__gte=since).count() >= limit:
        raise ReviewError(
            f"You have sent {limit} invitations in the last 24 hours, the most we allow in a "
            "day. Try again tomorrow; your earlier invitations are still waiting below.",
            "too_many_invitations",
        )


@transaction.atomic
def supervision_invite(*, supervisee: User, identifier: str) -> Supervision:
    """Invite a supervisor by username or email address.

    The inviter gets the same answer and the same pending invitation whether or not an
    account has that username or address, or is already asked under another name, so
    inviting never tells who has an account nor ties a username to an address. Only a name
    their own page already shows is answered "already" (Supervision.is_named_by).
    Someone without an account is emailed an invitation that waits for them to sign up
    with that address (see supervision_claim_invitations); a username nobody has waits
    unanswered until the inviter cancels it, and no account made later claims it.
    """
    identifier = identifier.strip()
    _check_invitations_today(supervisee)
    invitee = _find_user(identifier)
    by_email = "@" in identifier
    own = {supervisee.email.lower(), supervisee.username.lower()}
    if invitee == supervisee or identifier.lower() in own:
        raise ReviewError("You cannot invite yourself to be your own supervisor.", "self")

    open_links = list(
        Supervision.objects.filter(
            supervisee=supervisee,
            status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE],
        ).select_related("supervisor")
    )
    named = next((link for link in open_links if link.is_named_by(identifier)), None)
    if named is not None:
        if named.is_active:
            raise ReviewError("This person already supervises you.", "already_linked")
        raise ReviewError("You have already invited this person.", "already_invited")
    # Linked or invited under another name: answering anything but "sent" would tie the two
    # names together. The inviter sees this name waiting like any other; its holder, already
    # asked, is not asked again (nor is an address claimed: supervision_claim_invitations).
    asked = invitee is not None and any(link.supervisor_id == invitee.pk for link in open_links)

    link = Supervision.objects.create(
        supervisee=supervisee,
        supervisor=None if asked else invitee,
        # Shown on the inviter's pending list instead of the account's name, so inviting an
        # address never reveals who (if anyone) has an account with it.
        invited_email=identifier if by_email else "",
        invited_username="" if by_email else identifier,
    )
    if asked:
        return link
    if invitee is not None:
        notifications.notify(
            recipient=invitee, event="invited", actor=supervisee, url=reverse("journal:supervision")
        )
    elif by_email:
        notifications.email_invitation(
            email=identifier, actor=supervisee, signup_path=reverse("account_signup")
        )
    return link


@transaction.atomic
def supervision_claim_invitations(*, user: User, email: str) -> int:
    """Attach email invitations sent to `email` before it named an account to `user`.

    Called only once `user` has verified `email` (journal.review.receivers), so nobody can
    take over an invitation by typing someone else's address. Each claimed invitation becomes
    a notification, so the new account is told at once that an invitation is waiting.
    """
    if not email:
        return 0
    pending = Supervision.objects.filter(
        supervisor__isnull=True,
        status=Supervision.Status.INVITED,
        invited_email__iexact=email,
    ).exclude(supervisee=user)
    claimed = 0
    for link in pending.select_for_update():
        # Open with them already, or answered or ended since this was sent: an invitation
        # made under another name while they were asked (supervision_invite) is never
        # sent again.
        already = Supervision.objects.filter(
            Q(status__in=[Supervision.Status.INVITED, Supervision.Status.ACTIVE])
            | Q(responded_at__gte=link.created_at)
            | Q(ended_at__gte=link.created_at),
            supervisee=link.supervisee,
            supervisor=user,
        ).exists()
        if already:
            continue
        link.supervisor = user
        link.save(update_fields=["supervisor"])
        # They were emailed already; the in-app notice tells them at once, like a username
        # invitation does.
        notifications.notify(
            recipient=user,
            event="invited",
            actor=link.supervisee,
            url=reverse("journal:supervision"),
            email=False,
        )
        claimed += 1
    return claimed


def _respond(supervision: Supervision, user: User, status: str, event: str) -> Supervision:
    """The invited supervisor's answer, recorded once, and the supervisee told of it."""
    link = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if link.supervisor_id != user.pk:
        raise PermissionDenied("Only the person invited can answer an invitation.")
    if link.status != Supervision.Status.INVITED:
        raise ReviewError("This invitation is no longer open.", "not_pending")
    link.status = status
    link.responded_at = timezone.now()
    link.save(update_fields=["status", "responded_at"])
    if status == Supervision.Status.ACTIVE:
        departures.carry_history(link=link)
    else:
        departures.release(link=link)
    notifications.notify(
        recipient=link.supervisee, event=event, actor=user, url=reverse("journal:supervision")
    )
    return link


@transaction.atomic
def supervision_accept(*, supervision: Supervision, user: User) -> Supervision:
    return _respond(supervision, user, Supervision.Status.ACTIVE, "invitation_accepted")


@transaction.atomic
def supervision_decline(*, supervision: Supervision, user: User) -> Supervision:
    return _respond(supervision, user, Supervision.Status.DECLINED, "invitation_declined")


@transaction.atomic
def supervision_revoke(*, supervision: Supervision, user: User) -> Supervision:
    """Either side ends a link (or the inviter cancels an invitation).

    Every share through the link is revoked with it, so nothing stays visible.
    """
    link = Supervision.objects.select_for_update().get(pk=supervision.pk)
    if user.pk not in (link.supervisee_id, link.supervisor_id):
        raise PermissionDenied("Only the two people in a supervision link can end it.")
    if link.status not in (Supervision.Status.INVITED, Supervision.Status.ACTIVE):
        raise ReviewError("This link has already ended.", "not_open")
    was_active = link.is_active
    by_worker = user.pk == link.supervisee_id
    if was_active:
        # Before the shares go: the hand-over keeps what was shared, and tells the worker.
        reason = (
            Handover.Reason.ENDED_BY_WORKER if by_worker else Handover.Reason.ENDED_BY_SUPERVISOR
        )
        departures.supervisor_left(link=link, reason=reason)
    else:
        departures.release(link=link)
    link.status = Supervision.Status.REVOKED
    link.responded_at = link.responded_at or timezone.now()
    link.ended_at = timezone.now() if was_active else None
    link.save(update_fields=["status", "responded_at", "ended_at"])

    now = timezone.now()
    supervisor_name = link.supervisor.get_display_name() if link.supervisor else "a supervisor"
    for share in link.shares.filter(revoked_at__isnull=True).select_related("entry"):
        share.revoked_at = now
        share.save(update_fields=["revoked_at"])
        audit.record(
            share.entry,
            user,
            AuditEvent.Action.UNSHARED,
            f"Supervision with {supervisor_name} ended",
        )

    # The worker whose supervisor ended an active link was told by departures.supervisor_left.
    # An invitation never accepted was no supervision: its cancelling is told as that.
    if by_worker and link.supervisor is not None:
        notifications.notify(
            recipient=link.supervisor,
            event="supervision_ended" if was_active else "invitation_cancelled",
            actor=user,
            url=reverse("journal:supervision"),
        )
    return link


@transaction.atomic
def handover_invite(
    *,
    handover: Handover,
    user: User,
    identifier: str,
    entries: list[Entry],
    carry_sign_offs: bool = True,
    carry_comments: bool = True,
    carry_sessions: bool = True,
) -> Supervision:
    """Invite a new supervisor carrying the history a former one left, as the worker chose it.

    Once they accept, the chosen entries are shared with them (departures.carry_history) and
    they read the chosen sign-offs, comment threads and sessions, read-only, under the former
    supervisor's name (Handover.objects.carried_to).
    """
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.supervisee_id != user.pk:
        raise PermissionDenied("Only the person supervised can hand over their history.")
    if not handover.is_offered:
        raise ReviewError(
            "You have already invited someone to carry on from this supervisor.", "handed_over"
        )
    left = set(handover.shared_entries.values_list("pk", flat=True))
    if any(entry.pk not in left or entry.owner_id != user.pk for entry in entries):
        raise ReviewError("Choose among the entries you shared with them.", "unknown_entry")
    # Handing over to someone who already supervises the worker, named as the worker's page
    # names them, needs no invitation; any other name is invited, so nothing is revealed.
    active = Supervision.objects.filter(
        supervisee=user, status=Supervision.Status.ACTIVE
    ).select_related("supervisor")
    current = next((link for link in active if link.is_named_by(identifier)), None)
    link = current or supervision_invite(supervisee=user, identifier=identifier)
    handover.successor = link
    handover.carry_sign_offs = carry_sign_offs
    handover.carry_comments = carry_comments
    handover.carry_sessions = carry_sessions
    handover.save()
    handover.carried_entries.set(entries)
    if current is not None:
        departures.carry_history(link=current)
    audit.record(
        None,
        user,
        AuditEvent.Action.HANDED_OVER,
        f"History with {handover.supervisor_label} offered to {link.invitee_label}",
    )
    return link
