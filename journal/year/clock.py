"""Kept for migration 0018, whose default names this path; the clock is `journal.clock`."""

from journal.clock import today

__all__ = ["today"]
