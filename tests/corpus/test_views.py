"""Corpus pages render what they promise, escape what they show, and query a fixed number of times."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import Passage, PassageLink, Speaker, Standard
from corpus.search import reindex_source
from corpus.views import LINKED_PER_PAGE, STRONGEST_PER_SOURCE
from tests.factories import (
    make_episode,
    make_framework,
    make_link,
    make_passage,
    make_source,
    make_user,
)

pytestmark = pytest.mark.django_db


def build_podcast(slug="pod", episodes=2, per_episode=3, framework=None):
    source = make_source(slug, title=f"Podcast {slug}")
    standards = list(framework.standards.all()) if framework else []
    for number in range(1, episodes + 1):
        episode = make_episode(source, number, f"Episode {number}", summary=f"About {number}.")
        for n in range(per_episode):
            passage = make_passage(
                source,
                f"Supervision and reflection, turn {number}.{n}.",
                episode=episode,
                speaker=f"Speaker {n % 2}",
            )
            for standard in standards[:2]:
                make_link(passage, standard)
    reindex_source(source)
    return source


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def test_standard_list_counts_active_links_per_source(client):
    framework = make_framework()
    one, two = framework.standards.get(number="1"), framework.standards.get(number="2")
    pod, art = make_source("pod", title="The podcast"), make_source("art", title="The article")
    a, b, c = make_passage(pod, "First."), make_passage(pod, "Second."), make_passage(art, "Third.")
    d = make_passage(art, "Fourth.")
    make_link(a, one)
    make_link(a, one, statement=one.statements.first())  # the same passage twice counts once
    make_link(a, two, kind=PassageLink.Kind.SUGGESTED)
    make_link(b, one)
    make_link(c, one, status=PassageLink.Status.REJECTED)
    make_link(c, two)
    make_link(d, two, kind=PassageLink.Kind.SUGGESTED)
    response = client.get(reverse("corpus:standard_list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    sources = [s.slug for s in response.context["sources"]]
    counts = {
        row["standard"].number: {
            slug: (cell.firm, cell.suggested)
            for slug, cell in zip(sources, row["counts"], strict=True)
        }
        for row in rows
    }
    assert counts["1"] == {"pod": (2, 0), "art": (0, 0)}
    assert counts["2"] == {"pod": (0, 1), "art": (1, 1)}
    assert (rows[1]["total"].firm, rows[1]["total"].suggested) == (1, 2)
    html = response.content.decode()
    assert '+ 2<span class="visually-hidden"> suggested</span>' in html
    assert h1_count(html) == 1


def test_standard_detail_groups_active_links_by_source_with_reasons(client):
    framework = make_framework()
    standard = framework.standards.get(number="3")
    pod = make_source("pod", title="The podcast")
    shown = make_passage(pod, "We talked about standard three.")
    hidden = make_passage(pod, "A rejected suggestion.")
    make_link(shown, standard, reason="Says “standard 3” aloud.")
    make_link(hidden, standard, status=PassageLink.Status.REJECTED)
    response = client.get(reverse("corpus:standard_detail", args=["3"]))
    html = response.content.decode()
    assert "Statement 3.1" in html
    assert "We talked about standard three." in html
    assert "Says “standard 3” aloud." in html
    assert "A rejected suggestion." not in html
    assert f'href="/p/{shown.anchor}/">Read in context' in html
    assert client.get(reverse("corpus:standard_detail", args=["99"])).status_code == 404


def test_standard_detail_puts_the_strongest_links_first_and_each_passage_once(client):
    standard = make_framework().standards.get(number="4")
    first = standard.statements.get()
    second = standard.statements.create(number="4.2", summary="Another", order=2)
    article = make_source("art", title="An article")  # created first, but only suggestions
    podcast = make_source("pod", title="A podcast")
    weak = make_passage(article, "A passage that only mentions learning.")
    strong = make_passage(podcast, "We talked about statements one and two.", speaker="Asha")
    make_link(
        weak,
        standard,
        kind=PassageLink.Kind.SUGGESTED,
        score=9.0,
        reason="Suggested: mentions learning",
    )
    make_link(strong, standard, statement=first)
    make_link(strong, standard, statement=second)
    make_link(
        strong, standard, kind=PassageLink.Kind.EPISODE, reason="The episode is about standard 4"
    )
    response = client.get(reverse("corpus:standard_detail", args=["4"]))
    groups = response.context["groups"]
    assert [g["source"] for g in groups] == [podcast, article]
    assert [link.passage for link in groups[0]["shown"]] == [strong]
    assert groups[0]["shown"][0].statement_numbers == [first.number, second.number]
    html = response.content.decode()
    assert html.count("We talked about statements one and two.") == 1
    assert f"Asha · statements {first.number}, {second.number}" in html
    assert "Suggested from the text: Suggested" not in html
    assert "Suggested: mentions learning" in html
    assert "2 passages from 2 sources" in html


def test_standard_detail_shows_a_handful_per_source_and_pages_the_rest(client):
    standard = make_framework().standards.get(number="2")
    podcast = make_source("pod", title="A podcast")
    total = STRONGEST_PER_SOURCE + LINKED_PER_PAGE
    for n in range(total):
        passage = make_passage(podcast, f"Passage number {n} about trust.")
        make_link(
            passage, standard, kind=PassageLink.Kind.SUGGESTED, score=float(n), reason=f"score {n}"
        )
    response = client.get(reverse("corpus:standard_detail", args=["2"]))
    [group] = response.context["groups"]
    assert [link.score for link in group["shown"]] == [
        float(n) for n in range(total - 1, total - 1 - STRONGEST_PER_SOURCE, -1)
    ]
    assert group["count"] == total
    html = response.content.decode()
    all_url = reverse("corpus:standard_passages", args=["2"])
    assert f'<a href="{all_url}">All {total} passages for standard 2</a>' in html
    assert f"Passage number {total - 1 - STRONGEST_PER_SOURCE} about" not in html
    page1 = client.get(all_url)
    assert [link.score for link in page1.context["links"]] == [
        float(n) for n in range(total - 1, total - 1 - LINKED_PER_PAGE, -1)
    ]
    page2 = client.get(all_url, {"page": 2}).content.decode()
    assert "Passage number 0 about trust." in page2 and "A podcast" in page2
    assert 'href="?page=1">Previous</a>' in page2
    assert client.get(reverse("corpus:standard_passages", args=["9"])).status_code == 404


def test_standards_pages_say_the_summaries_are_ours_and_link_the_official_wording(client):
    from tests.factories import swe_framework

    swe_framework()
    for url in (reverse("corpus:standard_list"), reverse("corpus:standard_detail", args=["3"])):
        html = client.get(url).content.decode()
        assert "in our own words" in html
        assert (
            'href="https://www.socialworkengland.org.uk/standards/professional-standards/"' in html
        )


def test_standard_pages_query_count_does_not_grow_with_links(client):
    framework = make_framework()
    build_podcast("small", episodes=1, per_episode=2, framework=framework)
    url = reverse("corpus:standard_detail", args=["1"])
    all_url = reverse("corpus:standard_passages", args=["1"])
    few, few_all = queries_for(client, url), queries_for(client, all_url)
    build_podcast("large", episodes=4, per_episode=10, framework=framework)
    assert queries_for(client, url) == few
    assert queries_for(client, all_url) == few_all


def test_source_list_shows_sources_and_episodes(client):
    build_podcast()
    response = client.get(reverse("corpus:source_list"))
    html = response.content.decode()
    assert "Podcast pod" in html
    assert "Episode 2" in html
    assert 'href="/sources/pod/episode-2/"' in html


def test_the_source_list_counts_passages_and_a_new_one_counts_at_once(client):
    source = build_podcast(episodes=2, per_episode=3)
    url = reverse("corpus:source_list")
    assert "6 passages" in client.get(url).content.decode()
    if connection.vendor == "postgresql":  # kept until the library changes: no count read
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert not any("COUNT(" in q["sql"] for q in ctx.captured_queries)
    make_passage(source, "One more, added later.")
    assert "7 passages" in client.get(url).content.decode()


def test_source_detail_of_a_document_has_permalinks_speakers_badges_and_reflect_links(client):
    framework = make_framework()
    source = make_source("art", title="An article")
    first = make_passage(source, "Supervision first.", speaker="Asha")
    make_passage(source, "Supervision second.", speaker="Asha")
    make_passage(source, "Supervision third.", speaker="Ben")
    make_passage(source, "Supervision fourth.", speaker="Asha")
    Speaker.objects.filter(name="Asha").update(role="a practice educator")
    make_link(first, framework.standards.get(number="1"))
    comment = make_passage(source, "Great episode <b>thanks</b>!", kind="comment")
    response = client.get(source.get_absolute_url())
    html = response.content.decode()
    assert h1_count(html) == 1
    assert f'id="p-{first.anchor}" class="passage' in html
    assert f'href="/p/{first.anchor}/">Permalink</a>' in html
    # A speaker's name once per turn, not on every passage; the role on their first turn.
    assert html.count(">Asha") == 2 and html.count(">Ben") == 1
    assert html.count("(a practice educator)") == 1
    assert reverse("corpus:standard_detail", args=["1"]) in html
    # Reflect: the journal's new-entry page citing this passage, or sign-in first.
    cite = f"?cite={source.slug}:{first.anchor}"
    assert cite in html or f"next=/p/{first.anchor}/" in html
    assert "Reader comment" in html
    assert "&lt;b&gt;thanks&lt;/b&gt;" in html
    assert f'id="p-{comment.anchor}" class="passage passage-comment' in html
    assert 'style="' not in html and "<style" not in html
    # Nothing read twice by a screen reader: no hidden duplicates, no tooltips on badges.
    assert "visually-hidden" not in html.split('id="main"')[1]
    assert 'title="Standard' not in html


def test_a_multi_episode_source_lists_its_episodes_and_each_episode_has_a_page(client):
    framework = make_framework()
    source = build_podcast(episodes=3, per_episode=3, framework=framework)
    html = client.get(source.get_absolute_url()).content.decode()
    assert "Supervision and reflection, turn" not in html  # the transcript is on episode pages
    for number in (1, 2, 3):
        assert f'href="/sources/pod/episode-{number}/">Episode {number}</a>' in html
        assert f"About {number}." in html
    # Listed in order, whatever order the rows were written in.
    source.episodes.filter(number=1).update(number=4)
    html = client.get(source.get_absolute_url()).content.decode()
    assert html.index("/sources/pod/episode-2/") < html.index("/sources/pod/episode-1/")
    source.episodes.filter(number=4).update(number=1)
    episode = source.episodes.get(number=2)
    response = client.get(episode.get_absolute_url())
    html = response.content.decode()
    assert h1_count(html) == 1
    assert "<h1>Episode 2</h1>" in html and "About 2." in html
    assert "Supervision and reflection, turn 2.0." in html
    assert "turn 1.0." not in html and "turn 3.0." not in html
    assert 'rel="prev" href="/sources/pod/episode-1/"' in html
    assert 'rel="next" href="/sources/pod/episode-3/"' in html
    assert '<span class="fw-semibold" aria-current="page">Episode 2</span>' in html
    assert "Speaker 0" in html and "Speaker 1" in html
    passage = episode.passages.first()
    # The old fragment still works on the page that holds the passage.
    assert f'id="p-{passage.anchor}"' in html
    assert client.get("/sources/pod/no-such-episode/").status_code == 404
    assert client.get("/sources/nope/episode-1/").status_code == 404


def test_every_passage_permalink_redirects_to_its_page_and_fragment(client):
    framework = make_framework()
    podcast = build_podcast(episodes=2, per_episode=2, framework=framework)
    article = make_source("art", title="An article")
    make_passage(article, "An article paragraph.")
    for passage in Passage.objects.select_related("source", "episode"):
        response = client.get(passage.permalink)
        assert response.status_code == 302, passage
        holder = passage.episode.get_absolute_url() if passage.episode else "/sources/art/"
        assert response["Location"] == f"{holder}#p-{passage.anchor}"
        assert f'id="p-{passage.anchor}"' in client.get(holder).content.decode()
    assert podcast.passages.count() == 4
    assert client.get("/p/0000000000/").status_code == 404


def test_a_long_text_is_paged_and_the_permalink_finds_the_page(client, monkeypatch):
    monkeypatch.setattr("corpus.reading.PASSAGES_PER_PAGE", 3)
    monkeypatch.setattr("corpus.models.PASSAGES_PER_PAGE", 3)
    source = make_source("long", title="A long report")
    passages = [make_passage(source, f"Paragraph number {n}.") for n in range(8)]
    page3 = client.get(source.get_absolute_url(), {"page": 3}).content.decode()
    assert "Paragraph number 6." in page3 and "Paragraph number 5." not in page3
    assert 'href="?page=2">Previous</a>' in page3 and "Page 3 of 3" in page3
    response = client.get(passages[4].permalink)
    assert response["Location"] == f"/sources/long/?page=2#p-{passages[4].anchor}"
    assert client.get(passages[0].permalink)["Location"] == f"/sources/long/#p-{passages[0].anchor}"


def test_paging_with_gaps_in_positions_falls_back_to_counting(client, monkeypatch):
    monkeypatch.setattr("corpus.reading.PASSAGES_PER_PAGE", 2)
    monkeypatch.setattr("corpus.models.PASSAGES_PER_PAGE", 2)
    source = make_source("mixed", title="A series with a preamble and notes")
    episode = make_episode(source, 1, "Episode 1")
    loose = [make_passage(source, "Preamble one."), make_passage(source, "Preamble two.")]
    make_passage(source, "Inside the episode.", episode=episode)
    loose += [make_passage(source, "A note after it."), make_passage(source, "Another note.")]
    pages = [client.get(source.get_absolute_url(), {"page": n}).content.decode() for n in (1, 2)]
    assert "Preamble two." in pages[0] and "A note after it." in pages[1]
    assert "Another note." in pages[1] and "Inside the episode." not in pages[0] + pages[1]
    assert (
        client.get(loose[3].permalink)["Location"] == f"/sources/mixed/?page=2#p-{loose[3].anchor}"
    )


def test_the_same_text_in_two_sources_lets_the_reader_choose(client):
    one, two = make_source("one", title="First"), make_source("two", title="Second")
    a, b = make_passage(one, "Thank you."), make_passage(two, "Thank you.")
    assert a.anchor == b.anchor
    response = client.get(a.permalink)
    assert response.status_code == 200
    assert f'href="/sources/one/#p-{a.anchor}"' in response.content.decode()
    chosen = client.get(a.permalink, {"source": "two"})
    assert chosen["Location"] == f"/sources/two/#p-{b.anchor}"


def test_source_detail_unknown_slug_is_404(client):
    assert client.get(reverse("corpus:source_detail", args=["nope"])).status_code == 404


def queries_for(client, url):
    Standard.objects.primary()  # read once per process, as a server has before these pages
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_reading_pages_query_count_does_not_grow_with_passages(client):
    framework = make_framework()
    small = build_podcast("small", episodes=1, per_episode=2, framework=framework)
    large = build_podcast("large", episodes=4, per_episode=10, framework=framework)
    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )
    small_episode, large_episode = small.episodes.first(), large.episodes.last()
    assert queries_for(client, small_episode.get_absolute_url()) == queries_for(
        client, large_episode.get_absolute_url()
    )
    article = make_source("art")
    for n in range(30):
        make_passage(article, f"Paragraph {n}.", speaker=f"S{n % 3}")
    assert queries_for(client, article.get_absolute_url()) <= 8


def test_search_query_count_does_not_grow_with_hits(client):
    framework = make_framework()
    build_podcast("small", episodes=1, per_episode=1, framework=framework)
    url = reverse("corpus:search") + "?q=turn"
    few = queries_for(client, url)
    build_podcast("large", episodes=3, per_episode=6, framework=framework)
    assert queries_for(client, url) == few


def test_search_page_shows_count_snippets_filters_and_pages(client):
    framework = make_framework()
    build_podcast("pod", episodes=3, per_episode=9, framework=framework)
    response = client.get(reverse("corpus:search"), {"q": "reflecting", "source": "pod"})
    html = response.content.decode()
    assert h1_count(html) == 1
    assert "27 passages found" in html
    assert "<mark>reflection</mark>" in html
    assert '<label class="form-label" for="search-q">' in html
    assert '<option value="pod" selected>' in html
    assert "page=2" in html and "source=pod" in html
    first = response.context["page"].object_list[0].passage
    # A stranger is offered to sign in first; a signed-in person reflects straight away.
    assert "Log in to reflect on this" in html
    client.force_login(make_user("reader"))
    html = client.get(reverse("corpus:search"), {"q": "reflecting", "source": "pod"}).content
    assert f'?cite=pod:{first.anchor}">Reflect on this' in html.decode()
    page2 = client.get(reverse("corpus:search"), {"q": "reflecting", "source": "pod", "page": 2})
    assert len(page2.context["page"].object_list) == 7
    # A page number out of range or nonsense shows a real page, not an error.
    assert client.get(reverse("corpus:search"), {"q": "turn", "page": "x"}).status_code == 200
    assert client.get(reverse("corpus:search"), {"q": "turn", "page": "999"}).status_code == 200


def test_search_filter_by_speaker_and_standard(client):
    framework = make_framework()
    build_podcast("pod", episodes=1, per_episode=4, framework=framework)
    by_speaker = client.get(reverse("corpus:search"), {"q": "turn", "speaker": "Speaker 1"})
    assert by_speaker.context["page"].paginator.count == 2
    by_standard = client.get(reverse("corpus:search"), {"q": "turn", "standard": "5"})
    assert by_standard.context["page"].paginator.count == 0
    assert "No passages match" in by_standard.content.decode()
    # No passage has both words: those with one of them, and the page says so.
    some = client.get(reverse("corpus:search"), {"q": "turn tribunal"})
    assert some.context["page"].paginator.count > 0
    assert "No passage has all of these words" in some.content.decode()
    every = client.get(reverse("corpus:search"), {"q": "turn"}).content.decode()
    assert "No passage has all of these words" not in every


def test_search_empty_state(client):
    response = client.get(reverse("corpus:search"))
    assert response.status_code == 200
    assert "Type some words" in response.content.decode()


def test_library_names_are_speakers_in_full_and_authors():
    from corpus.selectors import library_names

    source = make_source("art", title="An article", author="Ann Author and Bo Writer")
    make_passage(source, "Hello.", speaker="Andrea")
    Speaker.objects.filter(name="Andrea").update(role="Andrea Stone, service director, Dudley")
    make_passage(source, "Hi.", speaker="Derren")
    Speaker.objects.filter(name="Derren").update(role="a young person with lived experience")
    assert library_names() == {"Andrea", "Andrea Stone", "Derren", "Ann Author", "Bo Writer"}


def test_every_permalink_of_the_bundled_corpus_resolves_to_a_page_holding_it(client):
    from corpus.loading import load_all
    from corpus.standards_loading import load_bundled_standards

    load_bundled_standards()
    assert all(report.ok for report in load_all())
    pages: dict[str, str] = {}
    passages = list(Passage.objects.select_related("source", "episode"))
    assert len(passages) > 700
    for passage in passages:
        response = client.get(passage.permalink)
        assert response.status_code == 302, passage
        page, _, fragment = response["Location"].partition("#")
        assert fragment == f"p-{passage.anchor}"
        if page not in pages:
            got = client.get(page)
            assert got.status_code == 200, page
            html = got.content.decode()
            assert len(html) < 150 * 1024, (page, len(html))
            pages[page] = html
        assert f'id="p-{passage.anchor}"' in pages[page], passage


def test_search_query_count_does_not_grow_with_statement_links(client):
    framework = make_framework()
    standard = framework.standards.get(number="1")
    statement = standard.statements.get()
    source = make_source("pod")
    url = reverse("corpus:search") + "?q=supervision"

    def add(n):
        for i in range(n):
            passage = make_passage(source, f"Supervision passage {source.passages.count()} {i}.")
            make_link(passage, standard, statement=statement)
        reindex_source(source)

    add(1)
    few = queries_for(client, url)
    add(5)
    assert queries_for(client, url) == few
