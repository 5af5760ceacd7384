"""The supervision agenda written out as Markdown: the download, and the draft a new session
record starts from. agenda.py gathers what it says; this only words it, in the page's order.
"""

from journal.entries.markdown import escape
from journal.review.agenda import Agenda, AgendaEntry


def _md(text: str) -> str:
    """Plain text safe inside a Markdown line: no headings, links or HTML from user text."""
    return escape(" ".join(str(text).split()))


def agenda_markdown(agenda: Agenda) -> str:
    """The agenda as Markdown, in the page's order; every piece of user text escaped."""
    lines = [f"# {_md(agenda.title)}", ""]
    lines += [f"- {line}" for line in agenda.people(_md)] + [""]

    lines += ["## Actions from earlier sessions", ""]
    if agenda.open_actions:
        lines += [f"- [ ] {_md(a.text)} ({_md(a.terms)})" for a in agenda.open_actions]
    else:
        lines.append("No actions are open.")
    lines.append("")

    if agenda.since_last is not None:
        lines += [f"## {agenda.since_last.heading}", ""]
        if agenda.since_last.is_empty:
            lines.append(agenda.since_last.NOTHING)
        else:
            for label, entries in agenda.since_last.groups:
                titles = "; ".join(_md(e.display_title) for e in entries)
                lines.append(f"- {label}: {titles}")
        lines.append("")

    def entry_lines(items: list[AgendaEntry], empty: str) -> list[str]:
        if not items:
            return [empty, ""]
        out = []
        for item in items:
            out.append(
                f"- **{_md(item.entry.display_title)}** ({item.entry.activity_date:%-d %B %Y}), "
                f"{_md(item.supervisor)}: {item.state.label.lower()}{_md(item.waited)}"
            )
            for label, comment in item.comments:
                changes = " (changes requested)" if comment.requests_changes else ""
                out.append(f"  - On {label}{changes}: {_md(comment.body)}")
        return [*out, ""]

    headings = agenda.headings
    lines += [f"## {headings.waiting}", ""]
    lines += entry_lines(agenda.waiting, headings.nothing_waiting)
    lines += [f"## {headings.changes}", ""]
    lines += entry_lines(agenda.changes_requested, headings.no_changes)

    if agenda.since_last is not None:
        lines += ["## Open comment threads", ""]
        if agenda.threads:
            for thread in agenda.threads:
                changes = " (changes requested)" if thread.comment.requests_changes else ""
                lines.append(
                    f"- **{_md(thread.entry.display_title)}**, on {thread.part}{changes}: "
                    f"{_md(thread.comment.body)} ({_md(thread.standing)})"
                )
        else:
            lines.append("No comment thread of yours is open.")
        lines.append("")

    lines += [
        "## Readiness",
        "",
        f"- Registration year {agenda.year.label}: {agenda.days_left} days to the deadline "
        f"({agenda.deadline:%-d %B %Y})",
        *(f"- {_md(line)}" for line in agenda.readiness_lines),
        "",
    ]
    lines += ["## Standards and statements not covered this year", ""]
    if agenda.uncovered_standards:
        lines += [f"- {_md(s)}" for s in agenda.uncovered_standards] + [""]
    if agenda.uncovered:
        for item in agenda.uncovered:
            lines.append(f"- {item.number} {_md(item.summary)}")
            lines.append(f"  - Question: {_md(item.question)}")
        if agenda.uncovered_more_line:
            lines += ["", _md(agenda.uncovered_more_line)]
    else:
        lines.append("Every statement is covered by a complete entry this year.")
    lines += ["", "## Agreed actions", "", "- [ ] ", "- [ ] ", "- [ ] ", ""]
    return "\n".join(lines)
