"""Evidence: files kept with an entry (a certificate, slides, a photo of notes)."""

import functools

from django.db import models
from django.utils import timezone

from journal.evidence.storage import EvidenceStorage, random_name


class EvidenceQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(entry__owner=user)

    def total_size(self) -> int:
        return self.aggregate(total=models.Sum("size"))["total"] or 0


class Evidence(models.Model):
    """One file attached to an entry by its owner.

    The file is stored under a random name in private storage; `name` is the name the person
    gave it, `content_type` what its content was checked to be (journal.evidence.filetypes).
    When the row is deleted (removed, the entry purged, the account deleted) the file leaves
    the disk once the transaction commits (journal.evidence.receivers).
    """

    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=EvidenceStorage(), upload_to=random_name, max_length=100)
    name = models.CharField("file name", max_length=200)
    description = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(help_text="In bytes.")
    sha256 = models.CharField(max_length=64, help_text="Of the content, to check a copy.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.name


@functools.cache
def evidence_flags(entry: str = "pk") -> dict[str, models.Exists]:
    """Whether the entry has any file, as `has_evidence`: read in the entry's own query, it
    spares the document's file list (journal.evidence.document) a query when there is none.
    Built once (a query copies an expression it uses and never changes it); `entry` names the
    entry's key in the outer query ("entry" from a share)."""
    return {"has_evidence": models.Exists(Evidence.objects.filter(entry=models.OuterRef(entry)))}
