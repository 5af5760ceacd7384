"""Where evidence files live: a private folder that no web server serves.

Files are read back only through `journal.evidence.views.download`, which asks the policy
first. The folder is `settings.EVIDENCE_ROOT` (from the environment), read on each use, so a
deployment or a test can point it elsewhere without a migration.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class EvidenceStorage(FileSystemStorage):
    """A FileSystemStorage under EVIDENCE_ROOT, readable by the app's own user only, with no URL."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return settings.EVIDENCE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Evidence files have no public address; use the download view.")


def random_name(instance, filename: str) -> str:
    """A stored name that says nothing about the file or its owner (the name a person gave it
    is kept in the database). Two hex digits of folder keep any one folder small."""
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name}"
