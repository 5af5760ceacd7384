"""The admin's upload form: a document and the metadata its YAML sidecar would hold."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from corpus.importers import IMPORTERS
from corpus.models import Source
from corpus.source_files import TEXT_LIMITS

ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def _pairs(text: str, *, field: str, key_label: str) -> dict[str, str]:
    """'key: value' lines into a mapping; a malformed line is named by its number."""
    pairs: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip() or not value.strip():
            raise forms.ValidationError(
                "%(field)s, line %(line)s: write “%(key)s: description”, with a colon.",
                code="pair",
                params={"field": field, "line": number, "key": key_label},
            )
        pairs[key.strip()] = value.strip()
    return pairs


class SourceUploadForm(forms.Form):
    document = forms.FileField(
        required=False,
        help_text="Plain text (.txt or .md, UTF-8). Leave empty to keep the file already "
        "previewed.",
    )
    slug = forms.SlugField(max_length=100, help_text="Its address: /sources/<slug>/. "
                           "An existing slug replaces that source.")  # fmt: skip
    title = forms.CharField(max_length=TEXT_LIMITS["title"])
    kind = forms.ChoiceField(choices=Source.Kind.choices)
    importer = forms.ChoiceField(
        # A feed is added by its address (FeedForm), not uploaded.
        choices=[(name, name) for name in sorted(IMPORTERS) if name != "podcast_feed"],
        help_text="The format the text is in (see docs/corpus-import.md).",
    )
    licence = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    series = forms.CharField(max_length=TEXT_LIMITS["series"], required=False)
    publisher = forms.CharField(max_length=TEXT_LIMITS["publisher"], required=False)
    author = forms.CharField(max_length=TEXT_LIMITS["author"], required=False)
    date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    url = forms.URLField(max_length=TEXT_LIMITS["url"], required=False, assume_scheme="https")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    speakers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One per line: “Name: who they are”.",
    )
    noise = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Lines to drop",
        help_text="Page furniture to leave out, one line each.",
    )
    standard_titles = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For podcast pages: “6: promote ethical practice and report concerns”.",
    )
    episode_titles = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For podcast pages: “2: Diversity data, part 1”.",
    )

    def __init__(self, *args, staged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staged = staged

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload is None:
            if not self.staged:
                raise forms.ValidationError("Choose the document to upload.", code="required")
            return None
        limit = settings.CORPUS_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                "The file is %(size)s bytes, over the limit of %(limit)s bytes.",
                code="too_large",
                params={"size": f"{upload.size:,}", "limit": f"{limit:,}"},
            )
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                "Upload plain text: a .txt or .md file, not %(name)s.",
                code="type",
                params={"name": upload.name},
            )
        data = upload.read()
        if b"\x00" in data:
            raise forms.ValidationError(
                "This is not a text file (it holds binary data).", code="binary"
            )
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise forms.ValidationError(
                "Line %(line)s is not valid UTF-8; save the file as UTF-8 and upload it again.",
                code="encoding",
                params={"line": line},
            ) from None
        return upload.name, data

    def clean_speakers(self):
        return _pairs(self.cleaned_data["speakers"], field="Speakers", key_label="Name")

    def clean_standard_titles(self):
        titles = self.cleaned_data["standard_titles"]
        return _pairs(titles, field="Standard titles", key_label="Number")

    def clean_episode_titles(self):
        titles = self.cleaned_data["episode_titles"]
        return _pairs(titles, field="Episode titles", key_label="Number")

    def clean_noise(self):
        return [line.strip() for line in self.cleaned_data["noise"].splitlines() if line.strip()]

    def metadata(self) -> dict:
        """The sidecar this form stands for: the same keys, empty ones left out."""
        data = self.cleaned_data
        meta = {key: data[key] for key in ("slug", "title", "kind", "importer", "licence")}
        for key in ("series", "publisher", "author", "url", "summary"):
            if data.get(key):
                meta[key] = data[key]
        if data.get("date"):
            meta["date"] = data["date"].isoformat()
        for key in ("speakers", "noise", "standard_titles", "episode_titles"):
            if data.get(key):
                meta[key] = data[key]
        return meta

    @classmethod
    def initial_for(cls, source: Source) -> dict:
        """A new version of an existing source starts from its metadata."""
        speakers = "\n".join(f"{s.name}: {s.role}" for s in source.speakers.all() if s.role)
        return {
            "slug": source.slug,
            "title": source.title,
            "kind": source.kind,
            "importer": source.importer,
            "licence": source.licence,
            "series": source.series,
            "publisher": source.publisher,
            "author": source.author,
            "date": source.published,
            "url": source.url,
            "summary": source.summary,
            "speakers": speakers,
        }


class FeedForm(forms.Form):
    """A podcast feed to preview, then import (the admin's "Add a podcast feed")."""

    url = forms.URLField(
        label="Feed address",
        max_length=1000,
        assume_scheme="https",
        help_text="The show's RSS feed (http or https), as a podcast app would subscribe to it.",
    )
    limit = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Only the newest this many episodes (kept for later refreshes). Empty: every "
        "episode, or the limit the feed was imported with. A long feed takes a while here: "
        "give a limit, or import it with the import_feed command.",
    )
    checksum = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only http and https addresses can be fetched.")
        return url
