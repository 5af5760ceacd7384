"""Links from passages to standards, and the one ranking used everywhere to suggest them.

Evidence is what a reader would accept, and every link and suggestion names its statement with a
reason quoting the words it rests on:

- a passage naming a standard of this framework ("standard 6", "6.3" where it talks about the
  standards) is linked explicitly, except where it names them in an introduction, a trailer or a
  sign-off ("Join us next time for standard 3") or under another framework's heading;
- otherwise a statement is supported by cues from the standards' own vocabulary (each statement's
  keywords, `corpus/standards/swe.yaml`), read after lemmatising ("reflecting" ~ "reflect") and
  after spelling out practitioners' short forms (`vocabulary.yaml`: s47, MCA ...). A phrase
  ("right to complain"), a rare word ("whistleblowing") or a term of the trade is a cue on its
  own; other words need company (two different ones), are weighed by how rare they are in
  English, and the commonest words and everyday verbs ("get", "right", "follow", "mind") never
  count. A link needs two different cues for the statement it names, in two sentences unless
  one of them is strong;
- an episode about a standard links only those of its passages that are on that standard, and
  no passage of an episode on the words of its title and summary alone ("social media" and
  "online" in an episode about social media): they are said in passing all through it;
- introductions (a host presenting the guests too), biographies, thanks and sign-offs get no
  link, nor does a speaker's short turn on its words alone (it leans on what was said before
  it), nor a short turn asking about a standard ("Matthew, your thoughts on standard 2?");
- standard 1 (the rights, strengths and wellbeing of people, families and communities) and 3.3
  (the needs that come from ill health, disability ...) are about the people a social worker
  serves: a passage is evidence for them only when it speaks of those people, not when values
  words are said of the workforce.

An editor's decision (reviewed_at set, or a rejection) is never overwritten.

The reading lives beside it: `corpus.cues` (words and cues), `corpus.references` (named standards
and framing sentences), `corpus.ranking` (the ranking and its reasons); here the cached index, the
editor's suggestions and the passages' links.
"""

import hashlib
import itertools
from collections.abc import Iterable

from django.db import transaction

from corpus.cues import telling, vocabulary, word_tokens
from corpus.models import Passage, PassageLink, Source, Standard, Statement
from corpus.ranking import Index, Suggestion, lower_first, quoted
from corpus.references import content_of, explicit_references, passage_references

# Bumped whenever the linker's rules change. With the vocabulary and the statements' keywords it
# makes the stamp a source's links carry (Source.linked_with): `import_corpus` relinks every
# source whose stamp is not today's, bundled or uploaded (relink_stale).
LINKER_VERSION = "6"

_cache: dict = {}


def _index(statements: list[Statement] | None = None) -> Index:
    """The ranking index of the primary statements, rebuilt only when their words change.

    `statements`: the primary statements with their standards, when the caller has them
    already (the editor's form does); otherwise the check reads plain values, not model
    instances, as it runs on every suggestion.
    """
    if statements is None:
        primary = Statement.objects.filter(standard__framework__is_primary=True)
        rows = primary.values_list("pk", "summary", "keywords", "standard__number")
    else:
        rows = [(s.pk, s.summary, s.keywords, s.standard.number) for s in statements]
    key = tuple(
        (pk, summary, tuple(keywords), standard)
        for pk, summary, keywords, standard in sorted(rows, key=lambda row: row[0])
    )
    if _cache.get("key") != key:
        if statements is None:
            statements = list(primary.select_related("standard"))
        valid = {s.number for s in statements} | {s.standard.number for s in statements}
        digest = hashlib.sha256(repr((LINKER_VERSION, vocabulary(), key)).encode())
        _cache.update(key=key, index=Index(statements, valid), stamp=digest.hexdigest()[:16])
    return _cache["index"]


def linker_stamp() -> str:
    """What links computed today rest on: the linker's rules, the vocabulary and the primary
    statements' keywords, as a short digest."""
    _index()
    return _cache["stamp"]


# Suggestions in the editor: at most three standards, and only those near the best one.
MAX_SUGGESTIONS = 3
MIN_SUGGEST_SCORE = 2.0
RELATIVE_CUTOFF = 0.5


