"""The entry editor: the regulator's box counted as one types, quotes trimmed on any entry,
and a signed-off entry that says so before anyone types."""

from playwright.sync_api import expect

from corpus.models import Standard
from corpus.standards_loading import load_bundled_standards
from journal.entries.requirement import current_requirement
from journal.models import Entry, Notification, ReviewState, Supervision
from journal.review import sharing, sign_off
from journal.review.standing import review_state
from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, login, screenshot
from tests.factories import PASSWORD, make_passage, make_source, make_user, save_entry


def test_each_box_counts_against_the_regulators_limit_and_still_saves(page, transactional_db):
    make_user("counter")
    login(page, "counter", PASSWORD)
    page.goto("/entries/new/")
    box = current_requirement().box_limits["learning"]
    learning = page.get_by_label("What I learnt", exact=True)
    count = page.locator("#count-learning")
    learning.fill("a" * 10)
    assert count.is_hidden()  # well inside the box: no count to read
    learning.fill("a" * (box - 150))
    assert count.inner_text() == (
        f"{box - 150:,} of {box:,} characters the regulator's box allows."
    )
    assert "text-danger" not in (count.get_attribute("class") or "")
    learning.fill("a" * (box + 5))
    assert count.inner_text().startswith(
        f"{box + 5:,} of {box:,} characters the regulator's box allows: 5 more than it takes."
    )
    expect(count).to_contain_text("You can still save")
    assert "text-danger" in count.get_attribute("class")
    assert learning.input_value() == "a" * (box + 5)  # warned, never cut or blocked
    screenshot(page, "editor-box-limit")


