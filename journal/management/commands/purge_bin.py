from django.core.management.base import BaseCommand, CommandError

from journal.entries import tasks
from journal.entries.bin import purge_bin


class Command(BaseCommand):
    help = (
        "Delete entries that have been in the bin for more than 30 days: queue it for the task "
        "worker (the default, for cron on any node), or --now to run it here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here and report, not queued.")

    def handle(self, *args, now=False, **options):
        if not now:
            result = tasks.purge_bin.enqueue()
            self.stdout.write(f"Queued the bin purge (task {result.id}, {result.status}).")
            return
        result = purge_bin()
        self.stdout.write(f"Deleted {result.purged} entry(ies) binned over 30 days ago.")
        if result.failed:
            raise CommandError(
                f"{len(result.failed)} entry(ies) could not be deleted and were left for the next "
                f"run (see the log): {', '.join(map(str, result.failed))}."
            )
