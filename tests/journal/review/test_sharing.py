"""journal.review.sharing: sharing, submitting and stopping sharing."""

from django.urls import reverse

from journal.review import sharing as sharing_services
from tests.factories import request_changes


def test_submitting_again_closes_the_open_comments(
    owner, owner_client, submitted, supervisor, link
):
    request_changes(submitted, supervisor, body="Name one next step.")
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    page = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    assert "Name one next step." not in page
    assert 'id="changes-requested"' not in page
