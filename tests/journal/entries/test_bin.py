"""journal.entries.bin: purging entries binned over 30 days, keeping the evidence of sign-offs."""

import datetime
import io
import json
import zipfile
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from journal.account import services as account
from journal.entries import bin as entry_bin
from journal.entries.bin import purge_bin
from journal.models import AuditEvent, Entry, SignOff
from tests.factories import (
    make_entry,
)


def expire(entry, days=31):
    Entry.objects.filter(pk=entry.pk).update(
        deleted_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_signed_off_entry_is_purged_and_its_sign_off_kept_in_the_audit_trail(
    reviewed_entry, owner
):
    sign_off = SignOff.objects.get(entry=reviewed_entry)
    other = make_entry(owner, title="Another binned entry")
    expire(reviewed_entry)
    expire(other)
    result = entry_bin.purge_bin()
    assert result.purged == 2 and result.failed == []
    assert not Entry.objects.filter(pk__in=[reviewed_entry.pk, other.pk]).exists()
    evidence = AuditEvent.objects.get(
        actor=owner, action=AuditEvent.Action.PURGED, detail__contains="signed off"
    )
    assert "Sue Supervisor" in evidence.detail and sign_off.fingerprint in evidence.detail
    assert evidence.entry is None
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(account.account_data_zip(user=owner))).read("data.json")
    )
    assert any(sign_off.fingerprint in e["detail"] for e in data["account_events"])


def test_one_entry_that_cannot_be_purged_never_stops_the_others(owner, stranger):
    first, second, third = (
        make_entry(u, title=f"Binned {n}") for n, u in enumerate((owner, stranger, owner))
    )
    for entry in (first, second, third):
        expire(entry)
    real = entry_bin.entry_purge

    def flaky(entry):
        if entry.pk == second.pk:
            raise RuntimeError("disk on fire")
        real(entry)

    with mock.patch.object(entry_bin, "entry_purge", flaky):
        result = entry_bin.purge_bin()
        assert result.purged == 2 and result.failed == [second.pk]
        with pytest.raises(CommandError, match=str(second.pk)):
            call_command("purge_bin", "--now", stdout=io.StringIO())
    assert list(Entry.objects.values_list("pk", flat=True)) == [second.pk]


def test_entries_in_the_bin_for_less_than_thirty_days_stay(owner):
    entry = make_entry(owner)
    expire(entry, days=29)
    assert entry_bin.purge_bin().purged == 0
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_delete_asks_then_bins_and_restores(owner_client, owner):
    entry = make_entry(owner)
    page = owner_client.get(reverse("journal:entry_delete", args=[entry.pk]))
    assert b"Move to the bin" in page.content
    entry.refresh_from_db()
    assert entry.deleted_at is None
    owner_client.post(reverse("journal:entry_delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.is_in_bin
    assert owner_client.get(entry.get_absolute_url()).status_code == 404
    assert entry.title in owner_client.get(reverse("journal:bin")).content.decode()
    owner_client.post(reverse("journal:entry_restore", args=[entry.pk]))
    entry.refresh_from_db()
    assert not entry.is_in_bin


def test_bin_is_purged_after_thirty_days(owner):
    now = timezone.now()
    kept = make_entry(owner, deleted_at=now - datetime.timedelta(days=29, hours=23))
    make_entry(owner, deleted_at=now - datetime.timedelta(days=30, minutes=1))
    assert purge_bin(now=now).purged == 1
    assert list(Entry.objects.values_list("pk", flat=True)) == [kept.pk]
