"""The peer handshake: a one-time link a peer without an account answers once."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.exports import build
from journal.models import AuditEvent, Entry, Notification, PeerAttempt, PeerRequest
from journal.peer import services as peer_services
from journal.review import sign_off as sign_off_services
from tests.factories import (
    make_entry,
    make_share,
    make_supervision,
    make_user,
    pdf_text,
    save_entry,
)
from tests.today import TEST_TODAY

TODAY = TEST_TODAY
ANSWER = {
    "action": "confirm",
    "discussion_date": (TODAY - datetime.timedelta(days=3)).isoformat(),
    "discussion_kind": "reflective_group",
    "peer_name": "Priya Peer",
    "peer_role": "social_worker",
    "takeaway": "Naming my own assumptions first changed how the family heard me.",
}


@pytest.fixture
def entry(owner):
    return make_entry(
        owner,
        title="Working with a family's story",
        learning="UNIQUE-LEARNING-TEXT",
        notes="UNIQUE-PRIVATE-NOTE",
        status=Entry.Status.MARKED_COMPLETE,
    )


@pytest.fixture
def asked(entry, owner):
    return peer_services.peer_request_create(
        entry=entry, user=owner, summary="We discussed my reflection at the team's group."
    )


@pytest.fixture
def peer_client():
    """A fresh visitor with no account, with CSRF checks on as in a browser."""
    return Client(enforce_csrf_checks=True)


def _url(token):
    return reverse("journal:peer_confirm", args=[token])


def _post(client, token, data):
    page = client.get(_url(token))
    csrf = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else ""
    return client.post(_url(token), {**data, "csrfmiddlewaretoken": csrf})


def test_the_owner_makes_a_link_shown_once_and_stored_only_as_a_hash(
    owner_client, entry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("journal:peer_request", args=[entry.pk]),
            {"summary": "We talked it through in supervision.", "peer_email": "peer@example.org"},
        )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="peer-link"' in html
    request = PeerRequest.objects.get(entry=entry)
    token = html.split("/peer/")[1].split("/")[0]
    assert request.token_hash == PeerRequest.hash_token(token) and token not in request.token_hash
    assert request.expires_at - request.created_at == datetime.timedelta(days=30)
    assert len(mail.outbox) == 1 and _url(token) in mail.outbox[0].body
    assert "UNIQUE-LEARNING-TEXT" not in mail.outbox[0].body
    again = owner_client.get(reverse("journal:peer_request", args=[entry.pk])).content.decode()
    assert token not in again, "the link is never shown again"
    assert AuditEvent.objects.filter(entry=entry, action="peer_asked").exists()


def test_a_summary_that_identifies_someone_is_refused(owner_client, entry):
    response = owner_client.post(
        reverse("journal:peer_request", args=[entry.pk]),
        {"summary": "About Mrs Khan at SW1A 1AA."},
    )
    assert "may identify someone" in response.content.decode()
    assert not PeerRequest.objects.exists()


def test_the_peer_sees_the_summary_and_who_asked_and_nothing_else(peer_client, asked):
    _, token = asked
    html = peer_client.get(_url(token)).content.decode()
    assert "Olu Owner" in html and "We discussed my reflection" in html
    assert "Working with a family" not in html
    assert "UNIQUE-LEARNING-TEXT" not in html and "UNIQUE-PRIVATE-NOTE" not in html
    assert "owner@example.org" not in html
    assert reverse("journal:entry_list") not in html  # no account, no journal navigation
    assert 'role="search"' not in html and reverse("account_signup") not in html  # nor the site's


def test_the_whole_entry_only_when_ticked_and_never_the_private_notes(peer_client, entry, owner):
    _, token = peer_services.peer_request_create(
        entry=entry, user=owner, summary="Read it all.", show_entry=True
    )
    html = peer_client.get(_url(token)).content.decode()
    assert "UNIQUE-LEARNING-TEXT" in html and "UNIQUE-PRIVATE-NOTE" not in html


def test_the_whole_entry_shows_no_supervisor_name_or_sign_off_note(peer_client, entry, owner):
    supervisor = make_user("sue", display_name="Sue Signer", role="supervisor")
    make_share(entry, make_supervision(owner, supervisor), submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor, note="UNIQUE-NOTE")
    _, token = peer_services.peer_request_create(
        entry=entry, user=owner, summary="Read it all.", show_entry=True
    )
    html = peer_client.get(_url(token)).content.decode()
    assert "UNIQUE-LEARNING-TEXT" in html
    assert "Sue Signer" not in html and "UNIQUE-NOTE" not in html and "Signed off" not in html


def test_happy_path_confirm_fills_the_peer_reflection_and_exports_it(
    peer_client, asked, entry, owner, owner_client
):
    request, token = asked
    response = _post(peer_client, token, ANSWER)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    request.refresh_from_db()
    assert request.is_confirmed and request.peer_name == "Priya Peer"
    assert request.get_peer_role_display() == "Registered social worker"
    assert Notification.objects.filter(recipient=owner, message__contains="Priya Peer").exists()
    assert AuditEvent.objects.filter(entry=entry, action="peer_confirmed").exists()

    # The confirmation counts at once: the empty peer reflection is filled, editable.
    day = datetime.date.fromisoformat(ANSWER["discussion_date"])
    entry.refresh_from_db()
    assert (entry.peer_name, entry.peer_role, entry.peer_date, entry.peer_learning) == (
        "Priya Peer",
        "Registered social worker",
        day,
        ANSWER["takeaway"],
    )
    assert entry.has_peer_reflection and request.taken_at is not None
    (version,) = entry.versions.all()  # through the one save path, which keeps a version
    assert version.author is None and version.data["peer_learning"] == ANSWER["takeaway"]
    assert AuditEvent.objects.filter(entry=entry, action="peer_taken").exists()

    line = f"Peer discussion confirmed by Priya Peer, Registered social worker, {day:%-d %B %Y}"
    detail = owner_client.get(entry.get_absolute_url()).content.decode()
    assert line in detail and "Added to your peer reflection on" in detail
    assert "Add this takeaway to my peer reflection" not in detail
    markdown = build.export_entry(entry, "md").content.decode()
    assert line in markdown
    assert line in " ".join(pdf_text(build.export_entry(entry, "pdf").content).split())


def test_a_confirmation_never_replaces_what_the_worker_wrote(
    peer_client, asked, entry, owner_client
):
    Entry.objects.filter(pk=entry.pk).update(peer_learning="My own words.")
    request, token = asked
    _post(peer_client, token, ANSWER)
    entry.refresh_from_db()
    assert entry.peer_learning == "My own words." and entry.peer_name == ""
    assert not entry.versions.exists()
    detail = owner_client.get(entry.get_absolute_url()).content.decode()
    assert "Add this takeaway to my peer reflection" in detail

    owner_client.post(reverse("journal:peer_use_takeaway", args=[entry.pk, request.pk]))
    entry.refresh_from_db()
    assert entry.peer_learning == f"My own words.\n\n{ANSWER['takeaway']}"
    assert entry.peer_name == "Priya Peer"


def test_a_confirmation_leaves_a_signed_off_entry_as_it_is(
    peer_client, asked, entry, owner, supervisor
):
    from journal.review.sign_off import entry_sign_off

    entry = save_entry(owner, entry=entry, title="Signed off")
    make_share(entry, make_supervision(owner, supervisor), submitted=True)
    entry_sign_off(entry=entry, supervisor=supervisor)
    request, token = asked
    assert _post(peer_client, token, ANSWER).status_code == 200
    request.refresh_from_db()
    entry.refresh_from_db()
    assert request.is_confirmed and request.taken_at is None
    assert entry.peer_learning == "" and entry.versions.count() == 1


def test_taking_the_takeaway_keeps_what_the_worker_wrote(asked, entry, owner):
    request, _token = asked
    peer_services.peer_confirm(
        peer_request=request,
        answer=peer_services.PeerAnswer(TODAY, "colleague", "Priya", "manager", "Listen more."),
    )
    entry.peer_learning = "My own words."
    entry.peer_name = "Priya P."
    entry.save()
    peer_services.peer_takeaway_use(peer_request=request, user=owner)
    entry.refresh_from_db()
    assert entry.peer_learning == "My own words.\n\nListen more."
    assert entry.peer_name == "Priya P."


@pytest.mark.parametrize("reason", ["expired", "revoked", "used"])
def test_a_closed_link_gets_a_clear_page_and_changes_nothing(peer_client, asked, owner, reason):
    request, token = asked
    if reason == "expired":
        PeerRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    elif reason == "revoked":
        peer_services.peer_request_revoke(peer_request=request, user=owner)
    else:
        assert _post(peer_client, token, ANSWER).status_code == 200
    before = PeerRequest.objects.values().get(pk=request.pk)

    page = peer_client.get(_url(token))
    assert page.status_code == 410
    assert peer_services.REFUSALS[reason] in page.content.decode()
    again = _post(Client(), token, {**ANSWER, "peer_name": "Someone Else"})
    assert again.status_code == 410
    assert PeerRequest.objects.values().get(pk=request.pk) == before
    assert AuditEvent.objects.filter(action="peer_refused", detail=f"Link {reason}").exists()


def test_an_unknown_token_is_a_clear_404(db, peer_client):
    page = peer_client.get(_url("made-up-token"))
    assert page.status_code == 404 and "not valid" in page.content.decode()


def test_the_peer_can_decline(peer_client, asked, owner):
    request, token = asked
    response = _post(peer_client, token, {"action": "decline"})
    assert "You declined" in response.content.decode()
    request.refresh_from_db()
    assert request.outcome == "declined" and request.peer_name == ""
    assert AuditEvent.objects.filter(action="peer_declined").exists()
    assert peer_client.get(_url(token)).status_code == 410


def test_the_takeaway_goes_through_the_privacy_scan(peer_client, asked):
    request, token = asked
    response = _post(peer_client, token, {**ANSWER, "takeaway": "Call 07700 900123 about it"})
    assert response.status_code == 200 and "may identify someone" in response.content.decode()
    request.refresh_from_db()
    assert request.outcome == "" and request.answered_at is None


def test_bad_input_gets_clear_messages_and_changes_nothing(peer_client, asked):
    request, token = asked
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    html = _post(
        peer_client, token, {**ANSWER, "discussion_date": future, "peer_role": "boss"}
    ).content.decode()
    assert "cannot be in the future" in html and "Select a valid choice" in html
    request.refresh_from_db()
    assert request.answered_at is None


def test_the_confirm_form_needs_its_csrf_token(peer_client, asked):
    request, token = asked
    assert peer_client.post(_url(token), ANSWER).status_code == 403
    request.refresh_from_db()
    assert request.answered_at is None


def test_hostile_text_is_shown_as_text(asked, owner_client, entry):
    _request, token = asked
    answer = {
        **ANSWER,
        "peer_name": "<script>alert(1)</script>",
        "takeaway": "<img src=x onerror=alert(1)>",
    }
    _post(Client(enforce_csrf_checks=True), token, answer)
    html = owner_client.get(entry.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_submissions_to_one_link_are_rate_limited(asked):
    request, token = asked
    for n in range(peer_services.PER_LINK_PER_HOUR):
        client = Client(REMOTE_ADDR=f"10.0.0.{n}")
        assert client.post(_url(token), {**ANSWER, "takeaway": ""}).status_code == 200
    client = Client(REMOTE_ADDR="10.0.1.1")
    response = client.post(_url(token), ANSWER)
    assert response.status_code == 429
    request.refresh_from_db()
    assert request.answered_at is None


def test_submissions_from_one_address_are_rate_limited(db):
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(peer_services.PER_ADDRESS_PER_HOUR):
        assert client.post(_url(f"guess-{n}"), {}).status_code == 404
    assert client.post(_url("guess-last"), {}).status_code == 429
    assert Client(REMOTE_ADDR="10.9.9.8").post(_url("guess-other"), {}).status_code == 404
    assert PeerAttempt.objects.exclude(address_hash="").count() >= 21
    assert not PeerAttempt.objects.filter(address_hash__contains="10.9").exists()


def test_two_answers_at_once_record_one(asked):
    request, _token = asked
    answer = peer_services.PeerAnswer(TODAY, "colleague", "First", "manager", "One.")
    peer_services.peer_confirm(peer_request=request, answer=answer)
    with pytest.raises(peer_services.ReviewError):
        peer_services.peer_confirm(peer_request=request, answer=answer)
    with pytest.raises(peer_services.ReviewError):
        peer_services.peer_decline(peer_request=request)
    request.refresh_from_db()
    assert request.is_confirmed and request.peer_name == "First"


def test_only_the_owner_revokes_or_takes(asked, supervisor):
    from django.core.exceptions import PermissionDenied

    request, _ = asked
    with pytest.raises(PermissionDenied):
        peer_services.peer_request_revoke(peer_request=request, user=supervisor)
    with pytest.raises(PermissionDenied):
        peer_services.peer_takeaway_use(peer_request=request, user=supervisor)
