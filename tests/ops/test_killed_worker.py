"""A task worker killed in the middle of an export: a real process, a real SIGKILL, and a
real `manage.py task_worker` that marks the job failed, on a database file of its own."""

import sqlite3
import subprocess
import sys
import time

from tests.ops.helpers import ROOT, clean_environ, manage

STALE_SECONDS = 4  # production: 45; a beat and a look every second here

# A worker's run of one queued export, whose PDF takes for ever to render.
BUILD_FOR_EVER = """
import time
from unittest import mock
from django_tasks_db.models import DBTaskResult
from journal.exports import build, jobs
from journal.models import ExportJob, User
job = ExportJob.objects.create(owner=User.objects.create(username="killed"), format="pdf")
task = jobs.build_export.enqueue(job.pk)
ExportJob.objects.filter(pk=job.pk).update(task_id=task.id)
DBTaskResult.objects.get(id=task.id).claim("the-worker-to-kill")
print(job.pk, flush=True)
with mock.patch.object(build, "export_for_params", side_effect=lambda **kw: time.sleep(600)):
    jobs.build_export.call(job.pk)
"""


def status(database, pk) -> tuple[str, str, str]:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT job.status, job.error, task.status FROM journal_exportjob job"
            " JOIN django_tasks_database_dbtaskresult task"
            " ON task.id = replace(job.task_id, '-', '')"  # SQLite keeps a UUID as hex
            " WHERE job.id = ?",
            (pk,),
        ).fetchone()


def test_a_killed_workers_export_is_marked_failed_by_a_running_worker(tmp_path):
    database = tmp_path / "cpd.sqlite3"
    env = {
        **clean_environ(),
        "DATABASE_URL": f"sqlite:///{database}",
        "EXPORT_STALE_SECONDS": str(STALE_SECONDS),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    manage("migrate", "--no-input", env=env)
    manage_py = [sys.executable, "manage.py"]
    building = subprocess.Popen(
        [*manage_py, "shell", "-v", "0", "-c", BUILD_FOR_EVER],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    worker = None
    try:
        pk = int(building.stdout.readline())
        time.sleep(2)  # it is building, and beating
        assert status(database, pk)[::2] == ("running", "RUNNING")
        building.kill()  # SIGKILL: no clean-up runs
        building.wait()
        killed_at = time.monotonic()
        worker = subprocess.Popen(
            [*manage_py, "task_worker", "--no-reload", "--no-startup-delay"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        while status(database, pk)[0] == "running" and time.monotonic() - killed_at < 60:
            time.sleep(0.2)
        taken = time.monotonic() - killed_at
    finally:
        building.kill()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    state, error, task_state = status(database, pk)
    assert state == "failed" and "stopped before it finished" in error
    assert task_state == "FAILED"  # the queue does not show it running for ever either
    # Dead once silent for STALE_SECONDS, found at the next look; the rest is the new worker's
    # start-up, slow on a busy machine.
    assert taken < STALE_SECONDS + 20, taken
