"""On the exports page, dates given replace the registration year (the form says so), and
the file says which period it holds (journal.exports.period)."""

import datetime
import io
import zipfile

from django.urls import reverse

from journal.models import AuditEvent, ExportJob
from tests.factories import make_entry


def _post(client, **data):
    return client.post(reverse("journal:exports"), {"format": "md", **data})


def test_a_date_range_replaces_the_year_chosen(owner_client, owner, framework):
    visit = make_entry(owner, title="January visit", activity_date=datetime.date(2027, 1, 10))
    make_entry(owner, title="Last year's", activity_date=datetime.date(2026, 3, 1))
    # The year select still says 2025–26; the dates are in 2026–27.
    response = _post(owner_client, year=2026, start="2027-01-01", end="2027-01-31")
    assert response["Content-Type"] == "application/zip"
    assert 'filename="cpd-2027-01-01-to-2027-01-31.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert [n for n in archive.namelist() if n.startswith("entries/")] == [
        f"entries/2027-01-10-january-visit-{visit.pk}.md"
    ]
    index = archive.read("index.md").decode()
    assert "# CPD record, from 1 January 2027 to 31 January 2027" in index


def test_one_date_alone_is_open_on_the_other_side(owner_client, owner, framework):
    early = make_entry(owner, title="Early", activity_date=datetime.date(2025, 5, 1))
    make_entry(owner, title="Late", activity_date=datetime.date(2027, 1, 10))
    response = _post(owner_client, year=2027, end="2025-12-31")
    assert 'filename="cpd-to-2025-12-31.zip"' in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert [n for n in names if n.startswith("entries/")] == [
        f"entries/2025-05-01-early-{early.pk}.md"
    ]


def test_an_empty_range_says_which_dates_held_nothing(owner_client, owner, framework):
    make_entry(owner, title="January visit", activity_date=datetime.date(2027, 1, 10))
    body = _post(owner_client, year=2027, start="2026-02-01", end="2026-02-28").content.decode()
    assert "No entries from 1 February 2026 to 28 February 2026 match these choices" in body
    assert "choose it above" not in body  # the year select is not what chose them


def test_bad_dates_are_refused_plainly_and_export_nothing(owner_client, owner, framework):
    make_entry(owner, title="January visit", activity_date=datetime.date(2027, 1, 10))
    body = _post(owner_client, start="2027-02-01", end="2027-01-01").content.decode()
    assert "The end date is before the start date." in body
    body = _post(owner_client, start="2027-13-01").content.decode()
    assert "Enter a valid date." in body
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
    assert not ExportJob.objects.exists()


def test_the_form_says_dates_replace_the_year(owner_client, framework):
    page = owner_client.get(reverse("journal:exports")).content.decode()
    assert "Dates given here replace the registration year." in page


def test_a_prepared_export_names_its_period(
    owner_client, owner, framework, settings, django_capture_on_commit_callbacks
):
    for n in range(30):
        make_entry(owner, title=f"Entry {n}", activity_date=datetime.date(2027, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(owner_client, year=2026, start="2027-01-01", end="2027-01-31")
    job = ExportJob.objects.get(owner=owner)
    assert job.file_name == "cpd-2027-01-01-to-2027-01-31.zip"
    page = owner_client.get(response["Location"]).content.decode()
    assert "Entries from 1 January 2027 to 31 January 2027." in page
