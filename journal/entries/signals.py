"""Signals entries send, so the packages above them can act on a save without entries
importing them (the review of an entry is one of them)."""

from django.dispatch import Signal

# Sent by entry_save inside its transaction, on the locked row, when a change alters the text
# of an entry that has a sign-off, with `entry` (changed, not yet versioned), `before` (the
# fingerprint of its text before the change) and `reopen` (the person chose "Edit and ask for
# a new sign-off"). A receiver refuses the change by raising SignedOffEntry, which rolls the
# whole save back: review does so while `before` is still signed off and not reopened.
signed_off_text_changed = Signal()
