"""Small JSON endpoints the editor's script calls while a person writes."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from journal import guard

MAX_TEXT = 100_000


def _text(request) -> str:
    return request.POST.get("text", "")[:MAX_TEXT]


@login_required
@require_POST
def api_privacy(request):
    # The editor sends what its naming fields hold (the peer's name): allowed in the text.
    names = [name[:300] for name in request.POST.getlist("names")[:5]]
    findings = guard.findings(_text(request), names=names)
    return JsonResponse({"findings": [f.as_dict() for f in findings]})


@login_required
@require_POST
def api_suggest(request):
    from corpus import linking

    text = _text(request)
    ticked = request.POST.getlist("ticked")[:10]
    ignore = [request.POST.get("ignore", "")[:300]]
    suggestions = (
        linking.suggest(text, exclude_standards=ticked, ignore=ignore) if text.strip() else []
    )
    return JsonResponse({"suggestions": [s.as_dict() for s in suggestions]})


@login_required
@require_GET
def api_passages(request):
    from corpus.search import search_passages

    query = request.GET.get("q", "")[:500]
    hits = search_passages(query)[:10] if query.strip() else []
    return JsonResponse(
        {
            "results": [
                {
                    "reference": f"{hit.passage.source.slug}:{hit.passage.anchor}",
                    "source": hit.passage.source.title,
                    "speaker": hit.passage.speaker.name if hit.passage.speaker_id else "",
                    "text": hit.passage.text[:400],
                    "url": hit.passage.get_absolute_url(),
                }
                for hit in hits
            ]
        }
    )
