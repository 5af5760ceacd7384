"""The audit trail: what happened to an entry, by whom and when, shown to its owner."""

from journal.models import AuditEvent, Entry, User


def record(entry: Entry | None, actor: User | None, action: str, detail: str = "") -> AuditEvent:
    return AuditEvent.objects.create(entry=entry, actor=actor, action=action, detail=detail[:300])
