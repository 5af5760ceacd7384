"""A supervision agenda, generated before a meeting, for the worker or for their supervisor.

What it holds: entries waiting for review and the open comments on them, requested changes,
a handful of the statements no complete entry covers this year (each with one question to
discuss),
readiness and days to the deadline, and a space for agreed actions. A supervisor's agenda
only names entries shared with them and only their own comments.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from journal.entries.content import part_label
from journal.exports.markdown import escape
from journal.models import (
    Comment,
    Entry,
    ReviewState,
    SessionAction,
    Share,
    SignOff,
    Supervision,
    SupervisionSession,
    User,
)
from journal.review.selectors import ACTION_NAMES, ACTIONS_ORDER
from journal.year import clock, coverage
from journal.year import selectors as year_selectors
from journal.year.readiness import YearReadiness
from journal.year.registration import RegistrationYear, deadline_for


@dataclass
class AgendaEntry:
    entry: Entry
    state: ReviewState
    supervisor: str
    comments: list[tuple[str, Comment]] = field(default_factory=list)  # (part label, comment)


# A meeting discusses a handful of statements, not all fifty: QUESTIONS_ASKED of those with no
# complete entry this year, first from the standards with none at all, one a standard in turn.
QUESTIONS_ASKED = 5


@dataclass
class Uncovered:
    number: str
    summary: str

    @property
    def question(self) -> str:
        """A question that reads well beside any summary: they are duties in the regulator's
        first person ("Apply my knowledge…"), and some are prohibitions ("Do not act
        dishonestly"), so none is worked into the sentence."""
        if self.summary.startswith("Do not "):
            return "What helps you hold to this under pressure, and where might your work test it?"
        return "When has this come up in your practice, and what would you do differently?"


def _asked(covered: coverage.Coverage) -> list[Uncovered]:
    """QUESTIONS_ASKED uncovered statements, spread over the standards (see above)."""
    blocks = sorted(covered.blocks, key=lambda block: block.counts[-1] > 0)
    waiting = [[row for row in block.rows if row.current == 0] for block in blocks]
    picked = []
    while len(picked) < QUESTIONS_ASKED and any(waiting):
        for rows in waiting:
            if rows and len(picked) < QUESTIONS_ASKED:
                picked.append(rows.pop(0))
    order = {row.statement.pk: n for n, row in enumerate(covered.uncovered)}
    picked.sort(key=lambda row: order[row.statement.pk])
    return [Uncovered(row.statement.number, row.statement.summary) for row in picked]


@dataclass
class Agenda:
    owner: User
    for_supervisor: User | None
    generated_on: datetime.date
    year: RegistrationYear
    deadline: datetime.date
    days_left: int
    readiness: YearReadiness  # the year as the dashboard counts it
    waiting: list[AgendaEntry]
    changes_requested: list[AgendaEntry]
    uncovered_standards: list[str]
    uncovered: list[Uncovered]  # the statements asked about
    uncovered_count: int  # every statement no complete entry covers this year
    last_session: SupervisionSession | None = None
    open_actions: list[SessionAction] = field(default_factory=list)  # carried to this meeting

    @property
    def uncovered_more(self) -> int:
        return self.uncovered_count - len(self.uncovered)

    @property
    def uncovered_more_line(self) -> str:
        """How many uncovered statements the agenda leaves out, on the page and in Markdown."""
        more = self.uncovered_more
        if not more:
            return ""
        return f"{more} more statement{'s' if more != 1 else ''} with no complete entry this year."

    @property
    def readiness_lines(self) -> list[str]:
        """The year in the dashboard's terms (journal.year.readiness: ready to copy, then ticked as
        copied), said the same way on the page and in the Markdown."""
        year, rule = self.readiness, self.readiness.rule
        with_peer = sum(1 for piece in year.ready if piece.has_peer_reflection)
        lines = [
            f"Pieces ready to copy: {year.ready_count} ({year.required} needed), {with_peer} "
            f"with a peer reflection ({rule.minimum_peer_reflections} needed)",
            f"Ticked as copied to {rule.regulator}: {year.copied_count} of {year.required}",
        ]
        if year.gaps:
            lines.append("Still missing: " + "; ".join(year.gaps))
        return lines

    @property
    def title(self) -> str:
        return (
            f"Supervision agenda for {self.owner.get_display_name()}, {self.generated_on:%-d %B %Y}"
        )


def agenda_for(*, owner: User, supervisor: User | None = None, today=None) -> Agenda:
    """The agenda for `owner`; with `supervisor`, only what is shared with that supervisor."""
    today = today or clock.today()
    year = RegistrationYear.current(today)
    deadline = deadline_for(year, month=owner.renewal_month, day=owner.renewal_day)
    shares = (
        Share.objects.filter(
            entry__owner=owner,
            entry__deleted_at__isnull=True,
            revoked_at__isnull=True,
            supervision__status=Supervision.Status.ACTIVE,
        )
        .exclude(entry__status=Entry.Status.DRAFT)
        .select_related("entry", "supervision__supervisor")
        .prefetch_related(
            "entry__standards",
            "entry__statements",
            "entry__citations",
            Prefetch("entry__signoffs", queryset=SignOff.objects.all()),
            Prefetch(
                "entry__comments",
                queryset=Comment.objects.filter(parent__isnull=True).select_related("author"),
            ),
        )
        .order_by("entry__activity_date", "pk")
    )
    links = Supervision.objects.filter(supervisee=owner, status=Supervision.Status.ACTIVE)
    if supervisor is not None:
        shares = shares.filter(supervision__supervisor=supervisor)
        links = links.filter(supervisor=supervisor)
    held = SupervisionSession.objects.filter(supervision__in=links).exclude(
        status=SupervisionSession.Status.DRAFT
    )
    waiting, changes = [], []
    for share in shares:
        entry = share.entry
        state = share.review_state(entry.signoffs.all(), entry.content_fingerprint())
        reviewer = share.supervision.supervisor
        since = share.submitted_at
        comments = [
            (part_label(c.field), c)
            for c in entry.comments.all()
            if c.author_id == reviewer.pk and (since is None or c.created_at > since)
        ]
        item = AgendaEntry(entry, state, reviewer.get_display_name(), comments)
        if state.needs_review:
            waiting.append(item)
        elif state.changes_requested:
            changes.append(item)
    covered = coverage.coverage_for(owner, today=today)
    return Agenda(
        owner=owner,
        for_supervisor=supervisor,
        generated_on=today,
        year=year,
        deadline=deadline,
        days_left=year.days_left(today, deadline),
        readiness=year_selectors.year_readiness(owner, [year], today=today)[year],
        waiting=waiting,
        changes_requested=changes,
        uncovered_standards=[
            f"Standard {b.standard.number}: {b.standard.title}"
            for b in covered.blocks
            if b.counts[-1] == 0
        ],
        uncovered=_asked(covered),
        uncovered_count=len(covered.uncovered),
        last_session=held.order_by("-held_on", "-pk").first(),
        open_actions=list(
            SessionAction.objects.filter(session__in=held, done_in__isnull=True)
            .select_related(*ACTION_NAMES)
            .order_by(*ACTIONS_ORDER)
        ),
    )


def _md(text: str) -> str:
    """Plain text safe inside a Markdown line: no headings, links or HTML from user text."""
    return escape(" ".join(str(text).split()))


def agenda_markdown(agenda: Agenda) -> str:
    lines = [f"# {_md(agenda.title)}", ""]
    lines += [
        "## Readiness",
        "",
        f"- Registration year {agenda.year.label}: {agenda.days_left} days to the deadline "
        f"({agenda.deadline:%-d %B %Y})",
        *(f"- {_md(line)}" for line in agenda.readiness_lines),
        "",
    ]

    def entry_lines(items: list[AgendaEntry], empty: str) -> list[str]:
        if not items:
            return [empty, ""]
        out = []
        for item in items:
            out.append(
                f"- **{_md(item.entry.display_title)}** ({item.entry.activity_date:%-d %B %Y}), "
                f"{_md(item.supervisor)}: {item.state.label.lower()}"
            )
            for label, comment in item.comments:
                changes = " (changes requested)" if comment.requests_changes else ""
                out.append(f"  - On {label.lower()}{changes}: {_md(comment.body)}")
        return [*out, ""]

    lines += ["## Waiting for review", ""]
    lines += entry_lines(agenda.waiting, "Nothing is waiting for review.")
    lines += ["## Changes requested", ""]
    lines += entry_lines(agenda.changes_requested, "No changes are waiting to be made.")
    lines += ["## Standards and statements not covered this year", ""]
    if agenda.uncovered_standards:
        lines += [f"- {_md(s)}" for s in agenda.uncovered_standards] + [""]
    if agenda.uncovered:
        for item in agenda.uncovered:
            lines.append(f"- {item.number} {_md(item.summary)}")
            lines.append(f"  - Question: {_md(item.question)}")
        if agenda.uncovered_more_line:
            lines += ["", _md(agenda.uncovered_more_line)]
    else:
        lines.append("Every statement is covered by a complete entry this year.")
    lines += ["", "## Actions from earlier sessions", ""]
    if agenda.open_actions:
        # The text is the supervisor's (escaped); whose and by when are ours.
        lines += [f"- [ ] {_md(a.text)} ({a.terms})" for a in agenda.open_actions]
    else:
        lines.append("No actions are open.")
    lines += ["", "## Agreed actions", "", "- [ ] ", "- [ ] ", "- [ ] ", ""]
    return "\n".join(lines)
