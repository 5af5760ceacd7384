"""`{% state_badge state %}`: a review state's badge (ReviewState), on every row of the review
queue and the entry list. `{% queued_entries items %}`: entries of the queue as list items, each
linked to its review page, with its badge. Tags rather than included templates or a loop: an
include costs more than the rest of a queue row, and the queue has one per entry shared with
the supervisor (a team of fifteen shares some two hundred)."""

from django import template
from django.utils.html import format_html, format_html_join

from cpd import links

register = template.Library()


@register.simple_tag
def state_badge(state) -> str:
    return format_html(
        '<span class="badge review-state review-state-{}">{}</span>', state.value, state.label
    )


@register.simple_tag
def queued_entries(items) -> str:
    """QueueItems as `<li>`s: the entry linked to its review page, then its state's badge (a
    handful of states over hundreds of items: each badge is made once)."""
    badges = {}
    rows = []
    for item in items:
        state = item.state
        if state not in badges:
            badges[state] = state_badge(state)
        rows.append(
            (
                links.url("journal:review_entry", item.entry.pk),
                item.entry.display_title,
                badges[state],
            )
        )
    return format_html_join("\n", '<li><a href="{}">{}</a> {}</li>', rows)
