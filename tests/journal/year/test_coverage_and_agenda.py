"""Coverage to statement level (the heatmap and what to read next) and the supervision agenda."""

import datetime

import markdown
import pytest
from django.test import Client
from django.urls import reverse

from corpus.models import PassageLink, Standard, Statement
from journal.models import Citation, Entry
from journal.review import agenda as agenda_module
from journal.review import agenda_markdown as agenda_markdown_module
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.year import coverage
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_entry,
    make_link,
    make_passage,
    make_source,
    make_supervision,
    make_user,
)

TODAY = datetime.date(2026, 6, 1)
YEAR = RegistrationYear.current(TODAY)


def complete(owner, day, *, statements=(), standards=(), title="Entry", **fields):
    entry = make_entry(
        owner, title=title, status=Entry.Status.MARKED_COMPLETE, activity_date=day, **fields
    )
    entry.statements.set(statements)
    entry.standards.set(standards or {s.standard for s in statements} or [])
    return entry


@pytest.fixture
def s(standards):
    return {st.number: st for st in Statement.objects.filter(standard__framework=standards)}


def _row(cov, number):
    return next(r for b in cov.blocks for r in b.rows if r.statement.number == number)


def test_counts_per_statement_and_year_from_tags_and_citations(owner, s, stranger):
    complete(owner, YEAR.start, statements=[s["1.1"], s["1.2"]])
    complete(owner, YEAR.end, statements=[s["1.1"]])
    complete(owner, YEAR.previous().start, statements=[s["1.1"]])
    complete(owner, YEAR.previous().previous().end, statements=[s["2.1"]])
    complete(owner, YEAR.start - datetime.timedelta(days=3 * 366), statements=[s["1.1"]])  # too old
    draft = make_entry(owner, activity_date=YEAR.start)  # a draft never counts
    draft.statements.set([s["1.3"]])
    complete(stranger, YEAR.start, statements=[s["1.3"]])  # someone else's
    # A cited passage linked to 3.1 covers 3.1 without a tag.
    cited = complete(owner, YEAR.start, standards=[s["3.1"].standard], title="Cited")
    passage = make_passage(make_source(), text="On confidentiality.")
    make_link(passage, s["3.1"].standard, statement=s["3.1"])
    Citation.objects.create(
        entry=cited, passage=passage, source_slug="x", anchor="a", quote="q", source_title="S"
    )

    cov = coverage.coverage_for(owner, today=TODAY)
    assert [y.label for y in cov.years] == ["2023–24", "2024–25", "2025–26"]
    assert _row(cov, "1.1").counts == [0, 1, 2]
    assert _row(cov, "1.2").counts == [0, 0, 1]
    assert _row(cov, "1.3").counts == [0, 0, 0]
    assert _row(cov, "2.1").counts == [1, 0, 0]
    assert _row(cov, "3.1").counts == [0, 0, 1]
    standard_1 = cov.blocks[0]
    assert standard_1.counts == [0, 1, 2]  # entries, not tags: the 1.1+1.2 entry counts once
    assert "1.3" in [r.statement.number for r in cov.uncovered]


def test_the_heatmap_is_a_real_table_with_numbers_not_only_colour(owner_client, owner, s):
    complete(owner, datetime.date.today(), statements=[s["1.1"]])
    html = owner_client.get(reverse("journal:coverage")).content.decode()
    assert "<table" in html and "<caption>" in html and 'scope="col"' in html
    assert 'class="text-end heat-1">1</td>' in html
    assert "none yet" in html


def test_the_least_covered_statement_suggests_its_strongest_uncited_passage(owner, s):
    source = make_source()
    weak = make_passage(source, text="A suggested passage about individuals.")
    strong = make_passage(source, text="An editor's passage about individuals.")
    cited = make_passage(source, text="Already cited, about individuals.")
    standard = s["1.1"].standard
    make_link(weak, standard, statement=s["1.1"], kind=PassageLink.Kind.SUGGESTED, score=0.9)
    make_link(strong, standard, statement=s["1.1"], kind=PassageLink.Kind.CURATED, score=0.1)
    make_link(cited, standard, statement=s["1.1"], kind=PassageLink.Kind.CURATED, score=1.0)
    old = complete(owner, YEAR.previous().start, standards=[standard])
    Citation.objects.create(
        entry=old,
        passage=cited,
        source_slug=source.slug,
        anchor=cited.anchor,
        quote="q",
        source_title="S",
    )
    cov = coverage.coverage_for(owner, today=TODAY)
    first = cov.suggestions[0]
    assert first.statement.number == "1.1" and first.passage == strong
    assert first.reference == f"{source.slug}:{strong.anchor}"


def test_the_coverage_page_offers_reflect_on_this(owner_client, s):
    source = make_source()
    passage = make_passage(source, text="Passage for 1.1.")
    make_link(passage, s["1.1"].standard, statement=s["1.1"])
    html = owner_client.get(reverse("journal:coverage")).content.decode()
    assert "Reflect on this" in html and f"cite={source.slug}%3A{passage.anchor}" in html


# The agenda ---------------------------------------------------------------------------------


