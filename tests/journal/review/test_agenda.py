"""The supervisor's agenda prepares the meeting: who meets, what moved since the last session,
open threads, the year in the supervisor's terms, and a file name per person."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from corpus.models import Standard
from journal.models import Entry, SupervisionSession
from journal.review import agenda as agenda_module
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.agenda_markdown import agenda_markdown
from tests.factories import make_supervision, make_user, save_entry


def at(day: int, month: int = 1):
    """A moment of early 2027, London time (the tests' day is 16 February)."""
    return time_machine.travel(datetime.datetime(2027, month, day, 11, 0), tick=False)


def make_shared_entry(owner, link, title):
    entry = save_entry(
        owner,
        title=title,
        description="A visit.",
        learning="Something learnt.",
        impact="Something changed.",
        activity_date=datetime.date(2027, 1, 5),
        status=Entry.Status.MARKED_COMPLETE,
        standards=list(Standard.objects.filter(number="3")),
    )
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    return entry


@pytest.fixture
def pair(standards, owner, supervisor):
    owner.registration_number = "SW123456"
    owner.save()
    return make_supervision(owner, supervisor)


def test_the_supervisors_agenda_says_what_moved_since_the_last_session(owner, supervisor, pair):
    with at(10):
        changed = make_shared_entry(owner, pair, "Changed after the session")
        signed = make_shared_entry(owner, pair, "Signed off after the session")
        make_shared_entry(owner, pair, "Discussed last time")
    SupervisionSession.objects.create(
        supervisee=owner,
        supervision=pair,
        supervisor=supervisor,
        held_on=datetime.date(2027, 1, 16),
        attended="Both",
        status=SupervisionSession.Status.CONFIRMED,
    )
    with at(20):
        new = make_shared_entry(owner, pair, "Shared after the session")
        save_entry(owner, entry=changed, learning="Something learnt, and more.")
    with at(21):
        comment = comment_services.comment_add(
            entry=new, author=supervisor, body="Say what you would do next time.", field="impact"
        )
    with at(22):
        comment_services.comment_add(entry=new, author=owner, body="I will ask.", parent=comment)
    with at(25):
        sign_off_services.entry_sign_off(entry=signed, supervisor=supervisor)

    agenda = agenda_module.agenda_for(owner=owner, supervisor=supervisor)

    since = agenda.since_last
    assert since.heading == "Since the last session (16 January 2027)"
    assert [e.title for e in since.shared] == ["Shared after the session"]
    assert [e.title for e in since.changed] == ["Changed after the session"]
    assert [e.title for e in since.signed_off] == ["Signed off after the session"]
    (thread,) = agenda.threads
    assert (thread.entry, thread.standing) == (new, "1 reply, the last from Olu Owner")
    assert agenda.people_lines == [
        "Supervisor: Sue Supervisor (registration number not given)",
        "Supervisee: Olu Owner (SW123456)",
        "Last session: 16 January 2027 (confirmed); next due 16 February 2027",
    ]

    text = agenda_markdown(agenda)
    assert "- Shared with you: Shared after the session" in text
    assert "## Waiting for your review" in text and "## Changes you asked for" in text
    assert "Say what you would do next time. (1 reply, the last from Olu Owner)" in text
    assert "sent 27 days ago" in text  # "Shared after the session", sent on 20 January
    assert "- Supervisee: Olu Owner (SW123456)" in text  # parentheses are not links
    assert "on impact on my practice and the people I work with: Say what" in text
    assert "your Social Work England account" not in text  # written to the supervisor
    assert text.index("## Actions from earlier sessions") < text.index("## Readiness")


def test_before_a_first_session_everything_shared_is_new(owner, supervisor, pair):
    make_shared_entry(owner, pair, "First entry")
    agenda = agenda_module.agenda_for(owner=owner, supervisor=supervisor)
    assert agenda.since_last.heading == "Since supervision began"
    assert [e.title for e in agenda.since_last.shared] == ["First entry"]
    assert "Last session: none recorded yet" in agenda.people_lines


def test_the_workers_own_agenda_keeps_its_voice(owner, pair):
    agenda = agenda_module.agenda_for(owner=owner)
    assert agenda.since_last is None and agenda.threads == []
    text = agenda_markdown(agenda)
    assert "## Waiting for review" in text and "Open comment threads" not in text


def test_each_supervisees_agenda_downloads_under_their_own_name(supervisor, pair):
    priya = make_user("priya", display_name="Priya Shah")
    other = make_supervision(priya, supervisor)
    client = Client()
    client.force_login(supervisor)
    names = [
        client.get(reverse("journal:supervisee_agenda_md", args=[link.pk]))["Content-Disposition"]
        for link in (pair, other)
    ]
    assert names == [
        'attachment; filename="supervision-agenda-olu-owner-2027-02-16.md"',
        'attachment; filename="supervision-agenda-priya-shah-2027-02-16.md"',
    ]
    page = client.get(reverse("journal:supervisee_agenda", args=[other.pk])).content.decode()
    assert "Supervisee: Priya Shah (registration number not given)" in page
    assert "Record this session" in page
    assert "Nothing was shared with you, changed or signed off by you." in page
