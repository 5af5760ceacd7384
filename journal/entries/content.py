"""What an entry says: the one ordered list of its fields.

Everything that reads or writes an entry's content walks `ENTRY_FIELDS`: the form and its
completeness errors, `Entry.snapshot()` and the fingerprint, the version diff, the entry
document every page and export renders, the entry-list search, the comment targets and the
editor's script (through data attributes). Adding a field means adding one line here.

The order is the order of Social Work England's online CPD form (the title is our own, for
finding an entry again). `form_label` names the form's question in plain words; only the peer
question is the form's own wording (see ../shared/reference/swe-standards.md).
"""

from dataclasses import dataclass

from journal.entries.markdown import MARKDOWN_MAX_CHARS

# One limit per text field, matching the form's maxlength: the length journal/entries/markdown.py
# guarantees to render fast.
MAX_TEXT = MARKDOWN_MAX_CHARS


class Kind:
    CHOICE = "choice"
    LINE = "line"
    DATE = "date"
    TEXT = "text"


class Section:
    """The editor's fieldsets, in order; each field names the one it stands in."""

    ACTIVITY = "activity"
    REFLECTION = "reflection"
    PEER = "peer"
    PRIVATE = "private"


SECTIONS: tuple[tuple[str, str], ...] = (
    (Section.ACTIVITY, "The activity"),
    (Section.REFLECTION, "Your reflection"),
    (Section.PEER, "Peer reflection (at least one entry a year needs one)"),
    (Section.PRIVATE, "Just for you"),
)


@dataclass(frozen=True)
class EntryField:
    name: str
    label: str
    # The question on the regulator's online form this field answers ("" if none).
    form_label: str
    kind: str
    markdown: bool = False
    # Completeness needs it filled; `missing` says what is missing in plain words.
    required: bool = False
    missing: str = ""
    # Private: never shown to anyone else, never in a shared view; in exports only when the
    # owner asks for a personal copy with private notes.
    private: bool = False
    # Part of the peer reflection (shown together, and together make "has a peer reflection").
    peer: bool = False
    # Shown in the entry document; False for editor aids such as the reflective model.
    shown: bool = True
    # The editor: the fieldset it stands in, the help under it, a text box's height, and how
    # a supervisor's comment beside it names it ("the description").
    section: str = Section.ACTIVITY
    # Read by the privacy scan: every text but the peer's name, which names a colleague (the
    # regulator's form asks for it), not someone the worker works with.
    scanned: bool = True
    help: str = ""
    rows: int = 0
    about: str = ""

    @property
    def is_text(self) -> bool:
        return self.kind in (Kind.TEXT, Kind.LINE)

    @property
    def privacy_scanned(self) -> bool:
        return self.is_text and self.scanned

    @property
    def commentable(self) -> bool:
        return self.shown and not self.private


ENTRY_FIELDS: tuple[EntryField, ...] = (
    EntryField(
        "activity_type",
        "Type of CPD activity",
        "Type of CPD activity",
        Kind.CHOICE,
        required=True,
        missing="the type of activity",
        about="the type of activity",
    ),
    EntryField(
        "title",
        "Title",
        "Title",
        Kind.LINE,
        required=True,
        missing="a title",
        about="the title",
        help="A short name for this piece of CPD, e.g. the podcast episode or course.",
    ),
    EntryField(
        "description",
        "Description and why it is relevant",
        "Description of the activity and why it is relevant",
        Kind.TEXT,
        markdown=True,
        required=True,
        missing="a description and why it is relevant",
        section=Section.REFLECTION,
        rows=5,
        about="the description",
        help="What you did, and why it is relevant to your practice. Markdown works: **bold**, lists, > quotes.",
    ),
    EntryField(
        "activity_date",
        "Date of the activity",
        "Date of the activity",
        Kind.DATE,
        required=True,
        missing="the date of the activity",
        about="the date",
    ),
    EntryField(
        "learning",
        "What I learnt",
        "What you learnt",
        Kind.TEXT,
        markdown=True,
        required=True,
        missing="what you learnt",
        section=Section.REFLECTION,
        rows=6,
        about="what you learnt",
        help="What you learnt, in your own words.",
    ),
    EntryField(
        "impact",
        "Impact on my practice and the people I work with",
        "The positive impact on your practice and on the people you work with",
        Kind.TEXT,
        markdown=True,
        required=True,
        missing="the impact on your practice and the people you work with",
        section=Section.REFLECTION,
        rows=6,
        about="the impact",
        help="How it changed or will change your practice, and the difference for people you work with.",
    ),
    EntryField(
        "peer_name",
        "Who I reflected with",
        "",
        Kind.LINE,
        peer=True,
        section=Section.PEER,
        about="who you reflected with",
        help="A colleague, supervisor or group you discussed this CPD with. Use a role if you prefer.",
        scanned=False,
    ),
    EntryField(
        "peer_role",
        "Their role",
        "Role of the peer",
        Kind.LINE,
        peer=True,
        section=Section.PEER,
        about="their role",
    ),
    EntryField(
        "peer_date",
        "Date of the discussion",
        "Date of the discussion",
        Kind.DATE,
        peer=True,
        section=Section.PEER,
        about="the date of the discussion",
    ),
    EntryField(
        "peer_learning",
        "What I learnt from the discussion",
        "Describe what you have learnt from discussing this CPD activity with a peer",
        Kind.TEXT,
        markdown=True,
        peer=True,
        section=Section.PEER,
        rows=4,
        about="what you learnt from the discussion",
        help="What you learnt from discussing it with them.",
    ),
    EntryField(
        "notes",
        "Private notes",
        "",
        Kind.TEXT,
        markdown=True,
        private=True,
        section=Section.PRIVATE,
        rows=4,
        help="Only you see these: they are never shared with a supervisor, and left out of exports unless you ask for them.",
    ),
    EntryField(
        "reflective_model",
        "Reflective model",
        "",
        Kind.CHOICE,
        shown=False,
        help="Optional: prompts from a reflective model appear under the fields.",
    ),
)

