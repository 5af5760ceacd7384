"""Listening from a passage: the episode page's player, "Listen from here", the media policy,
and the time a citation of a timed passage shows in the entry and its Markdown."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from corpus.feeds import import_feed
from corpus.models import Episode, Passage, format_time, url_origin
from journal.exports.build import export_entry
from journal.exports.markdown import entry_markdown
from journal.review.document import entry_document
from tests.factories import make_entry, make_episode, make_passage, make_source, save_entry

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.fixture
def feed(publisher, standards):
    import_feed(publisher.url("/feed.xml"))
    return publisher


def test_times_read_as_people_write_them():
    assert format_time(0) == "0:00"
    assert format_time(761.9) == "12:41"
    assert format_time(3723.2) == "1:02:03"


def test_an_episode_with_audio_has_a_player_and_listen_from_here(client, feed):
    episode = Episode.objects.get(slug="working-with-interpreters")

    response = client.get(episode.get_absolute_url())

    html = response.content.decode()
    assert (
        f'<audio id="episode-audio" controls preload="none" src="{feed.base}/audio/2.wav"' in html
    )
    assert "Listening needs a connection" in html  # shown by the page's script when offline
    buttons = re.findall(r'data-listen="([\d.]+)" aria-controls="episode-audio">Listen from here'
                         r'<span class="visually-hidden"> \(([\d:]+)\)</span>', html)  # fmt: skip
    assert buttons == [("0.0", "0:00"), ("1.5", "0:01"), ("4.25", "0:04"), ("5.5", "0:05")]
    # Media only from this episode's publisher; scripts and the rest as strict as ever.
    assert policy(response)["media-src"] == f"'self' {feed.base}"
    assert policy(response)["script-src"] == "'self'"


def test_pages_without_audio_have_no_player_and_allow_no_outside_media(client, db):
    source = make_source("essays", title="Essays")
    episode = make_episode(source, title="An essay")
    make_passage(source, "A timed passage of an episode without audio.", episode=episode, start=3)

    response = client.get(episode.get_absolute_url())

    html = response.content.decode()
    assert "<audio" not in html and "data-listen" not in html
    assert policy(response)["media-src"] == "'self'"


def test_other_pages_allow_no_outside_media(client, feed):
    response = client.get(reverse("corpus:source_list"))
    assert policy(response)["media-src"] == "'self'"


def test_a_permalink_to_listen_opens_the_passage_with_its_audio_cued(client, feed):
    passage = Passage.objects.get(text__startswith="The first rule is that you speak")

    response = client.get(reverse("corpus:passage", args=[passage.anchor]), {"listen": "1"})

    assert response.url == f"{passage.episode.get_absolute_url()}?listen=1#p-{passage.anchor}"


def test_a_citation_of_a_timed_passage_shows_its_time_and_a_link_to_listen(client, feed, owner):
    passage = Passage.objects.get(text__startswith="What goes wrong most often?")
    entry = make_entry(owner)
    save_entry(owner, entry=entry, cite=[passage])

    [citation] = entry_document(entry, absolute_links=True).citations

    assert citation.time == "0:04"
    assert citation.source_line == (
        "Priya Shah, Working with interpreters, Practice Notes (March 2026), at 0:04"
    )
    assert citation.listen_href.endswith("&listen=1")
    markdown = entry_markdown(entry_document(entry, absolute_links=True))
    assert f"[Listen from 0:04]({citation.listen_href})" in markdown
    client.force_login(owner)
    page = client.get(reverse("journal:entry_detail", args=[entry.pk])).content.decode()
    assert "at 0:04." in page and ">Listen from 0:04</a>" in page


def test_a_citation_of_an_untimed_passage_is_as_before(owner, db):
    passage = make_passage(text="Supervision helps me reflect on my practice.")
    entry = make_entry(owner)
    save_entry(owner, entry=entry, cite=[passage])

    [citation] = entry_document(entry).citations

    assert citation.time == "" and citation.listen_href == ""
    assert "Listen from" not in entry_markdown(entry_document(entry))


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://cdn.example.org/a/1.mp3?x=1", "https://cdn.example.org"),
        ("http://user:secret@Media.Example.org:8080/1.mp3", "http://media.example.org:8080"),
        ("https://cdn.example.org;script-src *;/1.mp3", ""),  # no directive smuggled in
        ("javascript:alert(1)", ""),
        ("https://cdn.example.org:99999/1.mp3", ""),
    ],
)
def test_only_a_plain_origin_reaches_the_media_policy(url, origin):
    assert url_origin(url) == origin


def test_an_episode_whose_audio_has_no_plain_origin_gets_no_player(client, db):
    source = make_source("odd", title="Odd")
    episode = make_episode(source, audio_url="https://cdn.example.org;script-src */1.mp3")
    make_passage(source, "A passage.", episode=episode, start=1)

    response = client.get(episode.get_absolute_url())

    assert "<audio" not in response.content.decode()
    assert policy(response)["media-src"] == "'self'"
    assert policy(response)["script-src"] == "'self'"


def test_the_pdf_and_markdown_exports_show_a_cited_passage_s_time(feed, owner):
    passage = Passage.objects.get(text__startswith="What goes wrong most often?")
    entry = make_entry(owner)
    save_entry(owner, entry=entry, cite=[passage])

    pdf = PdfReader(io.BytesIO(export_entry(entry, "pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Practice Notes (March 2026), at 0:04." in " ".join(text.split())
    assert "Listen from 0:04" in text
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert any(link.endswith("&listen=1") for link in links)
    markdown = export_entry(entry, "md").content.decode()
    assert "at 0:04." in markdown and "[Listen from 0:04](" in markdown
