"""Podcast feeds as sources: importing a real-format feed served from 127.0.0.1, the preview,
and every way a fetch is refused (nothing imported from a failed feed)."""

import io
import socket
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.feeds import gather_feed, import_feed
from corpus.models import Episode, Feed, Passage, Source
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("import_feed", *args, stdout=out)
    return out.getvalue()


def test_import_feed_imports_episodes_with_transcripts_in_each_format(publisher, standards):
    output = run_import(publisher.url("/feed.xml"))

    source = Source.objects.get(slug="practice-notes")
    assert source.kind == "podcast" and source.importer == "podcast_feed"
    assert source.licence == "CC BY-NC 4.0, Practice Notes"
    assert source.feed.url == publisher.url("/feed.xml")
    episodes = list(source.episodes.order_by("number"))
    assert [e.title for e in episodes] == [
        "Starting out in a child protection team",
        "Working with interpreters",
        "Supervision that helps",
        "Recording conversations",
    ]
    assert episodes[0].audio_url == publisher.url("/audio/1.wav")
    assert str(episodes[0].published) == "2026-03-02" and episodes[0].guid == "pn-1"
    # Listed, not imported: no transcript, or one in a format the library does not read.
    assert "No transcript yet  (no transcript)" in output
    assert "Plain text only  (transcript in a format not read (text/plain))" in output
    assert "Starting out in a child protection team  (JSON segments, 7 passage(s))" in output
    assert not Episode.objects.filter(title__in=["No transcript yet", "Plain text only"]).exists()
    # JSON is preferred to WebVTT, WebVTT to HTML: the others are never fetched.
    assert "/1.vtt" not in publisher.requests and "/2.html" not in publisher.requests
    assert Passage.objects.filter(source=source, start__isnull=True).count() == 0


def test_cues_become_passages_at_turns_and_sentences_with_times_and_chapters(publisher, standards):
    import_feed(publisher.url("/feed.xml"))

    def passages(slug):
        return list(
            Passage.objects.filter(episode__slug=slug)
            .order_by("position")
            .values_list("kind", "speaker__name", "start", "end", "text")
        )

    first = passages("starting-out-in-a-child-protection-team")
    # Chapters head the passages they hold; the hidden "Credits" chapter does not.
    assert [(kind, text) for kind, _s, _a, _b, text in first if kind == "heading"] == [
        ("heading", "Introductions"),
        ("heading", "The first visits"),
        ("heading", "Supervision"),
    ]
    assert first[2][2:4] == (2.0, 4.6)  # the chapter: its start, and the next one's
    # Sam's three cues are one passage (a turn), from the first cue's start to the last's end.
    kind, speaker, start, end, text = first[3]
    assert (kind, speaker, start, end) == ("paragraph", "Sam Okafor", 2.0, 4.6)
    assert text.startswith("Thanks for having me.") and text.endswith("the whole visit.")

    vtt = passages("working-with-interpreters")
    assert [(s, a, b) for _k, s, a, b, _t in vtt] == [
        ("Priya Shah", 0.0, 1.5),
        ("Maria Lopez", 1.5, 4.25),
        ("Priya Shah", 4.25, 5.5),
        ("Maria Lopez", 5.5, 7.0),
    ]
    srt = passages("supervision-that-helps")
    # SRT names speakers as "Name: "; a cue without one continues the turn.
    assert [s for _k, s, _a, _b, _t in srt] == [
        "Priya Shah",
        "Dev Patel",
        "Priya Shah",
        "Dev Patel",
    ]
    assert srt[1][4].endswith("I ask what stayed with them from the week.")
    html = passages("recording-conversations")
    assert [(s, a, b) for _k, s, a, b, _t in html] == [
        ("Priya Shah", 0.0, 2.0),
        ("Alex Green", 2.0, 6.0),
        ("Priya Shah", 6.0, None),
    ]
    assert "where I can & say who said what" in html[1][4]


