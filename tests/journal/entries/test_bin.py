"""journal.entries.bin: purging entries binned over 30 days, keeping the evidence of sign-offs."""

import datetime
import io
import json
import zipfile
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from journal.entries import bin as entry_bin
from journal.models import AuditEvent, Entry, SignOff
from journal.people import services as account
from tests.factories import make_entry


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
