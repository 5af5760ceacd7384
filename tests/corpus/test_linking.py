"""Standards data, explicit references, the suggestion ranker and links from the real corpus."""

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from corpus import linking
from corpus.linking import link_source, relink_stale, suggest
from corpus.loading import load_all, load_source
from corpus.models import Framework, PassageLink, Source, Standard, Statement
from corpus.references import content_of, explicit_references, passage_references
from corpus.source_files import BUNDLED_SOURCES_DIR
from corpus.standards_loading import StandardsFileError, load_bundled_standards, load_standards_data
from journal.models import Citation
from tests import factories
from tests.corpus.judging import measure

DATA = Path(__file__).parent / "data"
REFLECTIONS = yaml.safe_load((DATA / "reflections.yaml").read_text())
PRACTICE = yaml.safe_load((DATA / "reflections_practice.yaml").read_text())
LABELS = yaml.safe_load((DATA / "passage_labels.yaml").read_text())["passages"]


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
    """Top-1 standard and first statement acceptable (for a text with no evidence: nothing
    offered), and standards offered on average."""
    top1 = statement = offered = 0
    for case in cases:
        suggestions = suggest(case["text"])
        offered += len(suggestions)
        if not case["standards"]:
            top1 += not suggestions
            statement += not suggestions
            continue
        top1 += bool(suggestions) and suggestions[0].standard in case["standards"]
        statement += bool(suggestions) and suggestions[0].statement in case["statements"]
    n = len(cases)
    return top1 / n, statement / n, offered / n


# The floors guard the practitioners' reflections (bench/bench_suggest.py gives every figure).
# They were 0.9 top-1 on the team's own older set, which shared its authors' words with the
# vocabulary and so measured tuning more than meaning (0.98 there, 0.67 on the new held-out
# part); that set is kept below as a check that short, plain reflections still work.
def test_suggestion_accuracy_on_practitioners_reflections(standards):
    cases = PRACTICE["reflections"]
    assert len(cases) >= 80
    for split, (top1_floor, statement_floor) in {"tune": (0.9, 0.9), "test": (0.85, 0.75)}.items():
        top1, statement, offered = accuracy([c for c in cases if c["split"] == split])
        assert top1 >= top1_floor, (split, top1)
        assert statement >= statement_floor, (split, statement)
        assert offered <= 2, (split, offered)


def test_suggestions_on_the_teams_older_reflections(standards):
    cases = [
        {"text": c["text"], "standards": [c["standard"]], "statements": [c["statement"]]}
        for c in REFLECTIONS
    ]
    top1, statement, offered = accuracy(cases)
    assert top1 >= 0.85 and statement >= 0.85 and offered <= 1.5, (top1, statement, offered)


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


# The rules a reader's trust rests on ---------------------------------------------------------


def _linked(passage) -> list[str]:
    return sorted(
        link.statement.number if link.statement_id else link.standard.number
        for link in passage.links.select_related("standard", "statement")
    )


@pytest.fixture
def episode_six(standards):
    """An episode about standard 6, as the podcast's page titles it."""
    source = factories.make_source("ethics-pod")
    episode = factories.make_episode(
        source, title="Standard 6: promote ethical practice and report concerns"
    )
    return source, episode


def test_a_sign_off_or_a_trailer_gets_no_link(episode_six):
    source, episode = episode_six
    sign_off = factories.make_passage(
        source,
        "Thanks again to Fran and Julie for joining us and sharing their understanding of "
        "standard 6. If you enjoyed the discussion and would like to continue the conversation "
        "with us, you can follow us on Twitter and LinkedIn using the hashtag to share your "
        "thoughts, and find out more about the professional standards on our website.",
        episode=episode,
    )
    trailer = factories.make_passage(
        source,
        "Join us for our next episode where we'll be talking about standard 4, maintaining my "
        "continuing professional development, with supervision and reflection.",
        episode=episode,
    )
    link_source(source)
    assert _linked(sign_off) == [] and _linked(trailer) == []


def test_follow_us_is_not_continuing_professional_development(standards):
    assert all(s.standard != "4" for s in suggest("Thanks for listening, and follow us."))
    assert suggest("Something comes to mind: get it right, doing the right thing.") == []


