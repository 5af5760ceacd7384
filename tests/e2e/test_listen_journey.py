"""Listening from a passage in the browser: the audio element plays from the passage's start,
by mouse or keyboard, and from a permalink; offline, the player says it needs a connection."""

import pytest
from playwright.sync_api import expect

from corpus.feeds import import_feed
from corpus.models import Episode, Passage
from tests.corpus.feed_server import FeedServer
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import swe_framework


@pytest.fixture
def episode(transactional_db, settings):
    settings.CORPUS_FETCH_ALLOW_PRIVATE = True
    swe_framework()
    with FeedServer() as server:
        server.serve_audio()
        import_feed(server.url("/feed.xml"))
        yield Episode.objects.select_related("source").get(slug="working-with-interpreters")


def current_time(page) -> float:
    return page.evaluate("() => document.getElementById('episode-audio').currentTime")


def wait_until_playing_from(page, start: float) -> None:
    page.wait_for_function(
        "start => { const a = document.getElementById('episode-audio');"
        " return !a.paused && a.currentTime >= start; }",
        arg=start,
    )


def test_listen_from_here_plays_the_audio_from_the_passage(page, episode):
    # No button colour caught half-way through its transition when the accessibility check runs.
    page.emulate_media(reduced_motion="reduce")
    page.goto(episode.get_absolute_url())
    audio = page.locator("#episode-audio")
    assert audio.get_attribute("controls") is not None
    assert page.get_by_text("Listening needs a connection").is_hidden()

    page.get_by_role("button", name="Listen from here (0:04)").click()
    wait_until_playing_from(page, 4.25)
    assert 4.25 <= current_time(page) < 7
    # The passage being heard is marked, and only that one.
    playing = page.locator(".passage-playing")
    playing.wait_for()
    assert playing.count() == 1
    expect(playing.locator(".passage-text")).to_have_text("What goes wrong most often?")

    # By keyboard: the button is a real button, reached and pressed like any other.
    page.evaluate("() => document.getElementById('episode-audio').pause()")
    button = page.get_by_role("button", name="Listen from here (0:01)")
    button.focus()
    page.keyboard.press("Enter")
    wait_until_playing_from(page, 1.5)
    assert 1.5 <= current_time(page) < 4.25
    assert page.js_errors == []
    assert axe_violations(page) == []
    screenshot(page, "episode-player")


def test_a_permalink_to_listen_cues_the_audio_at_the_passage(page, episode):
    passage = Passage.objects.get(text__startswith="People forget to check")
    page.goto(f"{passage.permalink}?listen=1")
    page.wait_for_url(f"**{episode.get_absolute_url()}?listen=1#p-{passage.anchor}")
    page.wait_for_function("() => document.getElementById('episode-audio').currentTime >= 5.5")
    # The passage is where keyboard focus starts: Tab reaches its "Listen from here".
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-listen')")
    assert focused == "5.5"


def test_offline_the_transcript_reads_and_the_player_says_it_needs_a_connection(page, episode):
    page.goto(episode.get_absolute_url())
    page.context.set_offline(True)
    try:
        note = page.get_by_text("Listening needs a connection")
        note.wait_for(state="visible")
        expect(page.get_by_text("The first rule is that you speak to the family")).to_be_visible()
    finally:
        page.context.set_offline(False)
