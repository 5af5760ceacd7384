"""Fair lock-outs behind the reverse proxy (weakness 1).

Every request reaches the app from the proxy's address; the client's own address is the last
entry the proxy appended to X-Forwarded-For. A stranger failing at a colleague's password
must be locked out without locking out the colleague, who signs in from elsewhere.
"""

import pytest
from django.urls import reverse

from tests.accounts.helpers import log_in
from tests.factories import make_user

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.7"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # what PROXY_COUNT=1 sets


@pytest.fixture
def colleague(db):
    return make_user("colleague")


def through_proxy(client, login, password=None, *, client_ip, forwarded=None):
    """What the proxy sends on: whatever the client claimed, then the address it saw."""
    chain = f"{forwarded}, {client_ip}" if forwarded else client_ip
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}
    if password is None:
        return log_in(client, login, **extra)
    return log_in(client, login, password, **extra)


def test_a_stranger_cannot_lock_a_colleague_out(client, colleague, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, "colleague", "guess", client_ip=ATTACKER)
    locked = through_proxy(client, "colleague", client_ip=ATTACKER)  # even the right password
    assert locked.status_code in (403, 429) and b"paused" in locked.content

    client.cookies.clear()
    response = through_proxy(client, "COLLEAGUE", client_ip=COLLEAGUE)
    assert response.status_code == 302
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_a_forged_forwarded_header_does_not_pass_for_the_colleague(client, colleague, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # The stranger claims to be the colleague; the proxy still appends the real address.
        through_proxy(client, "colleague", "guess", client_ip=ATTACKER, forwarded=COLLEAGUE)
    client.cookies.clear()
    assert through_proxy(client, "colleague", client_ip=COLLEAGUE).status_code == 302


def test_the_username_is_one_key_whatever_its_case(client, colleague, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        typed = "Colleague" if n % 2 else "colleague"
        through_proxy(client, typed, "guess", client_ip=ATTACKER)
    assert through_proxy(client, "COLLEAGUE", client_ip=ATTACKER).status_code in (403, 429)


def test_one_count_per_account_whether_its_name_or_its_email_is_typed(client, colleague, settings):
    names = ["colleague", "colleague@example.org", "Colleague@Example.org", "COLLEAGUE"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(client, names[n % len(names)], "guess", client_ip=ATTACKER)
    for name in names:
        locked = through_proxy(client, name, client_ip=ATTACKER)
        assert locked.status_code in (403, 429) and b"paused" in locked.content
    client.cookies.clear()
    assert through_proxy(client, "colleague@example.org", client_ip=COLLEAGUE).status_code == 302


def test_one_address_failing_across_many_usernames_is_locked_on_its_own(
    client, colleague, settings
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        through_proxy(client, f"guess-{n}", "guess", client_ip=ATTACKER)
    locked = through_proxy(client, "colleague", client_ip=ATTACKER)
    assert locked.status_code in (403, 429) and b"paused" in locked.content
    client.cookies.clear()
    assert through_proxy(client, "colleague", client_ip=COLLEAGUE).status_code == 302


def test_lock_out_without_a_proxy_uses_the_connecting_address(client, colleague, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "colleague", "guess", REMOTE_ADDR=ATTACKER)
    assert log_in(client, "colleague", REMOTE_ADDR=ATTACKER).status_code in (403, 429)
    # Without a proxy a forwarded header is the client's own claim and is ignored.
    forged = log_in(client, "colleague", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert forged.status_code in (403, 429)
    assert log_in(client, "colleague", REMOTE_ADDR=COLLEAGUE).status_code == 302
