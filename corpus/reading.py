"""Pages of passages as a reader sees them: the requested page with a short list of page numbers,
each passage's standards as badges, speakers' turns, and a source's reading order paged by position.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property

from corpus.models import PASSAGES_PER_PAGE, PassageLink, ReadingSpan, Speaker, reading_span


@dataclass
class Turn:
    """Consecutive passages by one speaker: the name once per turn, the role on their first."""

    speaker: Speaker | None
    passages: list
    show_role: bool = False


def _turns(passages) -> list[Turn]:
    turns: list[Turn] = []
    introduced: set[int] = set()
    for passage in passages:
        if turns and turns[-1].speaker == passage.speaker and passage.speaker is not None:
            turns[-1].passages.append(passage)
            continue
        first = passage.speaker is not None and passage.speaker.pk not in introduced
        if first:
            introduced.add(passage.speaker.pk)
        turns.append(Turn(passage.speaker, [passage], show_role=first))
    return turns


def page_of(paginator: Paginator, request):
    """The requested page (the last for a number out of range), with a short list of page
    numbers to show: a 600-page document lists a few around this one, not all 600."""
    page = paginator.get_page(request.GET.get("page"))
    page.page_range_elided = list(
        paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    )
    return page


@dataclass(frozen=True)
class Badge:
    label: str
    url: str


def badges_by_passage(passage_ids) -> dict[int, list[Badge]]:
    """Each passage's active links as small badges, from one query of plain values.

    A reading page can hold over a hundred passages with two or three links each; plain
    tuples and one URL per standard keep it within the page budget.
    """
    rows = (
        PassageLink.objects.active()
        .filter(passage_id__in=passage_ids)
        .order_by("standard__order", "-score")
        .values_list("passage_id", "standard__number", "statement__number")
    )
    urls: dict[str, str] = {}
    badges: dict[int, list[Badge]] = defaultdict(list)
    for passage_id, standard, statement in rows:
        if standard not in urls:
            urls[standard] = reverse("corpus:standard_detail", args=[standard])
        badges[passage_id].append(Badge(statement or standard, urls[standard]))
    return badges


class ReadingPaginator(Paginator):
    """Pages of a reading sequence: counted from its span, and sliced by position rather
    than OFFSET when positions run without gaps (they do for every importer's output)."""

    def __init__(self, passages, span: ReadingSpan):
        super().__init__(passages, PASSAGES_PER_PAGE)
        self.span = span

    @cached_property
    def count(self) -> int:
        return self.span.count

    def page(self, number):
        number = self.validate_number(number)
        if not self.span.contiguous:
            return super().page(number)
        start = self.span.first + (number - 1) * self.per_page
        items = self.object_list.filter(position__gte=start, position__lt=start + self.per_page)
        return self._get_page(items, number, self)


def reading_page(request, source, episode_id, passages, *, audio: bool = False):
    """One page of passages in reading order, with their standards, grouped into turns;
    with `audio`, each timed passage can be listened to from its start."""
    # In position order alone (not the model's source-title-first ordering), so the
    # (source, episode, position) index serves the count and the page without a join.
    passages = passages.only(
        "pk",
        "anchor",
        "kind",
        "text",
        "position",
        "speaker_id",
        "source_id",
        "episode_id",
        "start",
    ).order_by("position")
    page = page_of(ReadingPaginator(passages, reading_span(source, episode_id)), request)
    shown = list(page.object_list)
    badges = badges_by_passage([p.pk for p in shown])
    # A source has a handful of speakers: one small query, shared by every passage.
    speakers = {s.pk: s for s in Speaker.objects.filter(pk__in={p.speaker_id for p in shown})}
    for passage in shown:
        passage.source = source
        passage.speaker = speakers.get(passage.speaker_id)
        passage.badges = badges.get(passage.pk, [])
        passage.listen = audio and passage.start is not None
    return page, _turns(shown)
