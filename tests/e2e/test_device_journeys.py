"""Nothing lost, nothing left behind, in the browser: a save made offline is sent from another
page once the connection is back; a second person on the same browser finds nothing of the
first; an over-long field is refused and named, its text kept; two tabs autosaving one draft
never fail and keep every text."""

import re

import pytest
from playwright.sync_api import expect

from corpus.standards_loading import load_bundled_standards
from journal.entries.content import MAX_TEXT
from journal.models import Entry, EntryVersion, QuickNote
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot, sign_up
from tests.factories import PASSWORD, make_user, save_entry

DRAFT = {
    "activity_type": "shadowing",
    "title": "Shadowing the discharge team",
    "description": "Shadowed the hospital discharge team for a morning.",
    "learning": "Discharge decisions are made fast.",
    "impact": "I phone carers before discharge meetings.",
}


def stored_keys(page) -> list[str]:
    return page.evaluate("() => Object.keys(window.localStorage).sort()")


def cached_names(page) -> list[str]:
    return page.evaluate("() => caches.keys()")


def controlled(page) -> None:
    """Wait until the service worker has kept the shell and controls this page."""
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("async () => !!(await caches.match('/offline/'))")


def log_out_declined(page, name: str) -> str:
    """Press Log out from `name`'s menu and answer "no" to the warning: what it asked."""
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_timeout(300)
    assert asked, "logging out asked nothing"
    return asked[0]


def test_a_save_made_offline_is_sent_from_another_page(page, phone_page, transactional_db):
    load_bundled_standards()
    from corpus.models import Standard

    owner = make_user("nia", display_name="Nia Worker")
    draft = save_entry(owner, **DRAFT)
    standard = Standard.objects.filter(framework__is_primary=True).order_by("order").first()
    login(page, "nia", PASSWORD)
    page.goto(f"/entries/{draft.pk}/edit/")
    controlled(page)

    # No signal. Pages the worker kept open; any other says what can still be done.
    page.context.set_offline(True)
    page.goto("/entries/")
    expect(page.locator("body")).to_contain_text("No connection just now")
    screenshot(page, "offline-page")
    page.goto("/notes/new/")
    page.fill("#id_what_i_did", "Home visit, no signal.")
    page.get_by_role("button", name="Save note").click()
    page.locator("#note-status", has_text="not yet sent").wait_for()

    # The editor, offline: new words, a tick, and "Save and mark complete".
    page.goto(f"/entries/{draft.pk}/edit/")
    page.fill("#id_learning", "Discharge decisions are made fast and families are told late.")
    page.locator(f"input[name=standards][value='{standard.pk}']").check()
    page.get_by_role("button", name="Save and mark complete").click()
    page.locator("#autosave-status", has_text="waiting to send").wait_for()
    screenshot(page, "editor-queued-offline")
    page.goto("/dashboard/")
    count = page.locator("#outbox-count")
    assert count.get_attribute("data-count") == "2"
    expect(count).to_contain_text("2 saves are waiting to send")
    screenshot(page, "offline-waiting-to-send")
    assert Entry.objects.get(pk=draft.pk).status == "draft"
    assert QuickNote.objects.count() == 0

    # The connection is back while the dashboard is open: both go from here, once.
    page.context.set_offline(False)
    page.locator(
        "#device-outbox", has_text="Entry saved: “Shadowing the discharge team”"
    ).wait_for()
    assert not page.locator("#outbox-count").count()
    screenshot(page, "offline-sent")
    entry = Entry.objects.get(pk=draft.pk)
    assert entry.status == "complete" and "families are told late" in entry.learning
    assert list(entry.standards.values_list("pk", flat=True)) == [standard.pk]
    assert QuickNote.objects.filter(owner=owner).count() == 1
    page.reload()
    page.wait_for_timeout(1000)
    assert entry.versions.exclude(client_key=None).count() == 1
    assert QuickNote.objects.filter(owner=owner).count() == 1
    assert "cpd-editor:" + str(draft.pk) not in stored_keys(page)

    # Offline on the editor itself: the save goes from there once the connection is back.
    page.goto(f"/entries/{draft.pk}/edit/")
    page.context.set_offline(True)
    page.fill("#id_impact", "I phone carers the day before, every time.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator("#autosave-status", has_text="waiting to send").wait_for()
    page.context.set_offline(False)
    page.locator("#autosave-status", has_text="the entry is saved").wait_for()
    assert Entry.objects.get(pk=draft.pk).impact == "I phone carers the day before, every time."
    assert page.js_errors == []

    # On a phone, offline, the count is the first thing under the menu.
    phone = phone_page
    login(phone, "nia", PASSWORD)
    phone.goto("/notes/new/")
    controlled(phone)
    phone.context.set_offline(True)
    phone.fill("#id_what_i_did", "Another visit.")
    phone.get_by_role("button", name="Save note").click()
    phone.goto("/dashboard/")
    phone.locator("#outbox-count").wait_for()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "offline-waiting-to-send-phone")
    phone.context.set_offline(False)
    phone.locator("#device-outbox", has_text="Sent").wait_for()


