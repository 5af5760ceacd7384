"""Coverage to statement level: how many complete entries tag or cite each statement, by year.

An entry covers a statement when it is tagged with it, or cites a passage that has an active
link to it. Counted for the current registration year and the two before, in a constant
number of queries. Read-only, like journal.selectors.
"""

from dataclasses import dataclass, field

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
    standards = Standard.objects.primary()
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
        statements = standard.statement_list
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
