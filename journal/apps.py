from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self):
        from journal.accounts import receivers  # noqa: F401  (connects the signal receivers)
