"""Accounts in the browser: sign up, confirm from the email, two-factor, log in with a code;
and the editor keeps the text of someone logged out while writing."""

import re

from django.contrib.sessions.models import Session
from django.core import mail
from playwright.sync_api import expect

from tests.accounts.helpers import totp_code
from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, login, screenshot
from tests.factories import PASSWORD, make_user


def test_sign_up_verify_from_the_email_turn_on_two_factor_and_log_in_with_a_code(page):
    page.goto("/accounts/signup/")
    screenshot(page, "account-signup")
    page.fill("#id_email", "Nia.Worker@example.org")
    page.fill("#id_display_name", "Nia Worker")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    screenshot(page, "account-check-email")
    # A new code cannot be sent straight away: the button is greyed, says from when, and is
    # offered once that time has come.
    resend = page.get_by_role("button", name="Send a new code")
    expect(resend).to_be_disabled()
    expect(page.locator("main")).to_contain_text("A new code can be sent from")
    expect(resend).to_be_enabled(timeout=15_000)
    expect(page.get_by_text("A new code can be sent from")).to_be_hidden()

    # The link in the email fills in the code; the person presses Confirm.
    (message,) = mail.outbox
    link = re.search(r"http\S+/accounts/confirm-email/\?code=\S+", message.body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", ""))
    assert page.input_value("#id_code")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/account/welcome/")
    screenshot(page, "account-welcome")

    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    screenshot(page, "account-two-factor")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", totp_code(secret))
    page.get_by_role("button", name="Turn on").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text(re.compile("recovery", re.IGNORECASE))
    screenshot(page, "account-recovery-codes")

    page.get_by_role("button", name=re.compile("Nia Worker")).click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()

    login(page, "nia.worker@example.org", PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    screenshot(page, "account-enter-code")
    page.fill("#id_code", totp_code(secret, step=1))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    assert page.js_errors == []


def test_the_editor_keeps_the_text_of_someone_logged_out_while_writing(page, transactional_db):
    make_user("writer")
    login(page, "writer", PASSWORD)
    page.goto("/entries/new/")
    page.fill("#id_title", "Home visit reflection")
    page.wait_for_selector("text=Draft saved at")
    Session.objects.all().delete()  # the session ends (expired, or logged out elsewhere)
    page.fill("#id_learning", "What I learnt after the session ended.")
    page.wait_for_selector("text=You have been logged out", timeout=15_000)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/accounts/login/**")
    login_form = page.url
    page.fill("#id_login", "writer")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/entries/*/edit/")
    assert "next=" in login_form
    assert page.input_value("#id_learning") == "What I learnt after the session ended."
    page.wait_for_selector("text=Draft saved at")


ACCOUNT_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = [
    "/account/profile/",
    "/account/welcome/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/accounts/reauthenticate/",
]


def test_account_pages_fit_a_phone_and_have_no_serious_accessibility_problems(
    page, phone_page, transactional_db
):
    make_user("phone")
    failures = {}
    for url in ACCOUNT_PAGES:
        for each, name in ((page, "account"), (phone_page, "phone-account")):
            each.goto(url)
            screenshot(each, name + url.replace("/", "-").rstrip("-"))
        assert_no_horizontal_scroll(phone_page)
        if violations := axe_violations(page):
            failures[url] = [v["id"] for v in violations]
    login(page, "phone", PASSWORD)
    login(phone_page, "phone", PASSWORD)
    for url in SIGNED_IN_PAGES:
        for each, name in ((page, "account"), (phone_page, "phone-account")):
            each.goto(url)
            screenshot(each, name + url.replace("/", "-").rstrip("-"))
        assert_no_horizontal_scroll(phone_page)
        if violations := axe_violations(page):
            failures[url] = [v["id"] for v in violations]
    assert failures == {}