def test_the_limit_takes_the_newest_episodes_and_is_remembered(publisher, standards):
    output = run_import(publisher.url("/feed.xml"), "--limit", "3")

    assert list(Episode.objects.values_list("title", flat=True)) == ["Recording conversations"]
    assert "Working with interpreters  (beyond the newest 3)" in output
    assert Feed.objects.get().limit == 3
    run_import(publisher.url("/feed.xml"))  # the remembered limit applies
    assert Episode.objects.count() == 1


def writes_during(action):
    with CaptureQueriesContext(connection) as queries:
        result = action()
    verbs = {"INSERT", "UPDATE", "DELETE"}
    return result, [q["sql"] for q in queries if q["sql"].split()[0].upper() in verbs]


def test_reimporting_an_unchanged_feed_writes_nothing(publisher, standards):
    url = publisher.url("/feed.xml")
    import_feed(url)

    report, writes = writes_during(lambda: import_feed(url))

    assert report.skipped and writes == []
    # A new build date alone changes no passage: only the feed's new ETag is kept.
    feed = publisher.files["/feed.xml"].replace(b"09:00:00 GMT</lastB", b"10:00:00 GMT</lastB")
    publisher.put("/feed.xml", feed)
    report, writes = writes_during(lambda: import_feed(url))
    assert report.skipped
    assert [sql.split()[1] for sql in writes] == ['"corpus_feed"']


def test_the_admin_previews_then_imports_a_feed(client, publisher, standards):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    url = reverse("admin:corpus_source_feed")

    page = client.post(url, {"url": publisher.url("/feed.xml"), "action": "preview"})

    html = page.content.decode()
    assert "6 episodes found, 4 with a transcript to import: 18 passages." in html
    assert "WebVTT" in html and "Not imported: no transcript" in html
    assert not Source.objects.exists()
    checksum = page.context["preview"].checksum
    done = client.post(
        url, {"url": publisher.url("/feed.xml"), "checksum": checksum, "action": "import"}
    )
    source = Source.objects.get()
    assert done.status_code == 302 and done.url.endswith(f"/source/{source.pk}/change/")
    assert source.passages.count() == 18


def test_the_admin_does_not_import_a_feed_that_changed_since_its_preview(
    client, publisher, standards
):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    url = reverse("admin:corpus_source_feed")
    page = client.post(url, {"url": publisher.url("/feed.xml"), "action": "preview"})
    publisher.put("/2.vtt", publisher.files["/2.vtt"].replace(b"first rule", b"one rule"))

    again = client.post(
        url,
        {
            "url": publisher.url("/feed.xml"),
            "checksum": page.context["preview"].checksum,
            "action": "import",
        },
    )

    assert "The feed changed since the preview" in again.content.decode()
    assert not Source.objects.exists()


def test_the_admin_form_refuses_what_is_not_a_web_address(client, db):
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    page = client.post(
        reverse("admin:corpus_source_feed"), {"url": "ftp://example.org/f", "action": "preview"}
    )
    assert "Only http and https addresses can be fetched." in page.content.decode()
    assert page.context["preview"] is None


# Refusals: a clear message each, and nothing imported ------------------------------------


def refused(url: str) -> list[str]:
    preview = gather_feed(url)
    assert not preview.ok
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(url)
    assert not Source.objects.exists() and not Feed.objects.exists()
    return preview.problems


def test_a_malformed_feed_is_refused_with_its_line(publisher, standards):
    publisher.put("/feed.xml", publisher.files["/feed.xml"].replace(b"</title>", b"", 1))
    [problem] = refused(publisher.url("/feed.xml"))
    assert problem.startswith("The feed could not be read: line ")
    assert "not well-formed XML" in problem


def test_a_page_that_is_not_a_feed_is_refused(publisher, standards):
    publisher.put("/page.html", b"<html><body><p>Hello</p></body></html>")
    [problem] = refused(publisher.url("/page.html"))
    assert "not an RSS or Atom feed" in problem


