"""Supervision sessions in the year's PDF: only when the worker asks, and then dates, who
attended and actions; never what was discussed, the supervisor's preparation or a draft."""

import datetime

import pytest

from journal.exports import build
from journal.exports.forms import ExportForm
from journal.models import SessionAction, SupervisionSession
from tests.factories import make_entry, make_session, make_supervision, make_user, pdf_text


@pytest.fixture
def sessions(owner, supervisor):
    link = make_supervision(owner, supervisor)
    make_entry(
        owner, title="A home visit", status="complete", activity_date=datetime.date(2027, 1, 5)
    )

    def session(held_on, status, **fields):
        return make_session(
            link,
            held_on,
            status=status,
            attended="Sue Supervisor (supervisor), Olu Owner",
            **fields,
        )

    confirmed = session(
        datetime.date(2027, 1, 10),
        SupervisionSession.Status.CONFIRMED,
        discussed="The Smith family's case in detail",
        agenda="Prepared privately",
    )
    SessionAction.objects.create(
        session=confirmed, text="Read the lone working policy", due_on=datetime.date(2027, 2, 1)
    )
    session(datetime.date(2027, 2, 10), SupervisionSession.Status.RECORDED)
    session(datetime.date(2027, 2, 14), SupervisionSession.Status.DRAFT, agenda="Draft agenda")
    session(datetime.date(2026, 10, 1), SupervisionSession.Status.CONFIRMED)  # the year before
    return link


def test_the_option_is_off_unless_the_worker_ticks_it(owner, sessions):
    assert ExportForm().fields["sessions"].initial is None
    form = ExportForm({"year": "2027", "format": "pdf"})
    assert form.is_valid() and form.params()["sessions"] is False
    text = pdf_text(build.export_for_params(owner=owner, fmt="pdf", params=form.params()).content)
    assert "A home visit" in text and "Supervision sessions" not in text


def test_chosen_sessions_show_dates_attendees_and_actions_only(owner, sessions):
    form = ExportForm({"year": "2027", "format": "pdf", "sessions": "on"})
    assert form.is_valid()
    text = pdf_text(build.export_for_params(owner=owner, fmt="pdf", params=form.params()).content)
    part = " ".join(text[text.rindex("Supervision sessions") :].split())
    assert "10 January 2027, with Sue Supervisor" in part and "10 February 2027" in part
    assert "Who attended: Sue Supervisor (supervisor), Olu Owner" in part
    assert "Record confirmed by Olu Owner" in part and "Record not yet confirmed" in part
    assert "Read the lone working policy (Olu Owner, by 1 February 2027)" in part
    assert "Smith family" not in text and "Prepared privately" not in text
    assert "14 February 2027" not in part and "Draft agenda" not in text  # a draft
    assert "1 October 2026" not in part  # another registration year


def test_the_option_leaves_the_markdown_alone(owner, sessions):
    params = {"year": 2027, "sessions": True}
    assert build.export_for_params(owner=owner, fmt="md", params=params).count == 1


def test_another_persons_sessions_never_come_with_mine(owner, sessions, supervisor):
    other = make_user("other-worker", display_name="Other Worker")
    link = make_supervision(other, supervisor)
    make_session(link, datetime.date(2027, 1, 20), attended="Other Worker and Sue")
    params = {"year": 2027, "sessions": True}
    text = pdf_text(build.export_for_params(owner=owner, fmt="pdf", params=params).content)
    assert "Other Worker" not in text and "20 January 2027" not in text
