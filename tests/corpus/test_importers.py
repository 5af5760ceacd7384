"""Each importer against the real bundled documents, and against small broken ones."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from corpus.importers import get_importer
from corpus.importers.base import ImportFormatError
from corpus.importers.podcast_page import capitalised_names
from corpus.importers.report import repair_dashes

SOURCES = Path(__file__).resolve().parents[2] / "corpus" / "sources"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse_bundled(stem):
    meta = yaml.safe_load((SOURCES / f"{stem}.yaml").read_text())
    return get_importer(meta["importer"])((SOURCES / f"{stem}.txt").read_text(), meta=meta)


def speakers_by_episode(document):
    result = {}
    for passage in document.passages:
        result.setdefault(passage.episode, set()).add(passage.speaker)
    return result


# IRISS: front-matter transcript -------------------------------------------------------


def test_iriss_front_matter_becomes_metadata():
    document = parse_bundled("iriss-relationships-matter")
    assert document.metadata["title"] == "Influencing practice: relationships matter"
    assert str(document.metadata["date"]) == "2019-07-29"
    assert (
        document.metadata["url"] == "https://podcast.iriss.org.uk/freshly-squeezed-jackie-irvine-0"
    )


def test_iriss_every_paragraph_is_jackies_passage():
    document = parse_bundled("iriss-relationships-matter")
    assert [(s.name, s.initials) for s in document.speakers] == [("Jackie Irvine", "JI")]
    preamble, *turns = document.passages
    assert preamble.kind == "heading" and preamble.speaker is None and preamble.line == 11
    assert len(turns) == 21
    assert {p.speaker for p in turns} == {"Jackie Irvine"}
    # The "JI " prefix is the attribution, not part of what she said.
    assert turns[0].text.startswith("I suppose quickly just to introduce myself")
    assert turns[0].line == 15


def test_iriss_christie_commission_is_a_quotation():
    document = parse_bundled("iriss-relationships-matter")
    quotes = [p for p in document.passages if p.kind == "quote"]
    assert len(quotes) == 1
    assert quotes[0].text.startswith("\"Peoples' needs are better met")
    assert quotes[0].speaker == "Jackie Irvine" and quotes[0].line == 29


def test_transcript_without_closed_front_matter_names_line_one():
    parse = get_importer("frontmatter_transcript")
    with pytest.raises(ImportFormatError) as error:
        parse("---\ntitle: x\n\nJI - Jo Ink\n\nJI Hello.\n", meta={})
    assert error.value.line == 1
    assert "never closed" in error.value.message


def test_transcript_paragraph_before_any_speaker_is_an_error():
    parse = get_importer("frontmatter_transcript")
    text = (FIXTURES / "unattributed-transcript.txt").read_text()
    with pytest.raises(ImportFormatError) as error:
        parse(text, meta={})
    assert error.value.line == 6
    assert "before any speaker" in error.value.message


def test_transcript_legend_with_two_speakers_and_continuations():
    text = "---\ntitle: t\n---\nAB - Ann Brown\nCD - Cal Dee\n\nAB First.\n\nMore from Ann.\n\nCD Then Cal.\n"
    document = get_importer("frontmatter_transcript")(text, meta={})
    assert [(p.speaker, p.text, p.line) for p in document.passages] == [
        ("Ann Brown", "First.", 7),
        ("Ann Brown", "More from Ann.", 9),
        ("Cal Dee", "Then Cal.", 11),
    ]


# Social Work England: multi-episode podcast page --------------------------------------


def test_podcast_page_has_eight_episodes_with_titles():
    document = parse_bundled("this-is-social-work")
    assert [e.title for e in document.episodes] == [
        "Diversity data, part 2",
        "Diversity data, part 1",
        "Standard 6: promote ethical practice and report concerns",
        "Standard 5: act safely, respectfully and with professional integrity",
        "Standard 4: maintain my continuing professional development",
        "Standard 3: be accountable for the quality of my practice and the decisions I make",
        "Standard 2: establish and maintain the trust and confidence of people",
        "Standard 1: promote the rights, strengths and wellbeing of people, families and communities",
    ]


def test_podcast_page_speakers_per_episode():
    document = parse_bundled("this-is-social-work")
    assert speakers_by_episode(document) == {
        0: {"Ahmina", "Andrea", "Emina"},
        1: {"Ahmina", "Catherine", "Duc"},
        2: {"Philippa", "Fran", "Julie"},
        3: {"Matthew", "Philippa", "Kayleigh"},
        4: {"Matthew", "Lisa", "Louise"},
        5: {"Matthew", "George", "Calum"},
        6: {"Philippa", "Catherine", "Matthew", "Ify", "Derren"},
        7: {"Ahmina", "Isaac", "Sharon"},
    }
    assert len(document.speakers) == 18


def test_podcast_page_every_transcript_line_is_one_passage():
    document = parse_bundled("this-is-social-work")
    assert len(document.passages) == 627
    assert Counter(p.episode for p in document.passages) == {
        0: 63, 1: 78, 2: 52, 3: 61, 4: 90, 5: 93, 6: 108, 7: 82,
    }  # fmt: skip
    # Short replies stay with the person who said them.
    by_line = {p.line: p for p in document.passages}
    assert (by_line[39].speaker, by_line[39].text) == ("Ahmina", "That's great.")
    assert (by_line[729].speaker, by_line[729].text) == ("Derren", "I'm 17.")


def test_podcast_page_drops_noise_and_keeps_series_description_out_of_episodes():
    document = parse_bundled("this-is-social-work")
    texts = {p.text for p in document.passages}
    assert not any("エピソード" in text for text in texts)
    assert not any(text.startswith("This Is Social Work is a podcast from") for text in texts)
    assert document.metadata["summary"].startswith("This Is Social Work is a podcast from")
    # The blurb is the summary; the boilerplate line shared by the blurbs is not.
    third = document.episodes[2]
    assert third.summary.startswith("In this episode, regional engagement lead Philippa")
    assert "Join the conversation" not in third.summary
    assert "Transcript" not in texts


def test_speaker_line_needs_evidence_to_start_a_turn():
    page = (
        "Blurb about Sam and Alex.\nTranscript\nSam\nHello, I'm Sam.\nAbsolutely\n"
        "Alex\nThanks Sam.\nYeah.\n"
    )
    document = get_importer("podcast_page")(page, meta={})
    assert [(p.speaker, p.text) for p in document.passages] == [
        ("Sam", "Hello, I'm Sam."),
        ("Sam", "Absolutely"),  # looks like a name, but nothing says it is one
        ("Alex", "Thanks Sam."),
        ("Alex", "Yeah."),
    ]


def test_mid_sentence_mention_is_evidence_but_sentence_start_is_not():
    names = capitalised_names(
        "Thanks Andrea, really helpful. Absolutely. I'm Kayleigh Rose Evans.", mid_sentence=True
    )
    assert {"Andrea", "Kayleigh", "Kayleigh Rose", "Kayleigh Rose Evans"} <= names
    assert "Absolutely" not in names
    assert "Thanks" not in names


def test_podcast_transcript_must_start_with_a_speaker():
    page = "Blurb.\nTranscript\nWelcome to the show, everyone.\nSam\nHi.\n"
    with pytest.raises(ImportFormatError) as error:
        get_importer("podcast_page")(page, meta={})
    assert error.value.line == 3


# Community Care: article with a reader comment -----------------------------------------


def test_article_headings_paragraphs_and_metadata():
    document = parse_bundled("community-care-practice-leadership")
    kinds = Counter(p.kind for p in document.passages)
    assert kinds == {"paragraph": 13, "heading": 3, "comment": 3}
    assert [p.text for p in document.passages if p.kind == "heading"] == [
        "‘Testing times’",
        "‘Renewed energy’",
        "‘Not fighting the system’",
    ]
    assert document.metadata["author"] == "Liz Shaw"
    texts = [p.text for p in document.passages]
    assert not any(t.startswith("By Liz Shaw") for t in texts)
    assert "More from Community Care" not in texts
    assert not any(t.startswith("You can join our Stand up") for t in texts)
    assert not any(t.startswith("One Response to") for t in texts)


def test_article_reader_comment_is_marked_and_attributed():
    document = parse_bundled("community-care-practice-leadership")
    comments = [p for p in document.passages if p.kind == "comment"]
    assert {p.speaker for p in comments} == {"David Steare"}
    assert comments[0].text.startswith("I’m so pleased that I retired last year")
    assert comments[0].line == 45
    article_text = [p for p in document.passages if p.kind != "comment"]
    assert all(p.speaker is None for p in article_text)
    assert article_text[-1].text.startswith("Practice leadership in social work should not")
    (speaker,) = document.speakers
    assert speaker.role == "Reader comment, February 5, 2016 at 1:53 pm"


def test_comment_without_author_line_is_an_error():
    text = "Headline\n\nBody text here.\n\n2 Responses to Headline\n\n    An orphan comment.\n"
    with pytest.raises(ImportFormatError) as error:
        get_importer("article")(text, meta={})
    assert error.value.line == 7


# CareKnowledge: report with damaged characters ------------------------------------------


def test_report_cover_is_metadata_not_passages():
    document = parse_bundled("careknowledge-relationships")
    assert document.passages[0].text == "1. Introduction"
    assert document.passages[0].kind == "heading"
    assert "Jim Kennedy" in document.metadata["cover"]
    assert not any("Copyright Pavilion" in p.text for p in document.passages)
    assert not any(p.text == "2" or p.text.startswith("....") for p in document.passages)


def test_report_damaged_bullets_become_list_items():
    document = parse_bundled("careknowledge-relationships")
    items = [p for p in document.passages if p.kind == "list_item"]
    assert len(items) == 45
    assert items[0].text == (
        "Acknowledge the centrality of relationships for people and the key concepts of "
        "attachment, separation, loss, change and resilience"
    )
    assert items[0].line == 49
    # Bullets run together on one PDF line are separate items again.
    on_line_121 = [p.text for p in items if p.line == 121]
    assert on_line_121[:3] == [
        "The historical context",
        "The philosophical underpinnings for such practice",
        "Care ethics",
    ]
    assert len(on_line_121) == 9
    assert not any("?" in p.text for p in document.passages)


def test_report_wrapped_lines_are_rejoined():
    document = parse_bundled("careknowledge-relationships")
    texts = [p.text for p in document.passages]
    assert (
        "Social workers feel more supported and more able to make a difference for families"
        in texts
    )
    assert any("social work (a 5.4% decrease in the number of open families)" in t for t in texts)


def test_report_damaged_dashes_repaired_in_the_real_text():
    document = parse_bundled("careknowledge-relationships")
    paragraph = next(p for p in document.passages if p.line == 21)
    assert paragraph.text.endswith(
        "have relevance across the UK – and, in some cases – internationally."
    )


def test_report_question_marks_left_alone_where_not_certain():
    document = get_importer("report")((FIXTURES / "damaged-report.txt").read_text(), meta={})
    texts = [(p.kind, p.text) for p in document.passages]
    assert texts == [
        ("heading", "1. Questions"),
        ("paragraph", "Why does this matter? Because people say so."),
        ("paragraph", "Ask them: is it working ? Only they know."),
        ("paragraph", "Relationships – with families – come first."),
        ("list_item", "Listen first"),
        ("list_item", "Then act – carefully"),
    ]


def test_repair_dashes_only_between_words_before_a_small_letter():
    assert repair_dashes("the UK ? and others") == "the UK – and others"
    assert repair_dashes("is it? yes") == "is it? yes"
    assert repair_dashes("working ? Only") == "working ? Only"


def test_unknown_importer_is_a_format_error():
    with pytest.raises(ImportFormatError, match="unknown importer 'pdf'"):
        get_importer("pdf")
