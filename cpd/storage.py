"""Static files as production serves them: hashed names, pre-compressed (WhiteNoise)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites the imports of our ES modules (static/js/editor/, static/js/device/) to
    hashed names, so that a page never mixes a new module with an old one it imports."""

    support_js_module_import_aggregation = True
