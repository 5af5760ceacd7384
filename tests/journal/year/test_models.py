"""The renewal checklist: the online form, the fee and the CPD, each ticked with its day."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from journal.models import RenewalStep
from tests.factories import make_user

URL = reverse("journal:renewal_step", args=[2027])
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def renewal_open():
    """10 September 2027: renewal for 2026–27 is open."""
    with time_machine.travel(datetime.datetime(2027, 9, 10, 10, tzinfo=LONDON)):
        yield


def _dashboard(client):
    return client.get(reverse("journal:dashboard")).content.decode()


@pytest.mark.today("2027-02-16")  # before renewal opens
def test_before_renewal_opens_the_three_parts_are_named_with_the_dates(owner_client):
    body = _dashboard(owner_client)  # 16 February 2027: the year 2026–27
    section = body[body.index('id="renewal-checklist"') :]
    assert "Renewing for 2026–27: three parts" in section
    assert (
        "Renewal is open from 1 September 2027 to 30 November 2027: in that time, do all three"
        in section
    )
    order = [section.index(f'id="renewal-{part}"') for part in ("form", "fee", "cpd")]
    assert order == sorted(order)
    assert "Mark done" not in section


def test_once_renewal_opens_each_part_can_be_ticked(renewal_open, owner_client):
    section = _dashboard(owner_client).split('id="renewal-checklist"')[1]
    assert "by 30 November 2027" in section and section.count("Mark done") == 3
    assert "ticked as copied here: 0 of 2" in section


def test_ticking_a_part_keeps_its_day_and_unticking_removes_it(renewal_open, owner_client, owner):
    response = owner_client.post(URL, {"part": "fee", "done": "1", "done_on": "2027-09-02"})
    assert response.status_code == 302
    assert response.url == reverse("journal:dashboard") + "#renewal-checklist"
    step = RenewalStep.objects.get(owner=owner)
    assert (step.year, step.part, step.done_on) == (2027, "fee", datetime.date(2027, 9, 2))
    body = _dashboard(owner_client)
    assert "Ticked: The registration fee, paid." in body
    fee = body[body.index('id="renewal-fee"') :]
    assert fee.index("Done on 2 September 2027") < fee.index('id="renewal-cpd"')
    owner_client.post(URL, {"part": "fee", "done": "1"})  # again: one row, today's day
    assert RenewalStep.objects.get(owner=owner).done_on == datetime.date(2027, 9, 10)
    owner_client.post(URL, {"part": "fee", "done": "0"})
    assert not RenewalStep.objects.exists()


@pytest.mark.today("2027-02-16")  # its dates are that year's
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"part": "fee", "done": "1", "done_on": "2027-02-17"}, "cannot be after today"),
        ({"part": "holiday", "done": "1"}, "Select a valid choice"),
    ],
)
def test_a_bad_tick_changes_nothing_and_says_why(owner_client, data, message):
    response = owner_client.post(URL, data, follow=True)
    assert message in response.content.decode()
    assert not RenewalStep.objects.exists()


def test_each_person_ticks_only_their_own(renewal_open, client, owner):
    other = make_user("other")
    RenewalStep.objects.create(owner=other, year=2027, part="form", done_on="2027-09-05")
    client.force_login(owner)
    client.post(URL, {"part": "form", "done": "0"})
    assert RenewalStep.objects.filter(owner=other).exists()
    assert "Done on 5 September 2027" not in _dashboard(client)
    assert client.get(URL).status_code == 405
