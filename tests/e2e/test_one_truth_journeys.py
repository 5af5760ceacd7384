"""Issue 11's journeys, as a new user met them: an invitation by email before the supervisor
has an account, a refused save with a citation, and an edit after sign-off."""

from playwright.sync_api import expect

from corpus.models import Passage, Standard
from corpus.standards_loading import load_bundled_standards
from journal.models import Entry, ReviewState, Supervision
from journal.review import sharing, sign_off
from journal.review.standing import review_state
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot, sign_up
from tests.factories import PASSWORD, make_passage, make_source, make_user, save_entry

# What the editor's status line says when an autosave tick finds a complete entry changed: it
# sends nothing. Waiting for it (rather than a fixed six seconds) waits for that very tick.
COMPLETE_NOT_SENT = "Not saved yet: a complete entry changes only when you press “Save”"


def test_an_invitation_by_email_waits_for_a_supervisor_who_signs_up_later(
    page, browser, live_server, transactional_db
):
    make_user("worker", display_name="Wren Worker")
    login(page, "worker", PASSWORD)
    page.goto("/supervision/")
    page.fill("#id_identifier", "bea@example.org")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    # The page that once answered 500 lists the waiting invitation, and it can be cancelled.
    expect(page.locator("body")).to_contain_text("bea@example.org")
    screenshot(page, "supervision-pending-invitation")

    bea = browser.new_context(base_url=live_server.url).new_page()
    # The invitation is hers only once she has confirmed the address it was sent to.
    sign_up(bea, "bea@example.org", "Bea Supervisor")
    bea.goto("/supervision/")
    with bea.expect_response(lambda response: response.request.method == "POST"):  # answered: saved
        bea.get_by_role("button", name="Accept").first.click()
    assert Supervision.objects.get().status == Supervision.Status.ACTIVE
    bea.context.close()


def test_a_refused_save_keeps_the_citation_and_the_text(page, phone_page, transactional_db):
    load_bundled_standards()
    source = make_source("tisw", title="This Is Social Work")
    passage = make_passage(
        source, "Reflection needs protected time in supervision.", speaker="Fran"
    )
    make_user("writer")
    login(page, "writer", PASSWORD)
    page.goto(f"/entries/new/?cite={source.slug}:{passage.anchor}")
    page.fill("#id_description", "Listened on the train.")
    page.get_by_role("button", name="Save and mark complete").click()
    page.wait_for_load_state()
    # Refused (nothing learnt yet), but kept: a draft with its citation, and the page says so.
    expect(page.locator("body")).to_contain_text("Your text is kept as a draft")
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.DRAFT
    assert entry.citations.get().quote == passage.text
    assert page.get_by_label("Keep this quotation in the entry").is_checked()
    screenshot(page, "refused-save-kept")

    # A reload loses nothing either.
    page.reload()
    expect(page.locator("body")).to_contain_text(passage.text)
    page.get_by_label("What I learnt", exact=True).fill("Protect the time.")
    page.get_by_label("Impact on my practice and the people I work with").fill(
        "I block an hour; the families I work with get a calmer worker."
    )
    page.get_by_label("4. Maintain my continuing professional development").check()
    page.get_by_role("button", name="Save and mark complete").click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.is_complete and entry.citations.count() == 1

    login(phone_page, "writer", PASSWORD)
    phone_page.goto(f"/entries/{entry.pk}/")
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "entry-document-phone")


def _submitted(worker, boss, title):
    """A complete entry of the worker's, on trust, submitted to the supervisor."""
    load_bundled_standards()
    entry = save_entry(
        worker,
        title=title,
        description="Read about trust.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        status=Entry.Status.MARKED_COMPLETE,
        standards=list(Standard.objects.filter(number="2")),
    )
    link = Supervision.objects.create(supervisee=worker, supervisor=boss, status="active")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)
    return entry


