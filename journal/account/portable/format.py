"""The account file's format: its name, its version and the limits an import keeps to.

docs/export.md describes the format. Bump FORMAT_VERSION when a field changes meaning or a
required one is added; an import refuses files of a newer version than it knows.
"""

FORMAT = "cpd-journal-account"
FORMAT_VERSION = 2
# Version 1 had no "format" key: the data export before entries carried their history.
OLDEST_READABLE = 2

DATA_NAME = "data.json"

# An account's ZIP: text is small; evidence files make most of it (see EVIDENCE_* settings).
MAX_ZIP_BYTES = 300 * 1024 * 1024
MAX_DATA_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_ENTRIES = 5_000
MAX_VERSIONS = 200_000
