"""A start-up check: evidence files must never sit where a web server serves files."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def evidence_root_is_private(app_configs=None, **kwargs) -> list[Error]:
    root = Path(settings.EVIDENCE_ROOT).resolve()
    served = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    if settings.MEDIA_ROOT:
        served.append(settings.MEDIA_ROOT)
    for folder in served:
        folder = Path(folder).resolve()
        if root == folder or root.is_relative_to(folder) or folder.is_relative_to(root):
            return [
                Error(
                    f"EVIDENCE_ROOT ({root}) overlaps {folder}, which is served to anyone.",
                    hint="Point EVIDENCE_ROOT at a private folder outside static and media.",
                    id="journal.E001",
                )
            ]
    return []