def test_another_frameworks_heading_is_not_a_statement_of_this_one(standards):
    for heading in [
        "2.1 BASW's refreshed Professional Capabilities Framework for Social Work in England "
        "includes these key expectations for qualified social workers.",
        "2.2 The Knowledge and Skills Statements for Child and Family Social Workers",
        "2.4 Post-Qualifying Standards for Social Work Practice Supervisors in Adult Social Care",
        "4.1 Signs of Safety",
    ]:
        assert passage_references(heading) == [], heading
    source = factories.make_source("report")
    heading = factories.make_passage(
        source,
        "2.3 The Knowledge and Skills Statement for Social Workers in Adult Services",
        kind="heading",
    )
    link_source(source)
    assert _linked(heading) == []
    # This framework's own numbers still count where the text talks about its standards.
    assert passage_references("I mean standard 6.3 talks about the right to complain.") == [
        ("6", "6.3", "standard 6.3")
    ]


def test_practitioners_short_forms_are_understood(standards):
    [first, *_] = suggest("s47 strat with police + school, shared what mum told me re new partner")
    assert first.standard == "3" and ("s47" in first.terms or "strat" in first.terms)
    [first, *_] = suggest("mca for mr b re discharge, no capacity, BI mtg tomorrow")
    assert (first.standard, first.statement) == ("3", "3.1")
    assert "mca" in first.terms and first.reasons[0].startswith("You wrote about “")
    [first, *_] = suggest("LADO referral re a foster carer who smacked a child")
    assert first.standard == "6"


def test_nothing_is_offered_without_evidence_and_one_word_is_never_enough(standards):
    assert suggest("Busy week, lots of meetings, not much else to say. Will write more.") == []
    assert suggest("annual leave next week, handed over cases") == []
    assert suggest("supervision") == []
    [first] = suggest("Supervision helped me reflect critically on my learning needs.")
    assert (first.standard, first.statement) == ("4", "4.2")


def test_an_episodes_topic_links_only_passages_on_that_topic(episode_six):
    source, episode = episode_six
    on_topic = factories.make_passage(
        source,
        "When a family is unhappy with us, I tell them about their right to complain, give "
        "them the complaints leaflet and help them write it down; the complaint is recorded "
        "and we act on it, even when it is about my own team.",
        episode=episode,
    )
    off_topic = factories.make_passage(
        source,
        "I grew up in Cumbria and spent a lot of my time travelling between villages, forty "
        "five minutes from one house to the next, and I still love the drive in the morning "
        "when the fells are clear and the roads are quiet.",
        episode=episode,
    )
    link_source(source)
    [link] = on_topic.links.all()
    assert (link.kind, link.statement.number) == ("episode", "6.3")
    assert "“right to complain”" in link.reason
    assert _linked(off_topic) == []


def test_every_link_on_the_podcast_names_a_statement_with_a_checkable_reason(standards):
    load_source(BUNDLED_SOURCES_DIR / "this-is-social-work.txt")
    links = PassageLink.objects.exclude(kind="explicit").select_related("passage")
    assert links.exists()
    for link in links:
        assert link.statement_id, link
        terms = re.findall(r"“([^”]+)”", link.reason)
        assert terms and all(t.lower() in link.passage.text.lower() for t in terms), link.reason


def test_an_older_linkers_links_are_replaced_and_tags_stay_the_workers(standards, monkeypatch):
    load_source(BUNDLED_SOURCES_DIR / "iriss-relationships-matter.txt")
    source = Source.objects.get(slug="iriss-relationships-matter")
    owner = factories.make_user("tagger")
    entry = factories.make_entry(owner, standards=Standard.objects.filter(number__in=["2", "4"]))
    entry.statements.set(Statement.objects.filter(number__in=["2.5", "4.2"]))
    passage = source.passages.filter(links__isnull=False).first()
    quote = " ".join(passage.text.split()[:8])
    citation = Citation.objects.create(
        entry=entry,
        passage=passage,
        source_slug=source.slug,
        anchor=passage.anchor,
        quote=quote,
        source_title=source.title,
    )
    assert relink_stale() == {}
    monkeypatch.setattr(linking, "LINKER_VERSION", "next")
    linking._cache.clear()
    assert list(relink_stale()) == ["iriss-relationships-matter"]
    source.refresh_from_db()
    assert source.linked_with == linking.linker_stamp()
    assert sorted(entry.standards.values_list("number", flat=True)) == ["2", "4"]
    assert sorted(entry.statements.values_list("number", flat=True)) == ["2.5", "4.2"]
    out = io.StringIO()
    monkeypatch.setattr(linking, "LINKER_VERSION", "after-next")
    linking._cache.clear()
    call_command("import_corpus", str(BUNDLED_SOURCES_DIR / "iriss-relationships-matter.txt"),
                 stdout=out)  # fmt: skip
    assert "Relinked iriss-relationships-matter with today's linker" in out.getvalue()
    citation.refresh_from_db()
    assert (citation.passage, citation.anchor, citation.quote) == (passage, passage.anchor, quote)
    assert citation.status == Citation.Status.OK


