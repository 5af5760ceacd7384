"""The browser harness itself: Chromium renders our pages with our static files and CSP."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, screenshot


def test_home_page_renders_with_local_assets(page, db):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Bootstrap's stylesheet applied: the navbar is styled and nothing came from elsewhere.
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"
    live = page.url.split("/")[2]
    assert all(live in url or url.startswith("data:") for url in requests), requests
    assert page.js_errors == []
    screenshot(page, "home")


def test_home_page_has_no_serious_accessibility_violations(page, db):
    page.goto("/")
    assert axe_violations(page) == []


def test_skip_link_is_first_in_tab_order(page, db):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"


def test_home_page_fits_a_phone(phone_page, db):
    phone_page.goto("/")
    assert_no_horizontal_scroll(phone_page)
