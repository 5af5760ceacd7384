"""Transcript formats and merging cues into passages: pure functions, no database."""

import pytest

from corpus.importers.base import ImportFormatError
from corpus.importers.podcast_feed import ListedEpisode, Transcript, read_feed
from corpus.importers.transcripts import (
    PASSAGE_MAX_CHARS,
    PASSAGE_MIN_CHARS,
    Chapter,
    Cue,
    format_of,
    parse_timestamp,
    passages_from_cues,
    read_chapters,
    read_cues,
)


def test_types_name_formats_whatever_their_case_and_parameters():
    assert format_of("application/json") == "json"
    assert format_of("text/VTT; charset=utf-8") == "vtt"
    assert format_of("application/srt") == "srt"
    assert format_of("text/plain") is None


def test_json_segments_are_preferred_then_webvtt_srt_and_html():
    episode = ListedEpisode(
        guid="1",
        title="One",
        transcripts=[
            Transcript("https://x.example/1.html", "text/html"),
            Transcript("https://x.example/1.srt", "application/x-subrip"),
            Transcript("https://x.example/1.txt", "text/plain"),
            Transcript("https://x.example/1.vtt", "text/vtt"),
        ],
    )
    assert episode.transcript().format == "vtt"
    episode.transcripts.append(Transcript("https://x.example/1.json", "application/json"))
    assert episode.transcript().format == "json"
    episode.transcripts = [Transcript("https://x.example/1.txt", "text/plain")]
    assert episode.transcript() is None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("0:00", 0.0), ("12:41", 761.0), ("1:02:03", 3723.0), ("12:41.5", 761.5), ("soon", None)],
)
def test_html_timestamps(value, seconds):
    assert parse_timestamp(value) == seconds


def test_a_turn_becomes_passages_at_sentence_ends_once_long_enough():
    sentence = "This sentence is here to make the turn long enough to be split. "
    cues = [Cue(float(n), n + 1.0, "Ann", sentence.strip()) for n in range(12)]

    passages = passages_from_cues(cues)

    assert all(
        PASSAGE_MIN_CHARS <= len(p.text) < PASSAGE_MIN_CHARS + len(sentence) for p in passages[:-1]
    )
    assert [p.start for p in passages] == [0.0, 4.0, 8.0]
    assert [p.end for p in passages] == [4.0, 8.0, 12.0]
    assert " ".join(p.text for p in passages) == " ".join(c.text for c in cues)


def test_an_unpunctuated_transcript_is_still_cut_into_readable_passages():
    cues = [Cue(float(n), n + 1.0, None, "and so we went on talking") for n in range(200)]
    passages = passages_from_cues(cues)
    assert len(passages) > 1 and all(len(p.text) <= PASSAGE_MAX_CHARS + 30 for p in passages)


def test_chapters_head_the_passages_they_hold():
    cues = [Cue(0.0, 5.0, "Ann", "Hello."), Cue(5.0, 9.0, "Ann", "On to the next part.")]
    chapters = [Chapter(0.0, 5.0, "Welcome"), Chapter(4.0, None, "The next part")]

    passages = passages_from_cues(cues, chapters)

    assert [(p.kind, p.text) for p in passages] == [
        ("heading", "Welcome"),
        ("paragraph", "Hello."),
        ("heading", "The next part"),
        ("paragraph", "On to the next part."),
    ]


def test_chapters_end_where_the_next_begins_and_hidden_ones_are_left_out():
    chapters = read_chapters(
        '{"chapters": [{"startTime": 10, "title": "B"}, {"startTime": 0, "title": "A"},'
        ' {"startTime": 20, "title": "Ad", "toc": false}]}'
    )
    assert chapters == [Chapter(0.0, 10.0, "A"), Chapter(10.0, 20.0, "B")]


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("json", "{not json", "the JSON segments are not valid JSON"),
        ("json", '{"segments": {}}', "the JSON transcript has no list of segments"),
        ("json", '{"segments": [{"body": "Hi", "startTime": "soon"}]}', "segment 1's startTime"),
        ("vtt", "Not a WebVTT file", "the WebVTT transcript is malformed"),
        ("srt", "1\n00:00:00,000 -> nonsense\nHello\n", "the SRT transcript is malformed"),
        ("html", "<html><body></body></html>", "the HTML transcript has no text"),
    ],
)
def test_malformed_transcripts_say_what_is_wrong(fmt, text, message):
    with pytest.raises(ImportFormatError, match=message):
        read_cues(text, fmt)


def test_a_feed_lists_episodes_oldest_first_with_every_transcript_tag():
    feed = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>
<title>Show</title>
<item><title>Two</title><guid>2</guid><pubDate>Tue, 10 Mar 2026 10:00:00 GMT</pubDate>
<enclosure url="javascript:alert(1)" type="audio/mpeg"/></item>
<item><title>One</title><guid>1</guid><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
<enclosure url="https://cdn.example/1.mp3" type="audio/mpeg"/>
<podcast:transcript url="https://x.example/1.vtt" type="text/vtt"/>
<podcast:transcript url="https://x.example/1.json" type="application/json"/></item>
</channel></rss>"""

    listing = read_feed(feed)

    one, two = listing.episodes
    assert (one.title, one.published, two.title) == ("One", "2026-03-03", "Two")
    assert [t.type for t in one.transcripts] == ["text/vtt", "application/json"]
    assert one.audio_url == "https://cdn.example/1.mp3"
    assert two.audio_url == ""  # only http(s) audio is kept


def test_a_guid_a_feed_repeats_still_names_one_episode_each():
    item = b"<item><title>T</title><guid>same</guid></item>"
    feed = b'<rss version="2.0"><channel><title>S</title>' + item * 3 + b"</channel></rss>"
    assert sorted(e.guid for e in read_feed(feed).episodes) == ["same", "same#2", "same#3"]
