from django.core.management.base import BaseCommand, CommandError

from journal.services.entries import purge_bin


class Command(BaseCommand):
    help = "Delete entries that have been in the bin for more than 30 days."

    def handle(self, *args, **options):
        result = purge_bin()
        self.stdout.write(f"Deleted {result.purged} entry(ies) binned over 30 days ago.")
        if result.failed:
            raise CommandError(
                f"{len(result.failed)} entry(ies) could not be deleted and were left for the next "
                f"run (see the log): {', '.join(map(str, result.failed))}."
            )
