"""Import a podcast's feed with its episodes' transcripts and chapters.

    python manage.py import_feed https://example.org/feed.xml
    python manage.py import_feed https://example.org/feed.xml --limit 10   # the newest ten

Prints every episode found (its transcript's format, or why it has none), then imports the
episodes with transcripts in one transaction. Any problem is listed and nothing is imported.
"""

from django.core.management.base import BaseCommand, CommandError

from corpus.feeds import FeedError, FeedPreview, gather_feed, import_gathered


def describe(preview: FeedPreview) -> list[str]:
    lines = [
        f"{preview.title or preview.url}: {len(preview.episodes)} episode(s), "
        f"{preview.with_transcripts} with a transcript, {preview.passages} passage(s)"
    ]
    for row in preview.episodes:
        what = f"{row.format}, {row.passages} passage(s)" if row.format else row.note
        lines.append(f"  {row.published or '----------'}  {row.title}  ({what})")
    lines.extend(f"  Problem: {problem}" for problem in preview.problems)
    return lines


class Command(BaseCommand):
    help = "Import a podcast feed's episodes and their transcripts (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("url", help="The feed's address (http or https).")
        parser.add_argument(
            "--limit", type=int, help="Only the newest N episodes (remembered for refreshes)."
        )

    def handle(self, *args, url, limit, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        preview = gather_feed(url, limit=limit)
        self.stdout.write("\n".join(describe(preview)))
        try:
            report = import_gathered(preview)
        except FeedError as error:
            raise CommandError(f"Nothing was imported from {url}.") from error
        if report.skipped:
            self.stdout.write("Unchanged since the last import: nothing written.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.slug}: {report.episodes} episode(s), {report.passages} "
                f"passage(s) ({report.created} new, {report.updated} changed, "
                f"{report.deleted} removed); {report.withdrawn} episode(s) withdrawn."
            )
        )
