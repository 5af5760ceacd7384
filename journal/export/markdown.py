"""Markdown export: YAML front matter, then the entry in the regulator's form order."""

import re

import yaml

from journal.export.document import BundleDocument, EntryDocument


def _front_matter(doc: EntryDocument) -> dict:
    data = {
        "title": doc.title,
        "date": doc.activity_date.isoformat(),
        "activity_type": doc.activity_type,
        "standards": [number for number, _ in doc.standards],
        "statements": doc.statements,
        "status": doc.status.lower(),
    }
    if doc.sign_off:
        data["sign_off"] = {
            "supervisor": doc.sign_off.supervisor,
            "signed_at": doc.sign_off.signed_at.isoformat(timespec="minutes"),
            "fingerprint": doc.sign_off.fingerprint,
            "version": doc.sign_off.version,
            "changed_since": not doc.sign_off.current,
        }
    return data


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def entry_markdown(doc: EntryDocument) -> str:
    # safe_dump quotes anything a title could use to break out of the front matter.
    front = yaml.safe_dump(_front_matter(doc), allow_unicode=True, sort_keys=False)
    parts = [
        f"---\n{front}---",
        f"# {doc.title}",
        f"**Type of CPD activity:** {doc.activity_type}  \n**Date:** {doc.activity_date:%-d %B %Y}",
    ]
    for form_field in doc.fields:
        parts.append(f"## {form_field.label}\n\n{form_field.text.strip() or '_Not written yet._'}")
    if doc.peer:
        who = doc.peer["name"] + (f" ({doc.peer['role']})" if doc.peer["role"] else "")
        when = f", {doc.peer['date']:%-d %B %Y}" if doc.peer["date"] else ""
        parts.append(
            f"## Peer reflection\n\nDiscussed with {who}{when}.\n\n{doc.peer['learning'].strip()}"
        )
    if doc.notes.strip():
        parts.append(f"## Reflective notes\n\n{doc.notes.strip()}")
    if doc.citations:
        quotes = [
            f"{_quote(c.quote)}\n>\n> — {c.source_line}. [Read in context]({c.url})"
            for c in doc.citations
        ]
        parts.append("## Sources cited\n\n" + "\n\n".join(quotes))
    if doc.standards:
        lines = [f"- Standard {number}: {title}" for number, title in doc.standards]
        if doc.statements:
            lines.append(f"- Statements: {', '.join(doc.statements)}")
        parts.append("## Professional standards\n\n" + "\n".join(lines))
    if doc.sign_off:
        note = "" if doc.sign_off.current else " The entry has changed since this sign-off."
        parts.append(
            f"## Supervisor sign-off\n\nSigned off by {doc.sign_off.supervisor} on "
            f"{doc.sign_off.signed_at:%-d %B %Y} (version {doc.sign_off.version}, "
            f"fingerprint `{doc.sign_off.fingerprint}`).{note}"
        )
    return "\n\n".join(parts) + "\n"


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Read an exported file back: its front matter ends at the first line that is just ---."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("No YAML front matter found.")
    return yaml.safe_load(match.group(1)), match.group(2)


def index_markdown(bundle: BundleDocument, file_names: list[str]) -> str:
    lines = [
        f"# {bundle.title}",
        "",
        f"{bundle.owner_name}"
        + (
            f", registration number {bundle.registration_number}"
            if bundle.registration_number
            else ""
        ),
        "",
    ]
    if bundle.status:
        lines.append(
            "Requirement met."
            if bundle.status.met
            else f"Still missing: {'; '.join(bundle.status.missing)}."
        )
        lines.append("")
    lines.append("| Standard | Complete entries |")
    lines.append("| --- | --- |")
    lines += [f"| {s.number}. {s.title} | {count} |" for s, count in bundle.coverage]
    lines.append("")
    lines += [
        f"- [{doc.title}]({name}) — {doc.activity_date:%-d %B %Y}, {doc.status.lower()}"
        for doc, name in zip(bundle.entries, file_names, strict=True)
    ]
    return "\n".join(lines) + "\n"
