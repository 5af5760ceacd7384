"""A supervisor of several people records a session from the agenda, the worker confirms it on
a phone, and the next agenda carries the action agreed."""

import datetime

from playwright.sync_api import expect

from corpus.standards_loading import load_bundled_standards
from journal import clock
from journal.models import SessionAction, SupervisionSession
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_supervision, make_user


def test_a_session_is_recorded_confirmed_and_its_action_carried(page, phone_page):
    load_bundled_standards()
    supervisor = make_user("dana", display_name="Dana Price", role="supervisor")
    priya = make_user("priya", display_name="Priya Shah", registration_number="SW123456")
    for username, name in [("tom", "Tom Okafor"), ("lena", "Lena Fischer")]:
        make_supervision(make_user(username, display_name=name), supervisor)
    link = make_supervision(priya, supervisor)
    due = clock.today() + datetime.timedelta(days=14)

    # The supervisor, at a desk, opens Priya's agenda from the team and records the session.
    login(page, "dana", PASSWORD)
    page.goto("/review/team/")
    page.get_by_role("link", name="Agenda for Priya Shah").click()
    page.get_by_role("button", name="Record this session").click()
    page.get_by_label("What you discussed").fill(
        "Priya's home visit reflection and statement 3.4 (risk indicators)."
    )
    page.locator("#id_act-0-text").fill("Read the local safeguarding procedure")
    page.locator("#id_act-0-due_on").fill(due.isoformat())
    page.locator("#id_act-1-text").fill("Find Priya a shadowing visit")
    page.locator("#id_act-1-owner").select_option("supervisor")
    screenshot(page, "session-record-1280")
    page.get_by_role("button", name="Save and ask Priya Shah to confirm").click()
    expect(page.locator("body")).to_contain_text(
        "Session recorded. Priya Shah has been asked to confirm it."
    )
    expect(page.locator("body")).to_contain_text("Not confirmed yet")
    screenshot(page, "session-recorded-1280")

    # Priya, on her phone, finds it on her dashboard: the record to confirm, when the next
    # session is due, and her action (not Dana's), and confirms it with a note.
    login(phone_page, "priya", PASSWORD)
    phone_page.goto("/dashboard/")
    own = phone_page.locator("#dashboard-supervision")
    expect(own).to_contain_text("Dana Price wrote up your session of")
    next_due = link.next_session_due(clock.today())
    assert f"With Dana Price: next session due {next_due:%-d %B %Y}" in own.inner_text()
    actions = phone_page.locator("#open-actions")
    expect(actions).to_contain_text("Read the local safeguarding procedure")
    assert f"by {due:%-d %B %Y}" in actions.inner_text()
    expect(own).not_to_contain_text("shadowing")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "dashboard-session-to-confirm-390")
    own.get_by_role("link", name="Read it and confirm it").click()
    phone_page.wait_for_load_state()
    expect(phone_page.locator("body")).to_contain_text(
        "Read the local safeguarding procedure (Priya Shah, by"
    )
    expect(phone_page.locator("body")).to_contain_text("Find Priya a shadowing visit (Dana Price)")
    assert_no_horizontal_scroll(phone_page)
    phone_page.get_by_label("Your note (optional when you confirm)").fill(
        "Thank you: I will book the visit with the duty team."
    )
    screenshot(phone_page, "session-confirm-390")
    phone_page.get_by_role("button", name="Confirm the record").click()
    expect(phone_page.locator("body")).to_contain_text(
        "Confirmed. The record is now agreed between you."
    )
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "session-confirmed-390")
    assert SupervisionSession.objects.get().is_confirmed
    # Confirmed, it no longer waits; her action stays until a later session ticks it off.
    phone_page.goto("/dashboard/")
    assert phone_page.locator("#sessions-to-confirm").count() == 0
    phone_page.locator("#open-actions").get_by_role("link").first.click()
    phone_page.wait_for_url(lambda url: "/sessions/" in url)

    # The next agenda carries both actions; the next record ticks one off.
    page.goto(f"/review/team/{link.pk}/agenda/")
    carried = page.locator(
        "section", has=page.get_by_role("heading", name="Actions from earlier sessions")
    )
    expect(carried).to_contain_text("Read the local safeguarding procedure")
    expect(carried).to_contain_text("Find Priya a shadowing visit")
    # The lines for writing actions by hand are for the printed agenda only.
    expect(page.locator(".agenda-actions ol")).not_to_be_visible()
    expect(page.get_by_text("You write the actions you agree in the record")).to_be_visible()
    screenshot(page, "session-next-agenda-1280")
    page.get_by_role("button", name="Record this session").click()
    page.get_by_label("Find Priya a shadowing visit (Dana Price)").check()
    page.get_by_role("button", name="Save and ask Priya Shah to confirm").click()
    assert list(
        SessionAction.objects.filter(done_in__isnull=True).values_list("text", flat=True)
    ) == ["Read the local safeguarding procedure"]
    page.goto(f"/supervision/{link.pk}/sessions/")
    screenshot(page, "session-list-1280")
    page.goto("/review/team/")
    expect(page.locator("body")).to_contain_text("Next due")
    screenshot(page, "team-1280")
    phone_page.goto(f"/supervision/{link.pk}/sessions/")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "session-list-390")


