"""Quick notes: a thought captured on the phone, turned into an entry later."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal import clock

# An entry title made from a note: a line, not a paragraph.
TITLE_CHARS = 80


class QuickNote(models.Model):
    """A minute's capture, on a phone, often offline: the seed of an entry. Always private.

    `client_id` is made by the phone before sending, so a note sent twice (a retry after the
    signal drops) is stored once.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quick_notes"
    )
    client_id = models.UUIDField(editable=False)
    what_i_did = models.TextField("What did you do?", blank=True)
    what_struck_me = models.TextField("What struck you?", blank=True)
    discussed_with = models.CharField(
        "Who you discussed it with (optional)", max_length=150, blank=True
    )
    passage = models.ForeignKey(
        "corpus.Passage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activity_date = models.DateField(default=clock.today)
    entry = models.ForeignKey(
        "journal.Entry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quick_notes",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "client_id"], name="note_unique_client_id"),
        ]

    def __str__(self):
        return self.title

    @property
    def headline(self) -> str:
        """The note's first line, cut at a word (never inside one) to TITLE_CHARS: the title
        of the entry it becomes, which the person can edit, so no "…" of ours goes into it."""
        lines = (self.what_i_did or self.what_struck_me or "A note").strip().splitlines()
        text = lines[0].strip()
        if len(text) <= TITLE_CHARS:
            return text
        cut = text[:TITLE_CHARS].rsplit(" ", 1)[0] if " " in text[:TITLE_CHARS] else text
        return cut[:TITLE_CHARS].rstrip(" ,.;:-")

    @property
    def title(self) -> str:
        """The headline, with "…" in the list of notes when the note goes on."""
        rest = (self.what_i_did or self.what_struck_me or "").strip()
        return self.headline if rest in ("", self.headline) else f"{self.headline}…"

    @property
    def text(self) -> str:
        return "\n".join(
            t for t in (self.what_i_did, self.what_struck_me, self.discussed_with) if t
        )
