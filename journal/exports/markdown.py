"""Markdown export: YAML front matter, then the entry in the regulator's form order."""

import datetime
import re
from urllib.parse import quote

import yaml
from django.template.defaultfilters import filesizeformat

from journal.entries.document import DocumentField, EntryDocument
from journal.entries.markdown import escape
from journal.evidence.document import EvidenceDoc
from journal.exports.bundle_document import BundleDocument


def owner_front_matter(registration_number: str) -> dict:
    """The owner's details in each file's front matter: the registration number, when given."""
    return {"registration_number": registration_number} if registration_number else {}


def _front_matter(doc: EntryDocument, owner: dict | None) -> dict:
    data = {
        "title": doc.title,
        "date": doc.activity_date.isoformat(),
        "activity_type": doc.activity_type,
        "standards": [number for number, _ in doc.standards],
        "statements": [number for number, _ in doc.statements],
        "status": doc.status.lower(),
        **(owner or {}),
    }
    if doc.sign_off:
        data["sign_off"] = {
            "supervisor": doc.sign_off.supervisor,
            "signed_at": doc.sign_off.signed_at.isoformat(timespec="minutes"),
            "fingerprint": doc.sign_off.fingerprint,
            "version": doc.sign_off.version,
            "note": doc.sign_off.note,
            "changed_since": not doc.sign_off.current,
        }
    return data


def _quote(text: str) -> str:
    return "\n".join(f"> {escape(line)}" if line else ">" for line in text.splitlines())


def _link(citation) -> str:
    if citation.own:
        return "Your own source." + (f" <{citation.href}>" if citation.href else "")
    listen = f" · [Listen from {citation.time}]({citation.listen_href})" if citation.time else ""
    return f"[Read in context]({citation.href}){listen}"


_LIST_ITEM = re.compile(r"^[ ]*(\d+[.)]|[*+-])[ ]+\S")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")


def lists_apart(text: str) -> str:
    """The owner's Markdown with a blank line before each list that starts straight under a
    line of text. The app shows "What I did:" with "- item" lines under it as a list (the
    breakless_lists extension), and most Markdown readers of the file need the blank line
    to do the same. Fenced code is left as typed."""
    out: list[str] = []
    fence, in_list = "", False
    for line in text.splitlines():
        marker = _FENCE.match(line)
        if fence:
            fence = "" if marker and marker.group(1)[0] == fence else fence
        elif marker:
            fence = marker.group(1)[0]
        elif _LIST_ITEM.match(line):
            if not in_list and out and out[-1].strip():
                out.append("")
            in_list = True
        elif not line.strip():
            in_list = False
        out.append(line)
    return "\n".join(out)


def _field(document_field: DocumentField, heading: str = "##") -> str:
    text = lists_apart(document_field.text.strip()) or "_Not written yet._"
    return f"{heading} {document_field.label}\n\n{text}"


def _when(day: datetime.date | datetime.datetime) -> str:
    return f"{day:%-d %B %Y}"


def evidence_path(doc: EntryDocument, file: EvidenceDoc) -> str:
    """Where an evidence file sits in the ZIP export, beside its entry's folder of files."""
    return f"evidence/{doc.slug}/{file.file_name}"


def _evidence(doc: EntryDocument, *, linked: bool) -> str:
    lines = []
    for file in doc.evidence:
        name = escape(file.name)
        if linked:  # from entries/<slug>.md, the path percent-encoded (spaces, brackets)
            name = f"[{name}](../{quote(evidence_path(doc, file))})"
        about = f": {escape(file.description)}" if file.description else ""
        lines.append(f"- {name} ({filesizeformat(file.size)}){about}")
    return "## Evidence files\n\n" + "\n".join(lines)


