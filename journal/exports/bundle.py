"""ZIP bundles: a year's entries as Markdown files plus an index."""

import io
import zipfile

from journal.entries.document import BundleDocument
from journal.exports.markdown import entry_markdown, index_markdown, owner_front_matter


def markdown_zip(bundle: BundleDocument, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names = []
        for doc in bundle.entries:
            name = f"entries/{doc.slug}.md"
            archive.writestr(
                name,
                entry_markdown(doc, owner=owner_front_matter(bundle.registration_number)),
            )
            names.append(name)
        archive.writestr("index.md", index_markdown(bundle, names))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()
