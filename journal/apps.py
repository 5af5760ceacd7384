from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self):
        # Connects the signal receivers (corpus re-imports, evidence files leaving the disk with
        # their rows, account sign-in and verification, invitations claimed) and the evidence folder's check.
        from journal import receivers  # noqa: F401
        from journal.evidence import checks as evidence_checks  # noqa: F401
        from journal.evidence import receivers as evidence_receivers  # noqa: F401
        from journal.people.accounts import receivers as account_receivers  # noqa: F401
        from journal.review import receivers as review_receivers  # noqa: F401
