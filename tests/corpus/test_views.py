"""Corpus pages render what they promise, escape what they show, and query a fixed number of times."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpus.models import PassageLink
from corpus.search import reindex_source
from corpus.views import SHOWN_PER_SOURCE
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
    assert shown.get_absolute_url() in html
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


def test_standard_detail_folds_away_all_but_the_strongest_passages_of_a_source(client):
    standard = make_framework().standards.get(number="2")
    podcast = make_source("pod", title="A podcast")
    for n in range(SHOWN_PER_SOURCE + 3):
        passage = make_passage(podcast, f"Passage number {n} about trust.")
        make_link(
            passage, standard, kind=PassageLink.Kind.SUGGESTED, score=float(n), reason=f"score {n}"
        )
    response = client.get(reverse("corpus:standard_detail", args=["2"]))
    [group] = response.context["groups"]
    assert [link.score for link in group["shown"]] == [
        float(n) for n in range(SHOWN_PER_SOURCE + 2, 2, -1)
    ]
    assert len(group["shown"]) == SHOWN_PER_SOURCE and len(group["more"]) == 3
    html = response.content.decode()
    assert "<summary>3 more passages from A podcast</summary>" in html
    assert html.index("Passage number 0 about trust.") > html.index("<details>")


def test_source_list_shows_sources_and_episodes(client):
    build_podcast()
    response = client.get(reverse("corpus:source_list"))
    html = response.content.decode()
    assert "Podcast pod" in html
    assert "Episode 2" in html
    assert "/sources/pod/#e-episode-2" in html


def test_source_detail_has_permalinks_speakers_badges_and_reflect_links(client):
    framework = make_framework()
    source = build_podcast(framework=framework)
    comment = make_passage(source, "Great episode <b>thanks</b>!", kind="comment")
    response = client.get(source.get_absolute_url())
    html = response.content.decode()
    assert h1_count(html) == 1
    assert 'id="e-episode-1"' in html and "About 1." in html
    passage = source.passages.first()
    assert f'id="p-{passage.anchor}" class="passage' in html
    assert f'href="#p-{passage.anchor}"' in html
    assert "Speaker 0" in html
    assert reverse("corpus:standard_detail", args=["1"]) in html
    # Reflect: the journal's new-entry page citing this passage, or sign-in first.
    cite = f"?cite={source.slug}:{passage.anchor}"
    assert cite in html or f"next=/sources/{source.slug}/%23p-{passage.anchor}" in html
    assert "Reader comment" in html
    assert "&lt;b&gt;thanks&lt;/b&gt;" in html
    assert f'id="p-{comment.anchor}" class="passage passage-comment' in html
    assert 'style="' not in html and "<style" not in html


def test_source_detail_unknown_slug_is_404(client):
    assert client.get(reverse("corpus:source_detail", args=["nope"])).status_code == 404


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_source_detail_query_count_does_not_grow_with_passages(client):
    framework = make_framework()
    small = build_podcast("small", episodes=1, per_episode=2, framework=framework)
    large = build_podcast("large", episodes=4, per_episode=10, framework=framework)
    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )


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
    assert "Sign in to reflect on this" in html
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


def test_search_empty_state(client):
    response = client.get(reverse("corpus:search"))
    assert response.status_code == 200
    assert "Type some words" in response.content.decode()
