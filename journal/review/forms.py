"""Forms for supervision and review. Rules that need the database live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from journal import clock
from journal.entries.content import CITATIONS, FIELD_NAMES, STANDARDS, WHOLE_ENTRY, comment_targets
from journal.forms import LeanFields
from journal.models import Entry, Handover, SessionAction, Supervision, User
from journal.review.models import SessionFrequency
from journal.review.team import FILTERS, SORTS
from journal.year.registration import RegistrationYear

COMMENT_MAX = 5000


class InviteForm(forms.Form):
    """A username or an email address, in one field; the answer is the same whether or not
    an account has it (journal.review.supervision.supervision_invite)."""

    identifier = forms.CharField(
        label="Your supervisor's username or email address",
        max_length=254,
        help_text=(
            "They see the invitation when they sign in. An email address also gets an email, "
            "and works before they have an account. We never say whether an account exists, "
            "so check the spelling with them."
        ),
        error_messages={"required": "Enter your supervisor's username or email address."},
        widget=forms.TextInput(
            attrs={
                "inputmode": "email",
                "autocomplete": "off",
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip()
        try:
            if "@" in identifier:
                validate_email(identifier)
            else:
                User.username_validator(identifier)
        except ValidationError:
            raise ValidationError(
                "Enter a username (letters, numbers and . + - _) or an email address like "
                "name@example.org.",
                code="invalid",
            ) from None
        return identifier


class ShareForm(forms.Form):
    """Which supervisor; the button pressed decides between sharing and submitting."""

    supervision = forms.ModelChoiceField(
        queryset=Supervision.objects.none(),
        label="Supervisor",
        empty_label=None,
        error_messages={
            "required": "Choose a supervisor.",
            "invalid_choice": "Choose one of your current supervisors.",
        },
    )
    action = forms.ChoiceField(
        choices=[("share", "Share for reading"), ("submit", "Submit for review")],
        initial="share",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Choose whether to share or to submit for review."},
    )

    def __init__(self, *args, supervisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervision"].queryset = supervisions
        self.fields["supervision"].label_from_instance = lambda s: s.supervisor.get_display_name()

    @property
    def submit(self) -> bool:
        return self.cleaned_data.get("action") == "submit"


def _empty_parts(entry, citations) -> set[str]:
    empty = {name for name in FIELD_NAMES if not getattr(entry, name, True)}
    if not entry.standards.all():
        empty.add(STANDARDS)
    if not citations:
        empty.add(CITATIONS)
    return empty


class CommentForm(LeanFields, forms.Form):
    """A supervisor's comment; the "Request changes" button turns it into a change request."""

    field = forms.ChoiceField(
        label="Comment on",
        choices=comment_targets,
        initial=WHOLE_ENTRY,
        error_messages={"invalid_choice": "Choose a part of the entry to comment on."},
    )
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write your comment before sending it.",
            "max_length": "Keep a comment under %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )
    action = forms.ChoiceField(
        choices=[("comment", "Add comment"), ("request_changes", "Request changes")],
        initial="comment",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        # Each cited passage of this entry can be commented on by itself. A part the entry
        # leaves empty stays on offer ("please add ...") and says it is empty.
        citations = entry.citations.all()
        empty = _empty_parts(entry, citations)
        self.fields["field"].choices = [
            (name, f"{label} (empty)" if name in empty else label)
            for name, label in comment_targets(citations)
        ]

    @property
    def requests_changes(self) -> bool:
        return self.cleaned_data.get("action") == "request_changes"

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write your comment before sending it.", code="required")
        return body


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Write your reply before sending it.",
            "max_length": "Keep a reply under %(limit_value)d characters (it has %(show_value)d).",
        },
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write your reply before sending it.", code="required")
        return body


