from django.core.management.base import BaseCommand

from journal.export.jobs import export_jobs_recover


class Command(BaseCommand):
    help = (
        "Mark failed, with a message, export jobs whose worker died or that no worker will run. "
        "The task worker (`manage.py db_worker`) builds exports; this only tidies up."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Marked {export_jobs_recover()} export job(s) as failed.")