def test_a_huge_transcript_is_refused_and_nothing_is_imported(publisher, standards, settings):
    settings.CORPUS_FETCH_MAX_BYTES = {**settings.CORPUS_FETCH_MAX_BYTES, "transcript": 50_000}
    publisher.put("/2.vtt", publisher.files["/2.vtt"] + b"\n" + b"x" * 60_000)
    [problem] = refused(publisher.url("/feed.xml"))
    assert problem == (
        "“Working with interpreters”: the transcript could not be fetched: the transcript is "
        "larger than the limit of 50,000 bytes."
    )


def test_a_feed_served_compressed_is_read_and_held_to_the_limit(publisher, standards, settings):
    publisher.gzipped = {"/feed.xml", "/2.vtt"}
    import_feed(publisher.url("/feed.xml"))
    assert Source.objects.get().passages.count() == 18

    # A small compressed file unpacking past the limit is refused, unpacked no further.
    settings.CORPUS_FETCH_MAX_BYTES = {**settings.CORPUS_FETCH_MAX_BYTES, "transcript": 50_000}
    publisher.put("/2.vtt", publisher.files["/2.vtt"] + b"\n" + b"x" * 5_000_000)
    problems = gather_feed(publisher.url("/feed.xml")).problems
    assert problems == [
        "“Working with interpreters”: the transcript could not be fetched: the transcript is "
        "larger than the limit of 50,000 bytes."
    ]


def test_a_huge_feed_is_refused_before_it_is_read_to_the_end(publisher, standards, settings):
    settings.CORPUS_FETCH_MAX_BYTES = {**settings.CORPUS_FETCH_MAX_BYTES, "feed": 1000}
    [problem] = refused(publisher.url("/feed.xml"))
    assert "the feed is larger than the limit of 1,000 bytes" in problem


def test_a_redirect_loop_is_followed_only_so_far(publisher, standards):
    publisher.redirects["/loop.xml"] = "/loop.xml"
    [problem] = refused(publisher.url("/loop.xml"))
    assert "redirected more than 5 times (a loop?)" in problem
    assert publisher.requests.count("/loop.xml") == 2 * 6  # two tries, six requests each


def test_a_redirect_to_the_feed_is_followed(publisher, standards):
    publisher.redirects["/old-feed"] = publisher.url("/feed.xml")
    import_feed(publisher.url("/old-feed"))
    assert Source.objects.get().passages.count() == 18


def test_private_and_local_addresses_are_refused_unless_allowed(publisher, standards, settings):
    settings.CORPUS_FETCH_ALLOW_PRIVATE = False
    for url in (publisher.url("/feed.xml"), "http://localhost:9/feed.xml"):
        [problem] = refused(url)
        assert "is a private or local address" in problem
        assert "CORPUS_FETCH_ALLOW_PRIVATE" in problem
    assert publisher.requests == []


def test_a_public_feed_redirecting_to_a_private_address_is_refused(
    publisher, standards, settings, monkeypatch
):
    """The check applies to every hop, not only the address the editor typed."""
    settings.CORPUS_FETCH_ALLOW_PRIVATE = False
    from corpus import fetching

    checked = []
    real = fetching._public_address

    def first_hop_is_public(url, host, port):
        checked.append(url)
        if len(checked) == 1:
            return "127.0.0.1"  # as if the feed's host were public
        return real(url, host, port)

    monkeypatch.setattr(fetching, "_public_address", first_hop_is_public)
    publisher.redirects["/moved"] = "http://10.0.0.1/feed.xml"
    problems = gather_feed(publisher.url("/moved")).problems
    assert problems == [
        "The feed could not be fetched: 10.0.0.1 is a private or local address (10.0.0.1); "
        "such addresses are refused unless CORPUS_FETCH_ALLOW_PRIVATE is set."
    ]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml"])
