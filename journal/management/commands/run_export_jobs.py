from django.core.management.base import BaseCommand

from journal.export.jobs import run_pending


class Command(BaseCommand):
    help = "Build any export jobs still waiting (e.g. after an app server restarted)."

    def handle(self, *args, **options):
        self.stdout.write(f"Ran {run_pending()} export job(s).")