def test_an_edit_after_sign_off_asks_first(page, transactional_db):
    worker = make_user("owner2", display_name="Olu Owner")
    boss = make_user("boss2", display_name="Sue Supervisor")
    entry = _submitted(worker, boss, "Signed reflection")
    sign_off.entry_sign_off(entry=entry, supervisor=boss, note="Well reflected.")

    login(page, "owner2", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    expect(page.get_by_role("heading", name="This entry is signed off")).to_be_visible()
    screenshot(page, "signed-off-choice")
    learning = page.get_by_label("What I learnt", exact=True)
    learning.click()
    page.keyboard.type(" And honesty.")  # read-only until they choose: nothing changes
    assert learning.input_value() == "Trust takes time."
    expect(page.locator("#autosave-status")).to_contain_text("signed off")
    page.wait_for_timeout(6000)  # longer than one autosave interval
    entry.refresh_from_db()
    assert entry.learning == "Trust takes time."  # nothing was autosaved behind their back
    assert review_state(entry) == ReviewState.SIGNED_OFF

    page.get_by_role("button", name="Edit and ask for a new sign-off").click()
    learning.fill("Trust takes time, and honesty.")
    # The next autosave tick takes the complete entry's branch, which sends nothing.
    page.locator("#autosave-status").filter(has_text=COMPLETE_NOT_SENT).wait_for()
    entry.refresh_from_db()
    assert entry.learning == "Trust takes time."  # complete: it changes only on Save
    expect(page.locator("#autosave-status")).to_contain_text("only when you press “Save”")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.learning == "Trust takes time, and honesty."
    assert review_state(entry) == ReviewState.CHANGED_SINCE_SIGN_OFF

    page.goto(f"/entries/{entry.pk}/versions/")
    expect(page.locator("body")).to_contain_text("Signed off by Sue Supervisor")
    assert Passage.objects.count() == 0  # nothing else was touched


def test_a_refused_new_entry_kept_as_a_draft_is_not_offered_back_as_unsaved(page, transactional_db):
    load_bundled_standards()
    make_user("hurried")
    login(page, "hurried", PASSWORD)
    page.goto("/entries/new/")
    page.fill("#id_title", "Team briefing on the new practice model")
    page.fill("#id_description", "A briefing from the principal social worker.")
    page.get_by_role("button", name="Save and mark complete").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("Your text is kept as a draft")
    page.get_by_role("link", name="Dashboard").first.click()
    page.wait_for_load_state()
    page.goto("/entries/new/")
    # The text is on the server as that draft: offering it as "never saved" would copy it.
    page.wait_for_timeout(300)
    expect(page.locator("#restore-local")).not_to_be_visible()
    assert Entry.objects.count() == 1


def test_text_put_back_after_leaving_goes_into_the_draft_it_became_never_a_copy(
    page, transactional_db
):
    load_bundled_standards()
    make_user("leaver")
    login(page, "leaver", PASSWORD)
    page.goto("/entries/new/")
    page.fill("#id_title", "Home visit debrief")
    page.fill("#id_description", "Talked it through on the way back.")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?"
    page.get_by_role("link", name="Dashboard").first.click()  # the save sent as it closes
    page.wait_for_load_state()
    page.wait_for_timeout(500)
    page.goto("/entries/new/")
    # The device cannot know the save arrived, so it offers the text back, without a copy.
    expect(page.locator("#restore-local")).to_be_visible()
    page.get_by_role("button", name="Put it back in the form").click()
    page.locator("#autosave-status").filter(has_text="Draft saved at").wait_for()  # the autosave
    assert Entry.objects.filter(title="Home visit debrief").count() == 1


def test_a_half_typed_date_is_named_before_anything_is_sent(page, transactional_db):
    load_bundled_standards()
    make_user("dater")
    login(page, "dater", PASSWORD)
    page.goto("/entries/new/")
    page.fill("#id_title", "Reading on capacity")
    date = page.locator("#id_peer_date")
    date.click()
    page.keyboard.type("31")  # the day only
    page.get_by_role("button", name="Save draft").click()
    status = page.locator("#autosave-status")
    status.filter(has_text="day, month and year").wait_for()
    expect(status).to_contain_text("Finish “Date of the discussion”")
    assert page.input_value("#id_title") == "Reading on capacity"


def test_text_typed_while_saves_fail_is_kept_on_the_device_and_offered_back(page, transactional_db):
    load_bundled_standards()
    owner = make_user("typist")
    entry = save_entry(owner, title="Draft on the train", learning="First thought.")
    login(page, "typist", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    # The server is down for the autosave (as in a database outage).
    page.route("**/autosave/", lambda route: route.fulfill(status=500, body="Server error"))
    field = page.get_by_label("What I learnt", exact=True)
    field.fill("First thought. Then a second, longer one that must not be lost.")
    page.locator("#autosave-status").filter(has_text="kept on this device").wait_for()
    entry.refresh_from_db()
    assert entry.learning == "First thought."

    page.on("dialog", lambda dialog: dialog.accept())  # the "leave this page?" warning
    page.reload()
    page.unroute("**/autosave/")
    expect(page.locator("#restore-local")).to_be_visible()
    screenshot(page, "restore-local-text")
    page.get_by_role("button", name="Put it back in the form").click()
    assert field.input_value().endswith("must not be lost.")
    # A fixed wait: the reload's last save may already have carried the text, and then no
    # later save says "Draft saved at".
    page.wait_for_timeout(6000)
    entry.refresh_from_db()
    assert entry.learning.endswith("must not be lost.")


def test_an_entry_deleted_in_another_tab_stops_autosave_with_a_clear_message(
    page, transactional_db
):
    load_bundled_standards()
    owner = make_user("twotabs")
    entry = save_entry(owner, title="Two tabs")
    login(page, "twotabs", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    from journal.entries.bin import entry_move_to_bin

    entry_move_to_bin(entry=entry, user=owner)
    page.get_by_label("What I learnt", exact=True).fill("Typed after the delete.")
    page.locator("#autosave-status").filter(has_text="deleted in another tab").wait_for()


def test_saving_after_an_autosave_is_not_a_conflict(page, transactional_db):
    load_bundled_standards()
    owner = make_user("saver")
    entry = save_entry(owner, title="Autosaved first")
    login(page, "saver", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    page.get_by_label("What I learnt", exact=True).fill("Typed, then autosaved.")
    page.wait_for_selector("text=Draft saved at")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    expect(page.locator("body")).not_to_contain_text("changed somewhere else")
    assert not entry.versions.filter(kind="conflict").exists()


def test_the_live_privacy_warning_sits_under_the_field_being_typed(page, transactional_db):
    load_bundled_standards()
    make_user("careful")
    login(page, "careful", PASSWORD)
    page.goto("/entries/new/")
    page.get_by_label("What I learnt", exact=True).fill("I visited Mrs Joan Smith at home.")
    warning = page.locator("#privacy-live-learning .alert")
    warning.wait_for()
    expect(warning).to_contain_text("Mrs Joan")
    # A draft saves itself as it is typed: the warning cannot say "before saving".
    expect(warning).to_contain_text("change it now, as drafts save as you type")
    # It follows the field it is about, before the next field.
    below = page.evaluate(
        """() => {
          const warning = document.getElementById("privacy-live-learning");
          const next = document.getElementById("id_impact");
          const field = document.getElementById("id_learning");
          return field.compareDocumentPosition(warning) & Node.DOCUMENT_POSITION_FOLLOWING
            && warning.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert below


def test_the_live_privacy_warning_lets_the_peer_be_called_by_first_name(page, transactional_db):
    load_bundled_standards()
    make_user("careful")
    login(page, "careful", PASSWORD)
    page.goto("/entries/new/")
    # Typed as a person would, wherever the peer's section stands open or folded.
    page.evaluate(
        """() => {
          document.getElementById("id_peer_name").value = "Jo Bell";
          const learnt = document.getElementById("id_peer_learning");
          learnt.value = "Talking it through with Jo, I saw that Kayden (7) needs a voice.";
          learnt.dispatchEvent(new Event("input", { bubbles: true }));
        }"""
    )
    warning = page.locator("#privacy-live-peer_learning .alert")
    warning.wait_for()
    assert "Kayden" in warning.inner_text() and "“Jo”" not in warning.inner_text()


def test_quote_only_the_selected_words_of_a_passage(page, transactional_db):
    load_bundled_standards()
    source = make_source("tisw", title="This Is Social Work")
    passage = make_passage(
        source, "First sentence here. Reflection needs protected time. Last one.", speaker="Fran"
    )
    make_user("trimmer")
    login(page, "trimmer", PASSWORD)
    page.goto(f"/entries/new/?cite={source.slug}:{passage.anchor}")
    page.evaluate(
        """() => {
          const node = document.querySelector(".js-quoted").firstChild;
          const start = node.textContent.indexOf("Reflection");
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + "Reflection needs protected time.".length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    page.get_by_role("button", name="quote only the selected words").click()
    expect(page.locator(".js-quoted")).to_have_text("Reflection needs protected time.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/entries/*/")
    assert Entry.objects.get().citations.get().quote == "Reflection needs protected time."


def test_a_complete_entry_changes_only_when_saved_and_cancel_throws_the_typing_away(
    page, phone_page, browser, live_server, transactional_db
):
    worker = make_user("finisher", display_name="Fin Worker")
    boss = make_user("reader", display_name="Rea Supervisor")
    entry = _submitted(worker, boss, "Finished reflection")

    login(page, "finisher", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    expect(page.locator("body")).to_contain_text("it changes only when you press “Save”")
    page.get_by_label("What I learnt", exact=True).fill("HALF WRITTEN THOUGHT that I do not")
    # The next autosave tick takes the complete entry's branch, which sends nothing.
    page.locator("#autosave-status").filter(has_text=COMPLETE_NOT_SENT).wait_for()
    screenshot(page, "complete-entry-not-autosaved")
    entry.refresh_from_db()
    assert entry.learning == "Trust takes time."
    boss_page = browser.new_context(base_url=live_server.url).new_page()
    login(boss_page, "reader", PASSWORD)
    boss_page.goto(f"/review/entries/{entry.pk}/")
    expect(boss_page.locator("body")).not_to_contain_text("HALF WRITTEN")

    # Cancel asks, then throws the typing away: nothing comes back as "kept on this device".
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    expect(page.locator("body")).not_to_contain_text("HALF WRITTEN")
    page.goto(f"/entries/{entry.pk}/edit/")
    assert page.locator("#restore-local").is_hidden()

    # On a phone, a change that is saved is saved.
    login(phone_page, "finisher", PASSWORD)
    phone_page.goto(f"/entries/{entry.pk}/edit/")
    phone_page.get_by_label("What I learnt", exact=True).fill("Trust takes time and honesty.")
    phone_page.get_by_role("button", name="Save", exact=True).click()
    phone_page.wait_for_url(f"**/entries/{entry.pk}/")
    assert_no_horizontal_scroll(phone_page)
    entry.refresh_from_db()
    assert entry.learning == "Trust takes time and honesty." and entry.status == "complete"