@pytest.fixture
def loop(owner, supervisor, s):
    link = make_supervision(owner, supervisor)
    waiting = complete(owner, TODAY, statements=[s["1.1"]], title="Waiting one")
    changes = complete(owner, TODAY, statements=[s["2.1"]], title="Needs work")
    hidden = complete(owner, TODAY, statements=[s["3.1"]], title="Not shared with anyone")
    for entry in (waiting, changes):
        sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    comment_services.comment_add(
        entry=changes,
        author=supervisor,
        body="Add what you will do next.",
        field="impact",
        requests_changes=True,
    )
    return link, waiting, changes, hidden


def test_the_agenda_holds_waiting_changes_uncovered_readiness_and_actions(owner, loop):
    agenda = agenda_module.agenda_for(owner=owner, today=TODAY)
    assert [i.entry.title for i in agenda.waiting] == ["Waiting one"]
    assert [i.entry.title for i in agenda.changes_requested] == ["Needs work"]
    assert agenda.changes_requested[0].comments[0][1].body == "Add what you will do next."
    # Three complete pieces, but near-identical to each other: none is ready, as the
    # dashboard says too.
    assert sum(piece.complete for piece in agenda.readiness.pieces) == 3
    assert agenda.readiness_lines[0].startswith("Pieces ready to copy: 0 (2 needed)")
    assert agenda.days_left == (YEAR.end - TODAY).days
    # A handful to discuss, one from each standard with nothing yet, in the standards' order.
    numbers = [u.number for u in agenda.uncovered]
    assert len(numbers) == agenda_module.QUESTIONS_ASKED and "1.1" not in numbers
    assert numbers == sorted(numbers, key=lambda n: [int(p) for p in n.split(".")])
    assert len({n.split(".")[0] for n in numbers}) == len(numbers)
    assert agenda.uncovered_more == agenda.uncovered_count - len(numbers) > 30
    prohibition = agenda_module.Uncovered("5.3", "Do not act dishonestly.")
    assert prohibition.question.startswith("What helps you hold to this")
    duty = agenda_module.Uncovered("3.3", "Apply my knowledge and skills to the needs.")
    assert duty.question == (
        "When has this come up in your practice, and what would you do differently?"
    )

    text = agenda_markdown_module.agenda_markdown(agenda)
    assert "## Waiting for review" in text and "**Waiting one**" in text
    assert "on impact on my practice and the people i work with (changes requested)" in text.lower()
    assert "## Agreed actions" in text and "- [ ] " in text
    assert f"{agenda.days_left} days to the deadline" in text
    # In the dashboard's terms, on the page and in the Markdown alike.
    assert agenda.readiness_lines[1] == "Ticked as copied to Social Work England: 0 of 2"
    assert "- Ticked as copied to Social Work England: 0 of 2" in text
    assert "Pieces ready to copy: 0" in text
    assert f"{agenda.uncovered_more} more statements with no complete entry this year." in text


def test_the_supervisors_agenda_shows_only_what_is_shared_with_them(owner, loop, supervisor):
    link, *_ = loop
    other = make_user("other-sup", role="supervisor")
    other_link = make_supervision(owner, other)
    secret = complete(
        owner, TODAY, standards=[Standard.objects.first()], title="Shared with the other supervisor"
    )
    sharing_services.entry_share(entry=secret, supervision=other_link, user=owner, submit=True)
    client = Client()
    client.force_login(supervisor)
    text = client.get(reverse("journal:supervisee_agenda_md", args=[link.pk])).content.decode()
    assert "Waiting one" in text and "Needs work" in text
    assert "Shared with the other supervisor" not in text and "Not shared with anyone" not in text


def test_the_agenda_downloads_as_markdown_and_prints(owner_client, loop):
    response = owner_client.get(reverse("journal:agenda_md"))
    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    page = owner_client.get(reverse("journal:agenda")).content.decode()
    assert "Copy as Markdown" in page and "js-print" in page and "Agreed actions" in page


def test_user_text_cannot_break_the_agenda_markdown(owner, supervisor, s):
    link = make_supervision(owner, supervisor)
    entry = complete(owner, TODAY, statements=[s["1.1"]], title="# Heading [x](javascript:1)")
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    text = agenda_markdown_module.agenda_markdown(
        agenda_module.agenda_for(owner=owner, today=TODAY)
    )
    assert "\n# Heading" not in text and "\\[x\\](javascript:1)" in text
    html = markdown.markdown(text)
    assert "<a " not in html and "[x](javascript:1)" in html  # shown as written, not a link


def test_coverage_costs_a_constant_number_of_queries(owner, s, django_assert_num_queries):
    for n in range(5):
        complete(owner, YEAR.start + datetime.timedelta(days=n), statements=[s["1.1"], s["2.2"]])
    source = make_source()
    for number in ("1.2", "1.3", "3.1", "4.1"):
        make_link(
            make_passage(source, text=f"About {number}."), s[number].standard, statement=s[number]
        )
    # standards, statements, entries, statement tags, standard tags, citations, cited passages'
    # links, candidate links (what was cited is a subquery), chosen links with their passages.
    with django_assert_num_queries(8):
        cov = coverage.coverage_for(owner, today=TODAY)
    assert [x.statement.number for x in cov.suggestions] == ["1.2", "1.3", "3.1"]
