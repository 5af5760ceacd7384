"""On a phone the Notifications link is folded into the menu: the menu button carries the count,
and opening a notification marks it read, so the count goes down."""

from playwright.sync_api import expect

from journal.models import Notification
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user


def test_on_a_phone_the_menu_button_counts_unread_and_opening_one_reads_it(phone_page):
    page = phone_page
    worker = make_user("phone14", display_name="Pip Phone")
    for n, url in ((1, "/exports/"), (2, "/supervision/")):
        Notification.objects.create(
            recipient=worker, message=f"Sam commented on your entry {n}", url=url
        )
    login(page, "phone14", PASSWORD)
    page.goto("/dashboard/")
    toggler = page.locator(".navbar-toggler")
    assert toggler.get_attribute("aria-label") == "Menu: 2 unread notifications"
    expect(page.locator(".nav-toggler-unread")).to_have_text("2")
    expect(page.locator(".nav-toggler-unread")).to_be_visible()
    expect(page.locator("#nav-notifications")).not_to_be_visible()  # folded away
    screenshot(page, "phone-menu-unread")
    assert_no_horizontal_scroll(page)

    toggler.click()
    page.locator("#nav-notifications").click()
    page.wait_for_url("**/notifications/")
    page.get_by_role("button", name="Sam commented on your entry 2", exact=True).click()
    page.wait_for_url("**/supervision/")
    expect(page.locator(".nav-toggler-unread")).to_have_text("1")
    page.goto("/notifications/")
    expect(page.get_by_role("link", name="Sam commented on your entry 2")).to_be_visible()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    # Reaching what the other one is about, by any way, reads it too.
    page.goto("/exports/")
    assert page.locator(".nav-toggler-unread").count() == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()
