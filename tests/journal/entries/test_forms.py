"""The entry form: what it tells the editor's script about each box."""

import re
from pathlib import Path

from django.urls import reverse

from journal.entries.forms import EntryForm
from journal.year import requirement


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