def test_only_http_and_https_are_fetched(url, standards):
    [problem] = gather_feed(url).problems
    assert problem.endswith("only http and https addresses can be fetched.")


def test_a_missing_transcript_fails_the_whole_feed(publisher, standards):
    del publisher.files["/3.srt"]
    [problem] = refused(publisher.url("/feed.xml"))
    assert problem.startswith("“Supervision that helps”: the transcript could not be fetched")
    assert problem.endswith("the server answered 404 Not Found.")


def test_a_malformed_transcript_names_its_episode(publisher, standards):
    publisher.put("/1.json", b'{"segments": [{"startTime": 0, "endTime": 1}]}')
    [problem] = refused(publisher.url("/feed.xml"))
    assert (
        problem
        == "episode “Starting out in a child protection team”: segment 1 has no text (body)."
    )


def test_a_slow_server_times_out(publisher, standards, settings):
    settings.CORPUS_FETCH_TIMEOUT = 1
    quiet = socket.socket()
    quiet.bind(("127.0.0.1", 0))
    quiet.listen()  # accepts the connection, never answers
    try:
        [problem] = refused(f"http://127.0.0.1:{quiet.getsockname()[1]}/feed.xml")
    finally:
        quiet.close()
    assert "no answer within 1 seconds" in problem


def test_a_ten_episode_show_in_mixed_formats_imports_and_reimports_without_writes(
    publisher, standards
):
    """The benchmark's show (bench/bench_feed.py), held to what the benchmark prints."""
    url = publisher.put_show(episodes=10, cues=30)

    report = import_feed(url)

    assert report.episodes == 10 and report.speakers == 3
    formats = {p.rsplit(".", 1)[-1] for p in publisher.files if p.startswith("/show/")}
    assert formats == {"json", "vtt", "srt", "html"}
    assert Passage.objects.filter(source__slug="weekly-practice", start=None).count() == 0
    assert Passage.objects.filter(source__slug="weekly-practice", kind="heading").count() == 3
    again, writes = writes_during(lambda: import_feed(url))
    assert again.skipped and again.passages == report.passages and writes == []


def test_a_server_dripping_its_answer_is_cut_off_at_the_deadline(standards, settings):
    settings.CORPUS_FETCH_ALLOW_PRIVATE = True
    settings.CORPUS_FETCH_TIMEOUT = 1
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def drip():
        connection, _ = server.accept()
        connection.recv(4096)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        try:
            for _ in range(30):  # a byte every 0.2 s: no single read ever times out
                connection.sendall(b"x")
                time.sleep(0.2)
        except OSError:
            pass
        connection.close()

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        [problem] = gather_feed(f"http://127.0.0.1:{server.getsockname()[1]}/feed.xml").problems
    finally:
        server.close()
    assert "took longer than 1 seconds" in problem
    assert time.monotonic() - started < 3


def test_hostile_text_in_a_feed_is_only_ever_text(client, publisher, standards):
    hostile = "<img src=x onerror=alert(1)>"
    feed = publisher.files["/feed.xml"].replace(
        b"<title>Working with interpreters</title>",
        b"<title>Working &lt;script&gt;alert(1)&lt;/script&gt; with interpreters</title>",
    )
    publisher.put("/feed.xml", feed)
    publisher.put(
        "/2.vtt",
        publisher.files["/2.vtt"].replace(b"What goes wrong most often?", hostile.encode()),
    )
    publisher.put(
        "/4.html",
        publisher.files["/4.html"].replace(
            b"<p>That is a good test for any record.</p>",
            b"<p>That is a good test<script>alert(2)</script> for any record.</p>",
        ),
    )
    import_feed(publisher.url("/feed.xml"))

    for episode in Episode.objects.all():
        html = client.get(episode.get_absolute_url()).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
    assert Episode.objects.filter(title="Working alert(1) with interpreters").exists()
    assert Passage.objects.filter(text="That is a good test for any record.").exists()
