"""journal.review.comments: comments, replies and change requests."""

import pytest
from django.urls import reverse

from journal import policy
from journal.account import services as account
from journal.errors import ReviewError
from journal.models import (
    Comment,
    Entry,
)
from journal.review import comments as comment_services
from tests.factories import (
    make_complete_entry,
    make_entry,
    make_share,
    make_supervision,
    make_user,
)


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


def test_comment_rules(owner, supervisor, link):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(entry=entry, author=owner, body="A note to myself")
    assert error.value.code == "owner_top_level"
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(entry=entry, author=supervisor, body="x", field="password")
    assert error.value.code == "unknown_field"
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(entry=entry, author=supervisor, body="   ")
    assert error.value.code == "empty"
    top = comment_services.comment_add(entry=entry, author=supervisor, body="Good", field="title")
    with pytest.raises(ReviewError) as error:
        comment_services.comment_add(
            entry=entry, author=supervisor, body="x", parent=top, requests_changes=True
        )
    assert error.value.code == "reply_changes"
    reply = comment_services.comment_add(entry=entry, author=owner, body="Thanks", parent=top)
    assert reply.field == "title"
    assert Comment.objects.count() == 2


def test_an_invalid_comment_shows_the_form_again_and_stores_nothing(owner, link, supervisor_client):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    response = supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]), {"field": "password", "body": ""}
    )
    assert response.status_code == 200
    assert b"Choose a part of the entry to comment on." in response.content
    assert b"Write your comment before sending it." in response.content
    assert not Comment.objects.exists()


def test_two_supervisors_never_read_each_others_comments(owner, supervisor, link, client):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    other = make_user("manager", display_name="Mo Manager")
    make_share(entry, make_supervision(owner, other))
    mine = comment_services.comment_add(entry=entry, author=supervisor, body="From Sue")
    theirs = comment_services.comment_add(entry=entry, author=other, body="From Mo")
    comment_services.comment_add(entry=entry, author=owner, body="Reply to Mo", parent=theirs)

    assert list(policy.comments_visible_to(supervisor, entry)) == [mine]
    assert len(policy.comments_visible_to(owner, entry)) == 3
    client.force_login(supervisor)
    page = client.get(reverse("journal:review_entry", args=[entry.pk]))
    assert b"From Sue" in page.content and b"From Mo" not in page.content
    # Nor reply in the other's thread.
    response = client.post(
        reverse("journal:comment_reply", args=[entry.pk, theirs.pk]), {"body": "Hi"}
    )
    assert response.status_code == 404


def test_hostile_comment_text_is_shown_as_text(owner, supervisor, link, owner_client):
    entry = make_complete_entry(owner)
    make_share(entry, link)
    comment_services.comment_add(
        entry=entry, author=supervisor, body='<script>alert("x")</script><img src=x onerror=1>'
    )
    page = owner_client.get(reverse("journal:entry_share", args=[entry.pk]))
    assert b"<script>alert" not in page.content
    assert b"<img src=x" not in page.content
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.content


def test_comment_on_says_which_parts_the_entry_leaves_empty(owner, link, supervisor_client):
    entry = make_entry(owner, status=Entry.Status.MARKED_COMPLETE, peer_name="", peer_learning="")
    make_share(entry, link, submitted=True)
    page = supervisor_client.get(reverse("journal:review_entry", args=[entry.pk]))
    choices = dict(page.context["comment_form"].fields["field"].choices)
    assert choices["peer_name"].endswith("(empty)") and choices["citations"].endswith("(empty)")
    assert not choices["learning"].endswith("(empty)") and choices["entry"] == "The whole entry"
    # An empty part can still be commented on: "please add who you discussed it with".
    response = supervisor_client.post(
        reverse("journal:review_comment", args=[entry.pk]),
        {"field": "peer_name", "body": "Please add who you discussed it with."},
    )
    comment = entry.comments.get()
    assert comment.field == "peer_name"
    # To the new comment, where it now shows, not back to the emptied form.
    assert response["Location"].endswith(f"/review/entries/{entry.pk}/#comment-{comment.pk}")
    page = supervisor_client.get(response["Location"]).content.decode()
    assert f'id="comment-{comment.pk}"' in page


def test_a_reply_never_sends_anyone_to_another_site(owner, supervisor, link, owner_client):
    entry = make_complete_entry(owner)
    make_share(entry, link, submitted=True)
    comment = comment_services.comment_add(entry=entry, author=supervisor, body="Why?")
    response = owner_client.post(
        reverse("journal:comment_reply", args=[entry.pk, comment.pk]),
        {"body": "Because.", "next": "https://evil.example/"},
    )
    share_page = reverse("journal:entry_share", args=[entry.pk])
    assert response["Location"] == f"{share_page}#comment-{comment.replies.get().pk}"
