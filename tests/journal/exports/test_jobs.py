"""Large exports run on the task queue: one per person, bounded by the workers, and the
progress page always ends in "done" or a clear failure."""

import datetime
import io
import threading
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from journal.exports import build, jobs
from journal.models import Citation, Entry, ExportJob
from tests.factories import make_entry

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def many_entries(owner):
    for n in range(jobs.INLINE_LIMIT + 1):
        make_entry(owner, title=f"Entry {n}")


def start_export(client, fmt="md"):
    return client.post(reverse("journal:exports"), {"year": 2026, "format": fmt})


def job_page(client, job):
    return client.get(reverse("journal:export_job", args=[job.pk])).content.decode()


def test_a_large_export_runs_as_a_task_not_a_thread_in_the_web_process(
    owner_client, owner, many_entries
):
    with mock.patch.object(threading.Thread, "start", side_effect=AssertionError("a thread")):
        response = start_export(owner_client)
    job = ExportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("journal:export_job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE and job.task_id
    page = job_page(owner_client, job)
    assert "is ready" in page and 'http-equiv="refresh"' not in page


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_the_database_queue_holds_the_job_until_a_worker_builds_it(
    owner_client, owner, many_entries, settings
):
    settings.TASKS = DATABASE_BACKEND
    start_export(owner_client)
    job = ExportJob.objects.get(owner=owner)
    assert job.status == ExportJob.Status.PENDING
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert "waiting its turn" in job_page(owner_client, job)
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


def test_one_export_per_person_at_a_time(owner_client, owner, many_entries, settings):
    settings.TASKS = DATABASE_BACKEND
    start_export(owner_client)
    response = start_export(owner_client, fmt="pdf")
    job = ExportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("journal:export_job", args=[job.pk])
    assert (
        "already have an export being prepared"
        in owner_client.get(response["Location"]).content.decode()
    )
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker's look runs on its own connection
def test_a_killed_workers_job_is_marked_failed_by_any_worker_within_a_minute(
    owner_client, owner, stranger, settings
):
    settings.TASKS = DATABASE_BACKEND
    assert settings.EXPORT_STALE_SECONDS + jobs.heartbeat_every().total_seconds() <= 60
    now = timezone.now()
    silent = datetime.timedelta(seconds=settings.EXPORT_STALE_SECONDS + 1)
    killed = ExportJob.objects.create(
        owner=owner, format="pdf", status=ExportJob.Status.RUNNING, heartbeat_at=now - silent
    )
    beating = ExportJob.objects.create(
        owner=stranger, format="pdf", status=ExportJob.Status.RUNNING, heartbeat_at=now
    )
    assert "Preparing your export" in job_page(owner_client, killed)  # a page only reads
    killed.refresh_from_db()
    assert killed.status == ExportJob.Status.RUNNING

    # Any worker looks as it starts (then every heartbeat_every()), even with nothing to run.
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    killed.refresh_from_db()
    beating.refresh_from_db()
    assert killed.status == ExportJob.Status.FAILED and killed.error == jobs.DIED_MESSAGE
    assert beating.status == ExportJob.Status.RUNNING
    page = job_page(owner_client, killed)
    assert "server restarted" in page and 'http-equiv="refresh"' not in page


@pytest.mark.django_db(transaction=True)  # the worker commits its run, as in production
def test_a_running_export_beats_however_long_one_step_takes(owner, settings):
    settings.EXPORT_STALE_SECONDS = 0.4  # a beat every 0.1 s
    job = ExportJob.objects.create(owner=owner, format="pdf")
    beats = []

    def one_long_render(**kwargs):
        for _ in range(3):
            threading.Event().wait(0.5)
            beats.append(ExportJob.objects.get(pk=job.pk).heartbeat_at)
        return build.ExportResult(b"%PDF", "x.pdf", "application/pdf", 1)

    with mock.patch.object(build, "export_for_params", side_effect=one_long_render):
        jobs.export_job_run(job.pk)
    assert beats[0] < beats[1] < beats[2]
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


def test_a_job_that_is_still_sending_heartbeats_keeps_running(owner_client, owner):
    job = ExportJob.objects.create(
        owner=owner, format="pdf", status=ExportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    assert "Preparing your export" in job_page(owner_client, job)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING


def test_waiting_jobs_are_cancelled_when_no_worker_has_started_anything(
    owner_client, owner, stranger, settings
):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.EXPORT_STALLED_SECONDS + 1)
    mine = ExportJob.objects.create(owner=owner, format="pdf", created_at=long_ago)
    theirs = ExportJob.objects.create(owner=stranger, format="pdf")
    call_command("run_export_jobs", stdout=io.StringIO())  # cron: no worker is running
    assert "not being processed" in job_page(owner_client, mine)
    theirs.refresh_from_db()
    assert theirs.status == ExportJob.Status.PENDING  # recent: it may still be picked up


def test_waiting_jobs_stay_while_the_queue_moves(owner_client, owner, stranger, settings):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.EXPORT_STALLED_SECONDS + 1)
    ExportJob.objects.create(
        owner=stranger, format="pdf", created_at=long_ago - datetime.timedelta(seconds=1)
    )
    mine = ExportJob.objects.create(owner=owner, format="pdf", created_at=long_ago)
    ExportJob.objects.create(
        owner=make_entry(owner).owner, format="md", status="done", started_at=timezone.now()
    )
    page = job_page(owner_client, mine)
    assert "1 export ahead" in page and 'http-equiv="refresh"' in page


