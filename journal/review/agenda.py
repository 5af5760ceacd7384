"""A supervision agenda, generated before a meeting, for the worker or for their supervisor.

What it holds: who meets (names and registration numbers), the last session and the actions
still open from it, entries waiting for review and the open comments on them, requested
changes, a handful of the statements no complete entry covers this year (each with one
question to discuss), readiness and days to the deadline, and a space for agreed actions.

A supervisor's agenda is written to the supervisor and only names entries shared with them
and only their own comments; it adds what happened since the last session (entries shared,
changed, signed off) and their open comment threads.

This module gathers the agenda; agenda_markdown.py writes it out.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from journal import clock
from journal.entries.content import part_label
from journal.entries.models import current_fingerprint
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
from journal.review.session_selectors import ACTION_NAMES, ACTIONS_ORDER
from journal.year import coverage
from journal.year import selectors as year_selectors
from journal.year.readiness import YearReadiness
from journal.year.registration import RegistrationYear, deadline_for, missing_words


@dataclass
class AgendaEntry:
    entry: Entry
    state: ReviewState
    supervisor: str
    # (the part, as said inside a sentence, and the comment)
    comments: list[tuple[str, Comment]] = field(default_factory=list)
    waiting_since: datetime.datetime | None = None

    @property
    def waited(self) -> str:
        """How long a waiting entry has waited, in calendar days: since it was submitted, or
        since it changed after a sign-off."""
        if not self.state.needs_review or self.waiting_since is None:
            return ""
        verb = "changed" if self.state.changed_since_sign_off else "sent"
        days = (clock.today() - timezone.localdate(self.waiting_since)).days
        if days < 1:
            return f", {verb} today"
        return f", {verb} {'yesterday' if days == 1 else f'{days} days ago'}"


@dataclass
class Thread:
    """One of the supervisor's open comment threads, and where the conversation stands."""

    entry: Entry
    part: str  # as said inside a sentence (part_phrase)
    comment: Comment
    replies: list[Comment]

    @property
    def standing(self) -> str:
        if not self.replies:
            return "no reply yet"
        last = self.replies[-1]
        count = len(self.replies)
        return f"{count} repl{'y' if count == 1 else 'ies'}, the last from {last.author_label}"


@dataclass
class SinceLastSession:
    """What moved between the last session and this one, among entries shared with the
    supervisor (the whole time the link has run, before a first session)."""

    since: datetime.date | None  # the last session's date
    shared: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    signed_off: list[Entry] = field(default_factory=list)

    NOTHING = "Nothing was shared with you, changed or signed off by you."

    @property
    def heading(self) -> str:
        if self.since is None:
            return "Since supervision began"
        return f"Since the last session ({self.since:%-d %B %Y})"

    @property
    def is_empty(self) -> bool:
        return not (self.shared or self.changed or self.signed_off)

    @property
    def groups(self) -> list[tuple[str, list[Entry]]]:
        """Only the groups with entries: a line saying a group is empty reads as a fault."""
        groups = [
            ("Shared with you", self.shared),
            ("Changed", self.changed),
            ("Signed off by you", self.signed_off),
        ]
        return [(label, entries) for label, entries in groups if entries]


@dataclass(frozen=True)
class Headings:
    waiting: str
    nothing_waiting: str
    changes: str
    no_changes: str


FOR_WORKER = Headings(
    "Waiting for review",
    "Nothing is waiting for review.",
    "Changes requested",
    "No changes are waiting to be made.",
)
FOR_SUPERVISOR = Headings(
    "Waiting for your review",
    "Nothing is waiting for your review.",
    "Changes you asked for",
    "None of the changes you asked for is waiting to be made.",
)


