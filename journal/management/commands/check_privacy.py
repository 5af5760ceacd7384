import json
import sys

from django.core.management.base import BaseCommand

from journal import guard


class Command(BaseCommand):
    help = (
        "Read text on standard input and print likely identifiers as JSON (the library's "
        "own speakers and authors are allowed, as in the editor)."
    )

    def handle(self, *args, **options):
        findings = [finding.as_dict() for finding in guard.findings(sys.stdin.read())]
        self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=2))