def test_an_introduction_or_a_biography_says_nothing_to_link(standards):
    biography = (
        "So my name's Calum, I work for Stockton Borough council. I qualified as a social worker "
        "in 2009 and did my best interests assessor award, then became team manager of the adult "
        "safeguarding team, embedding the Care Act and safeguarding adult reviews."
    )
    assert content_of(biography) == ""
    welcome = "Welcome to This Is Social Work. In this episode we're focusing on standard 3."
    assert content_of(welcome) == "" and passage_references(welcome) == []
    guests = (
        "And I'm really pleased we've got two people today who are going to be telling us "
        "what good social work and communication has meant to them. Listening matters."
    )
    assert content_of(guests) == ""
    # Thanks at the start of a turn are set aside; what follows still counts.
    turn = "Thanks both. I keep recording my CPD regularly so renewal is not a scramble."
    assert content_of(turn) == "I keep recording my CPD regularly so renewal is not a scramble."


def test_two_words_of_every_conversation_need_company(standards):
    # "same day" is a keyword of 3.12 (acting quickly when someone is unsafe), but said alone
    # it is only a time: a worker writing up notes the same day is not intervening.
    offered = suggest("Saw the family the same day as the referral and wrote it all up.")
    assert all(s.statement != "3.12" for s in offered), offered
    [first, *_] = suggest("Police protection the same day: the child was not safe at home.")
    assert first.statement == "3.12" and "same day" in first.terms


def test_a_link_rests_on_more_than_a_passing_mention(standards):
    source = factories.make_source("panel")
    filler = (
        "We talked for a long while about the new office, the car park, the rota for the "
        "kitchen and whether the Tuesday meeting should move to the afternoon instead. "
    )
    passing = factories.make_passage(
        source,
        filler + "You should be open and honest and transparent, that is what I would say. "
        "Anyway, the rota is on the board by the door now.",
    )
    on_it = factories.make_passage(
        source,
        filler + "With the family I was open about what I was writing in the report. "
        "I was honest that I was worried, and transparent about what happens next.",
    )
    link_source(source)
    assert _linked(passing) == []
    assert _linked(on_it) == ["2.1"]


def test_an_episodes_own_words_are_not_evidence_within_it(standards):
    # An episode about social media says "social media" and "online" all through it: a passage
    # recommending a book on them is about the book; one on what a worker posts is on 5.6.
    source = factories.make_source("media-pod")
    episode = factories.make_episode(
        source,
        title="Standard 5: act safely, respectfully and with professional integrity",
        summary="A social worker talks about social media and keeping safe online.",
    )
    book = factories.make_passage(
        source,
        "There is a really helpful book just out about social media and social work, and the "
        "authors share interesting things online all the time. Make content if it brings you "
        "joy, plan it around what matters to you, and you will find your people.",
        episode=episode,
    )
    posting = factories.make_passage(
        source,
        "Before I post anything on social media I ask why I am posting it. A post made in haste "
        "can be seen by anyone, and something shared in anger can bring the profession into "
        "disrepute long after the day it was written.",
        episode=episode,
    )
    link_source(source)
    assert _linked(book) == []
    assert _linked(posting) == ["5.6"]


