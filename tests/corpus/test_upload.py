"""Adding a document in the admin: upload, Preview, Import; bad uploads change nothing."""

from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corpus.models import Passage, Source
from journal.models import Citation
from tests.factories import make_entry, make_user, swe_framework

pytestmark = pytest.mark.django_db

SOURCES = Path(__file__).resolve().parents[2] / "corpus" / "sources"
URL = "/admin/corpus/source/upload/"
ARTICLE = (
    "Why supervision matters\n\n"
    "Supervision is where I reflect on my practice and my learning needs.\n\n"
    "Standard 4.2 asks us to use supervision and critical reflection.\n\n"
    "What helps\n\n- Protected time\n- A supervisor who listens\n"
)
META = {
    "slug": "supervision-notes",
    "title": "Why supervision matters",
    "kind": "article",
    "importer": "article",
    "licence": "Written for the tests.",
    "author": "Ann Author",
    "date": "2025-03-01",
}


@pytest.fixture
def editor(client):
    swe_framework()
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    return client


def upload(client, text=ARTICLE, *, name="notes.txt", action="preview", **meta):
    data = {**META, **meta, "action": action}
    if text is not None:
        content = text.encode() if isinstance(text, str) else text
        data["document"] = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post(URL, data)


def test_the_source_list_links_to_the_upload(editor):
    html = editor.get(reverse("admin:corpus_source_changelist")).content.decode()
    assert f'href="{URL}"' in html and "Upload a document" in html
    assert editor.get(URL).status_code == 200


def test_preview_shows_what_the_importer_makes_and_writes_nothing(editor):
    response = upload(editor)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok and preview.passage_count == 5 and preview.replaces is None
    assert [p.text for p in preview.first_passages][:2] == [
        "Supervision is where I reflect on my practice and my learning needs.",
        "Standard 4.2 asks us to use supervision and critical reflection.",
    ]
    assert [(r.line, r.label) for r in preview.references] == [(5, "statement 4.2")]
    html = response.content.decode()
    assert "5 passages, 0 episodes, 0 speakers" in html
    assert "This is a new source." in html
    assert 'value="import"' in html
    assert not Source.objects.exists()


def test_preview_of_a_podcast_lists_episodes_speakers_and_problems(editor):
    text = (SOURCES / "this-is-social-work.txt").read_text()
    response = upload(
        editor,
        text,
        slug="tisw",
        title="This Is Social Work",
        kind="podcast",
        importer="podcast_page",
        speakers="Ahmina: Ahmina Akhtar, head of EDI",
        standard_titles="6: promote ethical practice and report concerns",
    )
    preview = response.context["preview"]
    assert preview.ok and len(preview.episodes) == 8 and preview.passage_count == 627
    assert ("Ahmina", "Ahmina Akhtar, head of EDI", preview.speakers[0][2]) in preview.speakers
    undescribed = [w for w in preview.warnings if "has no description" in w.message]
    assert undescribed and all(w.line for w in undescribed)
    assert any(r.label == "standard 6" for r in preview.references)
    html = response.content.decode()
    assert "Problems to check" in html and "Line " in html


def test_import_after_preview_writes_the_source_links_and_a_log_entry(editor):
    upload(editor)
    response = upload(editor, text=None, action="import")
    source = Source.objects.get(slug="supervision-notes")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:corpus_source_change", args=[source.pk])
    assert source.passages.count() == 5 and source.author == "Ann Author"
    assert source.checksum.startswith("upload:")
    assert Passage.objects.filter(source=source, links__statement__number="4.2").exists()
    log = LogEntry.objects.get(object_id=str(source.pk))
    assert "Imported notes.txt from an upload: 5 passages" in log.get_change_message()
    assert editor.session.get("corpus_upload") is None
    page = editor.get(source.get_absolute_url()).content.decode()
    assert "Protected time" in page


def test_import_needs_a_preview_of_the_same_file_and_details(editor):
    upload(editor)
    response = upload(editor, text=None, action="import", title="Another title")
    assert response.status_code == 200
    assert not Source.objects.exists()
    assert "changed: check this preview" in response.content.decode()
    # The second preview is of the new details; importing it now works.
    upload(editor, text=None, action="import", title="Another title")
    assert Source.objects.get().title == "Another title"


