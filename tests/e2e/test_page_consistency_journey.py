"""Pages that say a thing once and look alike where they mean alike: the email-confirm page,
the share page's headings, and the notifications list, at a desk and on a phone."""

from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD


def test_the_confirm_email_page_says_the_code_was_sent_once(page):
    page.goto("/accounts/signup/")
    page.fill("#id_email", "once@example.org")
    page.fill("#id_display_name", "Once Worker")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    screenshot(page, "confirm-email-once")
    text = page.locator("main").inner_text()
    assert text.count("once@example.org") == 1, text
    assert "Confirmation email sent" not in text
    assert "We have sent a code to once@example.org" in text
