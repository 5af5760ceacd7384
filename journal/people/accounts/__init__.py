"""Accounts on django-allauth: sign-up, sign-in, verified email, two-factor, sessions.

allauth does the work; this package holds what is ours: the forms' wording and fields, the
adapter (usernames, messages), fair lock-outs (axes), the profile page, the URLs people
bookmarked before allauth, and the receivers that claim invitations once an address is
verified.
"""
