from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from journal.exports import build
from journal.models import User


class Command(BaseCommand):
    help = "Export a person's entries for a registration year as PDF or a Markdown ZIP."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username")
        parser.add_argument(
            "--year", type=int, required=True, help="Registration year ending 30 November YEAR"
        )
        parser.add_argument("--format", choices=["pdf", "md"], required=True)
        parser.add_argument("--output", required=True, help="File to write")

    def handle(self, *args, user, year, format, output, **options):
        try:
            owner = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"No user called {user!r}.") from None
        result = build.export_for_params(owner=owner, fmt=format, params={"year": year})
        path = Path(output)
        if path.is_dir():
            path = path / result.file_name
        path.write_bytes(result.content)
        self.stdout.write(
            f"Wrote {result.count} entries to {path} ({len(result.content):,} bytes)."
        )
