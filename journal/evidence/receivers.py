"""Evidence files leave the disk with their rows.

A row goes when a person removes the file, when its entry is purged from the bin, or when the
account is deleted (both cascade). The file is deleted only once that transaction commits: a
rolled-back deletion keeps both the row and the file.
"""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from journal.evidence.models import Evidence


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence_file_delete")
def delete_file_on_commit(sender, instance: Evidence, **kwargs) -> None:
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
