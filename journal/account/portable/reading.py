"""Reading an account file's document: checked whole before anything is saved.

`plan_import` turns the document (archive.read_archive) into unsaved records, each checked
by its model's own field validation, and finds each citation's passage here by its identity
and its words (corpus.anchoring). Every problem found is listed, with where it is.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from corpus.anchoring import MISSING, locate, source_passages
from corpus.models import Source, Standard, Statement
from journal.account.portable import format as fmt
from journal.account.portable.archive import AccountFileError, Archive
from journal.evidence.models import Evidence
from journal.models import (
    Citation,
    Comment,
    Entry,
    EntryVersion,
    PeerRequest,
    QuickNote,
    RenewalStep,
    SessionAction,
    SignOff,
    SupervisionSession,
)

# The plan: unsaved records, in the order they are saved.


@dataclass
class PlannedEntry:
    key: int
    entry: Entry
    standards: list
    statements: list
    citations: list[Citation] = field(default_factory=list)
    versions: list[EntryVersion] = field(default_factory=list)
    comments: list[tuple[int, int | None, Comment]] = field(default_factory=list)
    sign_offs: list[tuple[int, SignOff]] = field(default_factory=list)
    peers: list[PeerRequest] = field(default_factory=list)
    evidence: list[tuple[str, Evidence]] = field(default_factory=list)


@dataclass
class PlannedSession:
    key: int
    session: SupervisionSession
    actions: list[tuple[int | None, SessionAction]]


@dataclass
class Plan:
    site: str
    username: str
    exported_at: datetime.datetime | None
    entries: list[PlannedEntry]
    notes: list[tuple[int | None, QuickNote]]
    sessions: list[PlannedSession]
    steps: list[RenewalStep]

    @property
    def origin(self) -> str:
        return f"{self.site}/{self.username}"


class _Reader:
    """Builds the plan, collecting problems rather than stopping at the first."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.problems: list[str] = []
        self._sources: dict[str, list | None] = {}
        self._codes: dict[tuple[str, ...], dict] = {}
        self.versions_seen = 0

    def problem(self, where: str, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(f"{where}: {message}")

    def items(self, holder: dict, key: str, where: str) -> list[dict]:
        value = holder.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(where, f"“{key}” is not a list of records.")
            return []
        return value

    def clean(self, instance, where: str, exclude: tuple[str, ...] = ()) -> None:
        """The model's own field checks (types, lengths, choices), converting the values."""
        try:
            instance.clean_fields(exclude=list(exclude))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.problem(where, f"{name.replace('_', ' ')}: {message}")

    def passages(self, slug: str):
        if slug not in self._sources:
            source = Source.objects.filter(slug=slug).first()
            self._sources[slug] = source_passages(source) if source else None
        return self._sources[slug]

    def plan(self) -> Plan:
        data = self.archive.data
        user = data.get("user") if isinstance(data.get("user"), dict) else {}
        entries_data = self.items(data, "entries", "The file")
        if len(entries_data) > fmt.MAX_ENTRIES:
            raise AccountFileError(
                [
                    f"The file holds {len(entries_data)} entries; the most we import is {fmt.MAX_ENTRIES}."
                ]
            )
        entries = [self.entry(e, n) for n, e in enumerate(entries_data, 1)]
        plan = Plan(
            site=str(data.get("site", ""))[:200],
            username=str(user.get("username", ""))[:150],
            exported_at=_when(data.get("exported_at")),
            entries=[e for e in entries if e is not None],
            notes=[
                self.note(n, i)
                for i, n in enumerate(self.items(data, "quick_notes", "Quick notes"), 1)
            ],
            sessions=[
                self.session(s, i)
                for i, s in enumerate(
                    self.items(data, "supervision_sessions", "Supervision sessions"), 1
                )
            ],
            steps=[
                self.step(s, i)
                for i, s in enumerate(self.items(data, "renewal_steps", "Renewal checklist"), 1)
            ],
        )
        if self.problems:
            raise AccountFileError(self.problems)
        return plan

    def codes(self, frameworks: tuple[str, ...]) -> dict:
        """This journal's standards and statements of some frameworks, by kind and code: read
        once per set of frameworks, however many entries name them."""
        if frameworks not in self._codes:
            standards = Standard.objects.filter(framework__slug__in=frameworks)
            statements = Statement.objects.filter(standard__framework__slug__in=frameworks)
            self._codes[frameworks] = {
                "standard": {s.number: s for s in standards},
                "statement": {s.number: s for s in statements},
            }
        return self._codes[frameworks]

    def tags(self, e: dict, where: str) -> tuple[list, list]:
        frameworks = e.get("frameworks") or [
            s.framework.slug for s in Standard.objects.primary()[:1]
        ]
        if not isinstance(frameworks, list) or not all(isinstance(f, str) for f in frameworks):
            self.problem(where, "its frameworks are not a list of names.")
            return [], []
        codes = self.codes(tuple(sorted(frameworks)))
        found = []
        for kind in ("standard", "statement"):
            numbers = e.get(f"{kind}s", [])
            if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
                self.problem(where, f"its {kind}s are not a list of codes.")
                numbers = []
            for number in numbers:
                if number not in codes[kind]:
                    self.problem(
                        where, f"{kind} {number} is not one of the standards of this journal."
                    )
            found.append([codes[kind][n] for n in numbers if n in codes[kind]])
        return found[0], found[1]

    def entry(self, e: dict, n: int) -> PlannedEntry | None:
        key = e.get("id")
        where = f"Entry {n} (“{str(e.get('title') or 'Untitled draft')[:60]}”)"
        if not isinstance(key, int):
            self.problem(where, "it has no id.")
            return None
        values = {name: e.get(name) for name in Entry.CONTENT_FIELDS if name in e}
        for name in (
            "created_at",
            "updated_at",
            "status",
            "revision",
            "privacy_acknowledged",
            "copied_on",
            "imported_at",
            "deleted_at",
        ):
            if e.get(name) is not None:
                values[name] = e[name]
        entry = Entry(**values)
        self.clean(entry, where, exclude=("owner",))
        standards, statements = self.tags(e, where)
        planned = PlannedEntry(
            key=key,
            entry=entry,
            standards=standards,
            statements=statements,
        )
        for c in self.items(e, "citations", where):
            planned.citations.append(self.citation(c, where))
        versions = self.items(e, "versions", where)
        self.versions_seen += len(versions)
        if self.versions_seen > fmt.MAX_VERSIONS:
            raise AccountFileError(
                [f"The file holds more than {fmt.MAX_VERSIONS} versions; the most we import."]
            )
        for v in versions:
            version = EntryVersion(
                number=v.get("number"),
                kind=v.get("kind") or EntryVersion.Kind.SAVE,
                data=v.get("data"),
                fingerprint=v.get("fingerprint") or "",
                created_at=v.get("created_at"),
            )
            self.clean(
                version,
                f"{where}, version {v.get('number')}",
                exclude=("entry", "author", "fingerprint"),
            )
            if not isinstance(version.data, dict):
                self.problem(f"{where}, version {v.get('number')}", "its text is missing.")
            planned.versions.append(version)
        numbers = {v.number for v in planned.versions}
        for c in self.items(e, "comments", where):
            comment = Comment(
                author_name=str(c.get("author", ""))[:150],
                field=c.get("field") or "",
                body=c.get("body"),
                requests_changes=bool(c.get("requests_changes")),
                created_at=c.get("created_at"),
            )
            self.clean(comment, f"{where}, a comment", exclude=("entry", "author", "parent"))
            planned.comments.append((c.get("id"), c.get("reply_to"), comment))
        for s in self.items(e, "sign_offs", where):
            sign_off = SignOff(
                supervisor_name=str(s.get("supervisor", ""))[:150],
                fingerprint=s.get("fingerprint"),
                note=s.get("note") or "",
                created_at=s.get("created_at"),
            )
            self.clean(sign_off, f"{where}, a sign-off", exclude=("entry", "supervisor", "version"))
            if s.get("version") not in numbers:
                self.problem(
                    f"{where}, a sign-off",
                    f"it signs version {s.get('version')}, which is not in the file.",
                )
            planned.sign_offs.append((s.get("version"), sign_off))
        for p in self.items(e, "peer_confirmations", where):
            peer = PeerRequest(
                summary=p.get("summary") or "",
                outcome=p.get("outcome") or "",
                peer_name=p.get("peer_name") or "",
                peer_role=p.get("peer_role") or "",
                discussion_kind=p.get("discussion_kind") or "",
                discussion_date=p.get("discussion_date"),
                takeaway=p.get("takeaway") or "",
                created_at=p.get("asked_at"),
                answered_at=p.get("answered_at"),
                taken_at=p.get("taken_at"),
            )
            self.clean(
                peer,
                f"{where}, a peer confirmation",
                exclude=("entry", "token_hash", "expires_at", "summary"),
            )
            planned.peers.append(peer)
        for f in self.items(e, "evidence", where):
            planned.evidence.append(self.evidence(f, where))
        return planned

    def citation(self, c: dict, where: str) -> Citation:
        citation = Citation(
            kind=c.get("kind") or Citation.Kind.LIBRARY,
            quote=c.get("quote"),
            context_before=c.get("context_before") or "",
            context_after=c.get("context_after") or "",
            source_title=c.get("source") or "",
            source_slug=c.get("source_slug") or "",
            episode_title=c.get("episode") or "",
            source_date=c.get("source_date"),
            anchor=c.get("anchor") or "",
            url=c.get("url") or "",
            speaker_name=c.get("speaker") or "",
            status=c.get("status") or Citation.Status.OK,
            position=c.get("position") or 0,
            created_at=c.get("created_at"),
        )
        self.clean(citation, f"{where}, a citation", exclude=("entry", "passage"))
        if citation.is_own or not isinstance(citation.quote, str):
            return citation
        passages = self.passages(citation.source_slug)
        passage, status = (
            (None, MISSING)
            if passages is None
            else locate(
                passages,
                anchor=citation.anchor,
                quote=citation.quote,
                context_before=citation.context_before,
                context_after=citation.context_after,
            )
        )
        citation.passage = passage
        if passage is None:  # kept word for word, with its source's name
            citation.status = Citation.Status.MISSING
        else:
            citation.anchor = passage.anchor
            # "Moved" at the origin stays moved, as a re-import keeps it (corpus.anchoring).
            if citation.status != Citation.Status.MOVED:
                citation.status = status
        return citation

    def evidence(self, f: dict, where: str) -> tuple[str, Evidence]:
        path = f.get("path")
        item = Evidence(
            name=f.get("name"),
            description=f.get("description") or "",
            content_type=f.get("content_type"),
            size=f.get("size"),
            sha256=f.get("sha256"),
            created_at=f.get("created_at"),
        )
        self.clean(item, f"{where}, file “{f.get('name')}”", exclude=("entry", "file"))
        try:
            info = self.archive.zip.getinfo(path) if isinstance(path, str) else None
        except KeyError:
            info = None
        if info is None or info.file_size != item.size:
            self.problem(
                f"{where}, file “{f.get('name')}”",
                "it is missing from the ZIP or its size differs.",
            )
        return path, item

    def note(self, n: dict, i: int) -> tuple:
        note = QuickNote(
            client_id=n.get("client_id"),
            what_i_did=n.get("what_i_did") or "",
            what_struck_me=n.get("what_struck_me") or "",
            discussed_with=n.get("discussed_with") or "",
            activity_date=n.get("activity_date"),
            created_at=n.get("created_at"),
        )
        self.clean(note, f"Quick note {i}", exclude=("owner", "passage", "entry"))
        slug, anchor = n.get("passage__source__slug"), n.get("passage__anchor")
        if slug and anchor:
            passages = self.passages(slug) or []
            note.passage = next((p for p in passages if p.anchor == anchor), None)
        return n.get("entry_id"), note

    def session(self, s: dict, i: int) -> PlannedSession:
        where = f"Supervision session {i}"
        session = SupervisionSession(
            supervisor_name=str(s.get("supervisor", ""))[:150],
            held_on=s.get("held_on"),
            attended=s.get("attended"),
            discussed=s.get("discussed") or "",
            agenda=s.get("agenda") or "",
            status=s.get("status"),
            worker_note=s.get("your_note") or "",
            recorded_at=s.get("recorded_at"),
            confirmed_at=s.get("confirmed_at"),
        )
        self.clean(session, where, exclude=("supervisee", "supervision", "supervisor"))
        actions = []
        for a in self.items(s, "actions", where):
            action = SessionAction(
                text=a.get("text"), owner=a.get("owner") or "worker", due_on=a.get("due_on")
            )
            self.clean(action, f"{where}, an action", exclude=("session", "done_in"))
            actions.append((a.get("done_in"), action))
        return PlannedSession(key=s.get("id"), session=session, actions=actions)

    def step(self, s: dict, i: int) -> RenewalStep:
        step = RenewalStep(
            year=s.get("year"),
            part=s.get("part"),
            done_on=s.get("done_on"),
            ticked_at=s.get("ticked_at"),
        )
        self.clean(step, f"Renewal checklist tick {i}", exclude=("owner",))
        return step


def _when(value) -> datetime.datetime | None:
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


def plan_import(archive: Archive) -> Plan:
    """The records to save, or AccountFileError with every problem found."""
    return _Reader(archive).plan()
