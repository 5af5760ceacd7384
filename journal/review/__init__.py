"""Supervision and review: links to supervisors, sharing, comments, sign-off, the agenda."""
