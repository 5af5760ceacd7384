"""Invitations reach only a verified address, are claimed on verification or sign-in, and are
limited per day (weakness 2)."""

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Supervision
from tests.accounts.helpers import enter_code, last_code, log_in, reauthenticate, sign_up
from tests.factories import make_user

INVITED = "new.boss@example.org"


@pytest.fixture
def invitation(owner_client, owner):
    owner_client.post(reverse("journal:supervision"), {"identifier": INVITED})
    return Supervision.objects.get(invited_email=INVITED)


def test_typing_the_invited_address_into_an_account_does_not_claim_it(invitation, db):
    # Before: changing one's email to the invited address and opening /supervision/ took it.
    intruder = make_user("intruder")
    client = Client()
    log_in(client, "intruder")
    reauthenticate(client)
    client.post(reverse("account_email"), {"email": INVITED, "action_add": ""})
    client.get(reverse("journal:supervision"))
    client.post(reverse("account_logout"))
    log_in(client, "intruder")
    invitation.refresh_from_db()
    assert invitation.supervisor is None
    assert intruder.email == "intruder@example.org"


def test_the_person_who_confirms_the_address_gets_the_invitation(invitation, db):
    client = Client()
    sign_up(client, email="New.Boss@example.org")
    invitation.refresh_from_db()
    assert invitation.supervisor is None  # signed up, but not yet confirmed
    enter_code(client, last_code(INVITED))
    invitation.refresh_from_db()
    assert invitation.supervisor is not None and invitation.supervisor.email == INVITED
    page = client.get(reverse("journal:supervision")).content.decode()
    assert "Olu Owner" in page


def test_changing_to_the_address_and_confirming_it_claims_the_invitation(invitation, db):
    boss = make_user("boss")
    client = Client()
    log_in(client, "boss")
    reauthenticate(client)
    client.post(reverse("account_email"), {"email": INVITED, "action_add": ""})
    enter_code(client, last_code(INVITED))
    invitation.refresh_from_db()
    assert invitation.supervisor == boss


def test_invitations_are_limited_per_day_with_a_clear_message(owner_client, owner, settings):
    settings.INVITATIONS_PER_DAY = 3
    for n in range(3):
        response = owner_client.post(
            reverse("journal:supervision"), {"identifier": f"person{n}@example.org"}
        )
        assert response.status_code == 302
    response = owner_client.post(reverse("journal:supervision"), {"identifier": "one@more.org"})
    assert response.status_code == 200
    assert "You have sent 3 invitations in the last 24 hours" in response.content.decode()
    assert Supervision.objects.filter(supervisee=owner).count() == 3
