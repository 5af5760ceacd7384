"""journal 0002 moves tags and editors' links off statements whose old summary was wrong."""

import pytest

from tests.migrating import latest, migrate_to

BEFORE = [("journal", "0006_user_username_unique_ignoring_case"), ("corpus", "0002_search_index")]
AFTER = [("journal", "0007_swe_statements_corrected")]
OLD = {
    "3.3": "Apply knowledge and skills to each situation.",
    "3.6": "Draw on research and theory to inform practice.",
    "3.13": "Support the learning of others through supervision and mentoring.",
    "4.3": "Keep practice up to date and record how research and theory inform judgement.",
    "4.5": "Contribute to an open culture of learning.",
    "6.5": "Cooperate with investigations into my own or others' practice.",
    "6.6": "Declare to the regulator anything that might affect fitness to practise.",
    "6.7": "Declare health conditions, convictions and other matters as required.",
}


def _old_world(apps, summaries):
    Framework, Standard, Statement = (
        apps.get_model("corpus", name) for name in ("Framework", "Standard", "Statement")
    )
    framework = Framework.objects.create(slug="swe", name="SWE", is_primary=True)
    statements = {}
    for number, summary in summaries.items():
        standard, _ = Standard.objects.get_or_create(
            framework=framework, number=number.split(".")[0], defaults={"title": "T"}
        )
        statements[number] = Statement.objects.create(
            standard=standard, number=number, summary=summary
        )
    source = apps.get_model("corpus", "Source").objects.create(
        slug="s", title="S", kind="article", importer="article", file_name="s.txt"
    )
    passage = apps.get_model("corpus", "Passage").objects.create(
        source=source, position=1, anchor="a", fingerprint="f", text="Standard 3.6 says..."
    )
    owner = apps.get_model("journal", "User").objects.create(username="tagger")
    entry = apps.get_model("journal", "Entry").objects.create(owner=owner, title="Tagged")
    return statements, passage, entry


@pytest.mark.django_db(transaction=True)
def test_tags_and_editors_links_follow_the_meaning_and_summaries_are_corrected():
    apps = migrate_to(BEFORE)
    try:
        statements, passage, entry = _old_world(apps, OLD)
        entry.statements.set([statements[n] for n in ("3.3", "3.6", "6.5", "6.7")])
        entry.standards.set([statements["3.3"].standard, statements["6.5"].standard])
        PassageLink = apps.get_model("corpus", "PassageLink")
        named = PassageLink.objects.create(
            passage=passage,
            standard=statements["3.6"].standard,
            statement=statements["3.6"],
            kind="explicit",
        )
        curated = [
            PassageLink.objects.create(
                passage=passage,
                standard=statements[n].standard,
                statement=statements[n],
                kind="curated",
            )
            for n in ("3.13", "6.5", "6.7")
        ]
        apps = migrate_to(AFTER)
        Entry, Statement, Link = (
            apps.get_model(*name)
            for name in (("journal", "Entry"), ("corpus", "Statement"), ("corpus", "PassageLink"))
        )
        entry = Entry.objects.get(pk=entry.pk)
        assert sorted(s.number for s in entry.statements.all()) == ["3.3", "4.3", "6.6", "6.7"]
        assert sorted(s.number for s in entry.standards.all()) == ["3", "4", "6"]
        assert Link.objects.get(pk=named.pk).statement.number == "3.6"  # the text names 3.6
        assert [Link.objects.get(pk=link.pk).statement.number for link in curated] == [
            "4.5",
            "6.7",
            "6.6",
        ]
        assert Link.objects.get(pk=curated[0].pk).standard.number == "4"
        summary = Statement.objects.get(number="3.6").summary
        assert summary.startswith("Draw on colleagues from my own and other professions")
        assert "investigations" in Statement.objects.get(number="6.7").summary
        # The same as the shipped file, so the next import_corpus changes nothing.
        import yaml

        from corpus.standards_loading import BUNDLED

        shipped = {
            s["number"]: s["summary"]
            for standard in yaml.safe_load(BUNDLED.read_text())["standards"]
            for s in standard["statements"]
        }
        for number in ("3.3", "3.6", "3.13", "6.5", "6.6", "6.7"):
            assert Statement.objects.get(number=number).summary == shipped[number]
    finally:
        migrate_to(latest())


@pytest.mark.django_db(transaction=True)
def test_other_wording_is_left_alone():
    apps = migrate_to(BEFORE)
    try:
        own = {"3.6": "An organisation's official wording.", "4.3": "Official 4.3."}
        statements, _, entry = _old_world(apps, own)
        entry.statements.set([statements["3.6"]])
        apps = migrate_to(AFTER)
        entry = apps.get_model("journal", "Entry").objects.get(pk=entry.pk)
        assert [s.number for s in entry.statements.all()] == ["3.6"]
        assert entry.statements.get().summary == "An organisation's official wording."
    finally:
        migrate_to(latest())
