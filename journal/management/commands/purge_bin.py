from django.core.management.base import BaseCommand

from journal.services.entries import purge_bin


class Command(BaseCommand):
    help = "Delete entries that have been in the bin for more than 30 days."

    def handle(self, *args, **options):
        deleted = purge_bin()
        self.stdout.write(f"Deleted {deleted} object(s) from entries binned over 30 days ago.")
