"""A supervisor leaves: she deletes her account after reading what happens to each person she
supervises; the worker, on a phone, reads the notification and invites a new supervisor
carrying the history she chooses; the new supervisor reads exactly that."""

from django.utils import timezone
from playwright.sync_api import expect

from corpus.models import Standard
from corpus.standards_loading import load_bundled_standards
from journal.models import Entry, Handover, Notification
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, login, screenshot
from tests.factories import PASSWORD, make_entry, make_supervision, make_user


def test_a_supervisor_leaves_and_the_worker_hands_over_to_a_new_one(page, phone_page):
    load_bundled_standards()
    dana = make_user("dana", display_name="Dana Price", role="supervisor")
    priya = make_user("priya", display_name="Priya Shah")
    make_user("nia", display_name="Nia Evans", role="supervisor")
    for username, name in [("tom", "Tom Okafor"), ("lena", "Lena Fischer")]:
        make_supervision(make_user(username, display_name=name), dana)
    link = make_supervision(priya, dana)
    tagged = {"status": Entry.Status.MARKED_COMPLETE, "standards": [Standard.objects.primary()[0]]}
    visit = make_entry(priya, title="Home visit reflection", **tagged)
    course = make_entry(priya, title="Court skills course", **tagged)
    for entry in (visit, course):
        sharing_services.entry_share(entry=entry, supervision=link, user=priya, submit=True)
    comment_services.comment_add(entry=visit, author=dana, body="Good use of the research.")
    sign_off_services.entry_sign_off(entry=visit, supervisor=dana, note="Thorough and honest.")
    comment_services.entry_request_changes(
        entry=course, supervisor=dana, body="Say what you will do differently."
    )
    # Read already: the pages this journey opens should not all mark them read at once.
    Notification.objects.update(read_at=timezone.now())

    # Dana reads, first, what happens to each person she supervises, then deletes her account.
    login(page, "dana", PASSWORD)
    page.goto("/account/profile/")
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_load_state()
    if "/accounts/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("First, the 3 people you supervise")
    body = page.content()
    assert "First, the 3 people you supervise" in body
    for name in ("Priya Shah", "Tom Okafor", "Lena Fischer"):
        assert f"<strong>{name}</strong>: their sign-offs and your comments stay" in body
    screenshot(page, "handover-delete-1280")
    page.get_by_label("I understand my entries and everything in them").check()
    page.get_by_role("button", name="Delete my account for good").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text(
        "Your account and all your data have been deleted."
    )

    # Priya, on her phone, follows the notification to the hand-over page.
    login(phone_page, "priya", PASSWORD)
    phone_page.goto("/notifications/")
    phone_page.get_by_role(
        "button", name="Dana Price deleted their account and no longer supervises you", exact=True
    ).click()
    phone_page.wait_for_load_state()
    expect(phone_page.locator("body")).to_contain_text("Dana Price no longer supervises you")
    expect(phone_page.locator("body")).to_contain_text(
        "1 change request you had not answered is closed"
    )
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "handover-offer-390")
    assert axe_violations(phone_page) == []
    # The same offer waits on her Supervision page until she takes it up.
    phone_page.goto("/supervision/")
    former = phone_page.locator(
        "section", has=phone_page.get_by_role("heading", name="Former supervisors")
    )
    expect(former).to_contain_text("Dana Price deleted their account on")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "handover-supervision-390")
    former.get_by_role("link", name="Carry on with a new supervisor after Dana Price").click()
    phone_page.wait_for_load_state()
    phone_page.get_by_label("Your new supervisor's username or email address").fill("nia")
    phone_page.get_by_label("Court skills course").uncheck()
    phone_page.get_by_label("The records of your sessions with Dana Price").uncheck()
    phone_page.get_by_role("button", name="Send the invitation").click()
    phone_page.wait_for_load_state()
    expect(phone_page.locator("body")).to_contain_text("Invitation sent to nia.")
    assert_no_horizontal_scroll(phone_page)

    # The closed request reads as closed beside the entry, without a reply box.
    phone_page.goto(f"/entries/{course.pk}/share/")
    expect(phone_page.locator("body")).to_contain_text(
        "Dana Price left before you replied, so this request is closed."
    )
    expect(phone_page.locator("body")).to_contain_text("Request closed")
    screenshot(phone_page, "handover-closed-request-390")
    # The versions page names the former supervisor on the signed-off version's badge; at
    # 390 px the long badge wraps instead of pushing the page sideways.
    phone_page.goto(f"/entries/{visit.pk}/versions/")
    badge = phone_page.locator(".review-state-signed_off").first
    expect(badge).to_contain_text("Signed off by Dana Price (account deleted)")
    box, item = badge.bounding_box(), phone_page.locator(".list-group-item").first.bounding_box()
    assert box["x"] + box["width"] <= item["x"] + item["width"]
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "handover-versions-390")

    # Priya puts her phone down: its last requests land before Nia starts (SQLite in tests
    # allows one writer at a time).
    phone_page.goto("about:blank")
    phone_page.wait_for_timeout(300)

    # Nia accepts and reads the home visit with Dana's sign-off and comment, read-only.
    login(page, "nia", PASSWORD)
    page.goto("/supervision/")
    page.get_by_role("button", name="Accept the invitation from Priya Shah").click()
    page.wait_for_load_state()
    page.goto("/review/")
    expect(page.locator("body")).not_to_contain_text("Court skills course")
    page.get_by_role("link", name="Home visit reflection").first.click()
    page.wait_for_load_state()
    history = page.locator("section.handover-history")
    expect(history).to_contain_text("History from Dana Price (account deleted)")
    assert "Thorough and honest." in history.inner_text()
    expect(page.locator("body")).to_contain_text("Good use of the research.")
    assert page.get_by_role("button", name="Send reply").count() == 0
    screenshot(page, "handover-new-supervisor-1280")
    assert axe_violations(page) == []
    assert Handover.objects.get(supervisee=priya).successor.supervisor.username == "nia"
