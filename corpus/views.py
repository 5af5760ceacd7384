"""Corpus pages: the standards, the sources to read, and search across them.

The pages are public: anyone may read the corpus; only reflecting needs an account.
Each view fetches what its template shows in a fixed number of queries.
"""

import urllib.parse
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from corpus.models import (
    Episode,
    Framework,
    Passage,
    PassageLink,
    Source,
    Speaker,
    Standard,
    url_origin,
)
from corpus.reading import badges_by_passage, page_of, reading_page
from corpus.search import clean_query, search_passages
from corpus.selectors import passage_counts

RESULTS_PER_PAGE = 20
# A standard's page shows each source's strongest few passages; the rest are a page away.
STRONGEST_PER_SOURCE = 4
LINKED_PER_PAGE = 25


def _primary_framework():
    return Framework.objects.filter(is_primary=True).first()


def _active_links():
    return PassageLink.objects.active().select_related("standard", "statement")


@dataclass(frozen=True)
class LinkCount:
    """Passages linked to a standard: firmly (named, episode, editor) or only suggested."""

    firm: int = 0
    suggested: int = 0


def standard_list(request):
    framework = _primary_framework()
    standards = list(Standard.objects.filter(framework=framework)) if framework else []
    sources = list(Source.objects.only("slug", "title"))
    # One aggregate for every (standard, source) pair rather than a count per cell. Passages
    # only suggested from their text are counted apart from those with a firmer link.
    firm = ~Q(kind=PassageLink.Kind.SUGGESTED)
    counts = (
        PassageLink.objects.active()
        .filter(standard__in=standards)
        .values("standard_id", "passage__source_id")
        .annotate(
            linked=Count("passage", distinct=True),
            firm=Count("passage", filter=firm, distinct=True),
        )
    )
    by_pair = {
        (row["standard_id"], row["passage__source_id"]): LinkCount(
            row["firm"], row["linked"] - row["firm"]
        )
        for row in counts
    }
    rows = []
    for standard in standards:
        cells = [by_pair.get((standard.pk, source.pk), LinkCount()) for source in sources]
        total = LinkCount(sum(c.firm for c in cells), sum(c.suggested for c in cells))
        rows.append({"standard": standard, "counts": cells, "total": total})
    return render(
        request,
        "corpus/standard_list.html",
        {"framework": framework, "sources": sources, "rows": rows},
    )


def _standard_or_404(number):
    return get_object_or_404(
        Standard.objects.select_related("framework").prefetch_related("statements"),
        framework__is_primary=True,
        number=number,
    )


@dataclass
class RankedPassage:
    """A passage linked to a standard, once: its strongest link and every statement named."""

    link_id: int
    source_id: int
    statements: list


def _ranked_passages(standard) -> list[RankedPassage]:
    """Every passage linked to `standard`, strongest link first, from one query of values.

    Sources then come in the order of their strongest passage, so the best is on top.
    """
    rows = (
        PassageLink.objects.active()
        .filter(standard=standard)
        .strongest_first()
        .values_list("pk", "passage_id", "passage__source_id", "statement__number")
    )
    ranked: dict[int, RankedPassage] = {}
    for link_id, passage_id, source_id, statement in rows:
        item = ranked.get(passage_id)
        if item is None:
            ranked[passage_id] = item = RankedPassage(link_id, source_id, [])
        if statement and statement not in item.statements:
            item.statements.append(statement)
    return list(ranked.values())


def _links_for(items: list[RankedPassage]) -> list:
    """The links behind `items`, in order, with what the page shows of their passages."""
    links = PassageLink.objects.select_related(
        "passage__source", "passage__episode", "passage__speaker"
    ).in_bulk([item.link_id for item in items])
    result = []
    for item in items:
        link = links[item.link_id]
        link.statement_numbers = item.statements
        result.append(link)
    return result


def standard_detail(request, number):
    """A standard, its statements, and the strongest few passages from each source."""
    standard = _standard_or_404(number)
    ranked = _ranked_passages(standard)
    per_source: dict[int, list[RankedPassage]] = {}
    for item in ranked:
        per_source.setdefault(item.source_id, []).append(item)
    strongest = [item for items in per_source.values() for item in items[:STRONGEST_PER_SOURCE]]
    by_source: dict = {}
    for link in _links_for(strongest):
        by_source.setdefault(link.passage.source, []).append(link)
    groups = [
        {"source": source, "shown": shown, "count": len(per_source[source.pk])}
        for source, shown in by_source.items()
    ]
    return render(
        request,
        "corpus/standard_detail.html",
        {"standard": standard, "groups": groups, "passage_count": len(ranked)},
    )


