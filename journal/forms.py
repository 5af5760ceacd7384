"""What the forms of every package share: the lean field layout of the busiest pages."""

# The lean Jinja2 Bootstrap layout of one field (templates/jinja2/forms/field.html), rendered
# by `{{ form.name.as_field_group }}`: the same markup as crispy's, several times quicker.
FIELD_TEMPLATE = "forms/field.html"


class LeanFields:
    """A form mixin for the busiest pages (the editor, the review page): every field renders
    with FIELD_TEMPLATE."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = FIELD_TEMPLATE
