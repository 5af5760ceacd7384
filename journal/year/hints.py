"""Gentle hints on a piece, never a block: an impact that only restates the activity or leaves
out the people or the practice, a half-written peer reflection, a change request not yet read.
"""

import re

from rapidfuzz import fuzz, utils

# rapidfuzz's 0-100 score above which the impact only restates the activity.
RESTATES = 85

# Matched against rapidfuzz's processed text (lower case, punctuation as spaces), which the
# restating check has made anyway: a case-sensitive search of it is several times quicker.
PEOPLE_RE = re.compile(
    r"\b(people|person|child|children|young|famil|parent|carer|adult|service user|resident"
    r"|client|individual|communit|mother|father|patient|tenant|pupil|those i|who i)"
)
PRACTICE_RE = re.compile(
    r"\b(practi[cs]|chang|differently|now\b|will\b|approach|improv|start|stopp?|plan|use\b"
    r"|using|tr(y|ied)|appl(y|ied)|ask|better)"
)


def impact_hints(entry) -> list[str]:
    impact = (entry.impact or "").strip()
    if not impact:
        return []
    hints = []
    said, activity = utils.default_process(impact), utils.default_process(entry.description)
    restates = said in activity or fuzz.ratio(said, activity, score_cutoff=RESTATES)
    if restates:
        hints.append(
            "The impact mostly repeats what the activity was; say what changed in your "
            "practice and for the people you work with."
        )
    else:
        if not PEOPLE_RE.search(said):
            hints.append("The impact does not mention the people you work with.")
        if not PRACTICE_RE.search(said):
            hints.append("The impact does not say what changed, or will change, in your practice.")
    return hints


# What review_hints reads of review's flags (journal.review.flags): a page above review that
# shows the hints reads them with the entries (selectors.year_readiness's `flags`).
REVIEW_FLAGS = ("changes_requested",)


def review_hints(entry) -> list[str]:
    """The regulator does not ask for a supervisor's approval, so a change request never stops
    a piece being ready; but copying it before answering would be a surprise to both."""
    if getattr(entry, "changes_requested", False) and not entry.copied_on:  # REVIEW_FLAGS
        return [
            "Your supervisor asked for changes: read their comments before you copy it. "
            "Social Work England does not ask for a supervisor's sign-off."
        ]
    return []


def peer_half_written(entry) -> bool:
    return bool((entry.peer_name or "").strip()) != bool((entry.peer_learning or "").strip())


def peer_hints(entry) -> list[str]:
    """A peer reflection counts only with both who and what was learnt: say which is missing;
    and a discussion dated before the activity it discusses is most likely a slip."""
    named = bool((entry.peer_name or "").strip())
    learnt = bool((entry.peer_learning or "").strip())
    hints = []
    if named and not learnt:
        hints.append(
            "Your peer reflection counts once you add what you learnt from the discussion."
        )
    if learnt and not named:
        hints.append(
            "Your peer reflection counts once you say who you reflected with (a role is fine)."
        )
    if entry.peer_date and entry.activity_date and entry.peer_date < entry.activity_date:
        hints.append(
            f"The discussion is dated {entry.peer_date:%-d %B %Y}, before the activity "
            f"({entry.activity_date:%-d %B %Y}): check the dates."
        )
    return hints
