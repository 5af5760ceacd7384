"""The worker's own supervision on her dashboard: records to confirm, when the next session
with each supervisor is due, and her open actions, each leading to its session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import SessionAction, Supervision
from tests.factories import make_session, make_supervision, make_user

pytestmark = pytest.mark.today("2027-03-20")  # the dates below are that year's


def _dashboard(client) -> str:
    return client.get(reverse("journal:dashboard")).content.decode()


def test_the_worker_sees_records_to_confirm_next_due_and_her_open_actions(
    owner_client, owner, link
):
    confirmed = make_session(link, datetime.date(2027, 2, 10))
    recorded = make_session(link, datetime.date(2027, 3, 10), status="recorded")
    SessionAction.objects.create(
        session=confirmed, text="Read the new guidance", due_on=datetime.date(2027, 3, 1)
    )
    SessionAction.objects.create(
        session=recorded, text="Write up the home visit", due_on=datetime.date(2027, 4, 1)
    )
    SessionAction.objects.create(session=recorded, text="Book the course", owner="both")
    SessionAction.objects.create(session=recorded, text="Find a mentor for Olu", owner="supervisor")
    SessionAction.objects.create(session=confirmed, text="Ticked off", done_in=recorded)
    page = _dashboard(owner_client)

    assert "Your supervision" in page
    confirm = reverse("journal:session_detail", args=[recorded.pk])
    assert f'<a href="{confirm}">Read it and confirm it' in page
    assert "Sue Supervisor wrote up your session of 10 March 2027" in page
    # Monthly by default, from the last session held.
    assert "With Sue Supervisor: next session due <strong>10 April 2027</strong>" in page
    assert reverse("journal:session_list", args=[link.pk]) in page
    # Hers (alone or with the supervisor), soonest due first, the overdue one marked.
    actions = page[page.index('id="open-actions"') :]
    assert (
        actions.index("Read the new guidance")
        < actions.index("Write up the home visit")
        < actions.index("Book the course")
    )
    overdue = actions[actions.index("Read the new guidance") : actions.index("Write up")]
    assert "Overdue" in overdue and "by 1 March 2027" in overdue
    assert "Overdue" not in actions[actions.index("Write up") :]
    assert reverse("journal:session_detail", args=[confirmed.pk]) in overdue
    assert "Find a mentor" not in page and "Ticked off" not in page


def test_before_the_first_session_the_worker_is_told_none_is_on_record(owner_client, link):
    page = _dashboard(owner_client)
    assert "With Sue Supervisor: no session on record yet (every month)" in page
    assert "Waiting for you to confirm" not in page and 'id="open-actions"' not in page


def test_once_confirmed_the_record_no_longer_waits(owner_client, link):
    make_session(link, datetime.date(2027, 3, 10))
    page = _dashboard(owner_client)
    assert "Waiting for you to confirm" not in page
    assert "next session due <strong>10 April 2027</strong>" in page


def test_a_next_session_past_its_date_is_marked(owner_client, link):
    make_session(link, datetime.date(2027, 1, 10))
    page = _dashboard(owner_client)
    due = page[page.index('id="sessions-due"') :]
    assert "next session due <strong>10 February 2027</strong>" in due
    assert "Overdue" in due[: due.index("</li>")]


def test_nothing_about_supervision_for_someone_without_it(client, owner, supervisor):
    client.force_login(owner)
    assert 'id="dashboard-supervision"' not in _dashboard(client)
    # A supervisor is not supervised by their supervising; an invitation is not a supervisor.
    make_supervision(owner, supervisor)
    make_supervision(supervisor, make_user("boss"), status=Supervision.Status.INVITED)
    client.force_login(supervisor)
    assert 'id="dashboard-supervision"' not in _dashboard(client)


def test_after_supervision_ends_a_record_still_waits_but_its_actions_do_not(owner_client, link):
    session = make_session(link, datetime.date(2027, 3, 10), status="recorded")
    SessionAction.objects.create(session=session, text="Write up the home visit")
    Supervision.objects.filter(pk=link.pk).update(
        status=Supervision.Status.REVOKED, ended_at=timezone.now()
    )
    page = _dashboard(owner_client)
    assert reverse("journal:session_detail", args=[session.pk]) in page
    assert "Write up the home visit" not in page
    assert 'id="sessions-due"' not in page
