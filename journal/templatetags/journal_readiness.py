"""`{% readiness_piece piece return_to=… today=… %}`: one piece's readiness for renewal and its
"I copied this" tick, on the dashboard (the ten that need attention), the year's copy page
(every piece), an entry's page and its regulator form.

Built with format_html, as the team view's rows are (journal_team): as an included template a
piece cost some 1,000 Python calls to render, and the dashboard's ten were an eighth of the
page. Every value is escaped by format_html.
"""

import datetime

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from journal.year.readiness import EntryReadiness

register = template.Library()

PIECE = """<div class="readiness-piece" id="readiness-{pk}">
<p class="mb-1"><span class="badge {badge}">{label}</span>
{peer}</p>
{problems}
{hints}
<form method="post" action="{action}" class="d-flex flex-wrap align-items-end gap-2">{csrf}
<input type="hidden" name="next" value="{return_to}">
{tick}
</form>
</div>"""

PEER = SafeString('<span class="badge text-bg-light border">With a peer reflection</span>')

DONE = SafeString('<span class="badge text-bg-success check-mark">Done</span>')
TO_DO = SafeString('<span class="badge text-bg-secondary check-mark">To do</span>')

# Copied: the date it was ticked, and a way to take the tick back.
UNTICK = """<input type="hidden" name="copied" value="0">
<span class="small">Ticked as copied to your Social Work England account on {copied_on}.</span>
<button type="submit" class="btn btn-sm btn-outline-secondary">Untick\
<span class="visually-hidden"> “{title}”</span></button>"""

# Ready: the tick, with the day it was copied (today unless changed).
TICK = """<input type="hidden" name="copied" value="1">
<label class="small" for="copied-on-{pk}">Copied on</label>
<input class="form-control form-control-sm w-auto" type="date" name="copied_on" \
id="copied-on-{pk}" value="{today}">
<button type="submit" class="btn btn-sm btn-outline-primary">I copied this to my Social Work \
England account<span class="visually-hidden">: “{title}”</span></button>"""

# Not ready: the tick is not offered first, but someone who copied it anyway can say so.
TICK_ANYWAY = """<details class="small"><summary>Copied it to your Social Work England account \
anyway?</summary>
<div class="d-flex flex-wrap align-items-end gap-2 mt-1">{tick}</div>
<p class="mb-0 mt-1 text-body-secondary">It counts towards renewal here only once it is ready.</p>
</details>"""


def _badge(piece: EntryReadiness) -> str:
    if not piece.ready:
        return "text-bg-warning"
    return "text-bg-success" if piece.copied_on else "text-bg-primary"


def _items(css: str, lines: list[str], prefix: str = "") -> SafeString | str:
    """A list of plain-text lines, each escaped once (`prefix` is markup of ours)."""
    if not lines:
        return ""
    items = SafeString("".join(f"<li>{prefix}{escape(line)}</li>" for line in lines))
    return format_html('<ul class="small mb-1 {}">{}</ul>', css, items)


def _csrf(context) -> SafeString:
    """The CSRF field of every piece's form on the page, its token masked once for the page
    rather than once a form."""
    cache = context.render_context
    if "readiness_csrf" not in cache:
        cache["readiness_csrf"] = CsrfTokenNode().render(context)
    return cache["readiness_csrf"]


def _tick(piece: EntryReadiness, today: datetime.date) -> SafeString:
    title = piece.entry.display_title
    if piece.copied_on:
        return format_html(UNTICK, copied_on=date_format(piece.copied_on, "j F Y"), title=title)
    tick = format_html(TICK, pk=piece.entry.pk, today=today.isoformat(), title=title)
    return tick if piece.ready else format_html(TICK_ANYWAY, tick=tick)


@register.simple_tag(takes_context=True)
def readiness_piece(
    context, piece: EntryReadiness, *, return_to: str, today: datetime.date
) -> SafeString:
    return format_html(
        PIECE,
        pk=piece.entry.pk,
        badge=_badge(piece),
        label=piece.label,
        peer=PEER if piece.has_peer_reflection else "",
        problems=_items("readiness-problems", piece.problems),
        hints=_items("text-body-secondary readiness-hints", piece.hints, "Hint: "),
        action=piece.copied_url,
        csrf=_csrf(context),
        return_to=return_to,
        tick=_tick(piece, today),
    )


@register.simple_tag
def check_mark(met: object) -> SafeString:
    """The badge beside a part of renewal, "Done" or "To do": the dashboard's checklist and
    the renewal steps."""
    return DONE if met else TO_DO
