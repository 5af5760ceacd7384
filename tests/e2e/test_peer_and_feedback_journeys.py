"""Issue 13's journeys: a peer confirms from a link with no account; a worker answers a change
request from the editor and resubmits; a supervisor reviews the diff and signs off."""

import datetime
from urllib.parse import urlparse

from playwright.sync_api import expect

from corpus.models import Standard
from corpus.standards_loading import load_bundled_standards
from journal.models import Entry, PeerRequest, ReviewState, Supervision
from journal.peer import services as peer_services
from journal.review import comments, sharing
from journal.review.standing import review_state
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user, save_entry


def _worker_entry(username="worker13"):
    load_bundled_standards()
    worker = make_user(username, display_name="Wren Worker")
    entry = save_entry(
        worker,
        title="Reflective group on risk",
        description="A reflective group about positive risk taking.",
        learning="Risk is shared, not carried alone.",
        impact="I bring risk decisions to the group.",
        status=Entry.Status.MARKED_COMPLETE,
        standards=list(Standard.objects.filter(number="3")),
    )
    return worker, entry


def test_a_peer_confirms_from_a_link_in_a_fresh_browser_with_no_account(
    page, browser, live_server, transactional_db
):
    _worker, entry = _worker_entry()
    login(page, "worker13", PASSWORD)
    page.goto(f"/entries/{entry.pk}/")
    page.get_by_role("link", name="Ask a peer to confirm").click()
    page.get_by_label("A short summary for your peer").fill(
        "We talked about positive risk at Tuesday's reflective group."
    )
    page.get_by_role("button", name="Make the link").click()
    link = page.locator("#peer-link-text").input_value()
    assert "/peer/" in link
    screenshot(page, "peer-link-made")

    # The link is absolute (SITE_URL); the fresh context with no account opens its path here.
    link = urlparse(link).path
    peer = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    ).new_page()
    peer.goto(link)
    assert "Wren Worker" in peer.content() and "positive risk" in peer.content()
    assert "Risk is shared" not in peer.content()  # the entry itself was not ticked
    assert_no_horizontal_scroll(peer)
    peer.get_by_label("Date of the discussion").fill(
        (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    )
    peer.get_by_label("A reflective group").check()
    peer.get_by_label("Your name").fill("Priya Peer")
    peer.get_by_label("Manager or supervisor").check()
    peer.get_by_label("One thing you took away from the discussion").fill(
        "Sharing the risk made the plan braver and safer."
    )
    screenshot(peer, "peer-confirm-390")
    peer.get_by_role("button", name="Confirm the discussion").click()
    expect(peer.get_by_role("heading", name="Thank you")).to_be_visible()
    peer.goto(link)
    expect(peer.locator("body")).to_contain_text("already been used")
    peer.context.close()

    assert PeerRequest.objects.get().is_confirmed
    page.goto(f"/entries/{entry.pk}/")
    expect(page.locator("body")).to_contain_text(
        "Peer discussion confirmed by Priya Peer, Manager or supervisor"
    )
    # The confirmation filled the empty peer reflection: nothing left to add by hand.
    expect(page.locator("body")).to_contain_text("Added to your peer reflection on")
    entry.refresh_from_db()
    assert entry.peer_learning == "Sharing the risk made the plan braver and safer."
    assert entry.has_peer_reflection


def test_a_worker_answers_a_change_request_from_the_editor_and_resubmits(page, transactional_db):
    worker, entry = _worker_entry("worker14")
    boss = make_user("boss14", display_name="Sue Supervisor")
    link = Supervision.objects.create(supervisee=worker, supervisor=boss, status="active")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)
    comments.comment_add(
        entry=entry,
        author=boss,
        body="Say what you will do differently.",
        field="impact",
        requests_changes=True,
    )

    login(page, "worker14", PASSWORD)
    page.goto("/dashboard/")
    expect(page.locator("#nav-notifications .badge")).to_be_visible()
    expect(page.locator("#dashboard-feedback")).to_contain_text("Changes requested")
    page.locator("#dashboard-feedback a").first.click()
    page.wait_for_load_state()
    impact = page.get_by_label("Impact on my practice and the people I work with", exact=True)
    comment = page.get_by_text("Say what you will do differently.")
    expect(comment).to_be_visible()
    # The comment sits just below the field it is about.
    assert comment.bounding_box()["y"] > impact.bounding_box()["y"]
    screenshot(page, "editor-open-comment")
    impact.fill("I bring risk decisions to the group, and I will write down who agreed what.")
    # Saved, still complete, and back in the queue in one step.
    page.get_by_role("button", name="Save and send back").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Entry saved and sent back to")
    entry.refresh_from_db()
    assert review_state(entry) == ReviewState.SUBMITTED


