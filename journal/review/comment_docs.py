"""Supervisors' comments as the entry document prints them, for an owner who chose to include
them: review writes the comments and reads them out (journal.review.document adds them to the entry document)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from journal.entries.content import part_label
from journal.models import Comment, Entry


@dataclass
class CommentDoc:
    """A supervisor's comment or change request, or a reply, as an export prints it."""

    author: str
    written_at: datetime.datetime
    body: str
    part: str = ""  # the part of the entry it is about; empty for a reply
    requests_changes: bool = False
    closed_note: str = ""
    replies: list["CommentDoc"] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """ "Dana Price on “What I learnt”, 3 March 2026 (changes requested)"."""
        kind = " (changes requested)" if self.requests_changes else ""
        about = f" on {self.part}" if self.part else ""
        return f"{self.author}{about}, {self.written_at:%-d %B %Y, %H:%M}{kind}"


def comment_docs(entry: Entry) -> list[CommentDoc]:
    """Every comment thread on the entry, oldest first, with who wrote what and when. Reads
    `entry.comments` (prefetch it with COMMENTS_PREFETCH for many entries)."""
    comments = sorted(entry.comments.all(), key=lambda c: (c.created_at, c.pk))
    replies: dict[int, list[CommentDoc]] = {}
    for reply in (c for c in comments if c.parent_id):
        replies.setdefault(reply.parent_id, []).append(
            CommentDoc(reply.author_label, reply.created_at, reply.body)
        )
    return [
        CommentDoc(
            author=c.author_label,
            written_at=c.created_at,
            body=c.body,
            part=f"“{part_label(c.field)}”" if c.field else "the whole entry",
            requests_changes=c.requests_changes,
            closed_note=c.closed_note,
            replies=replies.get(c.pk, []),
        )
        for c in comments
        if c.parent_id is None
    ]


COMMENTS_PREFETCH = Prefetch("comments", queryset=Comment.objects.select_related("author"))
