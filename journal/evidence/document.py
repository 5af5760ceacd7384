"""The evidence files as the entry document lists them (journal.entries.document): by name on
every page and in every export, their bytes only in the ZIP."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat

from cpd import links
from journal.evidence.models import Evidence


@dataclass
class EvidenceDoc:
    """A file kept with the entry: listed by name everywhere, its bytes only in the ZIP."""

    pk: int
    name: str
    description: str
    size: int
    href: str
    # Its name in the private storage, for the ZIP export to copy it from.
    stored: str
    # Its place among the entry's files, from 1: two files of the same name stay apart.
    number: int = 1

    @property
    def file_name(self) -> str:
        return f"{self.number}-{self.name}"

    @property
    def line(self) -> str:
        return f"{self.name} ({filesizeformat(self.size)})"


def evidence_prefetch(entry=None) -> Prefetch:
    """What evidence_docs reads. Given one `entry` annotated with has_evidence (see
    journal.evidence.models.evidence_flags), an entry with none reads none without a query."""
    files = Evidence.objects.all()
    return Prefetch(
        "evidence", files if entry is None else entry.read_if_any("has_evidence", files)
    )


def evidence_docs(entry) -> list[EvidenceDoc]:
    return [
        EvidenceDoc(
            pk=e.pk,
            name=e.name,
            description=e.description,
            size=e.size,
            href=links.url("journal:evidence_download", entry.pk, e.pk),
            stored=e.file.name,
            number=number,
        )
        for number, e in enumerate(entry.evidence.all(), start=1)
    ]
