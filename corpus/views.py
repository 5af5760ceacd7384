"""Corpus pages: the standards, the sources to read, and search across them.

The pages are public: anyone may read the corpus; only reflecting needs an account.
Each view fetches what its template shows in a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render

from corpus.models import Framework, PassageLink, Source, Speaker, Standard
from corpus.search import clean_query, search_passages

RESULTS_PER_PAGE = 20
# On a standard's page, each source shows its strongest passages and folds the rest away.
SHOWN_PER_SOURCE = 8


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


def standard_detail(request, number):
    standard = get_object_or_404(
        Standard.objects.select_related("framework").prefetch_related("statements"),
        framework__is_primary=True,
        number=number,
    )
    links = (
        PassageLink.objects.active()
        .filter(standard=standard)
        .select_related("statement", "passage__source", "passage__episode", "passage__speaker")
        .strongest_first()
    )
    groups = [
        {"source": source, "shown": found[:SHOWN_PER_SOURCE], "more": found[SHOWN_PER_SOURCE:]}
        for source, found in _strongest_link_per_passage(links).items()
    ]
    return render(
        request,
        "corpus/standard_detail.html",
        {
            "standard": standard,
            "groups": groups,
            "passage_count": sum(len(g["shown"]) + len(g["more"]) for g in groups),
        },
    )


def _strongest_link_per_passage(links) -> dict:
    """Each passage once, under its source, with its strongest link and every statement.

    Sources come in the order of their strongest link, so the best material is on top.
    """
    by_source: dict = {}
    seen: dict = {}
    for link in links:
        first = seen.get(link.passage_id)
        if first is None:
            seen[link.passage_id] = first = link
            link.statement_numbers = []
            by_source.setdefault(link.passage.source, []).append(link)
        if link.statement and link.statement.number not in first.statement_numbers:
            first.statement_numbers.append(link.statement.number)
    return by_source


def source_list(request):
    sources = Source.objects.annotate(
        passage_count=Count("passages", distinct=True)
    ).prefetch_related("episodes")
    return render(request, "corpus/source_list.html", {"sources": sources})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    passages = list(
        source.passages.select_related("speaker", "episode").prefetch_related(
            Prefetch("links", queryset=_active_links(), to_attr="active_links")
        )
    )
    episodes = list(source.episodes.all())
    # Passages grouped under their episode, in reading order; a single document has one group.
    by_episode = defaultdict(list)
    for passage in passages:
        by_episode[passage.episode_id].append(passage)
    sections = [(None, by_episode.pop(None))] if None in by_episode else []
    sections += [(episode, by_episode.get(episode.pk, [])) for episode in episodes]
    return render(
        request,
        "corpus/source_detail.html",
        {"source": source, "sections": sections, "passage_count": len(passages)},
    )


def search(request):
    query = clean_query(request.GET.get("q", ""))
    filters = {
        "standard": request.GET.get("standard", "").strip()[:10] or None,
        "source": request.GET.get("source", "").strip()[:100] or None,
        "speaker": clean_query(request.GET.get("speaker", ""))[:200] or None,
    }
    results = search_passages(query, **filters)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    framework = _primary_framework()
    context = {
        "query": query,
        "filters": filters,
        "page": page,
        "standards": Standard.objects.filter(framework=framework) if framework else [],
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