def test_a_supervisor_reviews_the_diff_and_signs_off(page, phone_page, transactional_db):
    worker, entry = _worker_entry("worker15")
    boss = make_user("boss15", display_name="Sue Supervisor")
    link = Supervision.objects.create(supervisee=worker, supervisor=boss, status="active")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)
    comments.comment_add(
        entry=entry,
        author=boss,
        body="More on the impact, please.",
        field="impact",
        requests_changes=True,
    )
    entry = save_entry(worker, entry=entry, impact="I bring risk decisions to the group weekly.")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)

    login(page, "boss15", PASSWORD)
    page.goto("/dashboard/")
    page.locator("#dashboard-queue a", has_text="Reflective group on risk").click()
    page.wait_for_load_state()
    diff = page.locator(".review-diff")
    expect(diff).to_contain_text("What changed since you asked for changes")
    assert diff.locator("ins", has_text="weekly").count() == 1
    expect(diff).not_to_contain_text("Description")  # only what changed
    screenshot(page, "review-diff")
    page.get_by_role("button", name="Sign off this version").click()
    page.wait_for_load_state()
    entry.refresh_from_db()
    assert review_state(entry) == ReviewState.SIGNED_OFF

    login(phone_page, "boss15", PASSWORD)
    for path in ("/review/", "/supervision/", "/review/team/", f"/review/entries/{entry.pk}/"):
        phone_page.goto(path)
        assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "team-390")


def test_peer_link_refusals_in_the_browser(page, transactional_db):
    worker, entry = _worker_entry("worker16")
    request, token = peer_services.peer_request_create(entry=entry, user=worker, summary="Hi.")
    peer_services.peer_request_revoke(peer_request=request, user=worker)
    page.goto(f"/peer/{token}/")
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    expect(page.locator("body")).to_contain_text("withdrawn")


def test_the_new_pages_have_no_serious_accessibility_violations_and_fit_a_phone(
    page, phone_page, transactional_db
):
    from tests.e2e.conftest import axe_violations

    worker, entry = _worker_entry("worker17")
    boss = make_user("boss17", display_name="Sue Supervisor")
    link = Supervision.objects.create(supervisee=worker, supervisor=boss, status="active")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)
    comments.comment_add(
        entry=entry, author=boss, body="More, please.", field="impact", requests_changes=True
    )
    save_entry(worker, entry=entry, impact="I bring risk decisions to the group weekly.")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)
    comments.comment_add(entry=entry, author=boss, body="Better.", field="learning")
    _, token = peer_services.peer_request_create(entry=entry, user=worker, summary="A talk.")

    pages = {
        "worker17": [
            "/dashboard/",
            "/entries/",
            f"/entries/{entry.pk}/edit/",
            f"/entries/{entry.pk}/",
            f"/entries/{entry.pk}/peer/",
            "/coverage/",
            "/agenda/",
        ],
        "boss17": [
            "/dashboard/",
            "/review/team/",
            f"/review/entries/{entry.pk}/",
            f"/review/team/{link.pk}/agenda/",
            "/supervision/",
        ],
    }
    failures = {}
    for username, urls in pages.items():
        login(page, username, PASSWORD)
        login(phone_page, username, PASSWORD)
        for url in urls:
            page.goto(url)
            if violations := axe_violations(page):
                failures[f"{username} {url}"] = [v["id"] for v in violations]
            phone_page.goto(url)
            assert_no_horizontal_scroll(phone_page)
        page.context.clear_cookies()
        phone_page.context.clear_cookies()
    page.goto(f"/peer/{token}/")
    if violations := axe_violations(page):
        failures["peer page"] = [v["id"] for v in violations]
    assert failures == {}
