"""`{% link %}`: `{% url %}` for the links a list repeats on every row.

It takes the same URL name and arguments, and gives the same path through cpd.links.url(),
which reverses each URL name once; `{% url %}` reverses it afresh for every row. Arguments
must fit their pattern as they are (primary keys, slugs, anchors), as cpd.links.url() says.
"""

from django import template

from cpd import links

register = template.Library()


@register.simple_tag
def link(name: str, *args) -> str:
    return links.url(name, *args)
