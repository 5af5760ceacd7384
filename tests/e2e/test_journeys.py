"""The three user journeys, end to end in Chromium against a live server."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from corpus.loading import load_all
from corpus.models import Standard
from corpus.standards_loading import load_bundled_standards
from journal.models import Entry, User
from journal.review import supervision as supervision_services
from journal.review.standing import review_state
from tests.e2e.conftest import (
    assert_no_horizontal_scroll,
    axe_violations,
    login,
    screenshot,
    sign_up,
)
from tests.factories import PASSWORD, make_user, save_entry


@pytest.fixture
def corpus(transactional_db):
    load_bundled_standards()
    reports = load_all()
    assert all(report.ok for report in reports)


def test_journey_new_social_worker_from_podcast_to_exports(page, corpus):
    # Sign up.
    sign_up(page, "new@example.org", "Nia Worker")
    page.get_by_role("link", name="Not now, go to my dashboard").click()
    page.wait_for_url("**/dashboard/")
    expect(page.locator("body")).to_contain_text("Still missing: 2 more ready pieces of CPD")
    screenshot(page, "dashboard-empty")

    # Browse standard 4, open an episode, reflect on a passage.
    page.goto("/standards/4/")
    screenshot(page, "standard-4")
    page.goto("/sources/this-is-social-work/")
    screenshot(page, "source-episodes")
    page.get_by_role("link", name="Diversity data, part 1", exact=True).click()
    page.wait_for_url("**/sources/this-is-social-work/diversity-data-part-1/")
    screenshot(page, "episode-transcript")
    page.get_by_role("link", name="Reflect on this").first.click()
    page.wait_for_url("**/entries/new/**")
    assert page.locator("input[name=cite]").count() == 1

    # Write, with a peer reflection; the privacy guard catches a postcode.
    page.fill("#id_activity_date", datetime.date.today().isoformat())
    page.fill(
        "#id_description",
        "I listened to this episode in supervision time. We visited a family at M1 1AE last week.",
    )
    page.fill("#id_learning", "Supervision and feedback help me reflect on my learning.")
    page.fill("#id_impact", "I now ask people for feedback after visits.")
    page.fill("#id_peer_name", "My practice educator")
    page.fill("#id_peer_learning", "Reflection is a habit, not an event.")
    # Accept a suggested standard from the sidebar.
    page.get_by_role("button", name="Tick standard 4").first.click(timeout=15_000)
    assert page.locator("input[name=standards]:checked").count() >= 1
    page.get_by_role("button", name="Save and mark complete").click()
    expect(page.locator("#privacy-findings")).to_be_visible()
    expect(page.locator("#privacy-findings")).to_contain_text("M1 1AE")
    screenshot(page, "privacy-warning")
    page.fill(
        "#id_description",
        "I listened to this episode in supervision time. We visited a family last week.",
    )
    page.get_by_role("button", name="Save and mark complete").click()
    page.wait_for_url("**/entries/*/")
    entry = Entry.objects.get(owner__email="new@example.org", status="complete")
    assert entry.is_complete and entry.has_peer_reflection and entry.citations.count() == 1
    screenshot(page, "entry-detail")

    # The dashboard checklist moved on.
    page.goto("/dashboard/")
    expect(page.locator("body")).to_contain_text("Still missing: 1 more ready piece of CPD.")

    # Export as PDF and Markdown; the files are real.
    page.goto(entry.get_absolute_url())
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF").click()
    pdf = PdfReader(pdf_download.value.path())
    assert "Reflection is a habit" in "".join(p.extract_text() for p in pdf.pages)
    with page.expect_download() as md_download:
        page.get_by_role("link", name="Markdown").click()
    markdown = Path(md_download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("---\n") and "Reflection is a habit" in markdown
    assert page.js_errors == []


def test_journey_supervisor_review_cycle(browser, live_server, transactional_db):
    load_bundled_standards()
    worker = make_user("worker", display_name="Wren Worker")
    supervisor = make_user("boss", display_name="Bea Supervisor", role="supervisor")
    link = supervision_services.supervision_invite(supervisee=worker, identifier="boss@example.org")
    entry = save_entry(
        worker,
        title="Podcast on raising concerns",
        description="Listened to the standard 6 episode.",
        learning="Raise concerns early.",
        impact="I log concerns the same day.",
        status="complete",
        standards=list(Standard.objects.filter(number="6")),
    )

    def session(user):
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        login(page, user.username, PASSWORD)
        return page

    boss = session(supervisor)
    boss.goto("/supervision/")
    boss.get_by_role("button", name="Accept").first.click()
    boss.wait_for_load_state()
    link.refresh_from_db()
    assert link.status == "active"

    wren = session(worker)
    wren.goto(f"/entries/{entry.pk}/share/")
    screenshot(wren, "share-page")
    wren.get_by_role("button", name="Submit for review").first.click()
    wren.wait_for_load_state()

    boss.goto("/review/")
    screenshot(boss, "review-queue")
    boss.get_by_role("link", name="Podcast on raising concerns").click()
    screenshot(boss, "review-entry")
    boss.select_option("#id_field", "learning")
    boss.fill("#id_body", "Say more about how you escalate.")
    with boss.expect_response(
        lambda response: response.request.method == "POST"
    ):  # answered: saved
        boss.get_by_role("button", name="Request changes").click()
    assert entry.comments.filter(requests_changes=True, field="learning").exists()

    wren.goto(f"/entries/{entry.pk}/edit/")
    wren.get_by_label("What I learnt", exact=True).fill(
        "Raise concerns early, through my manager first."
    )
    # One step: saved (still complete) and back in the supervisor's queue.
    wren.get_by_role("button", name="Save and send back").click()
    wren.wait_for_url(f"**/entries/{entry.pk}/")
    expect(wren.locator("body")).to_contain_text("sent back to")

    boss.goto(f"/review/entries/{entry.pk}/")
    expect(boss.locator("body")).to_contain_text("What changed since you asked for changes")
    boss.get_by_role("button", name="Sign off this version").click()
    boss.wait_for_load_state()
    screenshot(boss, "signed-off")
    entry.refresh_from_db()
    assert entry.signoffs.count() == 1
    assert review_state(entry).is_signed_off
    for person in (boss, wren):
        person.context.close()


def test_keyboard_only_editor_and_phone_viewports(page, phone_page, transactional_db):
    load_bundled_standards()
    make_user("keys")
    login(page, "keys", PASSWORD)
    page.goto("/entries/new/")
    # Tab from the skip link into the form; every control is reachable and focus is visible.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.add(
            page.evaluate("() => document.activeElement.id || document.activeElement.name || ''")
        )
    for field in ("id_activity_type", "id_title", "id_description", "id_learning", "id_impact"):
        assert field in seen, field
    page.focus("#id_title")
    page.keyboard.type("Typed with the keyboard")
    page.focus("#id_title")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    # A statement's group opens from the keyboard, Space ticks it, and its standard is
    # ticked at once ("Ticking a statement tags its standard too"), not only after saving.
    page.locator("summary", has_text="Standard 3:").focus()
    page.keyboard.press("Enter")
    page.focus("input[name=statements][data-statement='3.1']")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=statements][data-statement='3.1']")
    assert page.is_checked("input[name=standards][data-standard='3']")

    login(phone_page, "keys", PASSWORD)
    for url in ("/dashboard/", "/entries/new/"):
        phone_page.goto(url)
        assert_no_horizontal_scroll(phone_page)
        screenshot(phone_page, "phone" + url.replace("/", "-").rstrip("-"))


PUBLIC_PAGES = [
    "/",
    "/standards/",
    "/standards/4/",
    "/sources/",
    "/sources/this-is-social-work/",
    "/sources/this-is-social-work/diversity-data-part-1/",
    "/sources/careknowledge-relationships/",
    "/standards/4/passages/",
    "/search/?q=supervision",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
PRIVATE_PAGES = [
    "/dashboard/",
    "/entries/",
    "/entries/new/",
    "/entries/bin/",
    "/supervision/",
    "/review/",
    "/notifications/",
    "/exports/",
    "/account/profile/",
]


def test_every_page_has_no_serious_accessibility_violations(page, corpus):
    user = make_user("a11y")
    entry = save_entry(user, title="Accessible entry", learning="x")
    failures = {}
    for url in PUBLIC_PAGES:
        page.goto(url)
        if violations := axe_violations(page):
            failures[url] = [v["id"] for v in violations]
    login(page, "a11y", PASSWORD)
    for url in [
        *PRIVATE_PAGES,
        entry.get_absolute_url(),
        f"/entries/{entry.pk}/edit/",
        f"/entries/{entry.pk}/versions/",
        f"/entries/{entry.pk}/regulator-form/",
        f"/entries/{entry.pk}/share/",
        f"/entries/{entry.pk}/history/",
    ]:
        page.goto(url)
        screenshot(page, "a11y" + url.replace("/", "-").replace("?", "-").rstrip("-"))
        if violations := axe_violations(page):
            failures[url] = [v["id"] for v in violations]
    assert failures == {}
    assert User.objects.filter(username="a11y").exists()


def test_every_public_page_fits_a_phone(phone_page, corpus):
    for url in PUBLIC_PAGES:
        phone_page.goto(url)
        assert_no_horizontal_scroll(phone_page)
