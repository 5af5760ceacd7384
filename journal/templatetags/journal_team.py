"""`{% team_row member %}`: one person's row of the supervisor's team view.

Built in Python with format_html, as Django's admin builds its change list's cells: written as
a template, a row of ten cells cost some 2,000 Python calls to render, more than reading the
whole team, and a team of fifteen missed the page budget by that. Every value is escaped by
format_html; the wording is the team view's (templates/journal/review/team.html has the rest).
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cpd import links
from journal.review.team import TeamMember
from journal.templatetags.journal_time import ago, waited

register = template.Library()

NOT_YET = SafeString('<span class="badge text-bg-warning">Not yet</span>')
NONE = "None"


def _day(day: datetime.date) -> str:
    return date_format(day, "j M Y")


@register.simple_tag
def team_row(member: TeamMember, *, today: datetime.date, queue_url: str) -> SafeString:
    name = member.name
    agenda_url = links.url("journal:supervisee_agenda", member.link.pk)
    in_queue = f"{queue_url}#supervisee-{member.supervisee.pk}"
    return format_html(
        '<tr>\n<th scope="row">{}</th>\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n'
        '<td data-label="Drafts">{}</td>\n{}\n</tr>',
        name,
        _supervision(member, name, agenda_url, today),
        _waiting(member, name, in_queue),
        _linked_count(
            "Shared with you",
            member.shared_count,
            format_html("{} entr{}", member.shared_count, _plural(member.shared_count, "y", "ies")),
            in_queue,
            f" from {name}",
        ),
        _linked_count(
            "Signed off by you this year",
            member.signed_off,
            member.signed_off,
            in_queue,
            f" signed off for {name}",
        ),
        _complete(member, name, agenda_url),
        format_html(
            '<td data-label="Peer reflection">{}</td>',
            _met(member.status.peer_reflection_met, "Yes"),
        ),
        _copied(member, name, agenda_url),
        member.status.draft_count,
        _last_activity(member.last_activity),
    )


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _met(met: bool, label: str) -> SafeString:
    return format_html('<span class="badge text-bg-success">{}</span>', label) if met else NOT_YET


def _supervision(member: TeamMember, name: str, agenda_url: str, today: datetime.date):
    last = member.last_session_on
    next_due = member.next_due
    if not next_due:
        due = ""
    elif next_due < today:
        due = format_html(
            '<span class="d-block small text-danger fw-semibold">Overdue since {}</span>',
            _day(next_due),
        )
    else:
        due = format_html('<span class="d-block small">Next due {}</span>', _day(next_due))
    return format_html(
        '<td data-label="Supervision">\n<a href="{}">{}<span class="visually-hidden"> with {}'
        "</span></a>\n{}\n"
        '<a class="d-block small d-print-none" href="{}">Agenda<span class="visually-hidden">'
        " for {}</span></a>\n</td>",
        links.url("journal:session_list", member.link.pk),
        f"Last {_day(last)}" if last else "No session yet",
        name,
        due,
        agenda_url,
        name,
    )


def _waiting(member: TeamMember, name: str, in_queue: str) -> SafeString:
    if not member.waiting:
        return format_html('<td data-label="Waiting for you">{}</td>', NONE)
    changed = member.changed_since_sign_off
    badge = (
        format_html(
            '<span class="d-block"><span class="badge text-bg-warning">{} changed since sign-off'
            "</span></span>",
            changed,
        )
        if changed
        else ""
    )
    listed = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        (
            (links.url("journal:review_entry", item.entry.pk), item.entry.display_title)
            for item in member.waiting_listed
        ),
    )
    unlisted = member.waiting_unlisted
    more = (
        format_html(
            '<li><a href="{}">and {} more<span class="visually-hidden"> waiting from {}, in your'
            " review queue</span></a></li>",
            in_queue,
            unlisted,
            name,
        )
        if unlisted
        else ""
    )
    return format_html(
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


def _linked_count(label: str, count: int, shown, href: str, hidden: str) -> SafeString:
    """A count that links to where its items are ("None" when there are none)."""
    if not count:
        return format_html('<td data-label="{}">{}</td>', label, NONE)
    return format_html(
        '<td data-label="{}"><a href="{}">{}<span class="visually-hidden">{}</span></a></td>',
        label,
        href,
        shown,
        hidden,
    )


def _complete(member: TeamMember, name: str, agenda_url: str) -> SafeString:
    status = member.status
    # "3 of 2" reads as a mistake: once there are enough, the count and "Met" say it.
    of = "" if status.pieces_met else f" of {status.rule.minimum_pieces}"
    return format_html(
        '<td data-label="Complete pieces"><a href="{}#readiness-heading">{}{}'
        '<span class="visually-hidden"> complete pieces for {}</span></a> {}</td>',
        agenda_url,
        status.complete_count,
        of,
        name,
        _met(status.pieces_met, "Met"),
    )


def _copied(member: TeamMember, name: str, agenda_url: str) -> SafeString:
    minimum = member.status.rule.minimum_pieces
    of = f" of {minimum}" if member.copied < minimum else ""
    return format_html(
        '<td data-label="Copied to Social Work England"><a href="{}#readiness-heading">{}{}'
        '<span class="visually-hidden"> copied by {}</span></a></td>',
        agenda_url,
        member.copied,
        of,
        name,
    )


def _last_activity(moment: datetime.datetime | None) -> SafeString:
    if not moment:
        return format_html('<td data-label="Last activity">{}</td>', "None this year")
    return format_html(
        '<td data-label="Last activity"><time datetime="{}">{}</time></td>',
        date_format(timezone.template_localtime(moment), "c"),
        ago(moment),
    )