class SignOffForm(LeanFields, forms.Form):
    note = forms.CharField(
        label="Note for the record (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the note under %(limit_value)d characters."},
    )
    # The fingerprint of the content on the page the supervisor read.
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class SessionForm(forms.Form):
    """The supervisor's record of a session; its actions come in ActionFormSet beside it."""

    held_on = forms.DateField(
        label="Date of the session",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of the session.",
            "invalid": "Enter the date like 16/02/2027.",
        },
    )
    attended = forms.CharField(
        label="Who attended",
        max_length=300,
        error_messages={"required": "Say who attended: at least the two of you."},
    )
    discussed = forms.CharField(
        label="What you discussed",
        help_text="Entries, statements, gaps in the year, anything else that came up.",
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    done = forms.ModelMultipleChoiceField(
        label="Actions from earlier sessions: tick those done",
        queryset=SessionAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label="How often you meet",
        help_text="The next session is due this long after this one.",
        choices=SessionFrequency.choices,
    )

    def __init__(self, *args, open_actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        done = self.fields["done"]
        done.queryset = SessionAction.objects.filter(pk__in=[a.pk for a in open_actions])
        done.label_from_instance = lambda action: action.label
        if not open_actions:
            del self.fields["done"]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > clock.today():
            raise forms.ValidationError(
                "Record a session once it has taken place: the date is in the future.",
                code="future",
            )
        return held_on


class ActionForm(forms.Form):
    text = forms.CharField(label="Action", max_length=500, required=False)
    owner = forms.ChoiceField(
        label="Who does it", choices=SessionAction.Owner.choices, initial=SessionAction.Owner.WORKER
    )
    due_on = forms.DateField(
        label="Due by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date like 16/03/2027."},
    )

    def __init__(self, *args, link: Supervision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            (SessionAction.Owner.WORKER, link.supervisee.get_display_name()),
            (SessionAction.Owner.SUPERVISOR, f"{link.supervisor.get_display_name()} (you)"),
            (SessionAction.Owner.BOTH, "Both of you"),
        ]


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=20, absolute_max=20)


class SessionAnswerForm(forms.Form):
    """The worker's answer: confirm, or add a note without confirming."""

    note = forms.CharField(
        label="Your note (optional when you confirm)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.ChoiceField(
        choices=[("confirm", "Confirm"), ("note", "Add my note without confirming")],
        initial="confirm",
        widget=forms.HiddenInput,
    )

    @property
    def confirm(self) -> bool:
        return self.cleaned_data.get("action") == "confirm"


class TeamViewForm(forms.Form):
    """The team view's registration year, order and filter, from the address (GET), so a view
    can be bookmarked.

    The years are those the team has (journal.review.team.team_history), the year a page opens
    on (registration.default_year) when the address names none; the orders and filters are
    journal.review.team's SORTS and FILTERS. An address naming anything else answers 400 (the
    view raises BadRequest)."""

    year = forms.TypedChoiceField(
        label="Registration year",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = forms.ChoiceField(
        label="Sort by", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    show = forms.ChoiceField(
        label="Show", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, data=None, *, years: list[RegistrationYear], default: RegistrationYear):
        if data is not None and not data.get("year"):
            data = data.copy()  # the year shown is the one the page opens on
            data["year"] = str(default.end.year)
        super().__init__(data)
        self.years = {year.end.year: year for year in years}
        self.default = default
        self.fields["year"].choices = [(key, year.label) for key, year in self.years.items()]
        self.fields["year"].initial = default.end.year
        self.fields["sort"].choices = [(key, choice.label) for key, choice in SORTS.items()]
        self.count_filters({})

    def count_filters(self, counts: dict[str, int]) -> None:
        """Say in each filter's label how many people it keeps."""
        self.fields["show"].choices = [
            (key, f"{choice.label} ({counts[key]})" if key in counts else choice.label)
            for key, choice in FILTERS.items()
        ]

    def chosen_year(self) -> RegistrationYear:
        """The year the address names, or the default when it names none."""
        chosen = self.cleaned_data.get("year")
        return self.years[chosen] if chosen is not None else self.default

    def choice(self) -> tuple[str, str]:
        """(sort, show), each the default when the address leaves it out."""
        data = self.cleaned_data
        return data.get("sort") or "name", data.get("show") or "all"


class HandoverForm(InviteForm):
    """Invite a new supervisor carrying what a former one left, as the worker chooses: which
    of the entries shared with them, and whether sign-offs, comments and sessions go too."""

    entries = forms.ModelMultipleChoiceField(
        queryset=Entry.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    carry_sign_offs = forms.BooleanField(required=False, initial=True)
    carry_comments = forms.BooleanField(required=False, initial=True)
    carry_sessions = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, handover: Handover, **kwargs):
        super().__init__(*args, **kwargs)
        name = handover.supervisor_name
        self.fields["identifier"].label = "Your new supervisor's username or email address"
        entries = (
            handover.shared_entries.filter(owner=handover.supervisee_id, deleted_at__isnull=True)
            .exclude(status=Entry.Status.DRAFT)
            .order_by("-activity_date", "-pk")
        )
        field = self.fields["entries"]
        field.queryset = entries
        field.initial = [entry.pk for entry in entries]
        field.label = f"Entries you shared with {name} to share with your new supervisor"
        field.label_from_instance = lambda e: f"{e.display_title} ({e.activity_date:%-d %B %Y})"
        self.fields["carry_sign_offs"].label = f"{name}'s sign-offs of these entries"
        self.fields[
            "carry_comments"
        ].label = f"{name}'s comments and change requests on these entries, with your replies"
        self.fields["carry_sessions"].label = f"The records of your sessions with {name}"
