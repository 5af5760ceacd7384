"""An entry's standing in review, worked out from its shares and sign-offs (never stored).

Review's reading of an entry, so it lives here rather than on Entry: entries know nothing of
who reads or signs them. Each reads what is prefetched on the entry (review_prefetches() for a
page, attach_review_states() for a list) and queries only what is not.
"""

from journal.models import Entry, ReviewState, SignOff, User
from journal.review.models import latest_sign_off


def review_state(entry: Entry, fingerprint: str | None = None) -> ReviewState:
    """Where the entry stands with all its supervisors, the most pressing state first.

    Reads `shares` (with their supervision) and `signoffs`; prefetch them for lists.
    `fingerprint`: the entry's content fingerprint when the caller has it (a list reads it in
    SQL, entries.models.current_fingerprint); else worked out from the entry's content.
    """
    sign_offs = list(entry.signoffs.all())
    if fingerprint is None:
        fingerprint = entry.content_fingerprint() if sign_offs else ""
    live = [share for share in entry.shares.all() if share.is_live]
    states = [share.review_state(sign_offs, fingerprint) for share in live]
    # A sign-off by someone the entry is no longer shared with still stands on record.
    reviewing = {share.supervision.supervisor_id for share in live}
    others = [s for s in sign_offs if s.supervisor_id not in reviewing]
    latest = latest_sign_off(others)
    if latest is not None:
        states.append(latest.state_for(fingerprint))
    return min(states, key=ReviewState.urgency, default=ReviewState.PRIVATE)


def live_reviewers(entry: Entry) -> list[User]:
    """Supervisors who can read the entry through a live share (prefetch shares for lists)."""
    return [s.supervision.supervisor for s in entry.shares.all() if s.is_live]


def current_sign_off(entry: Entry, fingerprint: str = "") -> SignOff | None:
    """The newest sign-off of the text as it is now (or of the text with `fingerprint`), or
    None once it has changed since.

    The one reading of "signed off" the editor's notice and the refusal to change signed-off
    text (receivers.refuse_changing_signed_off_text) share.
    """
    sign_offs = list(entry.signoffs.all())
    if not sign_offs:
        return None
    fingerprint = fingerprint or entry.content_fingerprint()
    return latest_sign_off([s for s in sign_offs if s.covers(fingerprint)])
