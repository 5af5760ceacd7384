"""`{% state_badge state %}`: a review state's badge (ReviewState), on every row of the review
queue and the entry list. A tag rather than an included template: an include costs more than
the rest of a queue row, and the queue has one per entry shared with the supervisor."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def state_badge(state) -> str:
    return format_html(
        '<span class="badge review-state review-state-{}">{}</span>', state.value, state.label
    )
