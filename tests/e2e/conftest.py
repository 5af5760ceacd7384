"""Browser tests: Playwright's Python package driving Debian's Chromium against a live server.

In CI (CI=true) a missing Chromium is an error; elsewhere these tests are skipped, and the
skip says why.
"""

import os
import threading
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from tests.accounts.helpers import last_code
from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "output" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM}: browser tests skipped."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI must run them (apt-get install -y chromium).")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _OneRequestAtATime:
    """The live server's app, serving one request at a time except static files.

    On the in-memory SQLite database pytest-django gives every request thread the test's own
    connection: two requests at once (a page and an autosave) can meet mid-statement, and
    SQLite answers "database table is locked", an error no real server gives. PostgreSQL gives
    each request its own connection, so there requests run side by side as in production."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(settings.STATIC_URL):
            return self.app(environ, start_response)
        with self.lock:
            return self.app(environ, start_response)


@pytest.fixture(scope="session")
def live_server(live_server):
    if live_server.thread.connections_override:  # the in-memory SQLite database, shared
        server = live_server.thread.httpd
        server.set_app(_OneRequestAtATime(server.get_app()))
    return live_server


def _close(context, page) -> None:
    # Leaving the page fires the editor's last autosave; let it land before the database
    # is flushed, so teardown never races a request.
    page.goto("about:blank")
    page.wait_for_timeout(300)
    context.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.js_errors = errors
    yield page
    _close(context, page)


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    _close(context, page)


def screenshot(page, name: str) -> Path:
    """Keep a picture of the page for people to look at (tests/output is ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True, timeout=60_000)
    except PlaywrightError as error:
        # Chromium sometimes has no frame ready to capture on a busy machine ("Unable to
        # capture screenshot"): a picture is for people to look at, so try once more.
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(500)
        page.screenshot(path=str(path), full_page=True, timeout=60_000)
    return path


def login(page, username: str, password: str) -> None:
    """Log in by username or email address; the person has a confirmed address (factories)."""
    page.goto("/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def start_sign_up(page, email: str, name: str, *, role: str = "social_worker") -> None:
    """Fill in the sign-up page (with factories' PASSWORD) and create the account: it stops
    where the page asks for the code emailed to `email`."""
    page.goto("/accounts/signup/")
    page.fill("#id_email", email)
    page.fill("#id_display_name", name)
    page.select_option("#id_role", role)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/accounts/confirm-email/")


def confirm_email(page, email: str) -> None:
    """Type the code emailed to `email`, as a person reads it from their inbox: confirmed and
    logged in, on the welcome page."""
    page.fill("#id_code", last_code(email))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/account/welcome/")


def sign_up(page, email: str, name: str, *, role: str = "social_worker") -> None:
    """A new person from the sign-up page to the welcome page, logged in."""
    start_sign_up(page, email, name, role=role)
    confirm_email(page, email)


def assert_no_horizontal_scroll(page) -> None:
    page.wait_for_load_state()  # a page still arriving after a click has no element to measure
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls horizontally by {overflow}px at {page.url}"


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]
