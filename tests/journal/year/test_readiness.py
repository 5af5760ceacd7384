"""Every readiness rule, the copied tick, and the dashboard's wording following the truth."""

import datetime
import random
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rapidfuzz import fuzz

from journal.entries import requirement
from journal.models import AuditEvent, Entry, User
from journal.peer import services as peer_services
from journal.year import hints, readiness, sameness
from journal.year import selectors as year_selectors
from journal.year.registration import RegistrationYear
from tests.factories import make_entry, make_framework, make_user

TODAY = datetime.date(2026, 10, 1)
YEAR = RegistrationYear.ending_in(2026)
PEER = {
    "peer_name": "A colleague",
    "peer_role": "Senior practitioner",
    "peer_date": datetime.date(2026, 3, 20),
    "peer_learning": "We talked it through.",
}
TEXTS = [
    (
        "A course on the Mental Capacity Act.",
        "Capacity is decision specific.",
        "I now record each decision separately and ask the person what matters to them.",
    ),
    (
        "Reading about trauma-informed practice with families.",
        "Safety comes before insight.",
        "I changed how I open visits so parents feel less judged.",
    ),
    (
        "Shadowing a duty social worker in the hospital team.",
        "Discharge planning is rushed.",
        "I will plan earlier with adults and their carers.",
    ),
]


@pytest.fixture
def standard(db):
    return make_framework().standards.first()


@pytest.fixture
def on_day():
    def freeze(day):
        return mock.patch("journal.clock.today", return_value=day)

    return freeze


def piece(owner, standard, n=0, **fields):
    description, learning, impact = TEXTS[n]
    fields.setdefault("activity_date", datetime.date(2026, 3, 14 + n))
    fields.setdefault("status", "complete")
    fields.setdefault("impact", impact)
    fields.setdefault("title", f"Piece {n}")
    fields.setdefault("description", description)
    return make_entry(owner, standards=[standard], learning=learning, **fields)


def check(owner, today=TODAY, year=YEAR):
    return year_selectors.year_readiness(owner, [year], today=today)[year]


def by_entry(status):
    return {p.entry.pk: p for p in status.pieces}


def test_two_different_complete_pieces_with_a_peer_are_ready_to_copy(owner, standard):
    piece(owner, standard, 0, **PEER)
    piece(owner, standard, 1)
    status = check(owner)
    assert status.ready_count == 2 and status.ready_enough and not status.met
    assert status.headline == "Ready to copy; copied: 0 of 2."
    assert status.gaps == [
        "copy 2 more ready pieces to your Social Work England account and tick them here"
    ]


def test_an_incomplete_piece_says_what_is_missing(owner, standard):
    entry = piece(owner, standard, 0, status="draft")
    entry.learning = ""
    entry.save()
    (result,) = check(owner).pieces
    assert not result.ready
    assert result.problems[0] == "Still to fill in: what you learnt."


def test_a_piece_dated_outside_the_year_or_after_today_is_not_ready(owner, standard):
    entry = piece(owner, standard, 0, activity_date=datetime.date(2026, 10, 20))
    (result,) = check(owner).pieces
    assert result.problems == ["Dated 20 October 2026, after today: it cannot count yet."]
    entry.activity_date = datetime.date(2025, 11, 30)
    status = readiness.check_year([entry], [], year=YEAR, today=TODAY)
    assert "outside the registration year 2025–26" in status.pieces[0].problems[0]


def test_near_identical_pieces_within_the_year_name_each_other(owner, standard):
    first = piece(owner, standard, 0, **PEER)
    second = piece(owner, standard, 0, title="Copy", **PEER)
    second.impact += " Really."
    second.save()
    third = piece(owner, standard, 1)
    status = check(owner)
    pieces = by_entry(status)
    assert [m.entry.pk for m in pieces[first.pk].matches] == [second.pk]
    assert [m.entry.pk for m in pieces[second.pk].matches] == [first.pk]
    assert "another piece this year, “Piece 0”" in pieces[second.pk].problems[0]
    assert pieces[third.pk].ready and not pieces[first.pk].ready
    assert status.gaps[0] == "1 more ready piece of CPD"


