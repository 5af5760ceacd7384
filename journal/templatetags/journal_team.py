"""`{% team_row member %}`: one person's row of the supervisor's team view; `{% appraisal_row %}`,
one of its print view for an appraisal.

Built in Python, as Django's admin builds its change list's cells: written as a template, a row
of ten cells cost some 1,800 Python calls to render, a third of the page, and a team of fifteen
missed the page budget by that. Every value is escaped once, by _format(); the wording is the
team view's (templates/journal/review/team.html has the rest). A value a row repeats (the name,
the queue's address) is escaped once, and the words of a cell are in its format string:
escaping is most of the cost of a row.
"""

import datetime
import html
from typing import NamedTuple

from django import template
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString

from cpd import links
from journal.review.team import TeamMember
from journal.templatetags.journal_time import ago, waited

register = template.Library()

NOT_YET = SafeString('<span class="badge text-bg-warning">Not yet</span>')
MET = SafeString('<span class="badge text-bg-success">Met</span>')
YES = SafeString('<span class="badge text-bg-success">Yes</span>')
NOTHING_WAITING = SafeString('<td data-label="Waiting for you">None</td>')

# The row, as the template wrote it; each value is escaped once, however often it appears.
ROW = """<tr>
<th scope="row">{name}</th>
<td data-label="Supervision">
<a href="{sessions_url}">{last_session}<span class="visually-hidden"> with {name}</span></a>
{due}
<a class="d-block small d-print-none" href="{agenda_url}">Agenda\
<span class="visually-hidden"> for {name}</span></a>
</td>
{waiting}
{shared}
{signed_off}
<td data-label="Complete pieces"><a href="{agenda_url}#readiness-heading">{complete}\
<span class="visually-hidden"> complete pieces for {name}</span></a> {pieces_met}</td>
<td data-label="Peer reflection">{peer_met}</td>
<td data-label="Copied to Social Work England"><a href="{agenda_url}#readiness-heading">\
{copied}<span class="visually-hidden"> copied by {name}</span></a></td>
<td data-label="Drafts">{drafts}</td>
<td data-label="Last activity">{last_activity}</td>
</tr>"""


def _escaped(value: object) -> SafeString:
    """conditional_escape() for what a row holds: markup built here as it is, any other value
    (text, a number) escaped as django.utils.html.escape() writes it. Without their handling
    of lazy text, a value costs a third of the calls, and a team's rows escape hundreds."""
    return value if isinstance(value, SafeString) else SafeString(html.escape(str(value)))


def _format(format_string: str, *args: object, **kwargs: object) -> SafeString:
    """format_html(), each value escaped by _escaped()."""
    return SafeString(
        format_string.format(
            *map(_escaped, args), **{key: _escaped(value) for key, value in kwargs.items()}
        )
    )


def _day(day: datetime.date) -> str:
    # date_format(day, "j M Y") without looking the format up as a setting, a miss each time.
    return dateformat.format(day, "j M Y")


@register.simple_tag
def team_row(member: TeamMember, *, today: datetime.date, queue_url: str) -> SafeString:
    name = _escaped(member.name)
    status = member.status
    minimum = status.rule.minimum_pieces
    in_queue = _escaped(f"{queue_url}#supervisee-{member.supervisee.pk}")
    shared = member.shared_count
    last = member.last_session_on
    return _format(
        ROW,
        name=name,
        sessions_url=links.url("journal:session_list", member.link.pk),
        last_session=f"Last {_day(last)}" if last else "No session yet",
        due=_due(member.next_due, today),
        agenda_url=links.url("journal:supervisee_agenda", member.link.pk),
        waiting=_waiting(member, name, in_queue),
        shared=_linked_count(
            SHARED, shared, f"{shared} entr{'y' if shared == 1 else 'ies'}", in_queue, name
        ),
        signed_off=_linked_count(SIGNED_OFF, member.signed_off, member.signed_off, in_queue, name),
        # "3 of 2" reads as a mistake: once there are enough, the count and "Met" say it.
        complete=_of(status.complete_count, minimum, status.pieces_met),
        pieces_met=MET if status.pieces_met else NOT_YET,
        peer_met=YES if status.peer_reflection_met else NOT_YET,
        copied=_of(member.copied, minimum, member.copied >= minimum),
        drafts=status.draft_count,
        last_activity=_last_activity(member.last_activity),
    )


