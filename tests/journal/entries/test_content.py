"""journal.entries.content: the one list of an entry's fields, read by everything else."""

from django.utils.text import capfirst

from journal.entries.content import ENTRY_FIELDS
from journal.models import Entry


def test_the_model_names_each_field_as_the_editor_does():
    names = {
        spec.name: capfirst(Entry._meta.get_field(spec.name).verbose_name) for spec in ENTRY_FIELDS
    }
    assert names == {spec.name: spec.label for spec in ENTRY_FIELDS}
    assert names["notes"] == "Private notes"
