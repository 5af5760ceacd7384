"""journal.entries.content: the one list of an entry's fields, read by everything else."""

from django.utils.text import capfirst

from journal.entries.content import ENTRY_FIELDS, FIELD_NAMES
from journal.models import Entry
from tests.factories import (
    make_entry,
)


def test_the_model_names_each_field_as_the_editor_does():
    names = {
        spec.name: capfirst(Entry._meta.get_field(spec.name).verbose_name) for spec in ENTRY_FIELDS
    }
    assert names == {spec.name: spec.label for spec in ENTRY_FIELDS}
    assert names["notes"] == "Private notes"


def test_the_field_spec_drives_the_form_the_snapshot_and_the_editor(owner, framework):
    from journal.entries.forms import EntryForm

    form = EntryForm()
    for spec in ENTRY_FIELDS:
        assert form.fields[spec.name].label == spec.label
        assert form[spec.name].field.widget.attrs["data-entry-field"] == spec.name
    assert set(FIELD_NAMES) <= set(make_entry(owner).snapshot())
