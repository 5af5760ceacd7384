"""Coverage: which standards and statements a person's complete entries cover, and by year.

The one rule, which the dashboard, this heatmap, the agenda and the exports all count by
(Tagged): an entry covers what its owner tagged it with. Tags are the worker's; a cited
passage's links are the library's, so they suggest what to read next here and never count as
covered. Read-only, like journal.selectors.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from corpus.models import Passage, PassageLink, Standard, Statement
from journal.models import Citation, Entry, User
from journal.year.registration import RegistrationYear

YEARS_SHOWN = 3
SUGGESTIONS = 3


@dataclass
class StatementRow:
    statement: Statement
    counts: list[int]  # one per year, oldest first

    @property
    def current(self) -> int:
        return self.counts[-1]


@dataclass
class StandardBlock:
    standard: Standard
    counts: list[int]  # complete entries tagged with the standard
    rows: list[StatementRow] = field(default_factory=list)


@dataclass
class Suggestion:
    statement: Statement
    passage: Passage
    link: PassageLink

    @property
    def reference(self) -> str:
        return f"{self.passage.source.slug}:{self.passage.anchor}"


@dataclass
class Coverage:
    years: list[RegistrationYear]
    blocks: list[StandardBlock]
    suggestions: list[Suggestion]

    @property
    def uncovered(self) -> list[StatementRow]:
        """Statements no complete entry covers this year, in the standards' order."""
        return [row for block in self.blocks for row in block.rows if row.current == 0]


class Tagged:
    """The standards and statements `entry_ids` (complete entries) are tagged with, each as
    the ids of the entries tagging it: one query for each, read when first asked for.

    Ticking a statement tags its standard too (the editor's form, the imports), so a
    standard's entries are those tagged with it. `standard_tags` (entry id -> standard ids,
    as journal.selectors.attach_tags returns them) saves reading those again.
    """

    def __init__(
        self, entry_ids: Iterable[int], *, standard_tags: dict[int, set[int]] | None = None
    ):
        self.entry_ids = list(entry_ids)
        self._standard_tags = standard_tags

    @cached_property
    def standards(self) -> dict[int, set[int]]:
        """Standard id -> the entries tagged with it."""
        if self._standard_tags is not None:
            pairs = [(e, s) for e in self.entry_ids for s in self._standard_tags.get(e, ())]
        else:
            pairs = Entry.standards.through.objects.filter(entry_id__in=self.entry_ids).values_list(
                "entry_id", "standard_id"
            )
        return _group(pairs)

    @cached_property
    def statements(self) -> dict[int, set[int]]:
        """Statement id -> the entries tagged with it."""
        return _group(
            Entry.statements.through.objects.filter(entry_id__in=self.entry_ids).values_list(
                "entry_id", "statement_id"
            )
        )

    def standard_counts(self, standards: Sequence[Standard]) -> list[tuple[Standard, int]]:
        """How many of the entries cover each standard, in the standards' order."""
        return [(s, len(self.standards.get(s.pk, ()))) for s in standards]


def _group(pairs: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    grouped: dict[int, set[int]] = {}
    for entry_id, tag_id in pairs:
        grouped.setdefault(tag_id, set()).add(entry_id)
    return grouped


def standards_coverage(
    entries: Iterable[Entry],
    standards: Sequence[Standard],
    *,
    tags: dict[int, set[int]] | None = None,
) -> list[tuple[Standard, int]]:
    """How many of `entries` that are complete cover each standard (Tagged), in order: the
    dashboard's chart and the exports' table."""
    complete = [e.pk for e in entries if e.is_complete]
    return Tagged(complete, standard_tags=tags).standard_counts(standards)


def level(count: int) -> int:
    """A shade from 0 to 3 for the heatmap; the number is always printed beside it."""
    return min(count, 3)


def coverage_for(user: User, *, today=None) -> Coverage:
    current = RegistrationYear.current(today)
    years = [current]
    for _ in range(YEARS_SHOWN - 1):
        years.insert(0, years[0].previous())
    standards = Standard.objects.primary()
    entries = dict(
        Entry.objects.alive()
        .owned_by(user)
        .between(years[0].start, years[-1].end)
        .complete()
        .values_list("pk", "activity_date")
    )
    year_of = {pk: _year_index(years, day) for pk, day in entries.items()}

    tagged = Tagged(entries)

    def per_year(ids: set[int]) -> list[int]:
        counts = [0] * len(years)
        for pk in ids:
            counts[year_of[pk]] += 1
        return counts

    blocks = []
    for standard in standards:
        statements = standard.statement_list
        rows = [
            StatementRow(statement, per_year(tagged.statements.get(statement.pk, set())))
            for statement in statements
        ]
        blocks.append(
            StandardBlock(standard, per_year(tagged.standards.get(standard.pk, set())), rows)
        )
    coverage = Coverage(years=years, blocks=blocks, suggestions=[])
    coverage.suggestions = _suggestions(user, coverage)
    return coverage


def _year_index(years: list[RegistrationYear], day) -> int:
    return next(i for i, year in enumerate(years) if day in year)


def _suggestions(user: User, coverage: Coverage) -> list[Suggestion]:
    """For the least covered statements this year, the strongest-linked passage not yet cited.

    Two queries whatever the number of statements: the candidate links in strength order
    (ids only, what the person cited excluded by a subquery), then the chosen links.
    """
    rows = [row for block in coverage.blocks for row in block.rows]
    if not rows:
        return []
    least = min(row.current for row in rows)
    candidates = [row for row in rows if row.current == least]  # in the standards' order
    already = Citation.objects.filter(entry__owner=user, passage__isnull=False).values("passage_id")
    strongest: dict[int, int] = {}
    for statement_id, link_id in (
        PassageLink.objects.active()
        .filter(statement_id__in=[row.statement.pk for row in candidates])
        .exclude(passage_id__in=already)
        .strongest_first()
        .values_list("statement_id", "pk")
    ):
        strongest.setdefault(statement_id, link_id)
    chosen = [row for row in candidates if row.statement.pk in strongest][:SUGGESTIONS]
    links = PassageLink.objects.select_related(
        "passage__source", "passage__episode", "passage__speaker"
    ).in_bulk([strongest[row.statement.pk] for row in chosen])
    return [
        Suggestion(
            row.statement,
            links[strongest[row.statement.pk]].passage,
            links[strongest[row.statement.pk]],
        )
        for row in chosen
    ]
