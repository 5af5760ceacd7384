"""Ask every feed the library holds for what is new, and import it.

    python manage.py refresh_feeds        # queued for the task worker (cron: docs/deploy.md)
    python manage.py refresh_feeds --now  # here, reporting each feed
    python manage.py refresh_feeds --full # every file fetched again, whatever the feed says

With --now, exits with status 1 when any feed failed; the others are still refreshed.
"""

from django.core.management.base import BaseCommand, CommandError

from corpus.feeds import refresh_feeds
from corpus.tasks import refresh_feeds_task


class Command(BaseCommand):
    help = (
        "Refresh every podcast feed (new episodes, corrected transcripts, withdrawals): queue it "
        "for the task worker (the default, for cron on any node), or --now to run it here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run here and report, not queued.")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Fetch every feed and transcript again, even a feed that says it is unchanged "
            "(finds a transcript corrected at the same address).",
        )

    def handle(self, *args, now=False, full=False, **options):
        if not now:
            result = refresh_feeds_task.enqueue(full=full)
            self.stdout.write(f"Queued the feed refresh (task {result.id}, {result.status}).")
            return
        failed = 0
        for result in refresh_feeds(full=full):
            if result.problems:
                failed += 1
                self.stderr.write(f"{result.feed.url}: FAILED: {' '.join(result.problems)}")
            elif result.not_modified or result.report.skipped:
                self.stdout.write(f"{result.feed.url}: unchanged")
            else:
                report = result.report
                self.stdout.write(
                    f"{result.feed.url}: {report.episodes} episode(s), {report.created} new "
                    f"passage(s), {report.updated} changed, {report.withdrawn} withdrawn, "
                    f"{report.citations} citation(s) re-anchored"
                )
        if failed:
            raise CommandError(f"{failed} feed(s) could not be refreshed.")