def test_a_piece_near_identical_to_last_year_is_flagged(owner, standard):
    last_year = piece(owner, standard, 2, activity_date=datetime.date(2025, 5, 1))
    this_year = piece(owner, standard, 2)
    (result,) = check(owner).pieces
    assert result.entry.pk == this_year.pk
    assert result.matches[0].entry.pk == last_year.pk and result.matches[0].previous_year
    assert "a piece from last year" in result.problems[0]


def test_an_entry_page_says_of_its_piece_what_the_year_says(owner_client, owner, standard):
    """year_selectors.entry_readiness reads the other entries lean; the verdict must not change."""
    first = piece(owner, standard, 0, **PEER)
    second = piece(
        owner,
        standard,
        0,
        title="Copy",
        imported_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
    )
    last_year = piece(owner, standard, 2, activity_date=datetime.date(2025, 5, 1))
    this_year = piece(owner, standard, 2, status="draft")
    year = by_entry(check(owner))
    for entry in (first, second, this_year):
        with CaptureQueriesContext(connection) as queries:
            got = year_selectors.entry_readiness(owner, Entry.objects.get(pk=entry.pk), today=TODAY)
            want = year[entry.pk]
            assert got.problems == want.problems and got.hints == want.hints, entry.title
            assert [(m.entry.pk, m.score) for m in got.matches] == [
                (m.entry.pk, m.score) for m in want.matches
            ]
            assert (got.ready, got.label) == (want.ready, want.label)
        # the entry, the others, its standards (for completeness): the others never one by one
        assert len(queries) == 3, [q["sql"][:60] for q in queries]
    assert "(imported)" in year[first.pk].problems[0]
    assert year[this_year.pk].matches[0].entry.pk == last_year.pk
    with mock.patch("journal.clock.today", return_value=TODAY):
        page = owner_client.get(reverse("journal:entry_detail", args=[first.pk]))
    assert (
        "Nearly identical" in page.content.decode() and "“Copy” (imported)" in page.content.decode()
    )


def _record(text):
    return SimpleNamespace(**{**dict.fromkeys(readiness.FORM_TEXT_FIELDS, ""), "description": text})


