"""The export pages, the regulator's form, the personal data export and account deletion
(journal.exports.views)."""

import datetime
import io
import json
import re
import zipfile

import pytest
import time_machine
from django.urls import reverse

from journal.entries.bin import entry_move_to_bin
from journal.models import AuditEvent, Entry, ExportJob, User
from tests.accounts.helpers import reauthenticate
from tests.factories import (
    make_entry,
)


def test_entry_export_urls_are_only_for_the_owner(
    client, owner, signed_entry, supervisor, stranger
):
    client.force_login(owner)
    response = client.get(reverse("journal:entry_export", args=[signed_entry.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(entry=signed_entry, action="exported").exists()
    client.force_login(stranger)
    assert (
        client.get(reverse("journal:entry_export", args=[signed_entry.pk, "pdf"])).status_code
        == 404
    )
    client.force_login(supervisor)
    assert (
        client.get(reverse("journal:entry_export", args=[signed_entry.pk, "md"])).status_code == 403
    )


def test_small_exports_download_and_large_ones_become_jobs(
    owner_client, owner, framework, settings, django_capture_on_commit_callbacks
):
    make_entry(owner, title="Only one")
    response = owner_client.post(reverse("journal:exports"), {"year": 2026, "format": "md"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    for n in range(30):
        make_entry(owner, title=f"Entry {n}")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("journal:exports"), {"year": 2026, "format": "md"})
    job = ExportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("journal:export_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    download = owner_client.get(reverse("journal:export_job_download", args=[job.pk]))
    assert len(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == 32


@pytest.mark.today("2026-12-07")
def test_an_empty_year_in_december_points_to_the_new_one(owner_client, owner, framework):
    """Someone with nothing in the year just closed finds the page open on the new one; one
    who chooses the closed year anyway, with all their entries in the new year, is told where
    they are, not only that nothing matched."""
    page = owner_client.get(reverse("journal:exports")).content.decode()
    assert '<option value="2027" selected>2026–27' in page
    nothing = "No entries match these choices, so there is nothing to export."
    response = owner_client.post(reverse("journal:exports"), {"year": 2026, "format": "md"})
    assert response.content.decode().count(nothing) == 1  # in the summary, not twice
    make_entry(owner, title="A December podcast", activity_date=datetime.date(2026, 12, 3))
    response = owner_client.post(reverse("journal:exports"), {"year": 2026, "format": "md"})
    body = response.content.decode()
    assert "No entries in 2025–26 match these choices" in body
    assert "Your entries in this registration year are under “2026–27”: choose it above." in body
    response = owner_client.post(reverse("journal:exports"), {"year": 2027, "format": "md"})
    assert response["Content-Type"] == "application/zip"


def test_regulator_form_page_lists_fields_in_order_with_counts(owner_client, signed_entry):
    body = owner_client.get(
        reverse("journal:entry_regulator_form", args=[signed_entry.pk])
    ).content.decode()
    positions = [
        body.index(label)
        for label in (
            "Type of CPD activity",
            "Description of the activity",
            "Date of the activity",
            "What you learnt",
            "The positive impact",
        )
    ]
    assert positions == sorted(positions)
    assert "js-copy" in body and "characters" in body


@time_machine.travel(datetime.datetime(2026, 12, 7, 11, 0), tick=False)
def test_the_regulator_form_page_offers_the_copied_tick_and_comes_back_to_itself(
    owner_client, signed_entry
):
    page = reverse("journal:entry_regulator_form", args=[signed_entry.pk])
    body = owner_client.get(page).content.decode()
    assert f'action="{reverse("journal:entry_copied", args=[signed_entry.pk])}"' in body
    assert f'name="next" value="{page}"' in body

    response = owner_client.post(
        reverse("journal:entry_copied", args=[signed_entry.pk]),
        {"copied": "1", "copied_on": "2026-12-07", "next": page},
    )
    assert response["Location"] == page
    assert Entry.objects.get(pk=signed_entry.pk).copied_on == datetime.date(2026, 12, 7)
    assert "Ticked as copied to your Social Work England account on 7 December 2026" in (
        owner_client.get(page).content.decode()
    )


def test_personal_data_export_has_everything(owner_client, owner, signed_entry):
    binned = make_entry(owner, title="Binned one")
    entry_move_to_bin(entry=binned, user=owner)
    reauthenticate(owner_client)
    response = owner_client.post(reverse("journal:account_data_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    titles = {e["title"] for e in data["entries"]}
    assert titles == {"Standard 6 podcast", "Binned one"}
    assert any(e["citations"] for e in data["entries"])
    assert any(e["versions"] for e in data["entries"])


def test_account_deletion_needs_the_password_once_and_removes_everything(
    owner_client, owner, signed_entry
):
    response = owner_client.get(reverse("journal:account_delete"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(owner_client)
    page = owner_client.get(reverse("journal:account_delete")).content.decode()
    assert 'type="password"' not in page  # asked once, by the sign-in check just passed
    response = owner_client.post(reverse("journal:account_delete"), {})
    assert response.status_code == 200 and User.objects.filter(pk=owner.pk).exists()
    response = owner_client.post(reverse("journal:account_delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    assert not Entry.objects.filter(owner_id=owner.pk).exists()
    assert owner_client.get(reverse("journal:dashboard")).status_code == 302


@pytest.mark.parametrize(
    ("day", "earlier", "chosen"),
    [("2026-12-07", True, "2026"), ("2026-12-07", False, "2027"), ("2027-01-04", True, "2027")],
)
def test_the_exports_page_opens_on_the_year_people_are_finishing(
    owner_client, owner, day, earlier, chosen
):
    """On 7 December the renewal just closed is what people export, not the new, empty year;
    unless they have nothing in it (they began this December)."""
    if earlier:
        make_entry(owner, title="An autumn course", activity_date=datetime.date(2026, 10, 1))
    with time_machine.travel(datetime.datetime.fromisoformat(f"{day}T10:00:00+00:00")):
        page = owner_client.get(reverse("journal:exports")).content.decode()
    [selected] = re.findall(r'<option value="(\d+)" selected>', page)
    assert selected == chosen
