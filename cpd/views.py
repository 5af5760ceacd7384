"""Site-wide pages that belong to no app."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from corpus.models import Source, Standard


def home(request):
    context = {
        "standards": Standard.objects.filter(framework__is_primary=True),
        "sources": Source.objects.all(),
    }
    return render(request, "home.html", context)


@require_GET
@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    """A plain explanation instead of Django's technical page; nothing was saved."""
    return render(request, "403_csrf.html", status=403)