def leave_traces(page) -> None:
    """A sent quick note, an unsent one, a kept draft and the worker's copies of pages."""
    page.goto("/notes/new/")
    controlled(page)
    page.fill("#id_what_i_did", "Visit to Mrs Example, struggling.")
    page.get_by_role("button", name="Save note").click()
    page.locator("#note-status", has_text=re.compile(r"^Sent\.")).wait_for()
    page.context.set_offline(True)
    page.fill("#id_what_i_did", "Unsent note about a family.")
    page.get_by_role("button", name="Save note").click()
    page.locator("#note-status", has_text="not yet sent").wait_for()
    page.context.set_offline(False)
    page.goto("/entries/new/")
    page.context.set_offline(True)  # the draft cannot reach the server: it stays here
    page.fill("#id_title", "Private reflection on a case")
    page.context.set_offline(False)
    assert {"cpd-outbox", "cpd-editor:new"} <= set(stored_keys(page))
    assert cached_names(page)


def nothing_of(page, words: str) -> None:
    assert [key for key in stored_keys(page) if key != "cpd-owner"] == []
    page.goto("/notes/new/")
    assert page.locator("#outbox").is_hidden() and words not in page.content()
    page.goto("/entries/new/")
    assert page.locator("#restore-local").is_hidden()


def test_a_second_person_on_the_same_browser_finds_nothing_of_the_first(page, transactional_db):
    make_user("first", display_name="First Worker")
    login(page, "first", PASSWORD)
    leave_traces(page)

    # Logging out clears the device (Clear-Site-Data here; the page after it, elsewhere).
    page.route("**/entries/autosave/", lambda route: route.abort())  # no last-moment save
    page.get_by_role("button", name="First Worker").click()
    page.once("dialog", lambda dialog: dialog.accept())  # "1 save has not been sent yet"
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    page.unroute("**/entries/autosave/")
    assert stored_keys(page) == [] and cached_names(page) == []

    sign_up(page, "second@example.org", "Second Worker")
    nothing_of(page, "Mrs Example")
    screenshot(page, "second-person-new-entry")

    # Someone else logs in without the first logging out (a session that ran out): the
    # page's own check finds the device was another person's and clears it.
    from django.contrib.sessions.models import Session

    leave_traces(page)
    Session.objects.all().delete()
    make_user("third", display_name="Third Worker")
    login(page, "third", PASSWORD)
    page.wait_for_function("() => localStorage.getItem('cpd-outbox') === null")
    nothing_of(page, "Mrs Example")
    assert page.js_errors == []


