"""journal.entries.forms: the entry form's rules."""

import datetime
import re
from pathlib import Path

from django.urls import reverse

from journal.entries import requirement
from journal.entries.forms import EntryForm
from journal.models import Entry
from tests.factories import (
    entry_form,
    peer_entry_form,
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


def test_completing_needs_the_form_fields_and_a_standard(owner_client, primary_standards):
    data = peer_entry_form(primary_standards, learning="", standards=[])
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Add what you learnt before marking the entry complete." in body
    assert "Tag at least one professional standard" in body
    # Refused, but nothing typed is lost: it is kept as a draft, and the page says so.
    assert "Your text is kept as a draft" in body
    assert '<h1 class="h2">New CPD entry</h1>' in body  # still the entry they started
    kept = Entry.objects.get()
    assert kept.status == "draft" and kept.description == data["description"]


def test_dates_a_tired_person_mistypes_get_a_reason(owner_client, owner, primary_standards):
    from unittest import mock

    url = reverse("journal:entry_create")
    with mock.patch("journal.clock.today", return_value=datetime.date(2026, 10, 1)):
        body = owner_client.post(
            url, peer_entry_form(primary_standards, activity_date="31")
        ).content
        assert "Enter a whole date, day, month and year" in body.decode()
        body = owner_client.post(
            url, peer_entry_form(primary_standards, activity_date="2062-03-14")
        )
        assert "14 March 2062 is more than a year away: check the year." in body.content.decode()
        data = peer_entry_form(
            primary_standards, activity_date="2026-10-20", peer_date="2026-10-21"
        )
        body = owner_client.post(url, data).content.decode()
        assert "20 October 2026 is after today: mark the entry complete once the activity" in body
        assert "21 October 2026 is after today" in body
        # Planned CPD can still be drafted ahead.
        response = owner_client.post(url, {**data, "intent": "draft", "form_key": ""})
    assert not Entry.objects.filter(activity_date=datetime.date(2062, 3, 14)).exists()
    assert not Entry.objects.filter(status="complete").exists()
    assert Entry.objects.filter(activity_date=datetime.date(2026, 10, 20)).exists()
    assert response.status_code == 302


def test_a_draft_needs_almost_nothing(owner_client, owner, primary_standards):
    response = owner_client.post(
        reverse("journal:entry_create"),
        {"activity_type": "reading", "activity_date": "2026-03-01", "intent": "draft"},
    )
    assert response.status_code == 302
    entry = Entry.objects.get(owner=owner)
    assert entry.status == "draft" and entry.title == "" and str(entry) == "Untitled draft"
    assert not entry.is_complete


def test_privacy_guard_warns_then_accepts_a_confirmation(owner_client, owner, primary_standards):
    data = peer_entry_form(primary_standards, description="I visited the family at M1 1AE.")
    response = owner_client.post(reverse("journal:entry_create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "could identify" in body and "<mark>M1 1AE</mark>" in body
    assert Entry.objects.get().status == "draft"  # kept as a private draft, not complete

    # Fixed text saves.
    data["description"] = "I visited the family in their home."
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302

    # Or confirmed as not identifying, and remembered.
    data.update(description="The training was at M1 1AE.", acknowledge_privacy="on", title="Second")
    assert owner_client.post(reverse("journal:entry_create"), data).status_code == 302
    second = Entry.objects.get(title="Second")
    assert second.privacy_acknowledged == [{"kind": "postcode", "text": "M1 1AE"}]

    # Opening the editor again: the kept draft's postcode is named before any typing; the
    # confirmed one is not.
    kept = Entry.objects.get(description="I visited the family at M1 1AE.")
    page = owner_client.get(reverse("journal:entry_edit", args=[kept.pk])).content.decode()
    assert 'id="privacy-findings"' in page and "<mark>M1 1AE</mark>" in page
    page = owner_client.get(reverse("journal:entry_edit", args=[second.pk])).content.decode()
    assert 'id="privacy-findings"' not in page
