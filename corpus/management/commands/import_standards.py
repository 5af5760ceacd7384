from django.core.management.base import BaseCommand, CommandError

from corpus.standards_loading import StandardsFileError, load_standards_file


class Command(BaseCommand):
    help = "Load or update a framework of standards from a YAML file (validated; all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            counts = load_standards_file(file)
        except StandardsFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged."
        )
        if counts["created"] or counts["updated"]:
            # Standard.objects.primary() is kept per process.
            self.stdout.write(
                "Restart the web servers to show the changed standards: each keeps the ones "
                "it read until it restarts."
            )