def test_an_over_long_field_is_refused_named_and_kept(page, phone_page, transactional_db):
    owner = make_user("writer")
    draft = save_entry(owner, **DRAFT)
    for each in (page, phone_page):
        login(each, "writer", PASSWORD)
        each.goto(f"/entries/{draft.pk}/edit/")

    # Typing stops at the limit, and the count says so.
    page.fill("#id_title", "x" * 195)
    page.locator("#id_title").press_sequentially("abcdefghij")
    assert len(page.input_value("#id_title")) == 200
    expect(page.locator("#count-title")).to_contain_text("200 of 200 characters: this part is full")

    # A paste that would go past it is refused whole, and said so.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("() => navigator.clipboard.writeText('y'.repeat(30))")
    page.locator("#id_title").select_text()
    page.keyboard.press("Delete")
    page.fill("#id_title", "z" * 190)
    page.locator("#id_title").press("End")
    page.keyboard.press("Control+V")
    assert page.input_value("#id_title") == "z" * 190
    assert (
        "Nothing was pasted: “Title” would be 220 characters"
        in page.locator("#autosave-status").inner_text()
    )

    # A field the server cannot store (the form's own limit taken away): the autosave names
    # it, the rest saves, and the text stays in the form and on this device.
    page.fill("#id_title", "A proper title")
    long_text = "w" * (MAX_TEXT + 1)
    page.evaluate(
        """(text) => {
            const field = document.getElementById('id_learning');
            field.removeAttribute('maxlength');
            field.value = text;
            field.dispatchEvent(new Event('input', {bubbles: true}));
        }""",
        long_text,
    )
    status = page.locator("#autosave-status", has_text="Not all saved")
    status.wait_for()
    assert (
        "“What I learnt”: This is 20001 characters long; it can hold 20000" in status.inner_text()
    )
    expect(page.locator("#unsaved-learning")).to_be_visible()
    assert page.input_value("#id_learning") == long_text
    kept = page.evaluate(f"() => JSON.parse(localStorage.getItem('cpd-editor:{draft.pk}'))")
    assert kept["fields"]["learning"] == long_text
    entry = Entry.objects.get(pk=draft.pk)
    assert entry.title == "A proper title" and entry.learning == DRAFT["learning"]
    page.locator("#id_learning").scroll_into_view_if_needed()
    screenshot(page, "editor-field-not-saved")

    phone_page.fill("#id_title", "t" * 185)
    phone_page.locator("#count-title").wait_for()
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "editor-count-phone")


def test_two_tabs_autosaving_one_draft_never_fail_and_keep_every_text(page, transactional_db):
    owner = make_user("writer")
    draft = save_entry(owner, **DRAFT)
    login(page, "writer", PASSWORD)
    tabs = [page, page.context.new_page()]
    failures = []
    for tab in tabs:
        tab.on("response", lambda r: failures.append(r.url) if r.status >= 500 else None)
        tab.goto(f"/entries/{draft.pk}/edit/")
    typed = {}
    for n, tab in enumerate(tabs):
        typed[n] = f"Tab {n} wrote this."
        tab.fill("#id_impact", typed[n])
    for tab in tabs:  # each autosaves within five seconds; one of them loses the race
        tab.locator("#autosave-status", has_text=re.compile("Draft saved|another tab")).wait_for()
    statuses = [tab.locator("#autosave-status").inner_text() for tab in tabs]
    assert sum("Draft saved" in s for s in statuses) == 1, statuses
    assert sum("Your text is kept as version" in s for s in statuses) == 1, statuses
    screenshot(
        next(t for t in tabs if "another tab" in t.locator("#autosave-status").inner_text()),
        "two-tabs-conflict",
    )
    assert failures == []
    versions = EntryVersion.objects.filter(entry=draft)
    kept = {v.data["impact"] for v in versions}
    assert set(typed.values()) <= kept
    numbers = sorted(versions.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))