# Texts that name a colleague on purpose and are not scanned (the peer's name): the names in
# them, whole and in parts, are allowed in the entry's other fields (privacy.name_parts).
NAMING_FIELDS = tuple(f.name for f in ENTRY_FIELDS if f.is_text and not f.scanned)

# Who, and what was learnt: together they make a peer reflection (the role and date are optional).
PEER_REFLECTION_NEEDS = ("peer_name", "peer_learning")

# Completeness also needs each of these dates, when given, not to be after today: a piece
# counts once what it records has happened. Field name -> what happened on that date.
HAPPENED_BY = {"activity_date": "the activity", "peer_date": "the discussion"}

FIELDS_BY_NAME = {field.name: field for field in ENTRY_FIELDS}


def model_label(name: str) -> str:
    """A field's label as its model field's verbose_name (Django capitalises it where shown):
    the admin and any model form name each field as the editor does."""
    label = FIELDS_BY_NAME[name].label
    return label[:1].lower() + label[1:]


FIELD_NAMES = tuple(field.name for field in ENTRY_FIELDS)
TEXT_FIELD_NAMES = tuple(field.name for field in ENTRY_FIELDS if field.is_text)
REQUIRED_FIELD_NAMES = tuple(field.name for field in ENTRY_FIELDS if field.required)
PRIVATE_FIELD_NAMES = frozenset(field.name for field in ENTRY_FIELDS if field.private)

# Parts of an entry that are not fields but can be commented on and changed. A comment on the
# standards is about the statements too; a change to the statements is named on its own
# (Entry.snapshot() keeps them apart).
WHOLE_ENTRY = "entry"
STANDARDS = "standards"
STATEMENTS = "statements"
CITATIONS = "citations"
PART_LABELS = {
    WHOLE_ENTRY: "The whole entry",
    STANDARDS: "Professional standards and statements",
    STATEMENTS: "Numbered statements",
    CITATIONS: "Quotations",
}
MISSING_STANDARD = "at least one professional standard"


# One cited passage, by the citation's id: "citation-12".
CITATION_PREFIX = "citation-"


def citation_part(citation_pk: int) -> str:
    return f"{CITATION_PREFIX}{citation_pk}"


def part_label(name: str) -> str:
    """The label of a field or part of an entry, as the pages show it."""
    if name in FIELDS_BY_NAME:
        return FIELDS_BY_NAME[name].label
    if name and name.startswith(CITATION_PREFIX):
        return "A quotation"
    return PART_LABELS.get(name or WHOLE_ENTRY, PART_LABELS[WHOLE_ENTRY])


def comment_targets(citations=()) -> list[tuple[str, str]]:
    """What a supervisor may comment on: the whole entry, each shared field, the standards,
    the quotations together, and each cited passage of `citations` on its own."""
    fields = [(f.name, f.label) for f in ENTRY_FIELDS if f.commentable]
    quotes = []
    for number, citation in enumerate(citations, start=1):
        words = citation.quote.split()
        short = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        quotes.append((citation_part(citation.pk), f"Quotation {number}: “{short}”"))
    return [
        (WHOLE_ENTRY, PART_LABELS[WHOLE_ENTRY]),
        *fields,
        (STANDARDS, PART_LABELS[STANDARDS]),
        (CITATIONS, PART_LABELS[CITATIONS]),
        *quotes,
    ]