def _edited(rng, words, vocabulary):
    """A copy of `words` with a few words dropped, changed or added, as a pasted record is."""
    words = list(words)
    for _ in range(rng.randint(0, max(1, len(words) // 6))):
        at = rng.randrange(len(words) + 1)
        action = rng.choice("drop change add")
        if action == "add" or at == len(words):
            words.insert(at, rng.choice(vocabulary))
        elif action == "change":
            words[at] = rng.choice(vocabulary)
        else:
            del words[at]
    return words


def test_the_piece_index_finds_every_pair_that_comparing_all_pairs_finds():
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(400)]
    texts = []
    for _ in range(40):
        words = rng.choices(vocabulary, weights=range(400, 0, -1), k=rng.randint(3, 150))
        texts += [words] + [_edited(rng, words, vocabulary) for _ in range(2)]
    records = [_record(" ".join(words)) for words in texts]
    year, previous = records[::2], records[1::2]
    coded = sameness._coded([*year, *previous])
    expected = {
        (i, j)
        for i in range(len(year))
        for j in range(len(coded))
        if j != i and fuzz.ratio(coded[i], coded[j]) >= sameness.NEAR_IDENTICAL
    }
    found = sameness.near_identical(year, previous)
    position = {id(record): j for j, record in enumerate([*year, *previous])}
    got = {(i, position[id(m.entry)]) for i, matches in found.items() for m in matches}
    assert got == expected
    assert len(expected) > 40  # the case is not empty: many copies, some too edited to match


def test_a_crowd_of_near_copies_is_scored_a_bounded_number_of_times():
    base = " ".join(f"w{n}" for n in range(120))
    records = [_record(f"Reflection {n} {base}") for n in range(300)]
    year, previous = records[:150], records[150:]
    with mock.patch.object(fuzz, "ratio", wraps=fuzz.ratio) as ratio:
        found = sameness.near_identical(year, previous)
    assert sorted(found) == list(range(150))
    assert all(len(matches) == sameness.MATCHES_KEPT for matches in found.values())
    assert not any(m.previous_year for m in found[0])  # the year's own copies first
    assert ratio.call_count <= len(year) * sameness.MAX_SCORED  # every pair: 44,850 before


def test_a_year_is_not_checked_again_until_its_texts_change(owner_client, owner, standard, on_day):
    # Someone who was here for the closed year, so the dashboard shows it.
    owner.date_joined = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)
    owner.save(update_fields=["date_joined"])
    closed = piece(owner, standard, 0, activity_date=datetime.date(2026, 5, 1), **PEER)
    piece(owner, standard, 1, activity_date=datetime.date(2026, 6, 1))
    current = piece(owner, standard, 0, activity_date=datetime.date(2026, 12, 2))
    url = reverse("journal:dashboard")
    wrapped = mock.patch.object(sameness, "_near_identical", wraps=sameness._near_identical)
    with on_day(datetime.date(2026, 12, 10)), wrapped as checked:
        body = owner_client.get(url).content.decode()
        assert checked.call_count == 2  # this year, and the year that just closed
        assert "Last registration year" in body and "a piece from last year" in body
        owner_client.get(url)
        assert checked.call_count == 2  # both answers kept
        current.impact = "Something else entirely that I now do with families."
        current.save()
        body = owner_client.get(url).content.decode()
        assert checked.call_count == 3  # only this year's again
        assert "a piece from last year" not in body
        Entry.objects.filter(pk=closed.pk).update(learning="A new lesson.")
        owner_client.get(url)
        assert checked.call_count == 5  # the closed year is this year's "year before" too


def test_similar_topics_are_not_duplicates(owner, standard):
    piece(owner, standard, 0)
    other = piece(owner, standard, 0)
    other.learning = "Capacity assessments must be about one decision at a time and recorded."
    other.impact = "In my team I started a peer check of capacity records before they are filed."
    other.save()
    assert all(not p.matches for p in check(owner).pieces)


def test_without_a_peer_reflection_the_year_is_not_ready(owner, standard):
    piece(owner, standard, 0)
    piece(owner, standard, 1)
    status = check(owner)
    assert status.ready_count == 2 and not status.ready_enough
    assert status.gaps == ["a ready piece of CPD with a peer reflection"]


def test_an_identifier_left_in_blocks_until_removed_or_confirmed(owner, standard):
    entry = piece(owner, standard, 0, description="A home visit near M1 1AE.")
    (result,) = check(owner).pieces
    assert result.problems == ["Possible identifiers left: postcode."]
    entry.privacy_acknowledged = [{"kind": "postcode", "text": "M1 1AE"}]
    entry.save()
    assert check(owner).pieces[0].ready


def test_the_peer_named_in_the_entry_is_no_identifier_elsewhere_in_it(owner, standard):
    learnt = "Talking it through with Jo, I saw the plan differently."
    piece(owner, standard, 0, peer_name="Jo Bell", peer_learning=learnt)
    piece(owner, standard, 1, peer_name="Sam Carter", peer_learning=learnt)
    problems = [result.problems for result in check(owner).pieces]
    assert sorted(problems) == [[], ["Possible identifiers left: personal name."]]


@pytest.mark.parametrize(
    ("impact", "hint"),
    [
        ("A course on the Mental Capacity Act.", "mostly repeats what the activity was"),
        ("I now record decisions separately.", "does not mention the people you work with"),
        ("The families were grateful.", "does not say what changed"),
    ],
)
def test_impact_hints_are_gentle(owner, standard, impact, hint):
    piece(owner, standard, 0, impact=impact, **PEER)
    (result,) = check(owner).pieces
    assert hint in " ".join(result.hints)
    assert result.ready  # a hint, never a block


@pytest.mark.parametrize(
    ("peer", "hint"),
    [
        ({"peer_name": "My team manager"}, "once you add what you learnt from the discussion"),
        ({"peer_learning": "To ask before assuming."}, "once you say who you reflected with"),
    ],
)
def test_a_half_written_peer_reflection_says_what_it_lacks(owner, standard, peer, hint):
    piece(owner, standard, 0, **peer)
    (result,) = check(owner).pieces
    assert not result.has_peer_reflection
    assert hint in " ".join(result.hints)


def test_good_impact_gets_no_hint(owner, standard):
    piece(owner, standard, 0)
    assert check(owner).pieces[0].hints == []


def test_ticking_copied_is_audited_and_drives_the_dashboard(owner_client, owner, standard, on_day):
    first = piece(owner, standard, 0, **PEER)
    second = piece(owner, standard, 1)
    url = reverse("journal:dashboard")
    with on_day(TODAY):
        body = owner_client.get(url).content.decode()
        assert "Ready to copy; copied: 0 of 2." in body
        assert "You have met" not in body and "Requirement met" not in body
        response = owner_client.post(
            reverse("journal:entry_copied", args=[first.pk]),
            {"copied": "1", "copied_on": "2026-09-30", "next": url},
        )
        assert response.status_code == 302 and response.url == url
        assert "Ready to copy; copied: 1 of 2." in owner_client.get(url).content.decode()
        owner_client.post(reverse("journal:entry_copied", args=[second.pk]), {"copied": "1"})
        body = owner_client.get(url).content.decode()
    assert "Requirement met: you ticked 2 different pieces as copied" in body
    assert "your own record of what you copied" in body
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.copied_on == datetime.date(2026, 9, 30) and second.copied_on == TODAY
    assert first.versions.count() == 0  # a tick is not an edit
    owner_client.post(reverse("journal:entry_copied", args=[first.pk]), {"copied": "0"})
    first.refresh_from_db()
    assert first.copied_on is None
    actions = list(first.audit_events.order_by("pk").values_list("action", flat=True))
    assert actions == [AuditEvent.Action.COPIED, AuditEvent.Action.UNCOPIED]


def test_the_copied_tick_refuses_a_future_date_and_other_peoples_entries(
    owner_client, owner, standard, on_day
):
    entry = piece(owner, standard, 0)
    with on_day(TODAY):
        owner_client.post(
            reverse("journal:entry_copied", args=[entry.pk]),
            {"copied": "1", "copied_on": "2026-10-02"},
        )
    entry.refresh_from_db()
    assert entry.copied_on is None
    theirs = piece(make_user(), standard, 1)
    response = owner_client.post(reverse("journal:entry_copied", args=[theirs.pk]), {"copied": "1"})
    assert response.status_code == 404
    assert owner_client.get(reverse("journal:entry_copied", args=[entry.pk])).status_code == 405


def here_since_2025(user):
    User.objects.filter(pk=user.pk).update(
        date_joined=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )


def test_on_1_december_the_closed_year_says_what_was_ticked_here(
    owner_client, owner, standard, on_day
):
    here_since_2025(owner)
    copied = piece(owner, standard, 0, **PEER)
    Entry.objects.filter(pk=copied.pk).update(copied_on=datetime.date(2026, 11, 2))
    with on_day(datetime.date(2026, 12, 1)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert "Last registration year, 2025–26" in body
    assert "Here you ticked 1 of 2 pieces as copied" in body
    assert "if you renewed, there is nothing more to do" in body
    assert 'id="closed-year-check"' in body and "https://www.socialworkengland.org.uk/" in body
    assert "Piece 0</a>: ticked as copied on 2 November 2026" in body
    assert "Your CPD for 2026–27" in body and "364 days left" in body
    # The year is said: "30 November" alone, a week after one, reads as the one just gone.
    assert "before your renewal deadline on 30 November 2027." in body
    assert body.index("closed-year") < body.index("Your CPD for 2026–27")
    with on_day(datetime.date(2027, 2, 15)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="closed-year"' not in body


def test_a_closed_year_met_is_told_as_done(owner_client, owner, standard, on_day):
    here_since_2025(owner)
    for n, peer in ((0, PEER), (1, {})):
        entry = piece(owner, standard, n, **peer)
        Entry.objects.filter(pk=entry.pk).update(copied_on=datetime.date(2026, 11, 2))
    with on_day(datetime.date(2026, 12, 1)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert "the CPD part of renewal was done" in body
    assert 'id="closed-year-check"' not in body


def test_imported_records_of_the_closed_year_are_history_not_a_failed_renewal(
    owner_client, owner, standard, on_day
):
    """A worker who renewed elsewhere and brought last year's records in as drafts."""
    here_since_2025(owner)
    entry = piece(owner, standard, 0, status="draft")
    Entry.objects.filter(pk=entry.pk).update(imported_at=timezone.now())
    with on_day(datetime.date(2026, 12, 10)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="closed-year"' not in body
    for frightening in ("lapsed", "did not renew", "straight away", "closed on"):
        assert frightening not in body


def test_nothing_is_said_of_a_closed_year_to_someone_who_joined_since(
    owner_client, owner, standard, on_day
):
    piece(owner, standard, 0)  # written since joining, about last year
    with on_day(datetime.date(2026, 12, 10)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="closed-year"' not in body


def test_nothing_is_said_of_a_closed_year_kept_elsewhere(owner_client, owner, on_day):
    """Here for the closed year, but wrote nothing in it here: nothing to tell."""
    User.objects.filter(pk=owner.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=900)
    )
    with on_day(datetime.date(2026, 12, 10)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="closed-year"' not in body


def test_from_1_september_the_gaps_come_first(owner_client, owner, standard, on_day):
    piece(owner, standard, 0)
    with on_day(datetime.date(2026, 8, 31)):
        assert (
            'id="renewal-gaps"'
            not in owner_client.get(reverse("journal:dashboard")).content.decode()
        )
    with on_day(datetime.date(2026, 9, 1)):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert "Renewal is open: 90 days left" in body
    assert body.index('id="renewal-gaps"') < body.index("Your CPD for 2025–26")
    assert (
        "Still missing: 1 more ready piece of CPD; a ready piece of CPD with a peer reflection."
        in body
    )


def test_the_entry_page_shows_its_readiness(owner_client, owner, standard, on_day):
    entry = piece(owner, standard, 0, impact="The families were grateful.")
    with on_day(TODAY):
        body = owner_client.get(entry.get_absolute_url()).content.decode()
    assert "Ready for renewal 2025–26?" in body and "Ready to copy" in body
    assert "does not say what changed" in body


def test_year_readiness_runs_one_query_whatever_the_size(owner, standard):
    counts = []
    for size in (2, 60):
        user = make_user()
        for n in range(size):
            piece(user, standard, n % 3, activity_date=datetime.date(2025 + n % 2, 3, 1))
        with CaptureQueriesContext(connection) as queries:
            check(user)
        counts.append(len(queries))
    assert counts == [1, 1]


def test_the_year_copy_view_lays_out_every_piece_in_the_form_order(
    owner_client, owner, standard, on_day
):
    owner.registration_number = "SW123456"
    owner.save()
    first = piece(owner, standard, 0, notes="My private thoughts.", **PEER)
    second = piece(owner, standard, 1)
    Entry.objects.filter(pk=second.pk).update(copied_on=datetime.date(2026, 9, 2))
    piece(owner, standard, 2, activity_date=datetime.date(2025, 3, 1))  # another year
    with on_day(TODAY):
        response = owner_client.get(reverse("journal:year_copy", args=[2026]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "SW123456" in body and "Piece 2" not in body
    assert "My private thoughts" not in body
    order = [
        body.index(s)
        for s in (
            f'id="copy-{first.pk}-title"',
            "Type of CPD activity",
            f'id="copy-{first.pk}-description"',
            "Date of the activity",
            f'id="copy-{first.pk}-learning"',
            f'id="copy-{first.pk}-impact"',
            f'id="copy-{first.pk}-peer_role"',
            "Date of the discussion",
            f'id="copy-{first.pk}-peer_learning"',
        )
    ]
    assert order == sorted(order)
    assert "20 March 2026" in body and "Reading (articles, books, research)" in body
    assert f'id="copy-{first.pk}-activity_date"' not in body  # a value, not a copy box
    assert "Ticked as copied to your Social Work England account on 2 September 2026" in body
    assert "characters" in body and "copied: 1 of 2" in body
    assert body.count('class="btn btn-sm btn-outline-primary js-copy"') == 6 + 4
    # The page does not offer itself; the dashboard and the entry page lead to it.
    assert 'href="' + reverse("journal:year_copy", args=[2026]) + '"' not in body
    assert f'id="count-{first.pk}-learning" data-limit="2000">30 of 2,000 characters<' in body
    with on_day(TODAY):
        dashboard = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert "pieces into your Social Work England account</a>" in dashboard


def test_the_markdown_index_and_pdf_cover_say_what_was_copied(owner, standard, on_day):
    from django.template.loader import render_to_string

    from journal.exports.bundle_document import bundle_document
    from journal.exports.markdown import index_markdown
    from journal.exports.pdf import render_pdf  # noqa: F401  (the template it renders)

    first = piece(owner, standard, 0, **PEER)
    piece(owner, standard, 1)
    Entry.objects.filter(pk=first.pk).update(copied_on=datetime.date(2026, 9, 2))
    with on_day(TODAY):
        bundle = bundle_document(
            owner=owner, entries=list(owner.entries.with_completeness()), year=YEAR
        )
    assert "Ready to copy; copied: 1 of 2." in index_markdown(bundle, ["a.md", "b.md"])
    html = render_to_string("journal/export/pdf.html", {"bundle": bundle, "cover": True})
    assert "Ready to copy; copied: 1 of 2." in html and ">met<" not in html
    assert "Ticked as copied to Social Work England: 1 of 2" in html
    assert "60 days left" in html and "socialworkengland.org.uk" in html


def test_the_registration_number_is_in_each_markdown_front_matter(owner, standard):
    from journal.exports import build
    from journal.exports.markdown import split_front_matter

    owner.registration_number = "SW123456"
    owner.save()
    entry = piece(owner, standard, 0)
    result = build.export_entry(entry, "md")
    front, _ = split_front_matter(result.content.decode())
    assert front["registration_number"] == "SW123456"


def test_someone_who_joined_after_the_deadline_is_told_nothing_about_last_year(client, db, on_day):
    newcomer = make_user("newcomer")
    client.force_login(newcomer)
    with on_day(datetime.date(2026, 12, 1)):
        body = client.get(reverse("journal:dashboard")).content.decode()
    assert "The year that just closed" not in body


def test_the_copied_tick_is_offered_for_ready_pieces_and_kept_aside_for_others(
    owner_client, owner, standard, on_day
):
    ready = piece(owner, standard, 0, **PEER)
    draft = piece(owner, standard, 1, status="draft")
    with on_day(TODAY):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    ready_part = body.split(f'id="readiness-{ready.pk}"')[1].split('class="readiness-piece"')[0]
    draft_part = body.split(f'id="readiness-{draft.pk}"')[1].split('class="readiness-piece"')[0]
    assert "Copied it to your Social Work England account anyway?" not in ready_part
    assert "I copied this to my Social Work England account" in ready_part
    assert "Copied it to your Social Work England account anyway?" in draft_part


def test_a_discussion_dated_before_its_activity_is_a_hint_not_a_block():
    entry = Entry(
        activity_date=datetime.date(2026, 12, 1),
        peer_date=datetime.date(2026, 11, 28),
        peer_name="Team manager",
        peer_learning="We agreed a plan.",
    )
    assert hints.peer_hints(entry) == [
        "The discussion is dated 28 November 2026, before the activity (1 December 2026): "
        "check the dates."
    ]
    entry.peer_date = datetime.date(2026, 12, 2)
    assert hints.peer_hints(entry) == []


def _confirm(entry, takeaway="Ask the family first."):
    request, _token = peer_services.peer_request_create(entry=entry, user=entry.owner, summary="")
    return peer_services.peer_confirm(
        peer_request=request,
        answer=peer_services.PeerAnswer(
            datetime.date(2026, 3, 20), "colleague", "Priya", "social_worker", takeaway
        ),
    )


def test_a_confirmed_peer_discussion_counts_at_once(owner, standard):
    first = piece(owner, standard, 0)
    piece(owner, standard, 1)
    assert check(owner).gaps == ["a ready piece of CPD with a peer reflection"]
    _confirm(first)
    status = check(owner)
    assert status.ready_enough and status.peer_steps == []
    assert by_entry(status)[first.pk].has_peer_reflection


def test_while_peers_are_missing_each_step_names_its_piece_quickest_first(owner, standard):
    add = piece(owner, standard, 0)
    half = piece(owner, standard, 1, peer_name="My team manager")
    finish = piece(owner, standard, 2, status="draft", **PEER)
    status = check(owner)
    assert [(s.kind, s.piece.entry) for s in status.peer_steps] == [  # quickest first
        ("finish", finish),
        ("half", half),
        ("add", add),
    ]
    finish_step, half_step, _add = status.peer_steps
    assert finish_step.detail.startswith("Still to fill in:")
    assert "once you add what you learnt" in half_step.detail
    # The worker's own learning is kept, so the confirmed takeaway waits for them to add it.
    Entry.objects.filter(pk=add.pk).update(peer_learning="What I took from it.")
    _confirm(add)
    assert [(s.kind, s.piece.entry) for s in check(owner).peer_steps] == [
        ("takeaway", add),
        ("finish", finish),
        ("half", half),
    ]


def test_the_dashboard_links_each_peer_step_to_the_place_that_does_it(
    owner_client, owner, standard, on_day
):
    add = piece(owner, standard, 0)
    waiting = piece(owner, standard, 1, peer_learning="My own words.")
    _confirm(waiting)
    with on_day(TODAY):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="peer-steps-2026"' in body
    assert f'{waiting.get_absolute_url()}#peer-confirmations">Add this takeaway</a>' in body
    assert f'href="{reverse("journal:peer_request", args=[add.pk])}">ask a colleague' in body
    assert f'href="{reverse("journal:entry_edit", args=[add.pk])}#id_peer_name"' in body
    owner_client.post(
        reverse("journal:peer_use_takeaway", args=[waiting.pk, waiting.peer_requests.get().pk])
    )
    with on_day(TODAY):
        body = owner_client.get(reverse("journal:dashboard")).content.decode()
    assert 'id="peer-steps-2026"' not in body and "Ready to copy; copied: 0 of 2." in body


def test_the_copy_view_counts_each_box_against_its_limit_from_the_rule_file(
    owner_client, owner, standard, on_day, settings, tmp_path
):
    rule = tmp_path / "rule.yaml"
    shipped = (Path(requirement.DEFAULT_FILE).read_text()).split("box_limits:")[0]
    rule.write_text(shipped + "box_limits: {learning: 20, impact: 500}\n")
    settings.CPD_REQUIREMENT_FILE = str(rule)
    entry = piece(owner, standard, 0, **PEER)  # learning: "Capacity is decision specific."
    with on_day(TODAY):
        body = owner_client.get(reverse("journal:year_copy", args=[2026])).content.decode()
        one = owner_client.get(reverse("journal:entry_regulator_form", args=[entry.pk]))
    learning = f'id="count-{entry.pk}-learning"'
    assert (
        f'{learning} data-limit="20">30 of 20 characters, 10 more than the form\'s box takes: '
        "shorten the entry first.<"
    ) in body
    assert f'id="count-{entry.pk}-impact" data-limit="500">' in body
    assert f'id="count-{entry.pk}-description"' not in body  # no limit given: a plain count
    assert 'id="count-learning" data-limit="20"' in one.content.decode()
