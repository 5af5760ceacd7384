from django.core.management.base import BaseCommand

from journal.exports.jobs import export_jobs_expire, export_jobs_recover


class Command(BaseCommand):
    help = (
        "Mark failed, with a message, export jobs whose worker died or that no worker will run, "
        "and delete finished exports older than EXPORT_KEEP_DAYS. The task worker "
        "(`manage.py task_worker`) builds exports; this only tidies up."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Marked {export_jobs_recover()} export job(s) as failed.")
        self.stdout.write(f"Deleted {export_jobs_expire()} finished export(s) past keeping.")
