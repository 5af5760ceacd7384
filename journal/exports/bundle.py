"""ZIP bundles: a year's entries as Markdown files plus an index, and their evidence files."""

import io
import logging
import zipfile

from journal.evidence.storage import EvidenceStorage
from journal.exports.bundle_document import BundleDocument
from journal.exports.markdown import (
    entry_markdown,
    evidence_path,
    index_markdown,
    owner_front_matter,
)

logger = logging.getLogger(__name__)


def markdown_zip(bundle: BundleDocument, extra: dict[str, bytes] | None = None) -> bytes:
    storage = EvidenceStorage()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names = []
        for doc in bundle.entries:
            name = f"entries/{doc.slug}.md"
            archive.writestr(
                name,
                entry_markdown(
                    doc,
                    owner=owner_front_matter(bundle.registration_number),
                    evidence_linked=True,
                ),
            )
            names.append(name)
            # Copied from disk in chunks, never read whole, and stored as they are: PDFs,
            # photos and Office files (themselves ZIPs) are compressed already, and deflating
            # them again took most of an export's time for nothing.
            for file in doc.evidence:
                try:
                    archive.write(
                        storage.path(file.stored),
                        evidence_path(doc, file),
                        compress_type=zipfile.ZIP_STORED,
                    )
                except FileNotFoundError:  # the rest of the export is still worth having
                    logger.error("Evidence file %s is missing from %s", file.stored, doc.slug)
        archive.writestr("index.md", index_markdown(bundle, names))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
