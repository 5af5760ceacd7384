"""The entry editor: the regulator's box counted as one types, quotes trimmed on any entry,
and a signed-off entry that says so before anyone types."""

from journal.year.requirement import current_requirement
from tests.e2e.conftest import login, screenshot
from tests.factories import PASSWORD, make_user


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
    assert "You can still save" in count.inner_text()
    assert "text-danger" in count.get_attribute("class")
    assert learning.input_value() == "a" * (box + 5)  # warned, never cut or blocked
    screenshot(page, "editor-box-limit")
