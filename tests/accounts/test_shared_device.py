"""A shared phone: logging out or deleting the account tells the browser to forget what this
site kept on the device (Clear-Site-Data, and a cookie for browsers that ignore it over http)."""

from django.urls import reverse

from journal.people.accounts.views import FORGET_DEVICE_COOKIE
from tests.accounts.helpers import reauthenticate

FORGET = '"cache", "storage"'


def test_logging_out_clears_the_device(owner_client):
    page = owner_client.get(reverse("account_logout"))
    assert "Clear-Site-Data" not in page  # asking is not logging out
    response = owner_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == FORGET
    assert response.cookies[FORGET_DEVICE_COOKIE].value == "1"
    assert owner_client.get(reverse("journal:dashboard")).status_code == 302


def test_deleting_the_account_clears_the_device_and_a_refusal_does_not(owner_client):
    reauthenticate(owner_client)
    refused = owner_client.post(reverse("journal:account_delete"), {})
    assert refused.status_code == 200 and "Clear-Site-Data" not in refused
    response = owner_client.post(reverse("journal:account_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == FORGET
    assert response.cookies[FORGET_DEVICE_COOKIE].value == "1"


def test_every_signed_in_page_says_whose_device_it_is(owner_client, owner, client):
    page = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert f'data-user="{owner.pk}"' in page and "js/device.js" in page
    assert "data-user" not in client.get(reverse("account_login")).content.decode()
