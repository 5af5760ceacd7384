"""Supervisors' comments in exports, only when the owner chooses them; names and text in the
Markdown read as written; lists render as lists."""

import io
import zipfile

import markdown
import pytest
from django.urls import reverse

from journal.account import services as account
from journal.exports import build
from journal.exports.forms import ExportForm
from journal.exports.markdown import escape, split_front_matter
from journal.models import Entry
from journal.review import comments as comment_services
from journal.review import sign_off as sign_off_services
from tests.factories import make_entry, make_share, make_supervision, pdf_text


@pytest.fixture
def commented(owner, dana, standards):
    entry = make_entry(
        owner,
        status=Entry.Status.MARKED_COMPLETE,
        standards=[standards.standards.get(number="1")],
        learning="What I learnt:\n- protected time\n- asking for help",
    )
    make_share(entry, make_supervision(owner, dana), submitted=True)
    asked = comment_services.entry_request_changes(
        entry=entry, supervisor=dana, body="Say more about *impact*.", field="impact"
    )
    comment_services.comment_add(entry=entry, author=owner, body="I will.", parent=asked)
    comment_services.comment_add(entry=entry, author=dana, body="A thoughtful piece.")
    return entry


def test_comments_are_left_out_unless_chosen(commented):
    body = build.export_entry(commented, "md").content.decode()
    assert "Supervisors' comments" not in body and "thoughtful" not in body
    assert "thoughtful" not in pdf_text(build.export_entry(commented, "pdf").content)
    assert ExportForm().fields["comments"].initial is None  # off by default


def test_the_markdown_has_each_comment_with_who_and_when(commented):
    body = build.export_entry(commented, "md", include_comments=True).content.decode()
    _, text = split_front_matter(body)
    section = text.split("## Supervisors' comments", 1)[1]
    assert "### Dana Price on “Impact on my practice and the people I work with”, " in section
    assert "(changes requested)" in section
    assert "> Say more about \\*impact\\*." in section
    assert "Reply from Olu Owner" in section and "> I will." in section
    assert "### Dana Price on the whole entry" in section and "> A thoughtful piece." in section
    html = markdown.markdown(text)
    assert "Say more about *impact*." in html  # shown as written, not emphasised


def test_the_pdf_has_each_comment_read_back(commented):
    text = pdf_text(build.export_entry(commented, "pdf", include_comments=True).content)
    assert "Supervisors' comments" in text
    assert "Say more about *impact*." in text and "A thoughtful piece." in text
    assert "(changes requested)" in text and "Reply from Olu Owner" in text


def test_a_bundle_carries_comments_when_the_form_asks(owner, commented):
    form = ExportForm({"year": "2026", "format": "md", "comments": "on"})
    assert form.is_valid(), form.errors
    result = build.export_for_params(owner=owner, fmt="md", params=form.params())
    files = zipfile.ZipFile(io.BytesIO(result.content))
    entry_file = next(n for n in files.namelist() if n.endswith(f"-{commented.pk}.md"))
    assert "A thoughtful piece." in files.read(entry_file).decode()


def test_a_deleted_supervisors_name_reads_as_written_and_the_closed_note_is_printed(
    commented, dana
):
    sign_off_services.entry_sign_off(entry=commented, supervisor=dana)
    account.account_delete(user=dana)
    body = build.export_entry(commented, "md", include_comments=True).content.decode()
    assert "Signed off by Dana Price (account deleted) on" in body
    assert "\\(" not in body
    assert "### Dana Price (account deleted) on the whole entry" in body
    text = pdf_text(build.export_entry(commented, "pdf", include_comments=True).content)
    assert "Dana Price (account deleted)" in text


@pytest.mark.parametrize(
    "text",
    [
        "Dana Price (account deleted)",
        "Tom & Jerry",
        "Smith-Jones, 1 < 2",
        "[click](javascript:alert(1)) <b>bold</b> ![x](y)",
        "# not a heading",
        "1. not a list",
        "- not a list either",
        "*not* _emphasis_ `code`",
        "&amp; &#60;script&#62;",
        "back\\slash",
    ],
)
def test_escaped_text_renders_exactly_as_written(text):
    html = markdown.markdown(escape(text))
    assert html == f"<p>{_html(text)}</p>"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_plain_names_are_not_escaped_at_all():
    for name in ("Dana Price (account deleted)", "Tom & Jerry", "Siân O'Neill-Hughes!"):
        assert escape(name) == name


def test_every_list_in_a_markdown_export_renders_as_a_list(owner, commented, dana):
    sign_off_services.entry_sign_off(entry=commented, supervisor=dana, note="- first\n- second")
    result = build.export_for_params(owner=owner, fmt="md", params={"year": 2026, "comments": True})
    files = zipfile.ZipFile(io.BytesIO(result.content))
    for name in files.namelist():
        text = files.read(name).decode()
        if text.startswith("---"):
            _, text = split_front_matter(text)
        html = markdown.markdown(text, extensions=["tables"])
        items = [line for line in text.splitlines() if line.startswith("- ")]
        assert html.count("<li>") >= len(items), (name, text)


def test_the_entry_page_offers_the_export_with_comments(commented, owner_client):
    page = owner_client.get(reverse("journal:entry_detail", args=[commented.pk])).content.decode()
    with_comments = reverse("journal:entry_export", args=[commented.pk, "md"]) + "?comments=1"
    assert f'href="{with_comments}"' in page
    assert "A thoughtful piece." in owner_client.get(with_comments).content.decode()
    plain = reverse("journal:entry_export", args=[commented.pk, "md"])
    assert "A thoughtful piece." not in owner_client.get(plain).content.decode()
