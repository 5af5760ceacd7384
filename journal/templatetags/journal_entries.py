"""`{% entry_row entry %}`: one entry as a row of a list, on the entry list (a page of twenty)
and the dashboard (recent entries and drafts).

Built with format_html, as the team view's rows are (journal_team): as an included template a
row cost some 800 Python calls to render, more than the rest of the dashboard's year. Every
value is escaped by format_html.
"""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from journal.models import Entry
from journal.templatetags.journal_review import state_badge

register = template.Library()

ROW = """<li class="list-group-item">
<div class="d-flex flex-wrap justify-content-between gap-2">
<div>
<a class="fw-semibold" href="{url}">{title}</a>
<div class="small text-body-secondary">{day} · {activity}</div>
</div>
<div class="text-end">
{complete}
{peer}
{imported}
{state}
</div>
</div>
{standards}
</li>"""

COMPLETE = SafeString('<span class="badge text-bg-success">Complete</span>')
DRAFT = SafeString('<span class="badge text-bg-secondary">Draft</span>')
PEER = SafeString('<span class="badge text-bg-info">Peer reflection</span>')
IMPORTED = SafeString('<span class="badge text-bg-light border">Imported</span>')


def _standards(entry: Entry) -> SafeString | str:
    """Its standards as badges, each linked to the standard (`tagged_standards`, set by
    selectors.attach_tags), each value escaped once."""
    if not entry.tagged_standards:
        return ""
    badges = "".join(
        f'<a class="badge standard-badge text-decoration-none" href="{escape(s.url)}" '
        f'title="{escape(s)}">Standard {escape(s.number)}</a> '
        for s in entry.tagged_standards
    )
    return format_html('<div class="mt-1">{}</div>', SafeString(badges))


@register.simple_tag
def entry_row(entry: Entry) -> SafeString:
    """The row of `entry`, with `tagged_standards` (selectors.attach_tags) and `state`
    (review selectors' attach_review_states) set on it."""
    return format_html(
        ROW,
        url=entry.get_absolute_url(),
        title=entry.display_title,
        day=date_format(entry.activity_date, "j M Y"),
        activity=entry.activity_type_label,
        complete=COMPLETE if entry.is_complete else DRAFT,
        peer=PEER if entry.has_peer_reflection else "",
        imported=IMPORTED if entry.imported_at else "",
        state=state_badge(entry.state) if entry.state.is_shared else "",
        standards=_standards(entry),
    )
