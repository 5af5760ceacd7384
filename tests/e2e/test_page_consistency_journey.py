"""Pages that say a thing once and look alike where they mean alike: the email-confirm page,
the share page's headings, and the notifications list, at a desk and on a phone."""

from django.utils import timezone
from playwright.sync_api import expect

from journal.models import Notification
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot, start_sign_up
from tests.factories import PASSWORD, make_complete_entry, make_user


def test_the_confirm_email_page_says_the_code_was_sent_once(page):
    start_sign_up(page, "once@example.org", "Once Worker")
    screenshot(page, "confirm-email-once")
    text = page.locator("main").inner_text()
    assert text.count("once@example.org") == 1, text
    assert "Confirmation email sent" not in text
    assert "We have sent a code to once@example.org" in text


def heading_sizes(page) -> dict[str, list[float]]:
    return page.evaluate(
        """() => Object.fromEntries(['h1', 'h2', 'h3'].map((tag) => [tag,
            Array.from(document.querySelectorAll('main ' + tag),
                (el) => parseFloat(getComputedStyle(el).fontSize))]))"""
    )


def test_the_share_pages_headings_step_down_from_its_title(page, phone_page):
    worker = make_user("steps", display_name="Sid Steps")
    entry = make_complete_entry(worker)
    for each, name in ((page, "share-headings"), (phone_page, "share-headings-phone")):
        login(each, "steps", PASSWORD)
        each.goto(f"/entries/{entry.pk}/share/")
        screenshot(each, name)
        sizes = heading_sizes(each)
        (title,) = sizes["h1"]
        # A step a reader sees at a glance: each section's heading a fifth smaller or more.
        assert sizes["h2"] and all(size < title * 0.8 for size in sizes["h2"]), sizes
        assert all(size <= min(sizes["h2"]) for size in sizes["h3"]), sizes


def test_every_notification_is_laid_out_alike_unread_or_not(page, phone_page):
    worker = make_user("alike", display_name="Ali Alike")
    now = timezone.now()
    for n, (url, read_at) in enumerate(
        [("/exports/", None), ("/supervision/", now), ("", now), ("/exports/", None)]
    ):
        Notification.objects.create(
            recipient=worker, message=f"Sam commented on your entry {n}", url=url, read_at=read_at
        )
    for each, name in ((page, "notifications-alike"), (phone_page, "notifications-alike-phone")):
        login(each, "alike", PASSWORD)
        each.goto("/notifications/")
        screenshot(each, name)
        items = each.locator(".notifications > li")
        assert items.count() == 4
        # Each notice's words start at the same place, its time just below them.
        starts = [
            round(items.nth(n).get_by_text(f"your entry {k}").first.bounding_box()["x"])
            for n, k in enumerate((3, 0, 2, 1))
        ]
        assert len(set(starts)) == 1, starts
        expect(items.first.get_by_text("New")).to_be_visible()
        assert each.locator(".notifications .badge").count() == 2
        assert_no_horizontal_scroll(each)