def entry_markdown(
    doc: EntryDocument, *, owner: dict | None = None, evidence_linked: bool = False
) -> str:
    """One entry as Markdown. The owner's fields are their own Markdown, kept as written.

    `evidence_linked`: inside the ZIP, which holds the evidence files, each name links to its file.
    """
    # safe_dump quotes anything a title could use to break out of the front matter.
    front = yaml.safe_dump(_front_matter(doc, owner), allow_unicode=True, sort_keys=False)
    facts = "  \n".join(f"**{f.label}:** {f.text}" for f in doc.facts)
    parts = [f"---\n{front}---", f"# {doc.title}", facts]
    parts += [_field(f) for f in doc.reflection]
    if doc.has_peer or doc.peer_confirmation:
        peer = [_field(f, "###") for f in doc.peer] if doc.has_peer else []
        if doc.peer_confirmation:
            confirmation = doc.peer_confirmation
            peer.insert(
                0, f"**{escape(confirmation.line)}** ({escape(confirmation.kind.lower())})."
            )
        parts.append("## Peer reflection\n\n" + "\n\n".join(peer))
    parts += [_field(f) for f in doc.private]
    if doc.citations:
        quotes = [
            f"{_quote(c.quote)}\n>\n> — {escape(c.source_line)}. {_link(c)}" for c in doc.citations
        ]
        parts.append("## Sources cited\n\n" + "\n\n".join(quotes))
    if doc.standards or doc.statements:
        lines = []
        for number, title, statements in doc.standards_nested:
            lines.append(f"- Standard {number}: {title}" if number else "- Statements")
            lines += [f"  - {statement} {summary}" for statement, summary in statements]
        parts.append("## Professional standards\n\n" + "\n".join(lines))
    if doc.evidence:
        parts.append(_evidence(doc, linked=evidence_linked))
    if doc.sign_off:
        parts.append(_sign_off(doc))
    if doc.comments:
        parts.append(_comments(doc))
    return "\n\n".join(parts) + "\n"


def _comments(doc: EntryDocument) -> str:
    """Supervisors' comments, when the owner chose to include them: who, when, on what."""
    parts = ["## Supervisors' comments"]
    for comment in doc.comments:
        parts += [f"### {escape(comment.heading)}", _quote(comment.body)]
        for reply in comment.replies:
            parts += [f"Reply from {escape(reply.heading)}:", _quote(reply.body)]
        if comment.closed_note:
            parts.append(f"_{escape(comment.closed_note)}_")
    return "\n\n".join(parts)


def _sign_off(doc: EntryDocument) -> str:
    sign_off = doc.sign_off
    text = (
        f"## Supervisor sign-off\n\nSigned off by {escape(sign_off.supervisor)} on "
        f"{_when(sign_off.signed_at)} (version {sign_off.version}). Check code "
        f"`{sign_off.fingerprint}`: it is worked out from the exact text signed off, so a "
        "changed word gives a different code."
    )
    if sign_off.note:
        text += "\n\n" + _quote(sign_off.note)
    if not sign_off.current:
        text += (
            f"\n\nThe text above was changed on {sign_off.changed_at:%-d %B %Y, %H:%M}, after "
            f"this sign-off: it differs from the signed-off version {sign_off.version}."
        )
    return text


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
        escape(bundle.owner_name)
        + (
            f", registration number {bundle.registration_number}"
            if bundle.registration_number
            else ""
        ),
        "",
    ]
    if bundle.readiness:
        lines.append(bundle.readiness.headline)
        if bundle.readiness.gaps:
            lines.append("")
            lines.append(f"Still missing: {'; '.join(bundle.readiness.gaps)}.")
        lines.append("")
    lines.append("| Standard | Complete entries |")
    lines.append("| --- | --- |")
    lines += [f"| {s.number}. {s.title} | {count} |" for s, count in bundle.coverage]
    lines.append("")
    lines += [
        f"- [{escape(doc.title)}]({name}) — {doc.activity_date:%-d %B %Y}, {doc.status.lower()}"
        for doc, name in zip(bundle.entries, file_names, strict=True)
    ]
    return "\n".join(lines) + "\n"