def test_a_signed_off_entry_says_so_before_anyone_types(phone_page, transactional_db):
    page = phone_page
    load_bundled_standards()
    worker = make_user("signed", display_name="Olu Owner")
    boss = make_user("signer", display_name="Sue Supervisor")
    entry = save_entry(
        worker,
        title="Signed reflection",
        description="Read about trust.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        status=Entry.Status.MARKED_COMPLETE,
        standards=list(Standard.objects.filter(number="2")),
    )
    link = Supervision.objects.create(supervisee=worker, supervisor=boss, status="active")
    sharing.entry_share(entry=entry, supervision=link, user=worker, submit=True)
    signed = sign_off.entry_sign_off(entry=entry, supervisor=boss)

    login(page, "signed", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    notice = page.locator("#signed-off-choice")
    # At the top, above the form, with the date and who signed it.
    assert notice.bounding_box()["y"] < page.locator("#entry-form").bounding_box()["y"]
    expect(notice).to_be_visible()
    assert (
        f"Sue Supervisor signed it off on {signed.created_at:%-d %B %Y}. Changing it asks for a "
        "new sign-off"
    ) in notice.inner_text()
    buttons = notice.get_by_role("button")
    assert buttons.count() == 1 and buttons.inner_text() == "Edit and ask for a new sign-off"
    assert page.get_by_label("What I learnt", exact=True).get_attribute("readonly") is not None
    box = page.locator("input[name=standards][data-standard='1']")
    box.click()  # a box cannot change either
    assert not box.is_checked()
    expect(page.locator("#autosave-status")).to_contain_text("at the top before changing it")
    assert_no_horizontal_scroll(page)
    screenshot(page, "signed-off-notice-phone")
    assert axe_violations(page) == []
    page.locator("#id_activity_type").focus()
    page.keyboard.press("ArrowDown")  # a list does not move either
    entry.refresh_from_db()
    assert page.locator("#id_activity_type").input_value() == entry.activity_type

    buttons.click()
    assert notice.is_hidden()
    page.get_by_label("What I learnt", exact=True).fill("Trust takes time, and honesty.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert review_state(entry) == ReviewState.CHANGED_SINCE_SIGN_OFF
    assert (
        Notification.objects.filter(
            recipient=boss, message="Olu Owner changed an entry you signed off"
        ).count()
        == 1
    )


TEXT = "First sentence here. Reflection needs protected time. Last one."
WORDS = "Reflection needs protected time."

SELECT = """([selector, words]) => {
  const node = document.querySelector(selector).firstChild;
  const start = node.textContent.indexOf(words);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_a_quote_is_trimmed_on_a_saved_entry_and_nothing_typed_is_lost(
    phone_page, transactional_db
):
    page = phone_page
    source = make_source("tisw", title="This Is Social Work")
    passage = make_passage(source, TEXT, speaker="Fran")
    worker = make_user("trimmer")
    entry = save_entry(worker, title="Protected time", learning="Time matters.", cite=[passage])
    citation = entry.citations.get()

    login(page, "trimmer", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    learning = page.get_by_label("What I learnt", exact=True)
    learning.fill("Time matters, and I typed this before trimming.")
    page.get_by_role("button", name="Trim this quote").click()
    # Pressed before selecting anything: the answer is beside the button, saying what to do.
    page.get_by_role("button", name="Quote only the selected words").click()
    status = page.locator(".js-trim-panel .js-trim-status")
    assert status.is_visible() and status.get_attribute("role") == "status"
    assert status.inner_text().startswith("No words are selected yet. Select the words you want")
    assert status.inner_text().endswith("then press “Quote only the selected words” again.")
    assert citation.quote != WORDS
    page.evaluate(SELECT, [".js-trim-text", WORDS])
    screenshot(page, "trim-saved-quote-phone")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Quote only the selected words").click()
    page.wait_for_function(
        "words => document.querySelector('[data-citation] .js-quoted').textContent === words",
        arg=WORDS,
    )
    assert (
        "only the words you selected are quoted now"
        in page.locator("#autosave-status").inner_text()
    )
    citation.refresh_from_db()
    assert citation.quote == WORDS
    expect(status).to_have_text("")  # the earlier answer does not linger
    assert learning.input_value() == "Time matters, and I typed this before trimming."
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.learning == "Time matters, and I typed this before trimming."  # no conflict
    assert [c.quote for c in entry.citations.all()] == [WORDS]
    expect(page.locator("blockquote").first).to_contain_text(WORDS)


def test_a_passage_cited_from_the_editors_search_can_be_trimmed(page, transactional_db):
    source = make_source("tisw", title="This Is Social Work")
    make_passage(source, TEXT, speaker="Fran")
    worker = make_user("searcher")
    entry = save_entry(worker, title="Protected time", learning="Time matters.")

    login(page, "searcher", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    page.locator("#passage-search").fill("protected time")
    page.get_by_role("button", name="Cite this").click()
    card = page.locator("#picked-citations [data-text]")
    page.evaluate(SELECT, ["#picked-citations .js-quoted", WORDS])
    card.get_by_role("button", name="quote only the selected words").click()
    expect(card.locator(".js-quoted")).to_have_text(WORDS)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(f"**/entries/{entry.pk}/")
    assert [c.quote for c in entry.citations.all()] == [WORDS]


def test_a_name_autosave_took_out_is_offered_for_removal_in_the_editor(page, transactional_db):
    """The draft held a child's name (version 1); the corrected text autosaves, and the
    editor says the history still holds the name, with the one button removing it."""
    worker = make_user("scrubber")
    entry = save_entry(worker, title="Home visit", learning="I visited Jayden, aged 7, at home.")
    login(page, "scrubber", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    page.get_by_label("What I learnt", exact=True).fill("I visited a boy, aged 7, at home.")
    notice = page.locator("#history-holds")
    notice.get_by_role("button", name="Remove from the history").wait_for()
    expect(notice).to_contain_text("Earlier versions still hold details you have removed")
    expect(notice.locator("mark")).to_contain_text("Jayden")
    assert axe_violations(page) == []  # the red outline on the warning's yellow failed
    notice.get_by_label("Yes, remove it for good").check()
    notice.get_by_role("button", name="Remove from the history").click()
    page.wait_for_url(f"**/entries/{entry.pk}/edit/")
    expect(page.locator("body")).to_contain_text("Removed from 1 earlier version.")
    assert not [v for v in entry.versions.all() if "Jayden" in v.data["learning"]]


def test_suggestions_speak_of_the_text_already_there(page, transactional_db):
    load_bundled_standards()
    owner = make_user("sami")
    entry = save_entry(
        owner,
        title="Shadowing",
        description="Shadowed the hospital discharge team for a morning.",
        learning="Discharge decisions are made fast.",
    )
    login(page, "sami", PASSWORD)
    page.goto(f"/entries/{entry.pk}/edit/")
    panel = page.locator("#suggestions")
    screenshot(page, "suggestions-existing-entry")
    expect(panel).not_to_contain_text("Write a little")
    expect(panel).to_contain_text("No further standard stands out")

    # Written towards a standard: suggested as one types; every text cleared: asked for again.
    page.fill("#id_learning", "I learnt about the Mental Capacity Act.")
    panel.get_by_role("button", name="Tick standard 3 and 3.1").wait_for()
    page.fill("#id_title", "")
    page.fill("#id_description", "")
    page.fill("#id_learning", "")
    panel.get_by_text("Write a little and suggestions will appear here.").wait_for()
    assert page.js_errors == []
