"""Issue 26's peer journey on a phone (390 px): the dashboard says a peer reflection is
missing and links to the place that does it; a colleague confirms through the link; the
dashboard counts it at once, with nothing for the worker to copy across by hand."""

import datetime
from urllib.parse import urlparse

from playwright.sync_api import expect

from corpus.models import Standard
from corpus.standards_loading import load_bundled_standards
from journal import clock
from journal.models import Entry
from journal.year.registration import RegistrationYear
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user, save_entry

PIECES = [
    (
        "Shadowing the hospital discharge team",
        "A morning with the discharge team on the ward.",
        "Discharge decisions are made fast and families are told late.",
        "I now phone carers before discharge meetings, so people are part of the plan.",
    ),
    (
        "Reading on trauma-informed practice",
        "A chapter on trauma-informed practice with families.",
        "Safety comes before insight; predictability helps.",
        "I changed how I open visits so that parents feel less judged.",
    ),
]


def _two_ready_pieces_without_a_peer():
    load_bundled_standards()
    worker = make_user("rhea", display_name="Rhea Worker")
    standard = Standard.objects.filter(framework__is_primary=True).order_by("order").first()
    today = clock.today()
    # Inside this registration year and before today, whatever day the suite runs.
    day = max(RegistrationYear.current(today).start, today - datetime.timedelta(days=3))
    entries = [
        save_entry(
            worker,
            title=title,
            description=description,
            learning=learning,
            impact=impact,
            activity_type="other",
            activity_date=day,
            status=Entry.Status.MARKED_COMPLETE,
            standards=[standard],
        )
        for title, description, learning, impact in PIECES
    ]
    return worker, entries, day


def test_a_peer_confirms_and_the_dashboard_counts_it_on_a_phone(
    phone_page, browser, live_server, transactional_db
):
    page = phone_page
    _worker, (first, _second), day = _two_ready_pieces_without_a_peer()
    login(page, "rhea", PASSWORD)
    page.goto("/dashboard/")
    summary = page.locator(f"#requirement-summary-{RegistrationYear.current().end.year}")
    expect(summary).to_contain_text("Still missing: a ready piece of CPD with a peer reflection")
    steps = page.locator(".peer-steps li")
    assert steps.count() == 2
    assert_no_horizontal_scroll(page)
    page.locator(".peer-steps").scroll_into_view_if_needed()
    screenshot(page, "peer-missing-dashboard-390")

    # The dashboard's own link goes straight to asking a colleague about the first piece.
    page.locator(f'.peer-steps a[href="/entries/{first.pk}/peer/"]').click()
    page.get_by_label("A short summary for your peer").fill(
        "We talked about rushed discharges in supervision on Tuesday."
    )
    page.get_by_role("button", name="Make the link").click()
    link = urlparse(page.locator("#peer-link-text").input_value()).path

    peer = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    ).new_page()
    peer.goto(link)
    assert_no_horizontal_scroll(peer)
    peer.get_by_label("Date of the discussion").fill(day.isoformat())
    peer.get_by_label("Supervision").check()
    peer.get_by_label("Your name").fill("Priya Patel")
    peer.get_by_label("Manager or supervisor").check()
    peer.get_by_label("One thing you took away from the discussion").fill(
        "Escalating a rushed discharge early protects the person and the team."
    )
    peer.get_by_role("button", name="Confirm the discussion").click()
    expect(peer.get_by_role("heading", name="Thank you")).to_be_visible()
    peer.context.close()

    page.goto("/dashboard/")
    summary = page.locator(f"#requirement-summary-{RegistrationYear.current().end.year}")
    expect(summary).to_contain_text("Ready to copy; copied: 0 of 2.")
    expect(page.locator("body")).not_to_contain_text("Still missing: a ready piece")
    assert page.locator(".peer-steps").count() == 0
    piece = page.locator(f"#readiness-{first.pk}")
    expect(piece).to_contain_text("With a peer reflection")
    assert_no_horizontal_scroll(page)
    screenshot(page, "peer-counted-dashboard-390")

    # The peer's words are in the entry, where the worker can change them.
    page.goto(f"/entries/{first.pk}/edit/")
    assert page.locator("#id_peer_name").input_value() == "Priya Patel"
    assert page.locator("#id_peer_role").input_value() == "Manager or supervisor"
    assert "Escalating a rushed discharge" in page.locator("#id_peer_learning").input_value()
    screenshot(page, "peer-filled-editor-390")
