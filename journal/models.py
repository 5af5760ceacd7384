"""Every model of the journal app, each defined in the package of its domain.

Django finds an app's models through this module, so it imports them all. One app, one label
and one migration history, whatever package a model lives in.
"""

from journal.audit import AuditEvent
from journal.entries.models import Citation, Entry, EntryVersion
from journal.evidence.models import Evidence
from journal.exports.models import ExportJob
from journal.notes.models import QuickNote
from journal.peer.models import PeerAttempt, PeerRequest
from journal.people.models import (
    AccountImport,
    Notification,
    ReminderPreference,
    ReminderSent,
    User,
)
from journal.review.handover_models import Handover, HandoverWait
from journal.review.models import Comment, ReviewState, Share, SignOff, Supervision
from journal.review.session_models import SessionAction, SupervisionSession
from journal.year.models import RenewalStep

__all__ = [
    "AccountImport",
    "AuditEvent",
    "Citation",
    "Comment",
    "Entry",
    "EntryVersion",
    "Evidence",
    "ExportJob",
    "Handover",
    "HandoverWait",
    "Notification",
    "PeerAttempt",
    "PeerRequest",
    "QuickNote",
    "ReminderPreference",
    "ReminderSent",
    "RenewalStep",
    "ReviewState",
    "SessionAction",
    "Share",
    "SignOff",
    "Supervision",
    "SupervisionSession",
    "User",
]