def test_a_failed_build_says_so_and_a_new_export_can_start(owner_client, owner, many_entries):
    with mock.patch.object(build, "export_for_params", side_effect=RuntimeError("boom")):
        start_export(owner_client)
    job = ExportJob.objects.get(owner=owner)
    assert job.status == ExportJob.Status.FAILED and job.error == jobs.FAILED_MESSAGE
    assert "could not be generated" in job_page(owner_client, job)
    start_export(owner_client)
    assert ExportJob.objects.filter(owner=owner, status=ExportJob.Status.DONE).count() == 1


def test_run_export_jobs_tidies_up_dead_jobs(owner, settings):
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.EXPORT_STALE_SECONDS + 1)
    ExportJob.objects.create(owner=owner, format="pdf", status="running", started_at=long_ago)
    out = io.StringIO()
    call_command("run_export_jobs", stdout=out)
    assert "Marked 1 export job(s) as failed" in out.getvalue()


def test_finished_exports_are_kept_a_week_then_deleted(owner, owner_client, settings):
    now = timezone.now()
    days = datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = ExportJob.objects.create(
        owner=owner, format="pdf", status="done", content=b"%PDF", finished_at=now - days * 1.1
    )
    fresh = ExportJob.objects.create(
        owner=owner, format="md", status="failed", finished_at=now - days * 0.9
    )
    running = ExportJob.objects.create(owner=owner, format="pdf", status="running")
    page = owner_client.get(reverse("journal:exports")).content.decode()
    assert f"kept for {settings.EXPORT_KEEP_DAYS} days" in page
    shown = {job.pk for job in owner_client.get(reverse("journal:exports")).context["recent"]}
    assert shown == {fresh.pk, running.pk}
    assert ExportJob.objects.filter(pk=old.pk).exists()  # a page only reads
    call_command("run_export_jobs", stdout=io.StringIO())
    remaining = set(ExportJob.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, running.pk}
    done = ExportJob.objects.create(owner=owner, format="pdf", status="done", finished_at=now)
    assert f"Kept here until {done.kept_until:%-d %B %Y}" in job_page(owner_client, done)
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=now + days * 2):
        call_command("run_export_jobs", stdout=out)
    assert "Deleted 2 finished export(s)" in out.getvalue()
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [running.pk]


def test_the_bin_purge_is_queued_as_a_task(owner, settings):
    entry = make_entry(owner, deleted_at=timezone.now() - datetime.timedelta(days=31))
    out = io.StringIO()
    call_command("purge_bin", stdout=out)  # the immediate backend runs it at once
    assert "Queued the bin purge" in out.getvalue() and "SUCCESSFUL" in out.getvalue()
    assert not type(entry).objects.filter(pk=entry.pk).exists()


def test_a_job_that_is_gone_when_its_turn_comes_is_skipped(db):
    assert jobs.build_export.call(987654321) == "gone"


def test_a_pdf_with_more_text_than_the_request_budget_is_built_on_the_worker(
    owner_client, owner, monkeypatch
):
    entry = make_entry(owner, title="Long one", notes="private words")
    monkeypatch.setattr(jobs, "PDF_INLINE_CHARS", jobs.text_length(Entry.objects.all()) - 1)
    url = reverse("journal:entry_export", args=[entry.pk, "pdf"]) + "?private=1"
    page = owner_client.get(url)
    assert page.status_code == 200 and "Prepare the PDF" in page.content.decode()
    assert not ExportJob.objects.exists()  # looking never starts anything
    response = owner_client.post(url)
    job = ExportJob.objects.defer("content").get(owner=owner)
    assert response["Location"] == reverse("journal:export_job", args=[job.pk])
    assert (
        job.status == ExportJob.Status.DONE
        and job.file_name == f"2026-03-14-long-one-{entry.pk}.pdf"
    )
    assert job.params == {"entry": entry.pk, "private": True, "comments": False}
    # The Markdown and a short PDF still download straight away.
    md = owner_client.get(reverse("journal:entry_export", args=[entry.pk, "md"]))
    assert md["Content-Type"].startswith("text/markdown")


def test_a_few_entries_with_much_text_are_a_job_not_a_download(owner_client, owner, monkeypatch):
    make_entry(owner, title="One")
    make_entry(owner, title="Two")
    monkeypatch.setattr(jobs, "PDF_INLINE_CHARS", jobs.text_length(Entry.objects.all()) - 1)
    response = start_export(owner_client, fmt="pdf")
    job = ExportJob.objects.get(owner=owner)
    assert response["Location"] == reverse("journal:export_job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE
    assert start_export(owner_client, fmt="md")["Content-Type"] == "application/zip"


def test_text_length_counts_every_written_field_and_quote(owner):
    entry = make_entry(owner, description="abc", learning="de", impact="", notes="f")
    Citation.objects.create(entry=entry, kind=Citation.Kind.OWN, source_title="A book", quote="gh")
    make_entry(owner, description="ijk", learning="", impact="")
    assert jobs.text_length(Entry.objects.filter(pk=entry.pk)) == 8
    assert jobs.text_length(Entry.objects.all()) == 11
