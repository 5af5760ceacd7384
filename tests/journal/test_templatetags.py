"""journal.templatetags: the journal's template filters."""

import datetime

from django.urls import reverse
from django.utils import timezone

from journal.models import Notification
from journal.templatetags.journal_time import waited


def test_times_read_just_now(owner, owner_client):
    Notification.objects.create(recipient=owner, message="Fresh", url="/")
    page = owner_client.get(reverse("journal:notifications")).content.decode()
    assert "just now" in page and "0 minutes" not in page


def test_waits_read_in_whole_days_so_nine_is_told_from_twelve():
    now = timezone.now()
    assert waited(now) == "under a minute"
    assert waited(now - datetime.timedelta(hours=3)) == "3\xa0hours"
    assert waited(now - datetime.timedelta(days=1, hours=2)) == "1\xa0day"
    assert waited(now - datetime.timedelta(days=9)) == "9\xa0days"
    assert waited(now - datetime.timedelta(days=12)) == "12\xa0days"
    assert waited(now - datetime.timedelta(days=70)) == "70\xa0days"
