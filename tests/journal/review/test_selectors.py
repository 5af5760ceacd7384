"""journal.review.selectors: the queue, sharing rows and what changed since a review."""

from django.urls import reverse

from corpus.models import Statement
from journal.models import (
    Entry,
    Share,
)
from journal.review import selectors as review_selectors
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review.flags import review_flags_named
from journal.review.standing import review_state
from journal.year.registration import RegistrationYear
from tests.factories import (
    make_complete_entry,
    make_share,
    owner_edits,
    request_changes,
    save_entry,
)


def test_the_supervisor_sees_a_field_by_field_diff_since_asking_for_changes(
    owner, submitted, supervisor, supervisor_client, link
):
    request_changes(submitted, supervisor)
    save_entry(
        owner,
        entry=submitted,
        learning="Listen first, then agree a next step.",
        notes="private thought",
    )
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    share = Share.objects.get(entry=submitted)
    diff = review_selectors.changes_since_review(
        share=share, entry=submitted, supervisor=supervisor
    )
    assert diff.reason == "asked for changes"
    assert [c.label for c in diff.changes] == ["What I learnt"], "private notes never appear"
    change = diff.changes[0]
    assert change.before == "Listen first." and change.after.startswith("Listen first, then")
    assert ("added", "then") in change.pieces or any(k == "added" for k, _ in change.pieces)

    page = supervisor_client.get(reverse("journal:review_entry", args=[submitted.pk]))
    html = page.content.decode()
    assert "What changed since you asked for changes" in html
    assert "<ins>" in html and "[added: " in html
    assert "private thought" not in html


def test_the_diff_names_a_changed_statement_as_such(owner, submitted, supervisor, standards):
    request_changes(submitted, supervisor)
    submitted.statements.add(Statement.objects.get(number="4.6", standard__framework=standards))
    share = Share.objects.get(entry=submitted)
    diff = review_selectors.changes_since_review(
        share=share, entry=submitted, supervisor=supervisor
    )
    assert [c.label for c in diff.changes] == ["Numbered statements"]


def test_the_diff_after_a_sign_off_compares_with_the_signed_version(
    owner, submitted, supervisor, link
):
    sign_off_services.entry_sign_off(
        entry=submitted,
        supervisor=supervisor,
        note="",
        expected_fingerprint=submitted.content_fingerprint(),
    )
    save_entry(owner, entry=submitted, title="Home visit, revisited")
    share = Share.objects.get(entry=submitted)
    diff = review_selectors.changes_since_review(
        share=share, entry=submitted, supervisor=supervisor
    )
    assert diff.reason == "signed off"
    assert [c.label for c in diff.changes] == ["Title"]


def test_a_first_submission_has_no_diff(submitted, supervisor):
    share = Share.objects.get(entry=submitted)
    assert (
        review_selectors.changes_since_review(share=share, entry=submitted, supervisor=supervisor)
        is None
    )


def test_a_change_request_counts_until_it_is_answered(
    owner, owner_client, submitted, supervisor, link
):
    def flagged():
        return Entry.objects.annotate(**review_flags_named("changes_requested")).get(
            pk=submitted.pk
        )

    year = RegistrationYear.containing(submitted.activity_date).end.year
    hinting = (reverse("journal:dashboard"), reverse("journal:year_copy", args=[year]))

    def hinted():
        """Whether the pages that show the year's hints say so, all alike."""
        said = {
            "Your supervisor asked for changes" in owner_client.get(page).content.decode()
            for page in hinting
        }
        assert len(said) == 1, "the dashboard and the year's copy page disagree"
        return said.pop()

    assert not flagged().changes_requested and not hinted()
    request_changes(submitted, supervisor)
    assert flagged().changes_requested and hinted()
    assert review_state(submitted).changes_requested
    # Submitted again: waiting for the supervisor, not for changes.
    sharing_services.entry_share(entry=submitted, supervision=link, user=owner, submit=True)
    assert not flagged().changes_requested and not hinted()
    request_changes(submitted, supervisor, body="One more thing.")
    assert flagged().changes_requested and hinted()
    # Signed off after all: answered.
    sign_off_services.entry_sign_off(entry=submitted, supervisor=supervisor)
    assert not flagged().changes_requested and not hinted()
    assert review_state(submitted).is_signed_off


def test_review_states_for_a_list_of_entries_cost_no_query_per_entry(
    owner, supervisor, link, django_assert_num_queries
):
    for n in range(6):
        entry = make_complete_entry(owner, title=f"Entry {n}")
        make_share(entry, link, submitted=True)
        if n % 2:
            sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    owner_edits(Entry.objects.get(title="Entry 1"), learning="Changed after sign-off.")

    entries = list(Entry.objects.filter(owner=owner))
    # The shared ids; shares and sign-offs; then the fingerprints of the three signed-off
    # entries, in SQL: the same four queries for six entries or six hundred.
    with django_assert_num_queries(4):
        review_selectors.attach_review_states(entries)
    states = {entry.title: entry.state for entry in entries}
    assert states["Entry 0"] == "submitted"
    assert states["Entry 1"] == "changed_since_sign_off"
    assert states["Entry 3"] == "signed_off"
