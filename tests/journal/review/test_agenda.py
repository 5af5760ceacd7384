"""The supervisor's agenda prepares the meeting: who meets, what moved since the last session,
open threads, the year in the supervisor's terms, and a file name per person."""

import datetime
import re

import markdown
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from corpus.models import Standard
from journal.review import agenda as agenda_module
from journal.review import agenda_markdown as agenda_markdown_module
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.agenda_markdown import agenda_markdown
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_marked_complete,
    make_session,
    make_supervision,
    make_user,
    request_changes,
    save_entry,
    save_submittable_entry,
)

# Written around the entries, sessions and sign-offs of the 2026–27 registration year.
pytestmark = pytest.mark.today("2027-02-16")


def at(day: int, month: int = 1):
    """A moment of early 2027, London time (the tests' day is 16 February)."""
    return time_machine.travel(datetime.datetime(2027, month, day, 11, 0), tick=False)


def make_shared_entry(owner, link, title):
    entry = save_submittable_entry(owner, title)
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
    make_session(pair, datetime.date(2027, 1, 16))
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


TODAY = datetime.date(2026, 6, 1)
YEAR = RegistrationYear.current(TODAY)


@pytest.fixture
def loop(owner, supervisor, statement):
    link = make_supervision(owner, supervisor)
    waiting = make_marked_complete(owner, TODAY, statements=[statement["1.1"]], title="Waiting one")
    changes = make_marked_complete(owner, TODAY, statements=[statement["2.1"]], title="Needs work")
    hidden = make_marked_complete(
        owner, TODAY, statements=[statement["3.1"]], title="Not shared with anyone"
    )
    for entry in (waiting, changes):
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    request_changes(changes, supervisor, field="impact", body="Add what you will do next.")
    return link, waiting, changes, hidden


def test_the_agenda_holds_waiting_changes_uncovered_readiness_and_actions(owner, loop):
    agenda = agenda_module.agenda_for(owner=owner, today=TODAY)
    assert [i.entry.title for i in agenda.waiting] == ["Waiting one"]
    assert [i.entry.title for i in agenda.changes_requested] == ["Needs work"]
    assert agenda.changes_requested[0].comments[0][1].body == "Add what you will do next."
    # Three complete pieces, but near-identical to each other: none is ready, as the
    # dashboard says too.
    assert sum(piece.complete for piece in agenda.readiness.pieces) == 3
    assert agenda.readiness_lines[0].startswith("Pieces ready to copy: 0 (2 needed)")
    assert agenda.days_left == (YEAR.end - TODAY).days
    # A handful to discuss, one from each standard with nothing yet, in the standards' order.
    numbers = [u.number for u in agenda.uncovered]
    assert len(numbers) == agenda_module.QUESTIONS_ASKED and "1.1" not in numbers
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])
    assert len({n.split(".")[0] for n in numbers}) == len(numbers)
    assert agenda.uncovered_more == agenda.uncovered_count - len(numbers) > 30
    prohibition = agenda_module.Uncovered("5.3", "Do not act dishonestly.")
    assert prohibition.question.startswith("What helps you hold to this")
    duty = agenda_module.Uncovered("3.3", "Apply my knowledge and skills to the needs.")
    assert duty.question == (
        "When has this come up in your practice, and what would you do differently?"
    )

    text = agenda_markdown_module.agenda_markdown(agenda)
    assert "## Waiting for review" in text and "**Waiting one**" in text
    assert "on impact on my practice and the people i work with (changes requested)" in text.lower()
    assert "## Agreed actions" in text and "- [ ] " in text
    assert f"{agenda.days_left} days to the deadline" in text
    # In the dashboard's terms, on the page and in the Markdown alike.
    assert agenda.readiness_lines[1] == "Ticked as copied to Social Work England: 0 of 2"
    assert "- Ticked as copied to Social Work England: 0 of 2" in text
    assert "Pieces ready to copy: 0" in text
    assert f"{agenda.uncovered_more} more statements with no complete entry this year." in text


def test_the_supervisors_agenda_shows_only_what_is_shared_with_them(owner, loop, supervisor):
    link, *_ = loop
    other = make_user("other-sup", role="supervisor")
    other_link = make_supervision(owner, other)
    secret = make_marked_complete(
        owner, TODAY, standards=[Standard.objects.first()], title="Shared with the other supervisor"
    )
    sharing_services.entry_share(entry=secret, supervision=other_link, user=owner, submit=True)
    client = Client()
    client.force_login(supervisor)
    text = client.get(reverse("journal:supervisee_agenda_md", args=[link.pk])).content.decode()
    assert "Waiting one" in text and "Needs work" in text
    assert "Shared with the other supervisor" not in text and "Not shared with anyone" not in text


def test_the_agenda_downloads_as_markdown_and_prints(owner_client, loop):
    response = owner_client.get(reverse("journal:agenda_md"))
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    page = owner_client.get(reverse("journal:agenda")).content.decode()
    assert "Copy as Markdown" in page and "js-print" in page and "Agreed actions" in page


def test_user_text_cannot_break_the_agenda_markdown(owner, supervisor, statement):
    link = make_supervision(owner, supervisor)
    entry = make_marked_complete(
        owner, TODAY, statements=[statement["1.1"]], title="# Heading [x](javascript:1)"
    )
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    text = agenda_markdown_module.agenda_markdown(
        agenda_module.agenda_for(owner=owner, today=TODAY)
    )
    assert "\n# Heading" not in text and "\\[x\\](javascript:1)" in text
    html = markdown.markdown(text)
    assert "<a " not in html and "[x](javascript:1)" in html  # shown as written, not a link


def test_the_agenda_leads_back_to_the_team_or_the_dashboard(owner, supervisor, pair):
    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("journal:supervisee_agenda", args=[pair.pk])).content.decode()
    assert f'<a href="{reverse("journal:team")}">Your team</a>' in page
    assert reverse("journal:session_list", args=[pair.pk]) in page
    client.force_login(owner)
    page = client.get(reverse("journal:agenda")).content.decode()
    assert f'<a href="{reverse("journal:dashboard")}">Dashboard</a>' in page


def test_the_agenda_leaves_out_what_did_not_move_and_never_says_none(supervisor, pair):
    make_shared_entry(pair.supervisee, pair, "Only shared")
    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("journal:supervisee_agenda", args=[pair.pk])).content.decode()
    text = client.get(reverse("journal:supervisee_agenda_md", args=[pair.pk])).content.decode()

    assert "<dt>Shared with you</dt>" in page and "<dt>Changed</dt>" not in page
    assert "- Shared with you: Only shared" in text and "- Changed:" not in text
    words = re.sub(r"<script.*?</script>|<[^>]+>", " ", page, flags=re.DOTALL)
    # "None of the changes ..." and "none recorded yet" are sentences; a bare "None" is not.
    for shown in (words, text):
        assert not re.search(r"\bnone\b(?! of| recorded)", shown, flags=re.IGNORECASE)
