"""Move tags and editors' links off Social Work England statements whose summary was wrong.

corpus/standards/swe.yaml summarised 3.3, 3.6, 3.13, 6.5, 6.6 and 6.7 wrongly (see
../shared/reference/swe-standards.md). Where a database still holds those old summaries, what a
person ticked meant the old words, so the tag moves to the statement that carries that meaning
now: research and theory (old 3.6) to 4.3, mentoring (old 3.13) to 4.5, cooperating with
investigations (old 6.5) to 6.7, declaring health and convictions (old 6.7) to 6.6. 3.3 and
6.6 keep their meaning. Links the importer made from a passage naming a number stay on that
number (the text named the official statement); links an editor chose move like tags. The
summaries are then brought up to date, so the pages agree before the next import_corpus.
A database loaded with other wording (an organisation's own file) is left alone.
"""

from django.db import migrations

OLD_SUMMARIES = {
    "3.3": "Apply knowledge and skills to each situation.",
    "3.6": "Draw on research and theory to inform practice.",
    "3.13": "Support the learning of others through supervision and mentoring.",
    "6.5": "Cooperate with investigations into my own or others' practice.",
    "6.6": "Declare to the regulator anything that might affect fitness to practise.",
    "6.7": "Declare health conditions, convictions and other matters as required.",
}
# Where what was ticked under the old summary belongs now.
MOVES = {"3.6": "4.3", "3.13": "4.5", "6.5": "6.7", "6.7": "6.6"}
NEW = {
    "3.3": (
        "Apply my knowledge and skills to the needs that come from ill health, disability, "
        "substance misuse, abuse or neglect.",
        ["ill health", "disability", "substance misuse", "mental health", "addiction", "abuse",
         "neglect", "needs"],
    ),
    "3.6": (
        "Draw on colleagues from my own and other professions and work in integrated teams, "
        "keeping my identity as a social worker.",
        ["colleagues", "other professions", "multi-disciplinary", "multidisciplinary",
         "integrated", "interprofessional", "health colleagues", "social work identity"],
    ),
    "3.13": (
        "Give people information, advice and services that fit their needs, or help them "
        "reach them, challenging other agencies where needed.",
        ["information", "advice", "services", "signpost", "access", "challenge agencies",
         "entitlements"],
    ),
    "6.5": (
        "Raise concerns about wrongdoing in an organisation and about cultures of unsafe or "
        "inappropriate practice.",
        ["whistleblowing", "wrongdoing", "organisational culture", "unsafe practice",
         "raise concerns", "speak up"],
    ),
    "6.6": (
        "Tell the appropriate authority and the regulator about anything that may affect my "
        "competence or fitness to practise, including criminal proceedings or regulatory "
        "findings anywhere.",
        ["declare", "fitness to practise", "regulator", "competence", "convictions", "cautions",
         "criminal proceedings", "health"],
    ),
    "6.7": (
        "Cooperate with investigations by my employer, the regulator or another agency into "
        "my own or others' fitness to practise.",
        ["investigation", "cooperate", "fitness to practise", "employer", "hearing"],
    ),
}  # fmt: skip


def correct_statements(apps, schema_editor):
    Statement = apps.get_model("corpus", "Statement")
    PassageLink = apps.get_model("corpus", "PassageLink")
    Entry = apps.get_model("journal", "Entry")
    statements = {
        s.number: s
        for s in Statement.objects.filter(standard__framework__slug="swe").select_related(
            "standard"
        )
    }
    stale = {
        number
        for number, summary in OLD_SUMMARIES.items()
        if number in statements and statements[number].summary == summary
    }
    if not stale:
        return
    moves = {
        statements[old].pk: statements[new]
        for old, new in MOVES.items()
        if old in stale and new in statements
    }
    # Tags: read every affected entry's statements first, so 6.5 -> 6.7 and 6.7 -> 6.6 do
    # not chain into each other.
    Tag = Entry.statements.through
    tagged: dict[int, set[int]] = {}
    for entry_id, statement_id in Tag.objects.filter(statement_id__in=moves).values_list(
        "entry_id", "statement_id"
    ):
        tagged.setdefault(entry_id, set()).add(statement_id)
    for entry in Entry.objects.filter(pk__in=tagged):
        current = set(entry.statements.values_list("pk", flat=True))
        targets = [moves[old] for old in tagged[entry.pk]]
        entry.statements.set((current - tagged[entry.pk]) | {target.pk for target in targets})
        entry.standards.add(*{target.standard_id for target in targets})
    # Editors' links, taken in one snapshot for the same reason; a link on a statement that is
    # itself a target (6.7) moves first, so no two links ever hold the same place at once.
    chosen = list(
        PassageLink.objects.filter(statement_id__in=moves).exclude(
            kind="explicit", reviewed_at__isnull=True
        )
    )
    targets = {target.pk for target in moves.values()}
    chosen.sort(key=lambda link: link.statement_id not in targets)
    moving = [link.pk for link in chosen]
    for link in chosen:
        target = moves[link.statement_id]
        taken = PassageLink.objects.filter(passage_id=link.passage_id, statement_id=target.pk)
        if taken.exclude(pk__in=moving).exists():
            link.delete()  # the passage already has that link
            continue
        link.statement_id, link.standard_id = target.pk, target.standard_id
        link.save(update_fields=["statement", "standard"])
    for number in stale:
        summary, keywords = NEW[number]
        Statement.objects.filter(pk=statements[number].pk).update(
            summary=summary, keywords=keywords
        )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0006_user_username_unique_ignoring_case"),
        ("corpus", "0002_search_index"),
    ]

    operations = [
        migrations.RunPython(correct_statements, migrations.RunPython.noop, elidable=True),
    ]
