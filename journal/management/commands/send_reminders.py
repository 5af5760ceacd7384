from django.core.management.base import BaseCommand

from journal import clock
from journal.account.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminder emails due today. Safe to run more than once a day."

    def handle(self, *args, **options):
        sent = send_due_reminders(today=clock.today())
        self.stdout.write(f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} sent.")
