"""The editor's boxes for tagging an entry with standards and statements: the primary
framework's, read from Standard.objects.primary(), each box carrying what the editor's script
and the folded statement list need."""

from typing import NamedTuple

from django import forms
from django.forms.models import ModelChoiceIterator

from corpus.models import Standard, Statement
from journal.params import IdChoicesMixin


class StatementOption(NamedTuple):
    statement: Statement
    id: str
    ticked: bool


class StatementGroup(NamedTuple):
    standard: Standard
    options: list[StatementOption]
    open: bool


class StandardCheckboxes(forms.CheckboxSelectMultiple):
    """Each box carries its standard's number, so the editor's script can tick one by number."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-standard"] = instance.number
        return option


class PrimaryStandardChoices(ModelChoiceIterator):
    """The boxes from the standards kept for the process (Standard.objects.primary), read
    when the field is rendered, not by another query on every page."""

    def __iter__(self):
        for standard in Standard.objects.primary():
            yield self.choice(standard)

    def __len__(self):
        return len(Standard.objects.primary())

    def __bool__(self):
        return bool(Standard.objects.primary())


class StandardChoiceField(IdChoicesMixin, forms.ModelMultipleChoiceField):
    """The primary framework's standards: its queryset validates what is sent."""

    iterator = PrimaryStandardChoices

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"


class StatementChoiceField(IdChoicesMixin, forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.summary}"