def suggest(
    text: str,
    *,
    limit: int = MAX_SUGGESTIONS,
    exclude_standards: Iterable[str] = (),
    ignore: Iterable[str] = (),
    statements: list[Statement] | None = None,
) -> list[Suggestion]:
    """Standards for a text, best first: named ones, then those its words support.

    At most three, one per standard, each with its best statement and a reason quoting the
    writer's words; nothing when the text gives no evidence. `exclude_standards` are numbers
    already ticked, never offered again; `ignore` is text the writer did not write, such as the
    title "Reflect on this" filled in, so that no suggestion rests only on it. `statements` as
    _index takes them.
    """
    for part in ignore:
        if part and part.strip():
            text = text.replace(part, " ")
    excluded = {str(number) for number in exclude_standards}
    limit = min(limit, MAX_SUGGESTIONS)
    index = _index(statements)
    results: list[Suggestion] = []
    for standard, statement in explicit_references(text):
        if standard in excluded or (statement or standard) not in index.valid:
            continue
        if any(s.standard == standard for s in results):
            continue
        kind = "statement" if statement else "standard"
        reason = f"You name {kind} {statement or standard}"
        results.append(Suggestion(standard, statement, EXPLICIT_SCORE, [reason]))
    ranked = [s for s in index.rank(text, minimum=MIN_SUGGEST_SCORE) if s.standard not in excluded]
    if ranked:
        floor = RELATIVE_CUTOFF * ranked[0].score
        seen = {s.standard for s in results}
        results += [s for s in ranked if s.score >= floor and s.standard not in seen]
    return results[:limit]


# Links ---------------------------------------------------------------------------------------

EXPLICIT_SCORE = 10.0
# Evidence a passage needs for a link: more for the ranker's own suggestion than for a passage
# of an episode about the standard, whose topic makes the reading likelier.
SUGGEST_THRESHOLD = 3.5
EPISODE_THRESHOLD = 2.5
SUGGESTIONS_PER_PASSAGE = 2
# What is left of a passage once its framing sentences are set aside must say something, and a
# link rests on at least two different cues (a reader's "it keeps coming back to ...").
MIN_CONTENT_WORDS = 25
LINK_CUES = 2
# ... and, unless one cue is a phrase, a rare word or a term of the trade, said in two sentences:
# a passage about something else names a statement's common words once, in passing.
LINK_SENTENCES = 2
# A speaker's short turn ("Yeah, and obviously it was put into legislation") answers what was
# said before it: on its own it shows no statement a reader could check. A document's short
# list item states its point whole, so it needs only MIN_CONTENT_WORDS.
MIN_TURN_WORDS = 40
# Standards and statements about the people a social worker serves, and the words (lemmas, or
# lemma pairs) that name those people. "People" alone is not one: it is said of everyone, the
# workforce and the listeners too.
ABOUT_PEOPLE_SERVED = frozenset({"1", "3.3"})
PEOPLE_SERVED = frozenset({
    "child", "family", "parent", "mum", "dad", "mother", "father", "grandparent", "carer",
    "adult", "person", "patient", "resident", "client", "community", "household",
    ("young", "people"), ("service", "user"), ("live", "experience"),
})  # fmt: skip


def speaks_of_people_served(text: str) -> bool:
    """Whether a text names someone a social worker serves: a child, a family, a person ..."""
    lemmas = [token.lemma for token in word_tokens(text)]
    return not PEOPLE_SERVED.isdisjoint({*lemmas, *itertools.pairwise(lemmas)})


def _about_people_served(suggestion: Suggestion) -> bool:
    return bool({suggestion.standard, suggestion.statement} & ABOUT_PEOPLE_SERVED)


def _talks_about(suggestion: Suggestion) -> str:
    return (
        f"talks about {quoted(suggestion.terms)}: statement {suggestion.statement}, "
        f"{lower_first(suggestion.summary)}"
    )