def _of(count: int, minimum: int, enough: bool) -> str:
    """ "1 of 2", or the count alone once there are enough."""
    return str(count) if enough else f"{count} of {minimum}"


def _due(next_due: datetime.date | None, today: datetime.date) -> SafeString | str:
    if not next_due:
        return ""
    if next_due < today:
        return _format(
            '<span class="d-block small text-danger fw-semibold">Overdue since {}</span>',
            _day(next_due),
        )
    return _format('<span class="d-block small">Next due {}</span>', _day(next_due))


def _waiting(member: TeamMember, name: SafeString, in_queue: SafeString) -> SafeString:
    if not member.waiting:
        return NOTHING_WAITING
    changed = member.changed_since_sign_off
    badge = (
        _format(
            '<span class="d-block"><span class="badge text-bg-warning">{} changed since sign-off'
            "</span></span>",
            changed,
        )
        if changed
        else ""
    )
    listed = SafeString(
        "".join(
            _format(
                '<li><a href="{}">{}</a></li>',
                links.url("journal:review_entry", item.entry.pk),
                item.entry.display_title,
            )
            for item in member.waiting_listed
        )
    )
    unlisted = member.waiting_unlisted
    more = (
        _format(
            '<li><a href="{}">and {} more<span class="visually-hidden"> waiting from {}, in your'
            " review queue</span></a></li>",
            in_queue,
            unlisted,
            name,
        )
        if unlisted
        else ""
    )
    return _format(
        '<td data-label="Waiting for you">\n<a href="{}">{} waiting<span class="visually-hidden">'
        " from {}</span></a>, the oldest for {}\n{}\n"
        '<ul class="list-unstyled mb-0 small">{}{}</ul>\n</td>',
        in_queue,
        len(member.waiting),
        name,
        waited(member.oldest_waiting),
        badge,
        listed,
        more,
    )


class LinkedCount(NamedTuple):
    """A count's cell: with none, "None"; with some, the format of the count linked to where
    the items are (its address, the count, the name a screen reader hears)."""

    none: SafeString
    some: str


SHARED = LinkedCount(
    SafeString('<td data-label="Shared with you">None</td>'),
    '<td data-label="Shared with you"><a href="{}">{}'
    '<span class="visually-hidden"> from {}</span></a></td>',
)
SIGNED_OFF = LinkedCount(
    SafeString('<td data-label="Signed off by you this year">None</td>'),
    '<td data-label="Signed off by you this year"><a href="{}">{}'
    '<span class="visually-hidden"> signed off for {}</span></a></td>',
)


def _linked_count(
    cell: LinkedCount, count: int, shown, href: SafeString, name: SafeString
) -> SafeString:
    return _format(cell.some, href, shown, name) if count else cell.none


def _last_activity(moment: datetime.datetime | None) -> SafeString | str:
    if not moment:
        return "None this year"
    # The ISO time as date_format(..., "c") writes it, without looking up a format.
    return _format(
        '<time datetime="{}">{}</time>',
        timezone.template_localtime(moment).isoformat(),
        ago(moment),
    )


def _printed(cell: object) -> str:
    """A CSV cell as a printed page says it: dates in words, "None" for nothing."""
    if isinstance(cell, datetime.date):
        return _day(cell)
    return "None" if cell == "" else str(cell)


@register.simple_tag
def appraisal_row(person: str, cells: list[tuple[SafeString, object]]) -> SafeString:
    """One person's row of the appraisal's print view: `cells` are (column, cell) pairs, each
    column's name escaped already, each cell as the CSV has it. As a template loop, the fourteen
    cells of a row cost more to render than the rest of the page."""
    shown = "".join(
        f'<td data-label="{column}">{_escaped(_printed(cell))}</td>' for column, cell in cells
    )
    return _format('<tr><th scope="row">{}</th>{}</tr>', _printed(person), SafeString(shown))
