from django import template

from journal.year.coverage import level

register = template.Library()


@register.filter(name="heat")
def heat(count: int) -> int:
    """The heatmap shade (0-3) for a count; the count itself is always printed."""
    return level(count)
