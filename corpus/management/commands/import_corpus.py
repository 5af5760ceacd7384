"""Import the bundled corpus, or the documents given, and print what changed.

    python manage.py import_corpus                    # everything in corpus/sources/
    python manage.py import_corpus path/to/file.txt   # one document (its .yaml beside it)
    python manage.py import_corpus --force            # re-parse even unchanged files

Each source is imported in its own transaction: a malformed file is reported with its
file and line, leaves the database as it was, and does not stop the other sources.
"""

from django.core.management.base import BaseCommand, CommandError

from corpus.linking import relink_stale
from corpus.loading import LoadReport, load_all
from corpus.standards_loading import load_bundled_standards

COLUMNS = (
    ("Source", "<"),
    ("Episodes", ">"),
    ("Passages", ">"),
    ("Created", ">"),
    ("Updated", ">"),
    ("Unchanged", ">"),
    ("Deleted", ">"),
    ("Links created", ">"),
    ("Links updated", ">"),
    ("Links unchanged", ">"),
    ("Status", "<"),
)


def _row(report: LoadReport) -> list[str]:
    if not report.ok:
        return [report.slug or report.path.name, *[""] * 9, "FAILED"]
    status = "unchanged (skipped)" if report.skipped else "imported"
    if report.source_created:
        status = "new"
    links = report.links
    return [
        report.slug,
        str(report.episodes),
        str(report.passages),
        str(report.created),
        str(report.updated),
        str(report.unchanged),
        str(report.deleted),
        str(links.get("created", 0)),
        str(links.get("updated", 0)),
        str(links.get("unchanged", 0)),
        status,
    ]


def format_table(reports: list[LoadReport]) -> str:
    rows = [[title for title, _ in COLUMNS], *(_row(report) for report in reports)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(row, COLUMNS, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Import the bundled sources (or the given files) into passages, idempotently."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Document files (each with a .yaml sidecar beside it)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Re-parse sources even when unchanged."
        )

    def handle(self, *args, paths, force, **options):
        standards = load_bundled_standards()
        if standards and options["verbosity"] > 1:
            self.stdout.write(f"Standards: {standards}")
        reports = load_all(paths or None, force=force)
        self.stdout.write(format_table(reports))
        for slug, links in relink_stale().items():
            self.stdout.write(
                f"Relinked {slug} with today's linker: {links['created']} link(s) created, "
                f"{links['updated']} updated, {links['removed']} removed."
            )
        failed = [report for report in reports if not report.ok]
        created = sum(report.created for report in reports)
        changed = sum(report.changed for report in reports)
        self.stdout.write(
            f"{len(reports) - len(failed)} source(s) imported, {len(failed)} failed; "
            f"{created} passage(s) created, {changed} changed."
        )
        if failed:
            raise CommandError(
                "Some sources were not imported (the database is unchanged for them):\n"
                + "\n".join(f"  {report.error}" for report in failed)
            )
