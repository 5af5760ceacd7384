"""PDF export with WeasyPrint: A4, cover page, contents with page numbers, one section per entry.

The PDF is tagged (PDF/UA-1) and renders the same entry document include as the pages.

WeasyPrint never reaches the network: the URL fetcher only serves our own static files. The
document's base URL is the public site, never a folder on the server, so nothing in it can
resolve to a local path; a person's links are filtered before they get here
(`markdown_for_print`: only http(s) and mailto survive).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML, URLFetcher

from journal.exports.bundle_document import BundleDocument

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()


class FetchRefused(ValueError):
    pass


class LocalOnlyFetcher(URLFetcher):
    """Allow data: URLs and files under our static folder; refuse everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            if not path.is_relative_to(STATIC_DIR):
                raise FetchRefused(f"Refused to read {url!r} while making a PDF.")
        elif not url.startswith("data:"):
            raise FetchRefused(f"Refused to fetch {url!r} while making a PDF.")
        return super().fetch(url, headers)


def render_pdf(bundle: BundleDocument, *, cover: bool = True) -> bytes:
    html = render_to_string("journal/export/pdf.html", {"bundle": bundle, "cover": cover})
    fetcher = LocalOnlyFetcher()
    stylesheet = CSS(filename=str(STATIC_DIR / "css" / "pdf.css"), url_fetcher=fetcher)
    document = HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=fetcher)
    # PDF/UA: a tagged PDF with a structure tree, language and title, so a screen reader reads
    # the headings and fields in order.
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
