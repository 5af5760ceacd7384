"""Corpus pages. (Placeholder views are replaced by the corpus browsing work.)"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from corpus.models import Source, Standard


def standard_list(request):
    return render(request, "corpus/standard_list.html", {"standards": Standard.objects.all()})


def standard_detail(request, number):
    standard = get_object_or_404(Standard, framework__is_primary=True, number=number)
    return render(request, "corpus/standard_detail.html", {"standard": standard})


def source_list(request):
    return render(request, "corpus/source_list.html", {"sources": Source.objects.all()})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return render(request, "corpus/source_detail.html", {"source": source})


def search(request):
    raise Http404
