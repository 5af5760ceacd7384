"""The audit trail: what happened to an entry, by whom and when, shown to its owner.

Its actions come from every package (entries, review, peer, evidence, accounts), so the model
lives here beside `record`, its one writer, rather than with entries. An event outlives a
purged entry (entry is null), kept as evidence in its owner's trail.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.entries.models import Entry
from journal.people.models import User


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        AUTOSAVED = "autosaved", "Draft autosaved"
        CONFLICT_KEPT = "conflict_kept", "Text from another tab kept"
        DELETED = "deleted", "Moved to the bin"
        RESTORED = "restored", "Restored"
        PURGED = "purged", "Deleted for good from the bin"
        DETAIL_REMOVED = "detail_removed", "Identifying detail removed from history"
        SHARED = "shared", "Shared"
        UNSHARED = "unshared", "Share revoked"
        SUBMITTED = "submitted", "Submitted for review"
        COMMENTED = "commented", "Commented"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SIGNED_OFF = "signed_off", "Signed off"
        EXPORTED = "exported", "Exported"
        COPIED = "copied", "Ticked as copied to Social Work England"
        UNCOPIED = "uncopied", "Copied tick removed"
        PEER_ASKED = "peer_asked", "Peer asked to confirm"
        PEER_CONFIRMED = "peer_confirmed", "Peer confirmed the discussion"
        PEER_DECLINED = "peer_declined", "Peer declined"
        PEER_REVOKED = "peer_revoked", "Peer link revoked"
        PEER_REFUSED = "peer_refused", "Peer link refused"
        PEER_TAKEN = "peer_taken", "Peer's takeaway added to the entry"
        SESSION_RECORDED = "session_recorded", "Supervision session recorded"
        SESSION_CONFIRMED = "session_confirmed", "Supervision session confirmed"
        SESSION_NOTED = "session_noted", "Note added to a supervision session"
        EVIDENCE_ADDED = "evidence_added", "Evidence file attached"
        EVIDENCE_REMOVED = "evidence_removed", "Evidence file removed"
        REQUEST_CLOSED = "request_closed", "Change request closed: the supervisor left"
        SUPERVISOR_LEFT = "supervisor_left", "A supervisor left"
        HANDED_OVER = "handed_over", "History offered to a new supervisor"
        ACCOUNT_IMPORTED = "account_imported", "Brought in from another journal"

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="audit_events", null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=30, choices=Action)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} by {self.actor}"


def record(entry: Entry | None, actor: User | None, action: str, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(entry=entry, actor=actor, action=action, detail=detail[:300])
