"""journal.templatetags: the journal's template filters."""

from django.urls import reverse

from journal.models import Notification


def test_times_read_just_now(owner, owner_client):
    Notification.objects.create(recipient=owner, message="Fresh", url="/")
    page = owner_client.get(reverse("journal:notifications")).content.decode()
    assert "just now" in page and "0 minutes" not in page