def test_a_short_turn_leans_on_what_was_said_before_it(episode_six):
    # The same words as a document's paragraph state their point whole; said as a speaker's
    # short turn they answer what came before, so only naming the standard links it.
    source, episode = episode_six
    words = (
        "When a family is unhappy with us, I tell them about their right to complain, give "
        "them the complaints leaflet and help them write it down, even when it is about my "
        "own team."
    )
    paragraph = factories.make_passage(source, words, episode=episode)
    turn = factories.make_passage(source, "Yes. " + words, speaker="Fran", episode=episode)
    named = factories.make_passage(
        source, "And standard 6 covers that too, of course.", speaker="Fran", episode=episode
    )
    # A short turn asking about a standard hands the floor over: the answer says something.
    asked = factories.make_passage(
        source,
        "I'm going to go to Julie. Julie, your thoughts on professional standard 6?",
        speaker="Fran",
        episode=episode,
    )
    link_source(source)
    assert _linked(paragraph) == ["6.3"]
    assert _linked(turn) == []
    assert _linked(named) == ["6"]
    assert _linked(asked) == []


def test_values_words_said_of_the_workforce_are_not_standard_one(standards):
    # Standard 1 is about the people a social worker serves: "equality", "diversity" and
    # "discrimination" said of social workers themselves are evidence for it only in the
    # editor, where the writer is reflecting on practice.
    workforce = (
        "Collecting diversity data tells us who the workforce is, and where it is short. "
        "Equality matters to me; it is part of my identity as a social worker. The data lets "
        "us see where there might be discrimination in how social workers progress, and act "
        "on it."
    )
    family = (
        "Collecting the family's history tells us who they are, and what they have lived "
        "through. Equality matters to me; the children faced racism at school. We wrote down "
        "where there might be discrimination in how the family was treated by services, and "
        "acted on it."
    )
    assert suggest(workforce)[0].statement == "1.5"
    source = factories.make_source("panel")
    about_workforce = factories.make_passage(source, workforce)
    about_family = factories.make_passage(source, family)
    link_source(source)
    assert _linked(about_workforce) == []
    assert _linked(about_family) == ["1.5"]
    assert linking.speaks_of_people_served("the young people we support")
    assert linking.speaks_of_people_served("people with lived experience of services")
    assert not linking.speaks_of_people_served("the people in the field, social workers")


def test_a_career_history_is_a_biography_wherever_it_goes_on(standards):
    for turn in [
        "I then transitioned into our safeguarding area and have managed the adult "
        "safeguarding team for seven years, right from when the Care Act came in.",
        "As well as that, part of that career actually, I worked for the emergency duty "
        "team and did my AMHP training, working in mental health services.",
        "I was actually successful in now being appointed as the safeguarding lead officer, "
        "responsible for the assurance work of the safeguarding board.",
    ]:
        assert content_of(turn) == "", turn
    assert content_of("I worked with the family for a year.") != ""


# The floors guard the labelled passages (bench/bench_linking.py gives every figure), at the
# figures measured when the rules last changed (4.7 no longer cued by "renewal" and
# "registration"): held out (277 passages since the seventh round's 15), 4 wrong of 58 links, 6
# on passages addressing no standard, 45 of 83 labelled standards found; tuned (188 passages),
# 0 of 37, 1, 32 of 63.
LINK_FLOORS = {
    "tune": {"wrong": 0, "no_content": 1, "recall": 32},
    "test": {"wrong": 4, "no_content": 6, "recall": 45},
}


def test_links_on_the_labelled_passages_stay_at_their_measured_figures(standards):
    assert all(loaded.ok for loaded in load_all())
    rows = PassageLink.objects.active().values_list(
        "passage__source__slug",
        "passage__anchor",
        "kind",
        "standard__number",
        "statement__number",
        "reason",
        "passage__text",
    )
    links, texts = {}, {}
    for slug, anchor, kind, standard, statement, reason, text in rows:
        links.setdefault((slug, anchor), []).append((kind, standard, statement, reason))
        texts[(slug, anchor)] = text
    for split, floors in LINK_FLOORS.items():
        result = measure([label for label in LABELS if label["split"] == split], links, texts)
        counts = result["counts"]["all"]
        assert counts["wrong"] <= floors["wrong"], (split, counts)
        assert counts["no_content"] <= floors["no_content"], (split, counts)
        assert counts["framing"] <= 1 and counts["unchecked_reason"] == 0, (split, counts)
        assert result["recall_standard"][0] >= floors["recall"], (split, result["recall_standard"])
        assert result["statement_passages"] >= 0.9 * result["linked_passages"], split
