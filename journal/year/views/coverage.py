"""The standards coverage heatmap."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from journal.year import coverage


@login_required
def coverage_view(request):
    """The heatmap: complete entries per standard and statement, this year and the two before."""
    return render(
        request, "journal/coverage.html", {"coverage": coverage.coverage_for(request.user)}
    )
