"""journal.review.comments: comments, replies and change requests."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import Comment, Entry
from journal.people import services as account
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from tests.factories import make_entry, make_framework, make_supervision, save_entry


@pytest.fixture
def shared_entry(owner, supervisor):
    framework = make_framework()
    entry = make_entry(owner, status="complete", standards=[framework.standards.first()])
    supervision = supervision_services.supervision_invite(
        supervisee=owner, identifier=supervisor.username
    )
    supervision = supervision_services.supervision_accept(supervision=supervision, user=supervisor)
    sharing_services.entry_share(entry=entry, supervision=supervision, user=owner, submit=True)
    return entry


@pytest.fixture
def reviewed_entry(shared_entry, supervisor):
    comment_services.comment_add(
        entry=shared_entry, author=supervisor, body="Say more about impact."
    )
    sign_off_services.entry_sign_off(entry=shared_entry, supervisor=supervisor)
    return shared_entry


def test_the_owner_can_still_reply_to_a_deleted_supervisors_comment(
    reviewed_entry, supervisor, owner
):
    comment = Comment.objects.get(entry=reviewed_entry)
    account.account_delete(user=supervisor)
    reply = comment_services.comment_add(
        entry=reviewed_entry, author=owner, body="Done.", parent=comment
    )
    assert reply.parent_id == comment.pk


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
        status=Entry.Status.MARKED_COMPLETE,
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
