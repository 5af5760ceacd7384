"""Standards data, explicit references, the suggestion ranker and links from the real corpus."""

import io
import json
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from corpus.linking import explicit_references, link_source, suggest
from corpus.loading import BUNDLED_SOURCES_DIR, load_source
from corpus.models import Framework, PassageLink, Source, Statement
from corpus.standards_loading import StandardsFileError, load_bundled_standards, load_standards_data

REFLECTIONS = yaml.safe_load((Path(__file__).parent / "data" / "reflections.yaml").read_text())


def test_bundled_standards_have_every_statement(standards):
    counts = {s.number: s.statements.count() for s in standards.standards.all()}
    assert counts == {"1": 7, "2": 7, "3": 15, "4": 8, "5": 6, "6": 7}
    assert standards.is_primary and standards.url.startswith("https://www.socialworkengland.org.uk")
    assert load_bundled_standards() == {"created": 0, "updated": 0, "unchanged": 57}


@pytest.mark.parametrize(
    "data,message",
    [
        ({"framework": {"slug": "x"}, "standards": []}, "no name"),
        ({"framework": {"slug": "x", "name": "X"}, "standards": [{"number": "1"}]}, "no title"),
        (
            {
                "framework": {"slug": "x", "name": "X"},
                "standards": [{"number": "1", "title": "A"}, {"number": "1", "title": "B"}],
            },
            "appears twice",
        ),
        (
            {
                "framework": {"slug": "x", "name": "X"},
                "standards": [
                    {"number": "1", "title": "A", "statements": [{"number": "2.1", "summary": "s"}]}
                ],
            },
            "not under standard 1",
        ),
    ],
)
def test_invalid_framework_files_are_refused_and_write_nothing(db, data, message):
    with pytest.raises(StandardsFileError, match=message):
        load_standards_data(data)
    assert not Framework.objects.exists()


def test_import_standards_command_loads_another_framework(db, tmp_path):
    path = tmp_path / "pcf.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "framework": {"slug": "pcf", "name": "PCF"},
                "standards": [
                    {
                        "number": "1",
                        "title": "Professionalism",
                        "statements": [{"number": "1.1", "summary": "Identity"}],
                    }
                ],
            }
        )
    )
    out = io.StringIO()
    call_command("import_standards", str(path), stdout=out)
    assert "3 created" in out.getvalue()
    assert "Restart the web servers" in out.getvalue()
    out = io.StringIO()
    call_command("import_standards", str(path), stdout=out)
    assert out.getvalue() == "0 created, 0 updated, 3 unchanged.\n"
    path.write_text("framework: [unclosed")
    with pytest.raises(CommandError):
        call_command("import_standards", str(path))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("This episode is about standard 6.", [("6", None)]),
        ("professional standards 2.4 and 2.5", [("2", "2.4"), ("2", "2.5")]),
        ("Under the standards, 6.3 says we tell people about complaints.", [("6", "6.3")]),
        ("I have been a social worker for 22 years since 2019.", []),
        ("There are 1.5 million carers; we met at 1:53 pm.", []),
        ("Version 3.2 of the app", []),
    ],
)
def test_explicit_references(text, expected):
    assert explicit_references(text) == expected


def test_every_reference_in_the_podcast_becomes_an_explicit_link(standards):
    report = load_source(BUNDLED_SOURCES_DIR / "this-is-social-work.txt")
    assert report.ok
    explicit = set(
        PassageLink.objects.filter(kind="explicit", statement__isnull=False).values_list(
            "statement__number", flat=True
        )
    )
    required = {
        "1.4",
        "1.5",
        "1.6",
        "2.4",
        "2.5",
        "3.2",
        "4.1",
        "5.2",
        "5.6",
        "6.3",
        "6.4",
        "6.6",
        "6.7",
    }
    assert required <= explicit
    assert PassageLink.objects.filter(kind="episode", standard__number="6").exists()


def test_relinking_is_idempotent_and_keeps_editor_decisions(standards):
    load_source(BUNDLED_SOURCES_DIR / "iriss-relationships-matter.txt")
    source = Source.objects.get(slug="iriss-relationships-matter")
    link = PassageLink.objects.filter(passage__source=source, kind="suggested").first()
    link.status = PassageLink.Status.REJECTED
    link.save()
    counts = link_source(source)
    assert counts["created"] == 0 and counts["updated"] == 0 and counts["removed"] == 0
    link.refresh_from_db()
    assert link.status == PassageLink.Status.REJECTED


def accuracy(cases):
    top1 = top3 = statements = 0
    for case in cases:
        suggestions = suggest(case["text"])
        ranked = [s.standard for s in suggestions]
        top1 += bool(ranked) and ranked[0] == case["standard"]
        top3 += case["standard"] in ranked
        offered = {s.standard: s.statement for s in suggestions}
        statements += offered.get(case["standard"]) == case["statement"]
    n = len(cases)
    return top1 / n, top3 / n, statements / n


def test_suggestion_accuracy_on_the_labelled_reflections(standards):
    assert len(REFLECTIONS) >= 45
    assert all(case["statement"].startswith(case["standard"] + ".") for case in REFLECTIONS)
    top1, top3, statement = accuracy(REFLECTIONS)
    assert top1 >= 0.9, top1
    assert top3 >= 0.95, top3
    assert statement >= 0.85, statement


def test_at_most_three_standards_each_with_a_plain_reason(standards):
    text = (
        "I listened to a podcast, then in supervision we discussed my CPD, how I challenge "
        "discrimination, keep records confidential, share risk with the police, and raise "
        "concerns through whistleblowing, staying safe on social media."
    )
    suggestions = suggest(text, limit=6)
    assert 1 <= len(suggestions) <= 3
    assert len({s.standard for s in suggestions}) == len(suggestions)
    for s in suggestions:
        assert s.statement and s.statement.startswith(s.standard + ".")
        [reason] = s.reasons
        assert reason.startswith("You wrote about “")
        assert f"statement {s.statement} is about that: " in reason
        for term in s.terms:
            assert term.lower() in text.lower()
            assert term.lower() not in {"own", "practice", "work"}


def test_a_ticked_standard_is_not_offered_again(standards):
    text = "Supervision helped me reflect critically on my learning needs for the year."
    assert suggest(text)[0].standard == "4"
    assert all(s.standard != "4" for s in suggest(text, exclude_standards=["4"]))
    assert suggest("Standard 4.6 again", exclude_standards=["4"]) == []


def test_no_suggestion_rests_only_on_the_title_reflect_on_this_filled_in(standards):
    title = "Reflecting on: Standard 6: promote ethical practice and report concerns"
    assert suggest(title)[0].standard == "6"
    assert suggest(title, ignore=[title]) == []
    written = title + "\nSupervision helped me reflect critically on my learning needs."
    assert [s.standard for s in suggest(written, ignore=[title])] == ["4"]


def test_explicit_references_rank_first(standards):
    first = suggest("Thinking about standard 4.6 and supervision", limit=3)[0]
    assert (first.standard, first.statement) == ("4", "4.6")
    assert first.reasons == ["You name statement 4.6"]


def test_suggest_standards_command_prints_json(standards, monkeypatch):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("I raised a whistleblowing concern and supported a complaint.")
    )
    out = io.StringIO()
    call_command("suggest_standards", stdout=out)
    data = json.loads(out.getvalue())
    assert data[0]["standard"] == "6"
    assert set(data[0]) == {"standard", "statement", "score", "reasons", "terms", "summary"}
    assert Statement.objects.filter(number=data[0]["statement"]).exists()
