"""Evidence files leave the disk with their entry or account, and only once that commits."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from journal.account.services import account_delete
from journal.entries.bin import entry_move_to_bin, purge_bin
from journal.evidence import filetypes
from journal.evidence.services import evidence_add
from journal.models import Entry, Evidence
from tests.factories import make_entry, make_upload


@pytest.fixture
def entry(owner):
    return make_entry(owner, title="Conference day")


def attach(entry, name="certificate.pdf"):
    return evidence_add(entry=entry, user=entry.owner, upload=make_upload(name), kind=filetypes.PDF)


def on_disk(settings) -> int:
    return sum(1 for p in settings.EVIDENCE_ROOT.rglob("*") if p.is_file())


def test_purging_an_entry_from_the_bin_deletes_its_files(
    owner, entry, settings, django_capture_on_commit_callbacks
):
    attach(entry)
    attach(entry, "slides.pdf")
    kept = attach(make_entry(owner, title="Kept entry"))
    entry_move_to_bin(entry=entry, user=owner)
    Entry.objects.filter(pk=entry.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert on_disk(settings) == 3

    with django_capture_on_commit_callbacks(execute=True):
        result = purge_bin()

    assert result.purged == 1
    assert list(Evidence.objects.all()) == [kept]
    assert on_disk(settings) == 1 and kept.file.storage.exists(kept.file.name)


def test_deleting_the_account_deletes_every_file(
    owner, entry, settings, django_capture_on_commit_callbacks
):
    attach(entry)
    attach(make_entry(owner, title="Another"))
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=owner)
    assert not Evidence.objects.exists() and on_disk(settings) == 0


def test_a_deletion_rolled_back_keeps_the_file(entry, settings, django_capture_on_commit_callbacks):
    kept = attach(entry)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        entry.delete()
        raise RuntimeError("something later failed")
    assert Evidence.objects.filter(pk=kept.pk).exists() and on_disk(settings) == 1


def test_a_file_written_but_not_recorded_is_deleted_again(entry, settings, monkeypatch):
    from journal import audit

    def fails(*args, **kwargs):
        raise RuntimeError("the audit trail could not be written")

    monkeypatch.setattr(audit, "record", fails)
    with pytest.raises(RuntimeError):
        attach(entry)
    assert not Evidence.objects.exists() and on_disk(settings) == 0
