"""A stranger searches the library with words no passage has together, at 1280 px and 390 px."""

import pytest

from corpus.loading import load_all
from corpus.standards_loading import load_bundled_standards
from tests.e2e.conftest import assert_no_horizontal_scroll, axe_violations, screenshot


@pytest.fixture
def corpus(transactional_db):
    load_bundled_standards()
    assert all(report.ok for report in load_all())


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_search_no_passage_answers_whole_finds_the_closest(request, viewport, corpus):
    page = request.getfixturevalue(viewport)
    page.goto("/search/")
    page.fill("#search-q", "capacity assessment")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("21 passages found")
    note = page.locator(".search-some-words")
    assert note.inner_text() == (
        "No passage has all of these words, so these have some of them, the closest first."
    )
    results = page.locator(".search-results > li")
    first_three = " ".join(results.nth(i).inner_text() for i in range(3))
    assert "having capacity to understand the risk" in first_three
    assert_no_horizontal_scroll(page)
    assert axe_violations(page) == []
    screenshot(page, f"search-some-words-{viewport}")