def standard_passages(request, number):
    """Every passage linked to a standard, strongest first, a page at a time."""
    standard = _standard_or_404(number)
    page = page_of(Paginator(_ranked_passages(standard), LINKED_PER_PAGE), request)
    return render(
        request,
        "corpus/standard_passages.html",
        {"standard": standard, "page": page, "links": _links_for(page.object_list)},
    )


def source_list(request):
    sources = list(Source.objects.prefetch_related("episodes"))
    counts = passage_counts()
    for source in sources:
        source.passage_count = counts.get(source.pk, 0)
    return render(request, "corpus/source_list.html", {"sources": sources})


def source_detail(request, slug):
    """A document's passages, or for a multi-episode source its episodes to choose from."""
    source = get_object_or_404(Source, slug=slug)
    # Meta.ordering is dropped from aggregate queries, so the order is asked for here.
    episodes = list(source.episodes.annotate(passage_count=Count("passages")).order_by("number"))
    for episode in episodes:
        episode.source = source
    # Passages outside any episode: the whole of a single document, or a series' preamble.
    loose = source.passages.filter(episode__isnull=True)
    page, turns = reading_page(request, source, None, loose)
    return render(
        request,
        "corpus/source_detail.html",
        {"source": source, "episodes": episodes, "page": page, "turns": turns},
    )


def episode_detail(request, slug, episode_slug):
    episode = get_object_or_404(
        Episode.objects.select_related("source"), source__slug=slug, slug=episode_slug
    )
    source = episode.source
    episodes = list(source.episodes.only("pk", "slug", "title", "number", "source_id"))
    for item in episodes:
        item.source = source  # their links need the source's slug
    index = next(i for i, e in enumerate(episodes) if e.pk == episode.pk)
    origin = url_origin(episode.audio_url)
    audio = bool(origin)
    page, turns = reading_page(request, source, episode.pk, episode.passages.all(), audio=audio)
    speakers = Speaker.objects.filter(passages__episode=episode).distinct().order_by("name")
    response = render(
        request,
        "corpus/episode_detail.html",
        {
            "source": source,
            "episode": episode,
            "episodes": episodes,
            "previous": episodes[index - 1] if index > 0 else None,
            "next": episodes[index + 1] if index + 1 < len(episodes) else None,
            "speakers": speakers,
            "page": page,
            "turns": turns,
            "audio": audio,
        },
    )
    if audio:
        # The audio streams from the publisher: this page, and only this page, may load it.
        response._csp_update = {"media-src": [origin]}
    return response


def passage_permalink(request, anchor):
    """/p/<anchor>/: to the page and fragment that hold the passage today.

    Anchors are unique within a source; when the same text sits in two sources, the
    reader chooses (or `?source=<slug>` decides).
    """
    found = Passage.objects.filter(anchor=anchor).select_related("source", "episode")
    if request.GET.get("source"):
        found = found.filter(source__slug=request.GET["source"][:100])
    found = list(found[:20])
    if not found:
        raise Http404("No passage has that permalink.")
    if len(found) == 1:
        location = found[0].location_url(listen=bool(request.GET.get("listen")))
        if quote := request.GET.get("quote", "")[:400]:
            # Chromium and others highlight the quoted words (":~:text=start,end").
            parts = [urllib.parse.quote(part.strip(), safe="") for part in quote.split(",", 1)]
            location += ":~:text=" + ",".join(parts)
        return redirect(location)
    return render(request, "corpus/passage_choice.html", {"passages": found, "anchor": anchor})


def search(request):
    query = clean_query(request.GET.get("q", ""))
    filters = {
        "standard": request.GET.get("standard", "").strip()[:10] or None,
        "source": request.GET.get("source", "").strip()[:100] or None,
        "speaker": clean_query(request.GET.get("speaker", ""))[:200] or None,
    }
    results = search_passages(query, **filters)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    badges = badges_by_passage([hit.passage.pk for hit in page.object_list])
    for hit in page.object_list:
        hit.passage.badges = badges.get(hit.passage.pk, [])
    context = {
        "query": query,
        "filters": filters,
        "page": page,
        "some_words": results.some_words,
        "standards": Standard.objects.primary(),
        "sources": Source.objects.only("slug", "title"),
        "speakers": Speaker.objects.filter(
            Q(source__slug=filters["source"]) if filters["source"] else Q()
        )
        .values_list("name", flat=True)
        .distinct()
        .order_by("name"),
        "querystring": _querystring(query, filters),
    }
    return render(request, "corpus/search.html", context)


def _querystring(query, filters):
    """The current search without the page number, for the pagination links."""
    params = QueryDict(mutable=True)
    params["q"] = query
    for key, value in filters.items():
        if value:
            params[key] = value
    return params.urlencode()
