"""Reading an episode on a phone: it loads, lists the other episodes, and "Reflect on this" works."""

import pytest
from playwright.sync_api import expect

from corpus.loading import load_all
from corpus.models import Episode
from corpus.standards_loading import load_bundled_standards
from tests.e2e.conftest import assert_no_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD, make_user


@pytest.fixture
def corpus(transactional_db):
    load_bundled_standards()
    assert all(report.ok for report in load_all())


def test_an_episode_page_on_a_390px_phone(phone_page, corpus):
    make_user("phone-reader")
    login(phone_page, "phone-reader", PASSWORD)
    episode = Episode.objects.select_related("source").get(slug="diversity-data-part-1")
    phone_page.goto(episode.source.get_absolute_url())
    phone_page.get_by_role("link", name="Diversity data, part 1", exact=True).click()
    phone_page.wait_for_url(f"**{episode.get_absolute_url()}")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(episode.title)
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "phone-episode")

    # The list of episodes, with this one marked as the current page.
    nav = phone_page.get_by_role("navigation", name=f"Episodes of {episode.source.title}")
    assert (
        nav.get_by_role("listitem").count() == Episode.objects.filter(source=episode.source).count()
    )
    expect(nav.locator("[aria-current=page]")).to_have_text(episode.title)
    expect(nav.get_by_role("link", name="Diversity data, part 2", exact=True)).to_be_visible()

    # A permalink lands on this page at the passage.
    passage = episode.passages.order_by("position")[5]
    phone_page.goto(passage.permalink)
    phone_page.wait_for_url(f"**{episode.get_absolute_url()}#p-{passage.anchor}")
    expect(phone_page.locator(f"#p-{passage.anchor}")).to_be_visible()

    # Reflect on the first passage: the new entry cites it.
    phone_page.goto(episode.get_absolute_url())
    phone_page.get_by_role("link", name="Reflect on this").first.click()
    phone_page.wait_for_url("**/entries/new/**")
    first = episode.passages.order_by("position").first()
    assert (
        phone_page.locator("input[name=cite]").input_value()
        == f"{first.source.slug}:{first.anchor}"
    )
    assert_no_horizontal_scroll(phone_page)
    screenshot(phone_page, "phone-reflect-from-episode")


def test_an_old_source_fragment_finds_the_passage_on_its_episode_page(page, corpus):
    episode = Episode.objects.select_related("source").get(slug="diversity-data-part-2")
    passage = episode.passages.order_by("position")[3]
    page.goto(f"{episode.source.get_absolute_url()}#p-{passage.anchor}")
    page.wait_for_url(f"**{episode.get_absolute_url()}#p-{passage.anchor}")
    expect(page.locator(f"#p-{passage.anchor}")).to_be_visible()
    screenshot(page, "episode-at-passage")
