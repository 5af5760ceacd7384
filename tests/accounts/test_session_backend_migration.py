"""journal 0016 and 0019: people signed in through allauth's backend, and then through ours
before it moved into journal.people, stay signed in."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session

from tests.factories import make_user
from tests.migrating import latest, migrate_to

BEFORE = [("journal", "0015_audit_actions")]
SWITCHED = [("journal", "0016_sessions_use_journal_backend")]
ALLAUTH = "allauth.account.auth_backends.AuthenticationBackend"
OURS_BEFORE_THE_MOVE = "journal.accounts.backends.AuthenticationBackend"
OURS = "journal.people.accounts.backends.AuthenticationBackend"


def _backend(session_key: str) -> str:
    return Session.objects.get(session_key=session_key).get_decoded()[BACKEND_SESSION_KEY]


@pytest.mark.django_db(transaction=True)
def test_a_session_from_before_the_switch_is_still_signed_in(client):
    migrate_to(BEFORE)
    try:
        user = make_user("signed-in-before")
        client.force_login(user, backend=ALLAUTH)
        key = client.cookies["sessionid"].value
        assert _backend(key) == ALLAUTH
        assert client.get("/dashboard/").status_code == 302  # our settings no longer list it

        migrate_to(SWITCHED)
        assert _backend(key) == OURS_BEFORE_THE_MOVE
        migrate_to(latest())

        assert _backend(key) == OURS
        response = client.get("/dashboard/")
        assert response.status_code == 200
        assert response.context["user"] == user
        migrate_to(BEFORE)  # and back, for a rollback
        assert _backend(key) == ALLAUTH
    finally:
        migrate_to(latest())
