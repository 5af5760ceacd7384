"""The form renderer: widgets and fields from Jinja2 templates, which render several times faster.

Django ships a Jinja2 copy of every form and widget template; `templates/jinja2/` adds the
project's own (the Bootstrap field in `forms/field.html`). The admin's widgets exist only as
Django templates, so a name the Jinja2 engine lacks is taken from those.
"""

import functools
from pathlib import Path

import django.forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(Jinja2):
    @functools.cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    settings.BASE_DIR / "templates" / "jinja2",
                    Path(django.forms.__file__).parent / "jinja2",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    @functools.cached_property
    def django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.django_templates.get_template(template_name)
