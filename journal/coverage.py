"""Coverage to statement level: how many complete entries tag or cite each statement, by year.

An entry covers a statement when it is tagged with it, or cites a passage that has an active
link to it. Counted for the current registration year and the two before, in a constant
number of queries. Read-only, like journal.selectors.
"""

from dataclasses import dataclass, field

from corpus.models import Passage, PassageLink, Standard, Statement
from journal.models import Citation, Entry, User
from journal.registration import RegistrationYear

YEARS_SHOWN = 3
SUGGESTIONS = 3
# Statements looked at for a suggestion: bounds the queries when few passages are linked.
MAX_TRIED = 12


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
    counts: list[int]  # complete entries tagging the standard or any of its statements
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


def level(count: int) -> int:
    """A shade from 0 to 3 for the heatmap; the number is always printed beside it."""
    return min(count, 3)


def coverage_for(user: User, *, today=None) -> Coverage:
    current = RegistrationYear.current(today)
    years = [current]
    for _ in range(YEARS_SHOWN - 1):
        years.insert(0, years[0].previous())
    standards = list(
        Standard.objects.filter(framework__is_primary=True)
        .order_by("order")
        .prefetch_related("statements")
    )
    entries = dict(
        Entry.objects.alive()
        .owned_by(user)
        .between(years[0].start, years[-1].end)
        .complete()
        .values_list("pk", "activity_date")
    )
    year_of = {pk: _year_index(years, day) for pk, day in entries.items()}

    covered: dict[int, set[int]] = {}  # statement id -> entry ids
    by_standard: dict[int, set[int]] = {}  # standard id -> entry ids
    tags = Entry.statements.through.objects.filter(entry_id__in=entries)
    for entry_id, statement_id in tags.values_list("entry_id", "statement_id"):
        covered.setdefault(statement_id, set()).add(entry_id)
    for entry_id, standard_id in Entry.standards.through.objects.filter(
        entry_id__in=entries
    ).values_list("entry_id", "standard_id"):
        by_standard.setdefault(standard_id, set()).add(entry_id)
    cited = list(
        Citation.objects.filter(entry_id__in=entries, passage__isnull=False).values_list(
            "entry_id", "passage_id"
        )
    )
    passages: dict[int, set[int]] = {}
    for entry_id, passage_id in cited:
        passages.setdefault(passage_id, set()).add(entry_id)
    for passage_id, statement_id in (
        PassageLink.objects.active()
        .filter(passage_id__in=passages, statement__isnull=False)
        .values_list("passage_id", "statement_id")
    ):
        covered.setdefault(statement_id, set()).update(passages[passage_id])

    def per_year(ids: set[int]) -> list[int]:
        counts = [0] * len(years)
        for pk in ids:
            counts[year_of[pk]] += 1
        return counts

    blocks = []
    for standard in standards:
        statements = sorted(standard.statements.all(), key=lambda s: s.order)
        ids = set(by_standard.get(standard.pk, set()))
        rows = []
        for statement in statements:
            found = covered.get(statement.pk, set())
            ids |= found
            rows.append(StatementRow(statement, per_year(found)))
        blocks.append(StandardBlock(standard, per_year(ids), rows))
    coverage = Coverage(years=years, blocks=blocks, suggestions=[])
    coverage.suggestions = _suggestions(user, coverage)
    return coverage


def _year_index(years: list[RegistrationYear], day) -> int:
    return next(i for i, year in enumerate(years) if day in year)


def _suggestions(user: User, coverage: Coverage) -> list[Suggestion]:
    """For the least covered statements this year, the strongest-linked passage not yet cited."""
    rows = [row for block in coverage.blocks for row in block.rows]
    rows.sort(key=lambda row: row.current)  # stable: the standards' order among equals
    already = set(
        Citation.objects.filter(entry__owner=user, passage__isnull=False).values_list(
            "passage_id", flat=True
        )
    )
    suggestions = []
    for row in rows[:MAX_TRIED]:
        if len(suggestions) == SUGGESTIONS or row.current > min(r.current for r in rows):
            break
        link = (
            PassageLink.objects.active()
            .filter(statement=row.statement)
            .exclude(passage_id__in=already)
            .select_related("passage__source", "passage__episode", "passage__speaker")
            .strongest_first()
            .first()
        )
        if link is not None:
            suggestions.append(Suggestion(row.statement, link.passage, link))
    return suggestions
