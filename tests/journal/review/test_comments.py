"""journal.review.comments: comments, replies and change requests."""

import pytest
from django.urls import reverse

from journal.models import Comment
from journal.people import services as account
from journal.review import comments as comment_services
from tests.factories import make_entry


def test_the_owner_can_still_reply_to_a_deleted_supervisors_comment(
    reviewed_entry, supervisor, owner
):
    comment = Comment.objects.get(entry=reviewed_entry)
    account.account_delete(user=supervisor)
    reply = comment_services.comment_add(
        entry=reviewed_entry, author=owner, body="Done.", parent=comment
    )
    assert reply.parent_id == comment.pk


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