def test_the_browser_lets_a_username_through_to_the_invitation(phone_page):
    make_user("dana", display_name="Dana Price", role="supervisor")
    make_user("priya", display_name="Priya Shah")
    login(phone_page, "priya", PASSWORD)
    phone_page.goto("/supervision/")
    phone_page.get_by_label("Your supervisor's username or email address").fill("dana")
    phone_page.get_by_role("button", name="Send invitation").click()
    expect(phone_page.locator("body")).to_contain_text("Invitation sent to dana.")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "invite-by-username-390")


def test_a_supervisor_on_a_phone_sees_the_team_the_record_form_and_a_withdrawn_entry(
    phone_page,
):
    from journal.entries.bin import entry_move_to_bin
    from journal.review import sharing
    from tests.factories import make_complete_entry

    load_bundled_standards()
    supervisor = make_user("dana", display_name="Dana Price", role="supervisor")
    priya = make_user("priya", display_name="Priya Shah")
    link = make_supervision(priya, supervisor)
    make_supervision(make_user("tom", display_name="Tom Okafor"), supervisor)
    entry = make_complete_entry(priya, title="Home visit reflection")
    sharing.entry_share(entry=entry, supervision=link, user=priya, submit=True)

    login(phone_page, "dana", PASSWORD)
    phone_page.goto("/review/team/")
    expect(phone_page.locator("body")).to_contain_text("1 waiting")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "team-390")

    # Only the people with something waiting, longest first: the choice stays in the address.
    phone_page.get_by_label("Show").select_option("waiting")
    phone_page.get_by_label("Sort by").select_option("waiting")
    phone_page.get_by_role("button", name="Apply").click()
    phone_page.wait_for_url(
        lambda url: "/review/team/?year=" in url and url.endswith("&show=waiting&sort=waiting")
    )
    rows = phone_page.locator("#team-table tbody th[scope=row]")
    assert rows.all_inner_texts() == ["Priya Shah"]
    expect(phone_page.locator("body")).to_contain_text(
        "1 of 2 people shown: entries waiting for your review"
    )
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "team-filtered-390")
    phone_page.get_by_role("link", name="Print for appraisal (counts only)").click()
    phone_page.wait_for_url(lambda url: "/review/team/print/" in url)
    expect(phone_page.locator("body")).not_to_contain_text("Home visit reflection")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "team-print-390")

    # The only entry waiting: no link goes nowhere.
    phone_page.goto(f"/review/entries/{entry.pk}/")
    expect(phone_page.get_by_text("Nothing else is waiting for your review.")).to_be_visible()
    assert phone_page.get_by_role("link", name="Next waiting →").count() == 0
    phone_page.goto(f"/review/team/{link.pk}/agenda/")
    phone_page.get_by_role("button", name="Record this session").click()
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "session-record-390")

    entry_move_to_bin(entry=entry, user=priya)
    phone_page.goto(f"/review/entries/{entry.pk}/")
    expect(phone_page.locator("body")).to_contain_text("Priya Shah moved this entry to their bin")
    expect(phone_page.locator("body")).not_to_contain_text("Home visit reflection")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "withdrawn-entry-390")
