"""journal.entries.forms: the entry form's rules."""

import re
from pathlib import Path

from django.urls import reverse

from journal.entries.forms import EntryForm
from journal.models import Entry
from journal.year import requirement
from tests.factories import (
    entry_form,
)


def test_statements_are_checkboxes_by_standard_and_tag_their_standard(owner_client, framework):
    page = owner_client.get(reverse("journal:entry_create")).content.decode()
    assert "Hold Ctrl" not in page
    assert page.count('type="checkbox" name="statements"') == 6
    assert "<summary>Standard 2: Standard 2</summary>" in page
    statement = framework.standards.get(number="2").statements.get()
    data = entry_form(framework, statements=[statement.pk])
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    entry = Entry.objects.get()
    assert set(entry.standards.values_list("number", flat=True)) == {"2", "4"}


def test_an_own_source_needs_what_it_is_and_the_quote(owner_client, framework):
    data = entry_form(framework, own_author="Someone")
    body = owner_client.post(reverse("journal:entry_create"), data).content.decode()
    assert "Say what the source is." in body and "Type the quote or your note" in body


def test_a_quote_part_outside_the_passage_is_refused(owner_client, framework, passage):
    reference = f"{passage.source.slug}:{passage.anchor}@5-99999"
    response = owner_client.post(
        reverse("journal:entry_create"), entry_form(framework, cite=[reference])
    )
    assert "could not be found" in response.content.decode()


def test_each_box_carries_the_regulators_limit_from_the_requirement_file(settings, tmp_path):
    form = EntryForm()
    shipped = requirement.current_requirement().box_limits
    assert shipped  # the bundled rule names some boxes
    for name, limit in shipped.items():
        assert form.fields[name].widget.attrs["data-box-limit"] == limit
    assert "data-box-limit" not in form.fields["title"].widget.attrs

    rule = tmp_path / "rule.yaml"
    kept = Path(requirement.DEFAULT_FILE).read_text().split("box_limits:")[0]
    rule.write_text(kept + "box_limits: {learning: 20}\n")
    settings.CPD_REQUIREMENT_FILE = str(rule)
    form = EntryForm()
    assert form.fields["learning"].widget.attrs["data-box-limit"] == 20
    assert "data-box-limit" not in form.fields["description"].widget.attrs


def test_the_editor_page_carries_the_box_limit_beside_the_fields_own(owner_client):
    body = owner_client.get(reverse("journal:entry_create")).content.decode()
    limit = requirement.current_requirement().box_limits["learning"]
    learning = re.search(r'<textarea[^>]*name="learning"[^>]*>', body).group(0)
    assert f'data-box-limit="{limit}"' in learning and 'maxlength="' in learning