def _wanted_links(source: Source) -> dict[tuple[int, int, int | None], tuple[str, float, str]]:
    standards = {s.number: s for s in Standard.objects.filter(framework__is_primary=True)}
    statements = {
        s.number: s for s in Statement.objects.filter(standard__framework__is_primary=True)
    }
    wanted: dict[tuple[int, int, int | None], tuple[str, float, str]] = {}
    episode_topics: dict[int, list[str]] = {}
    episode_words: dict[int, frozenset[str]] = {}
    for episode in source.episodes.all():
        description = f"{episode.title}. {episode.summary}"
        refs = explicit_references(description)
        episode_topics[episode.pk] = [standard for standard, _ in refs if standard in standards]
        episode_words[episode.pk] = telling(t.lemma for t in word_tokens(description))
    index = _index()
    passages = Passage.objects.filter(source=source).only(
        "pk", "text", "episode_id", "kind", "speaker_id"
    )
    for passage in passages:
        if passage.kind == Passage.Kind.COMMENT:
            continue
        content = content_of(passage.text)
        shortest = MIN_TURN_WORDS if passage.speaker_id else MIN_CONTENT_WORDS
        short = len(content.split()) < shortest
        named: dict[str, list[str]] = {}
        # A speaker's short turn naming a standard in a question asks, and says nothing of it.
        asking = not (short and passage.speaker_id)
        for standard_number, statement_number, words in passage_references(
            passage.text, questions=asking
        ):
            if standard_number not in standards or (
                statement_number and statement_number not in statements
            ):
                continue
            named.setdefault(standard_number, []).append(statement_number)
            statement = statements.get(statement_number) if statement_number else None
            key = (passage.pk, standards[standard_number].pk, statement.pk if statement else None)
            wanted[key] = (PassageLink.Kind.EXPLICIT, EXPLICIT_SCORE, f"Names “{words}”")
        if passage.kind == Passage.Kind.HEADING or short:
            continue
        ranked = index.rank(
            content,
            minimum=EPISODE_THRESHOLD,
            cues=LINK_CUES,
            sentences=LINK_SENTENCES,
            topic=episode_words.get(passage.episode_id, frozenset()),
        )
        if any(map(_about_people_served, ranked)) and not speaks_of_people_served(content):
            ranked = [s for s in ranked if not _about_people_served(s)]
        for suggestion in ranked:
            if suggestion.standard in named and None in named[suggestion.standard]:
                # The passage names the standard: say which statement it is about.
                standard = standards[suggestion.standard]
                del wanted[(passage.pk, standard.pk, None)]
                key = (passage.pk, standard.pk, statements[suggestion.statement].pk)
                words = f"standard {suggestion.standard}"
                wanted[key] = (
                    PassageLink.Kind.EXPLICIT,
                    EXPLICIT_SCORE,
                    f"Names “{words}” and {_talks_about(suggestion)}",
                )
                named[suggestion.standard] = [suggestion.statement]
        picked = 0
        for suggestion in ranked:
            if suggestion.standard in named or picked >= SUGGESTIONS_PER_PASSAGE:
                continue
            on_topic = suggestion.standard in episode_topics.get(passage.episode_id, [])
            if not on_topic and suggestion.score < SUGGEST_THRESHOLD:
                continue
            picked += 1
            standard = standards[suggestion.standard]
            key = (passage.pk, standard.pk, statements[suggestion.statement].pk)
            if on_topic:
                wanted[key] = (
                    PassageLink.Kind.EPISODE,
                    round(suggestion.score, 3),
                    f"The episode is about standard {suggestion.standard}, and this passage "
                    f"{_talks_about(suggestion)}",
                )
            else:
                wanted[key] = (
                    PassageLink.Kind.SUGGESTED,
                    round(suggestion.score, 3),
                    f"Suggested: it {_talks_about(suggestion)}",
                )
    return wanted


@transaction.atomic
def link_source(source: Source) -> dict[str, int]:
    """(Re)compute a source's links; reviewed and rejected links are left as editors set them."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    wanted = _wanted_links(source)
    existing = {
        (link.passage_id, link.standard_id, link.statement_id): link
        for link in PassageLink.objects.filter(passage__source=source)
    }
    for key, (kind, score, reason) in wanted.items():
        link = existing.get(key)
        if link is None:
            PassageLink.objects.create(
                passage_id=key[0],
                standard_id=key[1],
                statement_id=key[2],
                kind=kind,
                score=score,
                reason=reason,
            )
            counts["created"] += 1
        elif link.reviewed_at or link.status == PassageLink.Status.REJECTED:
            counts["unchanged"] += 1
        elif (link.kind, link.score, link.reason) != (kind, score, reason):
            link.kind, link.score, link.reason = kind, score, reason
            link.save(update_fields=["kind", "score", "reason"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    stale = [
        link.pk
        for key, link in existing.items()
        if key not in wanted
        and not link.reviewed_at
        and link.kind != PassageLink.Kind.CURATED
        and link.status != PassageLink.Status.REJECTED
    ]
    if stale:
        PassageLink.objects.filter(pk__in=stale).delete()
        counts["removed"] = len(stale)
    stamp = linker_stamp()
    if source.linked_with != stamp:
        source.linked_with = stamp
        source.save(update_fields=["linked_with"])
    return counts


def relink_stale() -> dict[str, dict[str, int]]:
    """Relink every source whose links an older linker or vocabulary computed, each in its own
    transaction; only links change (a worker's tags and citations are the worker's)."""
    stamp = linker_stamp()
    return {
        source.slug: link_source(source) for source in Source.objects.exclude(linked_with=stamp)
    }
