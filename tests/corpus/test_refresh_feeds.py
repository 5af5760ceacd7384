"""Staying current: refresh_feeds asks each feed conditionally, imports new episodes, re-imports
corrected transcripts with citations found again, and marks withdrawn episodes, never
dropping them."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corpus.feeds import import_feed, refresh_feeds
from corpus.models import Episode, Feed, Passage
from corpus.tasks import refresh_feeds_task
from journal.entries.citing import QuotePart
from tests.factories import make_entry, save_entry

pytestmark = pytest.mark.django_db

NEW_ITEM = b"""<item>
    <title>No transcript yet</title>
    <guid>pn-5</guid>
    <pubDate>Mon, 30 Mar 2026 09:00:00 GMT</pubDate>
    <enclosure url="{base}/audio/5.wav" type="audio/wav" length="1000"/>
    <podcast:transcript url="{base}/5.srt" type="application/srt"/>"""
NEW_TRANSCRIPT = b"""1
00:00:00,000 --> 00:00:02,000
Priya Shah: The transcript arrived a week late, as they sometimes do.
"""


@pytest.fixture
def feed(publisher, standards):
    import_feed(publisher.url("/feed.xml"))
    return Feed.objects.get()


def touch_feed(publisher, old: bytes, new: bytes) -> None:
    """The publisher changes its feed (and so its ETag)."""
    body = publisher.files["/feed.xml"]
    assert old in body
    publisher.put("/feed.xml", body.replace(old, new.replace(b"{base}", publisher.base.encode())))


def test_an_unchanged_feed_is_asked_conditionally_and_nothing_is_written(publisher, feed):
    with CaptureQueriesContext(connection) as queries:
        [result] = refresh_feeds()

    assert result.not_modified and not result.problems
    assert publisher.requests[-1] == "/feed.xml"  # the 304 answer: no transcript fetched
    verbs = {"INSERT", "UPDATE", "DELETE"}
    assert not [q for q in queries if q["sql"].split()[0].upper() in verbs]


def test_a_new_episode_is_imported(publisher, feed):
    publisher.put("/5.srt", NEW_TRANSCRIPT)
    touch_feed(
        publisher,
        b"<item>\n    <title>No transcript yet</title>\n    <guid>pn-5</guid>\n"
        b"    <pubDate>Mon, 30 Mar 2026 09:00:00 GMT</pubDate>\n"
        b'    <enclosure url="' + publisher.base.encode() + b'/audio/5.wav" type="audio/wav" '
        b'length="1000"/>',
        NEW_ITEM,
    )

    [result] = refresh_feeds()

    assert result.report.created == 1 and result.report.withdrawn == 0
    episode = Episode.objects.get(guid="pn-5")
    assert episode.number == 5 and episode.passages.get().start == 0.0


def test_a_corrected_transcript_is_reimported_and_its_citations_found_again(publisher, feed, owner):
    passage = Passage.objects.get(text__startswith="The first rule is that you speak")
    entry = make_entry(owner)
    first_sentence = QuotePart(passage, 0, passage.text.index(" I am there"))
    save_entry(owner, entry=entry, cite=[first_sentence])
    citation = entry.citations.get()
    # The publisher corrects a word in the same passage, and says so in its feed.
    publisher.put("/2.vtt", publisher.files["/2.vtt"].replace(b"as I can", b"as I possibly can"))
    touch_feed(publisher, b"09:00:00 GMT</lastBuildDate>", b"12:00:00 GMT</lastBuildDate>")

    [result] = refresh_feeds()

    assert (result.report.created, result.report.deleted) == (1, 1)
    assert result.report.citations == 1
    citation.refresh_from_db()
    corrected = Passage.objects.get(text__contains="as faithfully as I possibly can")
    assert citation.status == "moved" and citation.passage == corrected
    assert citation.quote == "The first rule is that you speak to the family, not to me."
    assert corrected.start == 1.5 and corrected.end == 4.25
    episode = corrected.episode
    assert episode.changed_at is not None and episode.withdrawn_at is None
    assert Episode.objects.exclude(pk=episode.pk).filter(changed_at__isnull=False).count() == 0


def test_a_withdrawn_episode_is_marked_and_kept_with_its_passages(client, publisher, feed, owner):
    passage = Passage.objects.get(text__startswith="Then there is even more reason")
    entry = make_entry(owner)
    save_entry(owner, entry=entry, cite=[passage])
    body = publisher.files["/feed.xml"]
    start = body.index(b"<item>\n    <title>Supervision that helps")
    publisher.put("/feed.xml", body[:start] + body[body.index(b"</item>", start) + 7 :])

    [result] = refresh_feeds()

    assert result.report.withdrawn == 1 and result.report.deleted == 0
    episode = Episode.objects.get(guid="pn-3")
    assert episode.withdrawn_at is not None
    assert episode.passages.count() == 4 and episode.passages.filter(speaker=None).count() == 0
    assert entry.citations.get().status == "ok"
    page = client.get(episode.get_absolute_url()).content.decode()
    assert "The publisher withdrew this episode from its feed" in page
    assert "Then there is even more reason to make the time." in page
    listing = client.get(episode.source.get_absolute_url()).content.decode()
    assert listing.count("Withdrawn by the publisher") == 1
    # Still withdrawn, and still there, after the next change to the feed.
    touch_feed(publisher, b"09:00:00 GMT</lastBuildDate>", b"12:00:00 GMT</lastBuildDate>")
    [again] = refresh_feeds()
    assert again.report.withdrawn == 0 and Episode.objects.get(guid="pn-3").passages.count() == 4


def test_a_failed_refresh_is_recorded_and_changes_nothing(publisher, feed):
    del publisher.files["/feed.xml"]
    passages = Passage.objects.count()

    [result] = refresh_feeds()

    assert result.problems == ["The feed could not be fetched: the server answered 404 Not Found."]
    feed.refresh_from_db()
    assert feed.error == result.problems[0]
    assert Passage.objects.count() == passages and Episode.objects.count() == 4


def test_the_command_reports_each_feed_and_fails_when_one_failed(publisher, feed):
    out = io.StringIO()
    call_command("refresh_feeds", "--now", stdout=out)
    assert out.getvalue() == f"{feed.url}: unchanged\n"

    del publisher.files["/feed.xml"]
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 feed"):
        call_command("refresh_feeds", "--now", stdout=io.StringIO(), stderr=err)
    assert "404 Not Found" in err.getvalue()


def test_the_worker_task_refreshes_every_feed(publisher, feed):
    result = refresh_feeds_task.enqueue()
    assert result.return_value == {"feeds": 1, "failed": 0, "imported": 0}
    out = io.StringIO()
    call_command("refresh_feeds", stdout=out)  # cron's way: queued (run at once in tests)
    assert out.getvalue().startswith("Queued the feed refresh")


def test_episodes_beyond_a_new_limit_are_kept_as_they_were(publisher, feed):
    import_feed(feed.url, limit=3)

    assert Episode.objects.filter(withdrawn_at__isnull=False).count() == 0
    assert Episode.objects.count() == 4 and Passage.objects.count() == 18


def test_an_editor_refreshes_a_feed_from_the_admin(client, publisher, feed):
    from django.urls import reverse

    from tests.factories import make_user

    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    url = reverse("admin:corpus_feed_changelist")
    assert client.get(url).status_code == 200
    publisher.put("/2.vtt", publisher.files["/2.vtt"].replace(b"as I can", b"as I possibly can"))
    touch_feed(publisher, b"09:00:00 GMT</lastBuildDate>", b"12:00:00 GMT</lastBuildDate>")

    response = client.post(url, {"action": "refresh", "_selected_action": [feed.pk]}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        f"{feed.url}: 1 new passage(s), 0 changed, 0 episode(s) withdrawn."
    ]
    assert client.get(reverse("admin:corpus_feed_add")).status_code == 403


def test_a_renamed_episode_is_the_same_episode_under_its_new_title(publisher, feed):
    episode = Episode.objects.get(guid="pn-2")
    touch_feed(
        publisher,
        b"<title>Working with interpreters</title>",
        b"<title>Working with interpreters (updated)</title>",
    )

    [result] = refresh_feeds()

    assert result.report.withdrawn == 0 and Episode.objects.count() == 4
    episode.refresh_from_db()
    assert episode.title == "Working with interpreters (updated)"
    assert episode.slug == "working-with-interpreters-updated"
    assert episode.passages.count() == 4


def test_a_full_refresh_finds_a_transcript_corrected_under_an_unchanged_feed(publisher, feed):
    publisher.put("/3.srt", publisher.files["/3.srt"].replace(b"even more", b"all the more"))
    [quick] = refresh_feeds()
    assert quick.not_modified  # the feed itself says nothing changed

    out = io.StringIO()
    call_command("refresh_feeds", "--now", "--full", stdout=out)

    assert Passage.objects.filter(text__contains="all the more reason").exists()
    assert Episode.objects.get(guid="pn-3").changed_at is not None
    assert "1 new passage(s), 0 changed" in out.getvalue()
