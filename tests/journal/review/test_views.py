"""journal.review.views: the review page, the share page and the supervisor's pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Entry
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off
from tests.factories import (
    make_framework,
    make_share,
    make_supervision,
    save_entry,
)


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def reviewed(owner, supervisor, framework):
    """A complete entry with private notes, shared with and signed off by the supervisor."""
    entry = save_entry(
        owner,
        title="Signed entry",
        description="I read about **relationship-based** practice.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        notes="PRIVATE: this one was hard for me.",
        status=Entry.Status.COMPLETE,
        standards=[framework.standards.get(number="2")],
    )
    link = make_supervision(owner, supervisor)
    make_share(entry, link, submitted=True)
    sign_off.entry_sign_off(entry=entry, supervisor=supervisor, note="Clear and honest.")
    return entry


def test_the_supervisor_sees_rendered_markdown_and_no_private_notes(client, supervisor, reviewed):
    client.force_login(supervisor)
    body = client.get(reverse("journal:review_entry", args=[reviewed.pk])).content.decode()
    assert "<strong>relationship-based</strong>" in body
    assert "PRIVATE" not in body
    choices = dict(
        client.get(reverse("journal:review_entry", args=[reviewed.pk]))
        .context["comment_form"]
        .fields["field"]
        .choices
    )
    assert "notes" not in choices
    assert {"standards", "citations", "peer_learning"} <= set(choices)


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


def test_a_supervisors_page_does_not_say_they_have_no_supervisor(link, supervisor_client):
    page = supervisor_client.get(reverse("journal:supervision")).content.decode()
    assert "People you supervise" in page
    assert "You have no supervisor" not in page


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


def test_the_share_page_calls_it_feedback_only_once_there_is_some(
    owner_client, submitted, supervisor
):
    url = reverse("journal:entry_share", args=[submitted.pk])
    page = owner_client.get(url).content.decode()
    assert "Feedback on your entry" not in page and "No comments yet." in page
    request_changes(submitted, supervisor)
    page = owner_client.get(url).content.decode()
    assert "Feedback on your entry" in page and "No comments yet." not in page


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
