"""The feedback loop people can follow: badges, counts, comments in the editor, send back,
the diff since the last review, the supervisor's dashboard queue, and the team view."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corpus.models import Statement
from journal.models import Entry, Notification, Share
from journal.review import comments as comment_services
from journal.review import selectors as review_selectors
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from journal.review import team as team_selectors
from journal.year.registration import RegistrationYear
from tests.factories import make_entry, make_framework, make_supervision, make_user, save_entry


@pytest.fixture
def link(owner, supervisor):
    return make_supervision(owner, supervisor)


@pytest.fixture
def supervisor_client(supervisor):
    other = Client()
    other.force_login(supervisor)
    return other


@pytest.fixture
def submitted(owner, link, standards):
    entry = save_entry(
        owner,
        title="Home visit reflection",
        status=Entry.Status.COMPLETE,
        activity_type="reading",
        activity_date=datetime.date.today(),
        description="A visit.",
        learning="Listen first.",
        impact="I ask before I advise.",
        standards=[standards.standards.get(number="1").pk],
    )
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    return entry


def request_changes(entry, supervisor, field="learning", body="Say what you will do next."):
    return comment_services.comment_add(
        entry=entry, author=supervisor, body=body, field=field, requests_changes=True
    )


def test_changes_requested_shows_as_a_badge_on_the_list_and_the_dashboard(
    owner_client, submitted, supervisor
):
    request_changes(submitted, supervisor)
    for name in ("journal:entry_list", "journal:dashboard"):
        page = owner_client.get(reverse(name)).content.decode()
        assert "review-state-changes_requested" in page, name
    dashboard = owner_client.get(reverse("journal:dashboard")).content.decode()
    readiness = dashboard[dashboard.index(f'id="readiness-{submitted.pk}"') :]
    assert "Hint: Your supervisor asked for changes: read their comments" in readiness
    copy_page = reverse("journal:year_copy", args=[RegistrationYear.current().end.year])
    year = owner_client.get(copy_page)
    assert "Your supervisor asked for changes" in year.content.decode()
    dashboard = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="dashboard-feedback"' in dashboard
    assert reverse("journal:entry_edit", args=[submitted.pk]) in dashboard


def test_a_ready_entry_sent_back_says_to_read_the_comments_before_copying(
    owner_client, submitted, supervisor
):
    url = reverse("journal:entry_detail", args=[submitted.pk])
    warning = "Your supervisor asked for changes: read their comments"
    assert warning not in owner_client.get(url).content.decode()
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    assert warning in page
    assert "Say what you will do next." in page  # the comment itself, on the same page


def test_signed_off_shows_as_a_badge(owner_client, submitted, supervisor):
    sign_off_services.entry_sign_off(
        entry=submitted,
        supervisor=supervisor,
        note="",
        expected_fingerprint=submitted.content_fingerprint(),
    )
    page = owner_client.get(reverse("journal:entry_list")).content.decode()
    assert "review-state-signed_off" in page


def test_a_private_entry_has_no_review_badge(owner, owner_client):
    make_entry(owner, title="Private one")
    page = owner_client.get(reverse("journal:entry_list")).content.decode()
    assert "Private one" in page and "review-state-" not in page


def test_the_navigation_counts_unread_notifications_and_links_supervision(owner, owner_client):
    Notification.objects.create(recipient=owner, message="One", url="/")
    Notification.objects.create(recipient=owner, message="Two", url="/")
    Notification.objects.create(recipient=owner, message="Read", url="/", read_at=timezone.now())
    page = owner_client.get(reverse("journal:entry_list")).content.decode()
    nav = page[page.index('aria-label="Main"') : page.index("</nav>")]
    assert 'data-unread="2"' in nav
    assert reverse("journal:supervision") in nav and reverse("journal:notifications") in nav
    assert reverse("journal:team") not in nav  # supervises no one


def test_a_supervisor_sees_review_and_team_in_the_navigation(link, supervisor_client):
    page = supervisor_client.get(reverse("journal:dashboard")).content.decode()
    nav = page[page.index('aria-label="Main"') : page.index("</nav>")]
    assert reverse("journal:review_queue") in nav
    queue = supervisor_client.get(reverse("journal:review_queue")).content.decode()
    assert reverse("journal:team") in queue


def test_the_editor_shows_open_comments_beside_their_field(owner_client, submitted, supervisor):
    request_changes(submitted, supervisor, field="learning", body="Name one next step.")
    comment_services.comment_add(
        entry=submitted, author=supervisor, body="Which statement?", field="standards"
    )
    page = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    learning = page.index('name="learning"')
    comment = page.index("Name one next step.")
    impact = page.index('name="impact"')
    assert learning < comment < impact, "the comment sits right after the field it is about"
    assert page.index('name="statements"') < page.index("Which statement?")
    assert "Reply to Sue Supervisor" in page
    assert page.count('class="editor-comments') == 2
    assert 'aria-label="Open comments on what you learnt"' in page
    assert 'aria-label="Open comments on the standards"' in page
    # The one-click button waits until the edits are saved (on the entry page), so it can
    # never submit the old text while new text sits unsaved in the form.
    assert 'id="changes-requested"' in page and 'value="submit"' not in page


def test_submitting_again_closes_the_open_comments(
    owner, owner_client, submitted, supervisor, link
):
    request_changes(submitted, supervisor, body="Name one next step.")
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    page = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    assert "Name one next step." not in page
    assert 'id="changes-requested"' not in page


def test_after_saving_a_change_request_one_click_sends_it_back(
    owner, owner_client, submitted, supervisor, link
):
    request_changes(submitted, supervisor)
    save_entry(owner, entry=submitted, learning="Listen first, then agree a next step.")
    detail = owner_client.get(submitted.get_absolute_url()).content.decode()
    assert "Send back for review" in detail
    response = owner_client.post(
        reverse("journal:entry_share", args=[submitted.pk]),
        {"supervision": link.pk, "action": "submit"},
    )
    assert response.status_code == 302
    assert submitted.review_state().needs_review
    assert list(
        Notification.objects.filter(recipient=supervisor)
        .order_by("pk")
        .values_list("message", flat=True)
    ) == [
        "Olu Owner submitted an entry for your review",
        "Olu Owner sent back an entry with the changes you asked for",
    ]


def test_the_supervisor_sees_a_field_by_field_diff_since_asking_for_changes(
    owner, submitted, supervisor, supervisor_client, link
):
    request_changes(submitted, supervisor)
    save_entry(
        owner,
        entry=submitted,
        learning="Listen first, then agree a next step.",
        notes="private thought",
    )
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    share = Share.objects.get(entry=submitted)
    diff = review_selectors.changes_since_review(
        share=share, entry=submitted, supervisor=supervisor
    )
    assert diff.reason == "asked for changes"
    assert [c.label for c in diff.changes] == ["What I learnt"], "private notes never appear"
    change = diff.changes[0]
    assert change.before == "Listen first." and change.after.startswith("Listen first, then")
    assert ("added", "then") in change.pieces or any(k == "added" for k, _ in change.pieces)

    page = supervisor_client.get(reverse("journal:review_entry", args=[submitted.pk]))
    html = page.content.decode()
    assert "What changed since you asked for changes" in html
    assert "<ins>" in html and "[added: " in html
    assert "private thought" not in html


def test_the_diff_names_a_changed_statement_as_such(owner, submitted, supervisor, standards):
    request_changes(submitted, supervisor)
    submitted.statements.add(Statement.objects.get(number="4.6", standard__framework=standards))
    share = Share.objects.get(entry=submitted)
    diff = review_selectors.changes_since_review(
        share=share, entry=submitted, supervisor=supervisor
    )
    assert [c.label for c in diff.changes] == ["Numbered statements"]


def test_the_diff_after_a_sign_off_compares_with_the_signed_version(
    owner, submitted, supervisor, link
):
    sign_off_services.entry_sign_off(
        entry=submitted,
        supervisor=supervisor,
        note="",
        expected_fingerprint=submitted.content_fingerprint(),
    )
    save_entry(owner, entry=submitted, title="Home visit, revisited")
    share = Share.objects.get(entry=submitted)
    diff = review_selectors.changes_since_review(
        share=share, entry=submitted, supervisor=supervisor
    )
    assert diff.reason == "signed off"
    assert [c.label for c in diff.changes] == ["Title"]


def test_a_first_submission_has_no_diff(submitted, supervisor):
    share = Share.objects.get(entry=submitted)
    assert (
        review_selectors.changes_since_review(share=share, entry=submitted, supervisor=supervisor)
        is None
    )


def test_the_supervisors_dashboard_puts_waiting_reviews_first(submitted, supervisor_client):
    page = supervisor_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="dashboard-queue"' in page
    assert page.index('id="dashboard-queue"') < page.index('id="checklist-heading"')
    assert "Home visit reflection" in page


def test_an_email_invitation_notifies_the_new_account_at_once(owner, client):
    supervision_services.supervision_invite(supervisee=owner, identifier="new.sup@example.org")
    newcomer = make_user("newsup", email="new.sup@example.org", display_name="New Sup")
    assert (
        supervision_services.supervision_claim_invitations(user=newcomer, email=newcomer.email) == 1
    )
    note = Notification.objects.get(recipient=newcomer)
    assert "invited you to be their supervisor" in note.message
    assert (
        supervision_services.supervision_claim_invitations(user=newcomer, email=newcomer.email) == 0
    )
    assert Notification.objects.filter(recipient=newcomer).count() == 1
    client.force_login(newcomer)
    page = client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="invitations-waiting"' in page and 'data-unread="1"' in page


def test_a_supervisors_page_does_not_say_they_have_no_supervisor(link, supervisor_client):
    page = supervisor_client.get(reverse("journal:supervision")).content.decode()
    assert "People you supervise" in page
    assert "You have no supervisor" not in page


def test_times_read_just_now(owner, owner_client):
    Notification.objects.create(recipient=owner, message="Fresh", url="/")
    page = owner_client.get(reverse("journal:notifications")).content.decode()
    assert "just now" in page and "0 minutes" not in page


def test_the_supervisors_reply_button_names_the_supervisee(
    submitted, supervisor, supervisor_client
):
    comment_services.comment_add(entry=submitted, author=supervisor, body="Good start")
    page = supervisor_client.get(
        reverse("journal:review_entry", args=[submitted.pk])
    ).content.decode()
    assert 'Reply<span class="visually-hidden"> to Olu Owner</span>' in page
    assert "to Sue Supervisor</span>" not in page


def test_the_share_page_explains_sharing_and_submitting(owner_client, submitted):
    page = owner_client.get(reverse("journal:entry_share", args=[submitted.pk])).content.decode()
    assert "nothing waits for them to act" in page
    assert "review queue" in page


# The team view ------------------------------------------------------------------------------


def _team_for(supervisor, count):
    year = RegistrationYear.current()
    for n in range(count):
        person = make_user(f"team{count}-{n}", display_name=f"Person {n}")
        make_supervision(person, supervisor)
        entry = make_entry(
            person,
            title=f"Secret title {n}",
            status=Entry.Status.COMPLETE,
            activity_date=year.start,
            peer_name="Pat",
            peer_learning="Secret peer",
        )
        entry.standards.set([])
    return year


def test_the_team_shows_accepted_supervisees_only_and_no_unshared_content(
    owner, supervisor, supervisor_client, submitted, standards
):
    invited = make_user("invited-only", display_name="Ivy Invited")
    make_supervision(invited, supervisor, status="invited")
    ended = make_user("ended", display_name="Ed Ended")
    make_supervision(ended, supervisor, status="revoked")
    unshared = make_entry(
        owner,
        title="Unshared secret",
        status=Entry.Status.COMPLETE,
        activity_date=datetime.date.today(),
        learning="Very private words",
    )
    unshared.standards.set([standards.standards.get(number="2")])

    page = supervisor_client.get(reverse("journal:team")).content.decode()
    assert "Olu Owner" in page
    assert "Ivy Invited" not in page and "Ed Ended" not in page
    assert "Unshared secret" not in page and "Very private words" not in page
    assert "Home visit reflection" in page  # submitted to this supervisor
    member = team_selectors.team(supervisor=supervisor, year=RegistrationYear.current())[0]
    assert member.status.complete_count == 2 and member.status.pieces_met
    assert not member.status.peer_reflection_met
    assert len(member.waiting) == 1
    row = page[page.index('<th scope="row">Olu Owner') :]
    assert re.search(r'data-label="Complete pieces"><a [^>]+>2<span[^>]*> complete pieces', row)
    assert 'class="badge text-bg-success">Met' in row
    assert re.search(r'data-label="Copied to Social Work England"><a [^>]+>0 of 2<span', row)
    assert re.search(r'data-label="Shared with you"><a [^>]+>1 entry<span', row)


def test_the_team_does_not_show_entries_shared_with_another_supervisor(owner, submitted, stranger):
    other_supervisor = make_user("other-sup", role="supervisor")
    make_supervision(owner, other_supervisor)
    client = Client()
    client.force_login(other_supervisor)
    page = client.get(reverse("journal:team")).content.decode()
    assert "Olu Owner" in page and "Home visit reflection" not in page


def _team_queries(supervisor):
    client = Client()
    client.force_login(supervisor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("journal:team")).status_code == 200
    return len(queries)


def test_the_team_costs_the_same_queries_for_1_or_10_supervisees(db):
    one, ten = make_user("sup-one", role="supervisor"), make_user("sup-ten", role="supervisor")
    _team_for(one, 1)
    _team_for(ten, 10)
    assert _team_queries(one) == _team_queries(ten)


def test_team_readiness_counts_peer_reflections_without_loading_text(
    supervisor, django_assert_num_queries
):
    year = _team_for(supervisor, 3)
    team_selectors.team(supervisor=supervisor, year=year)  # warm any content type caches
    with django_assert_num_queries(3) as queries:  # links, entries, shares
        members = team_selectors.team(supervisor=supervisor, year=year)
    entries_sql = next(q["sql"] for q in queries.captured_queries if "activity_date" in q["sql"])
    select_list = entries_sql.split(" FROM ")[0]
    # Only the completeness test touches the text (in SQL); no column of text is loaded.
    assert '"notes"' not in select_list and '"peer_role"' not in select_list
    assert [m.status.peer_reflection_count for m in members] == [0, 0, 0]  # no standards
    assert all(m.status.draft_count == 1 for m in members)


def test_a_supervisor_comments_on_one_cited_passage(
    owner, owner_client, submitted, supervisor, supervisor_client
):
    from journal.models import Citation

    first = Citation.objects.create(
        entry=submitted,
        source_slug="s",
        anchor="a",
        quote="Listening is a skill.",
        source_title="A podcast",
    )
    Citation.objects.create(
        entry=submitted,
        source_slug="s",
        anchor="b",
        quote="Second quote here.",
        source_title="A podcast",
    )
    page = supervisor_client.get(reverse("journal:review_entry", args=[submitted.pk]))
    html = page.content.decode()
    assert f'value="citation-{first.pk}"' in html and "Quotation 1: “Listening is a skill.”" in html
    assert 'value="standards"' in html

    response = supervisor_client.post(
        reverse("journal:review_comment", args=[submitted.pk]),
        {"field": f"citation-{first.pk}", "body": "Why this passage?", "action": "request_changes"},
    )
    assert response.status_code == 302
    html = supervisor_client.get(
        reverse("journal:review_entry", args=[submitted.pk])
    ).content.decode()
    figure = html.index("Listening is a skill.</p></blockquote>")
    assert figure < html.index("Why this passage?") < html.index("Second quote here.</p>")

    editor = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    assert "Why this passage?" in editor


def test_a_comment_on_another_entrys_citation_is_refused(owner, submitted, supervisor):
    from journal.errors import ReviewError
    from journal.models import Citation

    elsewhere = make_entry(owner, title="Elsewhere")
    other = Citation.objects.create(
        entry=elsewhere, source_slug="s", anchor="a", quote="q", source_title="S"
    )
    with pytest.raises(ReviewError):
        comment_services.comment_add(
            entry=submitted, author=supervisor, body="Hm", field=f"citation-{other.pk}"
        )


def test_the_team_counts_pieces_ticked_as_copied(supervisor, client):
    year = _team_for(supervisor, 1)
    member = team_selectors.team(supervisor=supervisor, year=year)[0]
    assert member.copied == 0
    entry = member.supervisee.entries.get()
    entry.standards.set([make_framework().standards.first()])
    entry.copied_on = datetime.date.today()
    entry.save()
    assert team_selectors.team(supervisor=supervisor, year=year)[0].copied == 1
    client.force_login(supervisor)
    assert "Copied to Social Work England" in client.get(reverse("journal:team")).content.decode()


def test_the_share_page_calls_it_feedback_only_once_there_is_some(
    owner_client, submitted, supervisor
):
    url = reverse("journal:entry_share", args=[submitted.pk])
    page = owner_client.get(url).content.decode()
    assert "Feedback on your entry" not in page and "No comments yet." in page
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    assert "Feedback on your entry" in page and "No comments yet." not in page


def test_a_change_request_counts_until_it_is_answered(
    owner, owner_client, submitted, supervisor, link
):
    def flagged():
        return Entry.objects.with_review_flags("changes_requested").get(pk=submitted.pk)

    def hinted():
        page = owner_client.get(reverse("journal:dashboard")).content.decode()
        return "Your supervisor asked for changes" in page

    assert not flagged().changes_requested and not hinted()
    request_changes(submitted, supervisor)
    assert flagged().changes_requested and hinted()
    assert submitted.review_state().changes_requested
    # Submitted again: waiting for the supervisor, not for changes.
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    assert not flagged().changes_requested and not hinted()
    request_changes(submitted, supervisor, body="One more thing.")
    assert flagged().changes_requested and hinted()
    # Signed off after all: answered.
    sign_off_services.entry_sign_off(entry=submitted, supervisor=supervisor)
    assert not flagged().changes_requested and not hinted()
    assert submitted.review_state().is_signed_off


def test_after_a_change_request_the_share_page_leads_to_the_editor_not_to_resubmitting(
    owner, owner_client, submitted, supervisor
):
    url = reverse("journal:entry_share", args=[submitted.pk])
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    alert = page[page.index('id="changes-requested"') :]
    assert alert.index("Sue Supervisor asked for changes.") < alert.index("Edit the entry")
    assert reverse("journal:entry_edit", args=[submitted.pk]) in alert
    # Nothing changed yet: sending it back is offered, but asks first and is not the next step.
    assert "Send back unchanged" in page and "data-confirm=" in page
    assert "Send back for review<" not in page
    save_entry(owner, entry=submitted, learning="Listen first, then agree a next step.")
    page = owner_client.get(url).content.decode()
    assert "Send back for review<" in page and "Send back unchanged" not in page


def test_save_and_send_back_is_one_step_from_the_editor(owner, owner_client, submitted, supervisor):
    request_changes(submitted, supervisor)
    edit = reverse("journal:entry_edit", args=[submitted.pk])
    page = owner_client.get(edit).content.decode()
    assert 'value="send_back"' in page and "Save without sending back" in page
    data = {
        "activity_type": submitted.activity_type,
        "title": submitted.title,
        "activity_date": submitted.activity_date.isoformat(),
        "description": submitted.description,
        "learning": "Listen first, then agree a next step with the family.",
        "impact": submitted.impact,
        "standards": [s.pk for s in submitted.standards.all()],
        "revision": submitted.revision,
        "citations_listed": "on",
        "intent": "send_back",
    }
    response = owner_client.post(edit, data, follow=True)
    assert "Entry saved and sent back to Sue Supervisor for review." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.learning.startswith("Listen first, then agree")
    assert submitted.status == Entry.Status.COMPLETE
    assert submitted.review_state().needs_review
    # Its own words, once, to the supervisor who asked: not a second "submitted".
    told = Notification.objects.filter(entry=submitted).exclude(recipient=owner).order_by("pk")
    assert [(n.recipient, n.message) for n in told] == [
        (supervisor, "Olu Owner submitted an entry for your review"),
        (supervisor, "Olu Owner sent back an entry with the changes you asked for"),
    ]
    # Nothing waits now: the editor offers a plain Save again.
    assert 'value="send_back"' not in owner_client.get(edit).content.decode()


def test_a_change_request_ends_with_the_supervision(owner, submitted, supervisor, link):
    request_changes(submitted, supervisor)
    flagged = Entry.objects.with_review_flags("changes_requested")
    assert flagged.get(pk=submitted.pk).changes_requested
    supervision_services.supervision_revoke(supervision=link, user=owner)
    assert not flagged.get(pk=submitted.pk).changes_requested