def registration_line(person: User, role: str, esc=str) -> str:
    """`esc` escapes the person's name and number (Markdown), not our parentheses."""
    number = esc(person.registration_number) or "registration number not given"
    return f"{role}: {esc(person.get_display_name())} ({number})"


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
    next_due: datetime.date | None = None
    open_actions: list[SessionAction] = field(default_factory=list)  # carried to this meeting
    since_last: SinceLastSession | None = None  # a supervisor's agenda only
    threads: list[Thread] = field(default_factory=list)  # a supervisor's agenda only

    @property
    def people_lines(self) -> list[str]:
        return self.people()

    def people(self, esc=str) -> list[str]:
        """Who meets, with registration numbers, and where the sessions stand."""
        lines = []
        if self.for_supervisor is not None:
            lines.append(registration_line(self.for_supervisor, "Supervisor", esc))
        lines.append(registration_line(self.owner, "Supervisee", esc))
        if self.last_session is None:
            lines.append("Last session: none recorded yet")
        else:
            session = self.last_session
            status = session.get_status_display().lower()
            line = f"Last session: {session.held_on:%-d %B %Y} ({status})"
            if self.next_due:
                line += f"; next due {self.next_due:%-d %B %Y}"
            lines.append(line)
        return lines

    @property
    def headings(self) -> Headings:
        return FOR_WORKER if self.for_supervisor is None else FOR_SUPERVISOR

    @property
    def file_name(self) -> str:
        """Names the person, so a supervisor's agendas of one day never collide."""
        name = slugify(self.owner.get_display_name()) or "supervisee"
        return f"supervision-agenda-{name}-{self.generated_on:%Y-%m-%d}.md"

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
        gaps = year.gaps
        if self.for_supervisor is not None:
            # The year's own gaps speak to the worker ("copy … to your account"); said here
            # to the supervisor instead.
            gaps = missing_words(
                pieces=year.ready_count, peers=with_peer, rule=rule, adjective="ready"
            )
            to_copy = year.required - year.copied_count
            if year.ready_enough and not year.met and to_copy > 0:
                gaps.append(f"{to_copy} more to copy to {rule.regulator} and tick as copied")
            if year.met:
                gaps = []
        if gaps:
            lines.append("Still missing: " + "; ".join(gaps))
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
        # The entry's fingerprint in SQL (its latest version's), not worked out from its
        # standards, statements and quotations: three fewer queries, and no hashing per entry.
        .annotate(fingerprint=current_fingerprint("entry"))
        .prefetch_related(
            Prefetch("entry__signoffs", queryset=SignOff.objects.all()),
            Prefetch(
                "entry__comments",
                queryset=Comment.objects.filter(parent__isnull=True)
                .select_related("author")
                .prefetch_related(
                    Prefetch("replies", queryset=Comment.objects.select_related("author"))
                ),
            ),
        )
        .order_by("entry__activity_date", "pk")
    )
    links = Supervision.objects.filter(supervisee=owner, status=Supervision.Status.ACTIVE)
    if supervisor is not None:
        shares = shares.filter(supervision__supervisor=supervisor)
        links = links.filter(supervisor=supervisor)
    held = SupervisionSession.objects.held().filter(supervision__in=links)
    last_session = held.select_related("supervision").order_by("-held_on", "-pk").first()
    since_last, threads = None, []
    if supervisor is not None:
        since_last = SinceLastSession(last_session.held_on if last_session else None)
        # Whatever happened on the day of the session was discussed in it.
        cut = (
            timezone.make_aware(
                datetime.datetime.combine(
                    last_session.held_on + datetime.timedelta(days=1), datetime.time()
                )
            )
            if last_session
            else None
        )
    waiting, changes = [], []
    for share in shares:
        entry = share.entry
        state = share.review_state(entry.signoffs.all(), share.fingerprint)
        reviewer = share.supervision.supervisor
        since = share.submitted_at
        comments = [
            (part_phrase(part_label(c.field)), c)
            for c in entry.comments.all()
            if c.author_id == reviewer.pk and (since is None or c.created_at > since)
        ]
        if supervisor is not None:
            threads += [
                Thread(entry, label, comment, list(comment.replies.all()))
                for label, comment in comments
            ]
            comments = []  # the supervisor reads them once, as threads
            own = [s for s in entry.signoffs.all() if s.supervisor_id == supervisor.pk]
            if cut is None or share.created_at >= cut:
                since_last.shared.append(entry)
            elif entry.updated_at >= cut:
                since_last.changed.append(entry)
            if any(cut is None or s.created_at >= cut for s in own):
                since_last.signed_off.append(entry)
        item = AgendaEntry(entry, state, reviewer.get_display_name(), comments, share.submitted_at)
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
        last_session=last_session,
        next_due=(
            last_session.supervision.next_session_due(last_session.held_on)
            if last_session and last_session.supervision
            else None
        ),
        since_last=since_last,
        threads=threads,
        open_actions=list(
            SessionAction.objects.filter(session__in=held, done_in__isnull=True)
            .select_related(*ACTION_NAMES)
            .order_by(*ACTIONS_ORDER)
        ),
    )


def part_phrase(label: str) -> str:
    """A part's label inside a sentence ("on impact on … I work with"): only its first letter
    lowered, so "I" stays a capital."""
    return label[:1].lower() + label[1:]
