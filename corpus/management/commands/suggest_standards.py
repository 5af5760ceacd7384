import json
import sys

from django.core.management.base import BaseCommand

from corpus.linking import suggest


class Command(BaseCommand):
    help = "Read text on standard input and print suggested standards as JSON, best first."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=5)

    def handle(self, *args, limit, **options):
        suggestions = [s.as_dict() for s in suggest(sys.stdin.read(), limit=limit)]
        self.stdout.write(json.dumps(suggestions, indent=2))
