"""Supervision sessions on record: prepared from the agenda, written by the supervisor,
confirmed by the worker, private to the pair, carried into the next agenda."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from journal.account import services as account
from journal.errors import ReviewError
from journal.models import AuditEvent, Notification, SessionAction, SupervisionSession
from journal.review import sessions as session_services
from journal.review import supervision as supervision_services
from journal.review.agenda import agenda_for
from journal.review.agenda_markdown import agenda_markdown
from journal.review.models import SessionFrequency, add_months
from tests.factories import make_supervision, make_user

TODAY = datetime.date(2027, 2, 16)


def record(client, session, *, actions=(), done=(), **fields):
    data = {
        "held_on": "2027-02-16",
        "attended": "Sue Supervisor (supervisor), Olu Owner",
        "discussed": "The home visit entry; statement 3.4.",
        "frequency": "monthly",
        "act-TOTAL_FORMS": "3",
        "act-INITIAL_FORMS": "0",
        "done": [a.pk for a in done],
    }
    for n, (text, owner, due) in enumerate(actions):
        data |= {f"act-{n}-text": text, f"act-{n}-owner": owner, f"act-{n}-due_on": due}
    for n in range(len(actions), 3):
        data[f"act-{n}-owner"] = "worker"
    data |= fields
    return client.post(reverse("journal:session_edit", args=[session.pk]), data)


def start(client, link) -> SupervisionSession:
    response = client.post(reverse("journal:session_start", args=[link.pk]))
    session = SupervisionSession.objects.get(supervision=link, status="draft")
    assert response["Location"] == reverse("journal:session_edit", args=[session.pk])
    return session


def test_a_session_is_prepared_recorded_confirmed_and_its_actions_carried(
    supervisor_client, owner_client, owner, supervisor, link
):
    draft = start(supervisor_client, link)
    assert "# Supervision agenda for Olu Owner" in draft.agenda  # the agenda, kept as it was
    assert draft.attended == "Sue Supervisor (supervisor), Olu Owner"
    # A draft is the supervisor's preparation: the worker does not see it yet.
    assert owner_client.get(reverse("journal:session_detail", args=[draft.pk])).status_code == 404
    assert start(supervisor_client, link) == draft  # one draft per pair

    response = record(
        supervisor_client,
        draft,
        actions=[("Read the local safeguarding procedure", "worker", "2027-03-01")],
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get(pk=draft.pk)
    assert session.status == "recorded"
    assert Notification.objects.get(recipient=owner).message == (
        "Sue Supervisor recorded your supervision session: read it and confirm it"
    )
    page = owner_client.get(reverse("journal:session_detail", args=[session.pk])).content.decode()
    assert "Read the local safeguarding procedure (Olu Owner, by 1 March 2027)" in page
    assert "Next session due" in page and "16 March 2027" in page

    response = owner_client.post(
        reverse("journal:session_confirm", args=[session.pk]),
        {"action": "confirm", "note": "Agreed; I will also ask my manager."},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.worker_note) == (
        "confirmed",
        "Agreed; I will also ask my manager.",
    )
    assert Notification.objects.filter(recipient=supervisor).last().message == (
        "Olu Owner confirmed the record of your supervision session"
    )
    assert list(
        AuditEvent.objects.filter(entry__isnull=True).values_list("action", "actor__username")
    ) == [("session_confirmed", "owner"), ("session_recorded", "supervisor")]
    assert AuditEvent.objects.filter(action="session_recorded").get().detail == (
        "Supervision of Olu Owner by Sue Supervisor on 16 February 2027"
    )

    # The next agenda carries the open action; the next record ticks it off.
    agenda = agenda_for(owner=owner, supervisor=supervisor)
    assert [a.text for a in agenda.open_actions] == ["Read the local safeguarding procedure"]
    assert agenda.last_session == session
    assert (
        "- [ ] Read the local safeguarding procedure (Olu Owner, by 1 March 2027)"
        in agenda_markdown(agenda)
    )
    with time_machine.travel(datetime.datetime(2027, 3, 16, 10, 0), tick=False):
        supervisor_client.force_login(supervisor)  # a month on: signed in again
        following = start(supervisor_client, link)
        assert "Read the local safeguarding procedure" in following.agenda
        edit = supervisor_client.get(reverse("journal:session_edit", args=[following.pk]))
        assert b"Actions from earlier sessions" in edit.content
        action = SessionAction.objects.get()
        record(supervisor_client, following, held_on="2027-03-16", done=[action])
    action.refresh_from_db()
    assert action.done_in == following
    assert agenda_for(owner=owner, supervisor=supervisor).open_actions == []


def test_a_confirmed_record_no_longer_changes(supervisor_client, owner, supervisor, link):
    session = start(supervisor_client, link)
    record(supervisor_client, session)
    session_services.session_answer(session=session, worker=owner, note="", confirm=True)

    response = supervisor_client.get(reverse("journal:session_edit", args=[session.pk]))
    assert response["Location"] == reverse("journal:session_detail", args=[session.pk])
    with pytest.raises(ReviewError):
        session_services.session_record(
            session=session,
            supervisor=supervisor,
            held_on=TODAY,
            attended="x",
            discussed="changed",
            frequency="monthly",
            actions=[],
        )
    with pytest.raises(ReviewError):
        session_services.session_answer(session=session, worker=owner, note="", confirm=True)


def test_a_note_without_confirming_needs_words_and_leaves_it_open(
    supervisor_client, owner_client, link
):
    session = start(supervisor_client, link)
    record(supervisor_client, session)
    url = reverse("journal:session_confirm", args=[session.pk])

    refused = owner_client.post(url, {"action": "note", "note": "  "})
    assert refused.status_code == 200
    assert "Write your note, or confirm the record as it stands." in refused.content.decode()

    owner_client.post(url, {"action": "note", "note": "We agreed on two actions, not one."})
    session.refresh_from_db()
    assert session.status == "recorded"
    assert session.worker_note == "We agreed on two actions, not one."
    assert AuditEvent.objects.filter(action="session_noted").exists()


@pytest.mark.today("2027-02-16")  # its dates are that year's
def test_a_session_cannot_be_recorded_for_a_future_day(supervisor_client, link):
    session = start(supervisor_client, link)
    response = record(supervisor_client, session, held_on="2027-02-17")
    assert "Record a session once it has taken place" in response.content.decode()
    session.refresh_from_db()
    assert session.is_draft


def test_sessions_are_private_to_the_pair(supervisor_client, owner, supervisor, link):
    session = start(supervisor_client, link)
    record(supervisor_client, session)
    detail = reverse("journal:session_detail", args=[session.pk])
    another_supervisor = make_user("other-supervisor", role="supervisor")
    make_supervision(owner, another_supervisor)  # supervises the same worker, another pair
    outsiders = [make_user("stranger-two"), another_supervisor]
    for person in outsiders:
        client = Client()
        client.force_login(person)
        assert client.get(detail).status_code == 404
        assert client.get(reverse("journal:session_list", args=[link.pk])).status_code == 404
        assert client.post(reverse("journal:session_confirm", args=[session.pk])).status_code == 404
    # The supervisor writes and the worker answers, never the other way round.
    with pytest.raises(PermissionDenied):
        session_services.session_answer(session=session, worker=supervisor, note="x", confirm=True)


def test_ending_supervision_keeps_the_record_for_the_worker_only(
    supervisor_client, owner_client, owner, link
):
    session = start(supervisor_client, link)
    record(supervisor_client, session)
    supervision_services.supervision_revoke(supervision=link, user=owner)

    detail = reverse("journal:session_detail", args=[session.pk])
    assert supervisor_client.get(detail).status_code == 404
    assert owner_client.get(detail).status_code == 200
    page = owner_client.get(reverse("journal:session_list", args=[link.pk])).content.decode()
    assert "This supervision has ended." in page
    assert (
        "16 February 2027</a> with Sue Supervisor"
        in owner_client.get(reverse("journal:supervision")).content.decode()
    )


def test_the_record_outlives_the_supervisors_account(
    supervisor_client, owner_client, supervisor, link
):
    session = start(supervisor_client, link)
    record(supervisor_client, session)
    account.account_delete(user=supervisor)

    page = owner_client.get(reverse("journal:session_detail", args=[session.pk])).content.decode()
    assert "supervised by Sue Supervisor (account deleted)" in page
    # No link leads there any more: the supervision page lists it.
    page = owner_client.get(reverse("journal:supervision")).content.decode()
    assert "Sessions with former supervisors" in page
    assert "16 February 2027</a> with Sue Supervisor (account deleted)" in page


def test_sessions_are_in_the_workers_data_export(supervisor_client, owner, supervisor, link):
    draft = start(supervisor_client, link)
    record(supervisor_client, draft, actions=[("Book the ASYE review", "both", "")])
    start(supervisor_client, link)  # the next draft: not part of the record yet

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(account.account_data_zip(user=owner))).read("data.json")
    )
    (session,) = data["supervision_sessions"]
    assert session["supervisor"] == "Sue Supervisor"
    assert session["discussed"] == "The home visit entry; statement 3.4."
    assert session["actions"] == [
        {
            "text": "Book the ASYE review",
            "owner": "both",
            "due_on": None,
            "done": False,
            "done_in": None,
        }
    ]
    supervisors_data = json.loads(
        zipfile.ZipFile(io.BytesIO(account.account_data_zip(user=supervisor))).read("data.json")
    )
    assert supervisors_data["supervision_sessions"] == []


def test_the_next_session_is_due_one_agreed_interval_after_the_last(supervisor_client, link):
    assert link.next_session_due(None) is None
    assert link.next_session_due(TODAY) == datetime.date(2027, 3, 16)
    assert SessionFrequency("fortnightly").after(TODAY) == datetime.date(2027, 3, 2)
    assert SessionFrequency("quarterly").after(datetime.date(2026, 11, 30)) == datetime.date(
        2027, 2, 28
    )
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)

    session = start(supervisor_client, link)
    record(supervisor_client, session, frequency="six_weekly")
    link.refresh_from_db()
    assert link.session_frequency == "six_weekly"
    page = supervisor_client.get(reverse("journal:session_list", args=[link.pk])).content.decode()
    assert "Next due <strong>30 March 2027</strong> (every six weeks)" in page


def test_the_sessions_page_offers_the_supervisor_to_record_a_session(
    supervisor_client, owner_client, link
):
    url = reverse("journal:session_list", args=[link.pk])
    page = supervisor_client.get(url).content.decode()
    assert "No session recorded yet" in page
    record_form = f'action="{reverse("journal:session_start", args=[link.pk])}"'
    assert record_form in page and ">Record a session</button>" in page
    assert "Record a session" not in owner_client.get(url).content.decode()
    # With a draft begun, the page leads back to it instead.
    draft = start(supervisor_client, link)
    page = supervisor_client.get(url).content.decode()
    assert reverse("journal:session_edit", args=[draft.pk]) in page
    assert "Record a session" not in page


def test_the_agendas_action_lines_are_for_print_and_the_screen_says_where_actions_go(
    supervisor_client, owner_client, link
):
    page = supervisor_client.get(
        reverse("journal:supervisee_agenda", args=[link.pk])
    ).content.decode()
    actions = page[page.index('id="actions-heading"') :]
    assert '<ol class="d-none d-print-block"><li></li>' in actions
    assert "You write the actions you agree in the record of this session." in actions
    start_url = reverse("journal:session_start", args=[link.pk])
    assert f'action="{start_url}"' in actions and ">Write the agreed actions</button>" in actions
    # The worker's own agenda says where actions end up, and offers no button.
    page = owner_client.get(reverse("journal:agenda")).content.decode()
    actions = page[page.index('id="actions-heading"') :]
    assert '<ol class="d-none d-print-block">' in actions
    assert "the actions you agree are in that record and on your dashboard" in actions
    assert "<form" not in actions[: actions.index("</section>")]