def test_sixteen_tabs_saving_at_once_never_fail_and_keep_every_text(page, transactional_db):
    """Sixteen autosaves at once, all from the same revision: one saves, the others each keep
    their text as a version of its own, numbered in turn; no error. On PostgreSQL (CI), where
    each waits for the row lock: the tests' in-memory SQLite database, shared between the
    server's threads, refuses a second writer at once instead of waiting as a file does."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database cannot take concurrent writers")
    owner = make_user("writer")
    draft = save_entry(owner, **DRAFT)
    login(page, "writer", PASSWORD)
    page.goto(f"/entries/{draft.pk}/edit/")
    statuses = page.evaluate(
        """async (url) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const revision = document.querySelector('input[name=revision]').value;
            const sends = Array.from({length: 16}, (_, n) => {
                const body = new FormData();
                body.append('title', 'Shadowing the discharge team');
                body.append('activity_date', '2026-03-14');
                body.append('impact', 'Tab ' + n + ' of sixteen.');
                body.append('revision', revision);
                return fetch(url, {method: 'POST', body, headers: {'X-CSRFToken': token}})
                    .then((r) => r.status);
            });
            return Promise.all(sends);
        }""",
        f"/entries/{draft.pk}/autosave/",
    )
    assert sorted(statuses) == [200] + [409] * 15, statuses
    texts = set(EntryVersion.objects.filter(entry=draft).values_list("data__impact", flat=True))
    assert {f"Tab {n} of sixteen." for n in range(16)} <= texts
    numbers = sorted(EntryVersion.objects.filter(entry=draft).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))


def test_editor_text_typed_offline_and_left_is_named_elsewhere_and_before_logging_out(
    page, transactional_db
):
    make_user("kit", display_name="Kit Worker")
    login(page, "kit", PASSWORD)
    page.goto("/entries/new/")
    controlled(page)
    page.context.set_offline(True)
    page.fill("#id_title", "Written on the bus")
    page.fill("#id_description", "A reflection typed with no signal.")
    page.locator("#autosave-status", has_text="kept on this device").wait_for()
    assert "cpd-editor:new" in stored_keys(page)

    # Another page says where the unsaved text is, and leads back to it.
    page.goto("/dashboard/")
    kept = page.locator("#device-outbox", has_text="kept on this device and not saved yet")
    kept.wait_for()
    assert kept.get_by_role("link", name="Open it to save it").get_attribute("href") == (
        "/entries/new/"
    )
    screenshot(page, "editor-text-kept-elsewhere")

    # Logging out counts it among what would be lost, and a "no" keeps it.
    page.context.set_offline(False)
    assert "1 piece of writing has not been saved yet" in log_out_declined(page, "Kit Worker")
    assert "cpd-editor:new" in stored_keys(page)


def queue_a_save_offline(page, entry) -> None:
    """Open `entry`'s editor under the service worker, lose the connection and "Save draft"."""
    page.goto(f"/entries/{entry.pk}/edit/")
    controlled(page)
    page.context.set_offline(True)
    page.fill("#id_learning", "Families are told late; I ask the ward to ring them first.")
    page.get_by_role("button", name="Save draft").click()
    page.locator("#autosave-status", has_text="waiting to send").wait_for()


def test_a_save_waiting_in_the_outbox_is_named_once_and_never_offered_back(page, transactional_db):
    owner = make_user("ola", display_name="Ola Worker")
    draft = save_entry(owner, **DRAFT)
    login(page, "ola", PASSWORD)

    # "Save draft" with no signal: the save waits in the outbox, and that is all it is.
    queue_a_save_offline(page, draft)
    page.goto("/dashboard/")
    panel = page.locator("#device-outbox")
    panel.locator("#outbox-count").wait_for()
    screenshot(page, "outbox-one-message")
    expect(panel).to_contain_text("1 save is waiting to send")
    expect(panel).to_contain_text("Saved on this device; it will be sent when you are back online")
    expect(panel).not_to_contain_text("not saved yet")

    # Its editor says the same, shows the words waiting to send, and offers nothing back.
    page.goto(f"/entries/{draft.pk}/edit/")
    page.locator("#autosave-status", has_text="Saved on this device; it will be sent").wait_for()
    assert page.locator("#restore-local").is_hidden()
    assert "ring them first" in page.input_value("#id_learning")
    screenshot(page, "outbox-editor-reopened")

    # Words typed after that are in neither the outbox nor the server: those are offered.
    page.fill("#id_impact", "I ring carers the day before, every time.")
    page.goto("/dashboard/")
    page.locator("#device-outbox", has_text="not saved yet").wait_for()
    assert "2 pieces of writing have not been saved yet" in log_out_declined(page, "Ola Worker")

    # Back online: the queued save lands, the later words stay on the device until put back.
    page.context.set_offline(False)
    page.locator("#device-outbox", has_text="Entry saved").wait_for()
    assert "ring them first" in Entry.objects.get(pk=draft.pk).learning
    assert "cpd-editor:" + str(draft.pk) in stored_keys(page)
    page.goto(f"/entries/{draft.pk}/edit/")
    page.locator("#restore-local").wait_for()
    expect(page.locator("#autosave-status")).not_to_contain_text("Saved on this device")
    page.get_by_role("button", name="Put it back in the form").click()
    assert page.input_value("#id_impact") == "I ring carers the day before, every time."
    page.locator("#autosave-status", has_text="Draft saved").wait_for()
    entry = Entry.objects.get(pk=draft.pk)
    assert entry.impact == "I ring carers the day before, every time."
    assert "ring them first" in entry.learning
    assert page.js_errors == []


