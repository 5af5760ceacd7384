"""Review's flags: whether an entry has any sign-off, share or comment, and a change request
not answered yet, each read in the entry's own query (an EXISTS on review's tables), so that a
page about one entry reads those only when it has them (each a round trip on PostgreSQL).

Defined here, by the package whose tables they ask about, and added by the callers, as
evidence's evidence_flags() and peer's peer_flags() are. Packages below review never ask for
them: the year's readiness reads those its caller passes (year.hints.REVIEW_FLAGS), and an
entry's save learns whether a sign-off may stand from its own row (Entry.ever_signed_off).
"""

import functools

from django.db import models
from django.db.models import Q

from journal.review.models import Comment, Share, SignOff


@functools.cache
def review_flag_expressions(entry: str = "pk") -> dict[str, models.Exists]:
    """Every flag's subquery, built once: a query copies an expression it uses and never
    changes it, and building five of them was most of their cost. `entry` names the entry's key
    in the outer query ("entry" from a share)."""
    entry = models.OuterRef(entry)
    return {
        "has_sign_offs": models.Exists(SignOff.objects.filter(entry=entry)),
        "has_shares": models.Exists(Share.objects.filter(entry=entry)),
        "has_comments": models.Exists(Comment.objects.filter(entry=entry)),
        # Share.review_state() is "changes requested": asked for on a live share (ending a
        # supervision revokes its shares) and neither submitted again nor signed off by that
        # supervisor since.
        "changes_requested": models.Exists(
            Share.objects.filter(
                entry=entry, changes_requested_at__isnull=False, revoked_at__isnull=True
            )
            .filter(
                Q(submitted_at__isnull=True) | Q(submitted_at__lt=models.F("changes_requested_at"))
            )
            .exclude(
                models.Exists(
                    SignOff.objects.filter(
                        entry=models.OuterRef("entry"),
                        supervisor=models.OuterRef("supervision__supervisor"),
                        created_at__gt=models.OuterRef("changes_requested_at"),
                    )
                )
            )
        ),
    }


def review_flags_named(*flags: str) -> dict[str, models.Exists]:
    """The flags named (all by default), over an entry query, to annotate it with: each is a
    subquery to run, so a page asks only for those it reads."""
    found = review_flag_expressions()
    return {name: found[name] for name in flags or found}
