"""Accounts on django-allauth: sign-up, sign-in, verified email, two-factor, sessions.

allauth does the work; this package holds what is ours: the forms' wording and fields, the
adapter (usernames, messages), fair lock-outs (axes), the profile page, the URLs people
bookmarked before allauth, and the receiver that asks someone signing in without a confirmed
address to confirm one (journal.review.receivers claims invitations).
"""
