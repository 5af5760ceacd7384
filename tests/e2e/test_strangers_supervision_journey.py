"""Supervision tried by two strangers from the sign-up page: a social worker at a desk and a
supervisor on a phone. Every step goes through the pages; only the emailed codes are read from
the outbox, as a person reads them from their inbox."""

import re

from django.core import mail
from playwright.sync_api import expect

from corpus.standards_loading import load_bundled_standards
from tests.e2e.conftest import (
    assert_no_horizontal_scroll,
    confirm_email,
    screenshot,
    sign_up,
    start_sign_up,
)


def write_entry(page, title: str, standard: int) -> None:
    page.goto("/entries/new/")
    page.fill("#id_title", title)
    page.fill("#id_description", "A home visit to a family who had had four social workers.")
    page.fill("#id_learning", "Trust grows from small promises kept.")
    page.fill("#id_impact", "I read back what I agreed to do at the end of each visit.")
    page.check(f"#id_standards_{standard - 1}")
    page.fill("#id_peer_name", "A senior practitioner")
    page.fill("#id_peer_learning", "We talked through how to write commitments down.")
    page.get_by_role("button", name="Save and mark complete").click()
    page.wait_for_url(re.compile(r".*/entries/\d+/$"))


def test_two_strangers_run_supervision_from_sign_up_to_hand_over(
    page, phone_page, browser, live_server
):
    load_bundled_standards()

    # The supervisor signs up on her phone; the emailed link opened in another browser says
    # why it asks her to log in.
    start_sign_up(phone_page, "rhea@example.org", "Rhea Malik", role="supervisor")
    link = re.search(r"http\S+(/accounts/confirm-email/\?code=\S+)", mail.outbox[-1].body)
    elsewhere = browser.new_context(base_url=live_server.url)
    other = elsewhere.new_page()
    other.goto(link.group(1))
    other.wait_for_url("**/accounts/login/")
    expect(other.locator("body")).to_contain_text(
        "works only in the browser where you created your account"
    )
    screenshot(other, "strangers-confirm-link-elsewhere-1280")
    elsewhere.close()
    confirm_email(phone_page, "rhea@example.org")
    phone_page.goto("/account/profile/")
    username = re.search(r"Username\s+(\S+) \(you can also", phone_page.inner_text("main"))[1]

    # The worker signs up at a desk, writes two reflections, invites her by username.
    sign_up(page, "sam@example.org", "Sam Carter")
    write_entry(page, "Home visit debrief", 2)
    entry_url = page.url
    write_entry(page, "Podcast on reporting concerns", 6)
    page.goto("/supervision/")
    page.get_by_label("Your supervisor's username or email address").fill(username)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("body")).to_contain_text(f"Invitation sent to {username}.")

    # She accepts; the page speaks to her as a supervisor.
    phone_page.goto("/supervision/")
    expect(phone_page.locator("body")).to_contain_text(
        "Accept the invitations of the people you supervise"
    )
    phone_page.get_by_role("button", name="Accept the invitation from Sam Carter").click()
    expect(phone_page.locator("body")).to_contain_text("You now supervise Sam Carter.")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "strangers-supervision-390")

    # Sam submits one entry; Rhea asks for a change from the queue.
    page.goto(entry_url + "share/")
    page.get_by_role("button", name="Submit for review to Rhea Malik").click()
    expect(page.locator("body")).to_contain_text("Submitted to Rhea Malik for review.")
    phone_page.goto("/review/")
    phone_page.get_by_role("link", name="Home visit debrief").click()
    phone_page.get_by_label("Your comment").fill("Say what you will do at the next visit.")
    phone_page.get_by_role("button", name="Request changes").click()
    expect(phone_page.locator("body")).to_contain_text(
        "Changes requested. Sam Carter has been told."
    )

    # Sam edits and sends it back; Rhea signs it off; Sam reads the sign-off once.
    page.goto(entry_url + "edit/")
    page.get_by_label("Impact on my practice and the people I work with", exact=True).fill(
        "At the next visit I will start by checking each promise with the family."
    )
    page.get_by_role("button", name="Save and send back").click()
    expect(page.locator("body")).to_contain_text("sent back to Rhea Malik for review")
    phone_page.goto("/review/")
    phone_page.get_by_role("link", name="Home visit debrief").click()
    phone_page.get_by_role("button", name="Sign off this version").click()
    expect(phone_page.locator("body")).to_contain_text("Signed off.")
    page.goto(entry_url + "share/")
    assert page.inner_text("main").count("Signed off by Rhea Malik") == 1

    # Rhea records a session with an action from the agenda; Sam confirms it with a note.
    phone_page.goto("/review/team/")
    phone_page.get_by_role("link", name="Agenda for Sam Carter").click()
    phone_page.get_by_role("button", name="Record this session").click()
    phone_page.get_by_label("What you discussed").fill("The home visit debrief and standard 2.")
    phone_page.locator("#id_act-0-text").fill("Shadow a first visit")
    phone_page.get_by_role("button", name="Save and ask Sam Carter to confirm").click()
    expect(phone_page.locator("body")).to_contain_text("Session recorded.")
    page.goto("/notifications/")
    page.get_by_role(
        "button",
        name="Rhea Malik recorded your supervision session: read it and confirm it",
        exact=True,
    ).click()
    page.get_by_label("Your note (optional when you confirm)").fill("Booked with the duty team.")
    page.get_by_role("button", name="Confirm the record").click()
    expect(page.locator("body")).to_contain_text("Confirmed. The record is now agreed between you.")

    # The next agenda carries the action, downloads under Sam's name and leads back to the team.
    phone_page.goto("/review/team/")
    phone_page.get_by_role("link", name="Agenda for Sam Carter").click()
    assert "Shadow a first visit" in phone_page.inner_text("main")
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="Download as Markdown").click()
    assert download.value.suggested_filename.startswith("supervision-agenda-sam-carter-")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "strangers-next-agenda-390")
    phone_page.get_by_role("link", name="Your team").click()
    phone_page.wait_for_url("**/review/team/")

    # Rhea ends the supervision, warned what it means for Sam; Sam finds the hand-over page.
    warnings = []
    phone_page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    phone_page.goto("/supervision/")
    phone_page.get_by_role("button", name="End supervision of Sam Carter").click()
    phone_page.wait_for_load_state()
    assert "your sign-offs and comments stay in their record" in warnings[0]
    page.goto("/notifications/")
    page.get_by_role("button", name="Rhea Malik ended your supervision link", exact=True).click()
    page.wait_for_url("**/supervision/handovers/*/")
    expect(page.locator("body")).to_contain_text("Rhea Malik no longer supervises you")
    screenshot(page, "strangers-handover-1280")
