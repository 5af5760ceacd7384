"""journal.year.views: the dashboard's neighbours, readiness and the year copy view."""

from django.urls import reverse


def test_the_copy_view_gives_plain_text_in_boxes_tall_enough(owner_client, owner, reviewed):
    body = owner_client.get(reverse("journal:entry_regulator_form", args=[reviewed.pk]))
    html = body.content.decode()
    assert "I read about relationship-based practice." in html
    assert "**relationship-based**" not in html
