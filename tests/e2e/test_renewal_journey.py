"""Issue 12's journey on a phone: capture a note (and one typed offline), turn it into an
entry, reach "ready to copy", copy the year, tick both pieces, see the requirement met."""

import re
import time

from playwright.sync_api import expect

from corpus.standards_loading import load_bundled_standards
from journal import clock
from journal.models import Entry, QuickNote
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user, save_entry

# Playwright's has_text is a case-insensitive substring: "not yet sent." would match "Sent.".
SENT = re.compile(r"^Sent\.")
TEXTS = {
    "description": "Shadowed the hospital discharge team for a morning.",
    "learning": "Discharge decisions are made fast and families are told late.",
    "impact": "I now phone carers before discharge meetings, so people are part of the plan.",
    "peer_learning": "My supervisor helped me see how I can escalate rushed discharges.",
}


def test_capture_offline_turn_into_entry_copy_the_year_and_meet_it(phone_page, transactional_db):
    page = phone_page
    load_bundled_standards()
    from corpus.models import Standard

    owner = make_user("nia", display_name="Nia Worker")
    standard = Standard.objects.filter(framework__is_primary=True).order_by("order").first()
    save_entry(
        owner,
        title="Reading on trauma-informed practice",
        status="complete",
        standards=[standard],
        activity_type="reading",
        activity_date=clock.today(),
        description="Read a chapter on trauma-informed practice with families.",
        learning="Safety comes before insight; predictability helps.",
        impact="I changed how I open visits so that parents feel less judged.",
    )
    login(page, "nia", PASSWORD)

    # A note in under a minute.
    started = time.monotonic()
    page.goto("/notes/new/")
    page.fill("#id_what_i_did", "Shadowed the hospital discharge team.")
    page.fill("#id_what_struck_me", "Families are told late.")
    page.fill("#id_discussed_with", "My supervisor")
    page.get_by_role("button", name="Save note").click()
    page.locator("#note-status", has_text=SENT).wait_for()
    assert time.monotonic() - started < 60
    assert QuickNote.objects.filter(owner=owner).count() == 1
    expect(page.get_by_role("button", name="Turn it into an entry now")).to_be_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "quick-note-sent-phone")

    # With no signal: the page still loads from the phone, and the note waits there.
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()  # now controlled by the service worker
    page.context.set_offline(True)
    page.reload()
    page.fill("#id_what_i_did", "Home visit, no signal.")
    page.get_by_role("button", name="Save note").click()
    page.locator("#note-status", has_text="not yet sent").wait_for()
    assert page.locator(".outbox-item[data-state=pending]").count() == 1
    screenshot(page, "quick-note-offline-phone")
    assert QuickNote.objects.filter(owner=owner).count() == 1
    page.context.set_offline(False)
    page.locator("#note-status", has_text=SENT).wait_for()
    assert QuickNote.objects.filter(owner=owner).count() == 2
    page.reload()  # sending again after a reload never makes a second copy
    page.wait_for_timeout(500)
    assert QuickNote.objects.filter(owner=owner).count() == 2

    # Turn the first note into an entry and finish it.
    page.goto("/notes/")
    page.locator("#note-list li", has_text="Shadowed the hospital").get_by_role("button").click()
    page.wait_for_url("**/entries/*/edit/")
    assert page.input_value("#id_description") == "Shadowed the hospital discharge team."
    assert page.input_value("#id_peer_name") == "My supervisor"
    page.select_option("#id_activity_type", "shadowing")
    for name, text in TEXTS.items():
        page.fill(f"#id_{name}", text)
    page.fill("#id_peer_role", "Team manager")
    page.locator(f"input[name=standards][value='{standard.pk}']").check()
    page.get_by_role("button", name="Save and mark complete").click()
    page.wait_for_url("**/entries/*/")
    assert Entry.objects.filter(owner=owner, status="complete").count() == 2

    # Ready to copy, then the year copied across.
    page.goto("/dashboard/")
    expect(page.locator("body")).to_contain_text("Ready to copy; copied: 0 of 2.")
    year = clock.today().year + (1 if clock.today().month == 12 else 0)
    page.goto(f"/years/{year}/copy/")
    assert_no_horizontal_scroll(page)
    assert page.locator(".js-copy").count() >= 9
    screenshot(page, "year-copy-phone")
    for _ in range(2):
        page.get_by_role(
            "button", name="I copied this to my Social Work England account"
        ).first.click()
        page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Requirement met")
    page.goto("/dashboard/")
    expect(page.locator("body")).to_contain_text(
        "Requirement met: you ticked 2 different pieces as copied"
    )
    assert_no_horizontal_scroll(page)
    screenshot(page, "dashboard-met-phone")
