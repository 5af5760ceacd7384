"""journal.review.sharing: sharing, submitting and stopping sharing."""

import datetime

import pytest
from django.urls import reverse

from journal.models import Entry
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from tests.factories import make_supervision, save_entry


@pytest.fixture
def link(owner, supervisor):
    return make_supervision(owner, supervisor)


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


def test_submitting_again_closes_the_open_comments(
    owner, owner_client, submitted, supervisor, link
):
    request_changes(submitted, supervisor, body="Name one next step.")
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    page = owner_client.get(reverse("journal:entry_edit", args=[submitted.pk])).content.decode()
    assert "Name one next step." not in page
    assert 'id="changes-requested"' not in page