def test_an_editor_reopened_beside_its_waiting_save_carries_on_once_it_is_sent(
    page, transactional_db
):
    owner = make_user("uma", display_name="Uma Worker")
    draft = save_entry(owner, **DRAFT)
    login(page, "uma", PASSWORD)
    queue_a_save_offline(page, draft)
    page.goto(f"/entries/{draft.pk}/edit/")
    page.locator("#autosave-status", has_text="sent when you are back online").wait_for()

    # The save goes from this editor, which then autosaves again from where it left the entry:
    # no "changed somewhere else" for words typed after it.
    page.context.set_offline(False)
    page.locator("#autosave-status", has_text="the entry is saved").wait_for()
    page.fill("#id_impact", "I ring carers the day before, every time.")
    page.locator("#autosave-status", has_text="Draft saved").wait_for()
    entry = Entry.objects.get(pk=draft.pk)
    assert "ring them first" in entry.learning
    assert entry.impact == "I ring carers the day before, every time."
    assert not entry.versions.filter(kind=EntryVersion.Kind.CONFLICT).exists()
    assert page.js_errors == []


def test_a_save_the_server_could_not_take_says_so_and_goes_once_it_can(page, transactional_db):
    owner = make_user("ivo", display_name="Ivo Worker")
    draft = save_entry(owner, **DRAFT)
    login(page, "ivo", PASSWORD)
    queue_a_save_offline(page, draft)

    # Back online, but the journal answers with an error: "back online" would be untrue.
    def refuse(route):
        if route.request.method == "POST":
            route.fulfill(status=503, body="Service unavailable")
        else:
            route.continue_()

    page.route(f"**/entries/{draft.pk}/edit/", refuse)
    page.context.set_offline(False)
    page.goto("/dashboard/")
    count = page.locator("#outbox-count", has_text="could not take it just now")
    count.wait_for()
    expect(count).not_to_contain_text("back online")
    screenshot(page, "outbox-server-refused")
    assert "ring them first" not in Entry.objects.get(pk=draft.pk).learning

    # The next try (here a page opened) sends it.
    page.unroute(f"**/entries/{draft.pk}/edit/")
    page.reload()
    page.locator("#device-outbox", has_text="Entry saved").wait_for()
    assert "ring them first" in Entry.objects.get(pk=draft.pk).learning
    assert page.js_errors == []


def test_a_button_pressed_offline_on_a_kept_page_says_nothing_was_changed(page, transactional_db):
    import uuid

    owner = make_user("rae", display_name="Rae Worker")
    QuickNote.objects.create(owner=owner, client_id=uuid.uuid4(), what_i_did="Team meeting.")
    login(page, "rae", PASSWORD)
    page.goto("/dashboard/")
    controlled(page)

    # The dashboard kept on the device says it may be old; its buttons need the connection.
    page.context.set_offline(True)
    page.reload()
    notice = page.locator("#offline-notice")
    expect(notice).to_contain_text("this page may be as it was when you last opened it")
    page.get_by_role("button", name="Turn into an entry").click()
    page.get_by_role("heading", name="No connection just now").wait_for()
    expect(page.locator("body")).to_contain_text("nothing was changed")
    assert page.locator("#offline-notice").count() == 0  # the page itself says it
    screenshot(page, "offline-button-pressed")
    assert Entry.objects.filter(owner=owner).count() == 0

    page.context.set_offline(False)
    page.goto("/dashboard/")
    assert page.locator("#offline-notice").count() == 0
    assert page.js_errors == []
