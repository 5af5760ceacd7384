from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _forget_primary_standards(sender, **kwargs):
    """Forget Standard.objects.primary() now, and again once the change is committed, so a
    request reading the old rows before the commit cannot keep them."""
    from corpus.models import Standard

    Standard.objects.forget_primary()
    transaction.on_commit(Standard.objects.forget_primary, using=kwargs.get("using"))


class CorpusConfig(AppConfig):
    name = "corpus"
    verbose_name = "Corpus"

    def ready(self):
        for name in ("Framework", "Standard", "Statement"):
            model = self.get_model(name)
            for signal in (post_save, post_delete):
                signal.connect(_forget_primary_standards, sender=model)
