import json
import sys

from django.core.management.base import BaseCommand

from journal.entries.privacy import scan


class Command(BaseCommand):
    help = "Read text on standard input and print likely identifiers as JSON."

    def handle(self, *args, **options):
        findings = [finding.as_dict() for finding in scan(sys.stdin.read())]
        self.stdout.write(json.dumps(findings, ensure_ascii=False, indent=2))