@pytest.mark.parametrize(
    ("text", "importer", "line", "message"),
    [
        ("---\ntitle: x\nno end to the front matter\n\nJI Hello.\n", "frontmatter_transcript", 1,
         "never closed"),
        ("---\ntitle: x\n---\nJI - Jo Irvine\n\nA paragraph before anyone speaks.\n\n"
         "JI Hello.\n", "frontmatter_transcript", 6, "before any speaker"),
    ],
)  # fmt: skip
def test_a_malformed_upload_names_the_line_and_changes_nothing(
    editor, text, importer, line, message
):
    upload(editor)
    upload(editor, text=None, action="import")
    before = list(Passage.objects.values_list("anchor", "text"))
    response = upload(editor, text, importer=importer)
    preview = response.context["preview"]
    assert not preview.ok
    assert (preview.error.line, message in preview.error.message) == (line, True)
    html = response.content.decode()
    assert f"This cannot be imported. Line {line}: " in html
    assert 'value="import"' not in html
    # Forcing Import anyway imports nothing either.
    upload(editor, text=None, action="import", importer=importer)
    assert list(Passage.objects.values_list("anchor", "text")) == before


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"x" * 2000, "big.txt", "too large"),
        (b"%PDF-1.7 ...", "paper.pdf", "Upload plain text"),
        (b"text\x00with a NUL", "notes.txt", "binary data"),
        (b"line one\nline two \xff\xfe\n", "notes.txt", "Line 2 is not valid UTF-8"),
    ],
)
def test_size_and_type_limits(editor, settings, content, name, code):
    settings.CORPUS_UPLOAD_MAX_BYTES = 1000
    response = upload(editor, content, name=name)
    assert response.status_code == 200 and response.context["preview"] is None
    assert code in response.content.decode().replace("over the limit", "too large")
    assert not Source.objects.exists() and "corpus_upload" not in editor.session


def test_malformed_metadata_lines_are_named(editor):
    response = upload(editor, speakers="Ahmina: head of EDI\nJust a name")
    assert "Speakers, line 2: write “Name: description”" in response.content.decode()
    assert response.context["preview"] is None


def test_only_editors_who_may_add_sources_can_upload(client):
    client.force_login(make_user("viewer", is_staff=True))
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the admin's login


def test_reimporting_an_edited_document_keeps_citations_anchored(editor):
    upload(editor)
    upload(editor, text=None, action="import")
    source = Source.objects.get(slug="supervision-notes")
    entry = make_entry(make_user("writer"))
    kept = source.passages.get(text__startswith="Supervision is where")
    edited = source.passages.get(text__startswith="Standard 4.2")

    def cite(passage, quote):
        return Citation.objects.create(
            entry=entry, passage=passage, source_slug=source.slug, anchor=passage.anchor,
            quote=quote, source_title=source.title,
        )  # fmt: skip

    unchanged = cite(kept, "where I reflect on my practice")
    moved = cite(edited, "use supervision and critical reflection")
    new_text = ARTICLE.replace(
        "Why supervision matters\n\n", "Why supervision matters\n\nA new opening paragraph.\n\n"
    ).replace("Standard 4.2 asks us", "As standard 4.2 says, we should")
    editor.get(f"{URL}?source={source.pk}")
    upload(editor, new_text)
    response = upload(editor, text=None, action="import")
    assert response.status_code == 302
    unchanged.refresh_from_db()
    moved.refresh_from_db()
    assert (unchanged.status, unchanged.passage_id) == ("ok", kept.pk)
    assert moved.status == "moved" and moved.passage.text.startswith("As standard 4.2 says")
    assert moved.anchor == moved.passage.anchor
    assert moved.quote == "use supervision and critical reflection"


def test_a_new_version_starts_from_the_sources_metadata(editor):
    upload(editor)
    upload(editor, text=None, action="import")
    source = Source.objects.get()
    form = editor.get(f"{URL}?source={source.pk}").context["form"]
    assert form.initial["slug"] == "supervision-notes" and form.initial["author"] == "Ann Author"
    change = editor.get(reverse("admin:corpus_source_change", args=[source.pk]))
    assert f"{URL}?source={source.pk}" in change.content.decode()
