"""Quick notes: a thought captured on the phone, turned into an entry later."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from journal.year import clock


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
    def title(self) -> str:
        text = (self.what_i_did or self.what_struck_me or "A note").strip()
        if len(text) <= 80:
            return text
        # Cut at a word, never inside one: the title goes on into entries and exports.
        cut = text[:79].rsplit(" ", 1)[0] if " " in text[:79] else text[:79]
        return cut.rstrip(" ,.;:") + "…"

    @property
    def text(self) -> str:
        return "\n".join(
            t for t in (self.what_i_did, self.what_struck_me, self.discussed_with) if t
        )
