"""A supervisor of three works through her review queue at 1280 px and 390 px: she sees how long
each entry has waited and which changed since she signed it off, opens the oldest, signs off and
opens the next, steps back and forward, and the last one says nothing else is waiting; the team
view's count takes her to that person's part of the queue.

The flow stepped past an entry and signing off the next one sent her back to it, and opened each
next entry at its foot (the sign-off form's #sign-off); this journey keeps both fixed."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from corpus.models import Standard
from corpus.standards_loading import load_bundled_standards
from journal.models import Entry, Notification
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, login, screenshot
from tests.factories import PASSWORD, make_entry, make_supervision, make_user, save_entry

NOTHING_ELSE = "Nothing else is waiting for your review."


def _team_with_a_queue():
    """Dana supervises Lena, Priya and Tom. Waiting, in the queue's order (by person, oldest
    first): Lena's 12 days; Priya's 9 days, 5 days (changed since Dana signed it off) and 2
    days; Tom's 3 days. Lena has one more, signed off, that is not waiting.

    The server's clock is moved back only while the world is made, before any page opens."""
    load_bundled_standards()
    dana = make_user("dana", display_name="Dana Price", role="supervisor")
    tagged = {"status": Entry.Status.MARKED_COMPLETE, "standards": [Standard.objects.primary()[0]]}
    now = timezone.now()

    def days_ago(days):
        return time_machine.travel(now - datetime.timedelta(days=days), tick=False)

    people = {}
    for username, name in [
        ("lena", "Lena Fischer"),
        ("priya", "Priya Shah"),
        ("tom", "Tom Okafor"),
    ]:
        person = make_user(username, display_name=name)
        people[username] = (person, make_supervision(person, dana))

    def submitted(username, title, days):
        person, link = people[username]
        with days_ago(days):
            entry = make_entry(person, title=title, **tagged)
            sharing_services.entry_share(entry=entry, supervision=link, user=person, submit=True)
        return entry

    submitted("lena", "Reading on attachment", 12)
    signed = submitted("lena", "Shadowing a court hearing", 30)
    with days_ago(25):
        sign_off_services.entry_sign_off(entry=signed, supervisor=dana)
    submitted("priya", "Home visit reflection", 9)
    changed = submitted("priya", "Podcast on risk", 20)
    with days_ago(8):
        sign_off_services.entry_sign_off(entry=changed, supervisor=dana)
    with days_ago(5):
        save_entry(
            people["priya"][0],
            entry=Entry.objects.get(pk=changed.pk),
            learning="Listening again, I heard how the practitioner named the risk aloud.",
        )
    submitted("priya", "Court skills course", 2)
    submitted("tom", "Team meeting on thresholds", 3)
    Notification.objects.update(read_at=timezone.now())
    return people["priya"][0]


def _row(page, title):
    return page.locator("tr", has_text=title)


def _queue_nav(page):
    return page.get_by_role("navigation", name="Review queue")


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_supervisor_works_through_her_queue(request, viewport, transactional_db):
    page = request.getfixturevalue(viewport)
    priya = _team_with_a_queue()
    width = 1280 if viewport == "page" else 390
    login(page, "dana", PASSWORD)

    # The team view: Priya's count says how long and what changed, and opens her part of the queue.
    page.goto("/review/team/")
    priya_row = page.locator("tr", has=page.get_by_role("rowheader", name="Priya Shah"))
    expect(priya_row).to_contain_text("the oldest for 9\xa0days")
    expect(priya_row).to_contain_text("1 changed since sign-off")
    screenshot(page, f"queue-flow-team-{width}")
    priya_row.get_by_role("link", name="3 waiting from Priya Shah").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/review/#supervisee-{priya.pk}")
    expect(page.get_by_role("heading", name="Priya Shah", exact=True)).to_be_in_viewport()

    # The queue: every wait in days, the changed one flagged.
    page.goto("/review/")
    expect(page.locator("body")).to_contain_text("5 entries are waiting for your review.")
    for title, waited in [
        ("Reading on attachment", "12\xa0days"),
        ("Home visit reflection", "9\xa0days"),
        ("Podcast on risk", "5\xa0days"),
        ("Court skills course", "2\xa0days"),
        ("Team meeting on thresholds", "3\xa0days"),
    ]:
        assert waited in _row(page, title).inner_text(), title
    expect(_row(page, "Podcast on risk")).to_contain_text("Changed since sign-off")
    expect(_row(page, "Home visit reflection")).not_to_contain_text("Changed since sign-off")
    assert_no_horizontal_scroll(page)
    assert axe_violations(page) == []
    screenshot(page, f"queue-flow-queue-{width}")

    # The oldest first: nothing before it, so only "Next waiting".
    page.get_by_role("link", name="Reading on attachment").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("waiting 12\xa0days")
    nav = _queue_nav(page)
    expect(nav.get_by_role("link", name="← Previous waiting")).to_have_count(0)
    expect(nav.get_by_role("link", name="Next waiting →")).to_be_visible()
    expect(nav).to_contain_text("1 of 5 waiting")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"queue-flow-oldest-{width}")

    # Sign off and open the next: Priya's oldest.
    page.get_by_role("button", name="Sign off and open the next waiting").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text(
        "Signed off. The exact version you read is on record."
    )
    expect(page.locator("body")).to_contain_text("This is the next entry waiting.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Home visit reflection")
    # Lena's is signed off now, so Priya's oldest is first: nothing before it.
    expect(_queue_nav(page).get_by_role("link", name="← Previous waiting")).to_have_count(0)

    # Next, then previous, then next again: the changed one says what changed.
    _queue_nav(page).get_by_role("link", name="Next waiting →").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Podcast on risk")
    expect(_queue_nav(page)).to_contain_text("2 of 4 waiting")
    expect(page.locator("main")).to_contain_text("waiting 5\xa0days")
    changed = page.get_by_role("status").filter(has_text="Changed since sign-off")
    expect(changed).to_contain_text("Since then Priya Shah changed: What I learnt.")
    screenshot(page, f"queue-flow-changed-{width}")
    _queue_nav(page).get_by_role("link", name="← Previous waiting").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home visit reflection")
    _queue_nav(page).get_by_role("link", name="Next waiting →").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Podcast on risk")

    # Signing off goes on where "Next waiting" pointed, past the one she stepped back over,
    # and each next entry opens at its top; after the queue's end, round to the one left.
    for following in ["Court skills course", "Team meeting on thresholds", "Home visit reflection"]:
        page.get_by_role("button", name="Sign off and open the next waiting").click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_have_text(following)
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()

    # The last one: nowhere else to go, and it says so.
    nav = _queue_nav(page)
    expect(nav).to_contain_text(NOTHING_ELSE)
    expect(nav.get_by_role("link", name="Next waiting →")).to_have_count(0)
    expect(nav.get_by_role("link", name="← Previous waiting")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign off and open the next waiting")).to_have_count(0)
    assert_no_horizontal_scroll(page)
    screenshot(page, f"queue-flow-last-{width}")
    # Each click starts a new page: wait for its words, not for a load the old page had done.
    page.get_by_role("button", name="Sign off this version").click()
    expect(page.get_by_text("Signed off. The exact version you read is on record.")).to_be_visible()
    page.get_by_role("link", name="Back to the queue").click()
    expect(page.get_by_text("Nothing is waiting for your review.")).to_be_visible()
    screenshot(page, f"queue-flow-done-{width}")
    if viewport == "page":
        assert page.js_errors == []
