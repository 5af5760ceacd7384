from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_comments(context, threads, label: str) -> str:
    """A supervisor's open comments beside one part of the entry, in the editor
    (journal/includes/editor_comments.html). Most parts have none: for those nothing is
    rendered at all, where an include would still cost its template on each of the fourteen."""
    if not threads:
        return ""
    return render_to_string(
        "journal/includes/editor_comments.html",
        {"threads": threads, "label": label, "entry": context["entry"]},
    )


@register.simple_tag(takes_context=True)
def field_comments(context, comments_by_part: dict, spec) -> str:
    """editor_comments beside one of ENTRY_FIELDS: its open comments, named as `spec.about`."""
    if not spec.commentable:
        return ""
    return editor_comments(context, comments_by_part.get(spec.name), spec.about)
