"""journal.account.services: a person's data export and account deletion."""

from django.urls import reverse

from journal.account import services as account
from journal.exports import build
from journal.models import Comment, SignOff


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
