"""journal.people.services: a person's data export and account deletion."""

import pytest
from django.urls import reverse

from journal.exports import build
from journal.models import Comment, SignOff
from journal.people import services as account
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from tests.factories import make_entry, make_framework


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


def test_a_supervisor_deleting_their_account_keeps_the_supervisees_record(
    reviewed_entry, supervisor, owner_client
):
    account.account_delete(user=supervisor)
    sign_off = SignOff.objects.get(entry=reviewed_entry)
    comment = Comment.objects.get(entry=reviewed_entry)
    assert sign_off.supervisor is None and comment.author is None
    assert sign_off.supervisor_label == "Sue Supervisor (account deleted)"
    assert comment.author_label == "Sue Supervisor (account deleted)"
    page = owner_client.get(reverse("journal:entry_share", args=[reviewed_entry.pk]))
    assert "Sue Supervisor (account deleted)" in page.content.decode()
    markdown = build.export_entry(reviewed_entry, "md").content.decode()
    assert "Sue Supervisor (account deleted)" in markdown
