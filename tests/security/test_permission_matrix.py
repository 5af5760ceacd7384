"""Every URL of the project against every role, with the expected status in one table.

The table below is the permission model written down. Adding a URL without adding its
row fails `test_every_url_has_a_row`, so nobody can ship a page whose access rules were
never decided. Each (URL, role) pair runs in its own test against one world built once for
the module; each test runs in a savepoint inside the world's transaction, so a POST that
changes something is undone before the next role.

The roles, always in this order:
  anonymous    not logged in
  owner        the social worker who wrote the entry
  other        another social worker
  unlinked     a supervisor with no link to the owner
  linked       the owner's supervisor, without a share of the entry
  shared       the owner's supervisor, with a live share (submitted for review)
  admin        a staff superuser (sees no one's entries: the admin site is excluded here)

Every role here has a verified email address and no two-factor authenticator.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from journal.models import Comment, Entry, Notification
from tests.factories import (
    make_complete_entry,
    make_episode,
    make_framework,
    make_passage,
    make_share,
    make_source,
    make_supervision,
    make_user,
)
from tests.today import a_fixed_day

ROLES = ("anonymous", "owner", "other", "unlinked", "linked", "shared", "admin")
EXCLUDED_NAMESPACES = {"admin"}


@dataclass
class World:
    """The people and objects every request is made against."""

    users: dict
    entry: Entry
    share: object
    link: object
    invitation: object
    comment: Comment
    notification: Notification
    source_slug: str
    episode_slug: str = ""
    anchor: str = ""
    peer: object = None
    peer_token: str = ""


@dataclass(frozen=True)
class Case:
    """How to request one URL, and the status each role must get."""

    method: str
    statuses: tuple[int, ...]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    data: Callable[[World], dict] = field(default=lambda w: {})


def GET(*statuses, kwargs=None, data=None) -> Case:
    return _case("get", statuses, kwargs, data)


def POST(*statuses, kwargs=None, data=None) -> Case:
    return _case("post", statuses, kwargs, data)


def _case(method, statuses, kwargs, data) -> Case:
    assert len(statuses) == len(ROLES), f"one status per role: {ROLES}"
    return Case(method, tuple(statuses), kwargs or (lambda w: {}), data or (lambda w: {}))


# URL arguments, by what they point at.
def entry(w):
    return {"pk": w.entry.pk}


def share(w):
    return {"pk": w.entry.pk, "share_pk": w.share.pk}


def comment(w):
    return {"pk": w.entry.pk, "comment_pk": w.comment.pk}


def link(w):
    return {"pk": w.link.pk}


def invitation(w):
    return {"pk": w.invitation.pk}


def notification(w):
    return {"pk": w.notification.pk}


def version(w):
    from journal.entries.services import _write_version

    _write_version(w.entry, user=w.entry.owner, kind="save")
    return {"pk": w.entry.pk, "number": w.entry.versions.first().number}


def citation(w):
    from journal.models import Citation

    cited = Citation.objects.create(
        entry=w.entry, source_slug="s", anchor="a", quote="q", source_title="Source"
    )
    return {"pk": w.entry.pk, "citation_pk": cited.pk}


def evidence(w):
    """A PDF the owner attached to the entry."""
    from journal.evidence import filetypes
    from journal.evidence.services import evidence_add
    from tests.factories import make_upload

    kept = evidence_add(entry=w.entry, user=w.entry.owner, upload=make_upload(), kind=filetypes.PDF)
    return {"pk": w.entry.pk, "evidence_pk": kept.pk}


def an_upload(w):
    from tests.factories import make_upload

    return {"file": make_upload()}


def note(w):
    import uuid

    from journal.models import QuickNote

    made = QuickNote.objects.create(
        owner=w.entry.owner, client_id=uuid.uuid4(), what_i_did="A visit."
    )
    return {"pk": made.pk}


def unsubscribe_token(w):
    from journal.account.reminders import unsubscribe_token as token

    return {"token": token(w.entry.owner)}


def peer(w):
    return {"pk": w.entry.pk, "request_pk": w.peer.pk}


def peer_token(w):
    return {"token": w.peer_token}


def session(w):
    """A session the linked supervisor recorded, waiting for the owner to confirm it."""
    from journal.models import SupervisionSession

    made = SupervisionSession.objects.create(
        supervisee=w.entry.owner,
        supervision=w.link,
        supervisor=w.link.supervisor,
        held_on=w.entry.activity_date,
        attended="Both",
        status=SupervisionSession.Status.RECORDED,
    )
    return {"pk": made.pk}


def session_record(w):
    return {
        "held_on": "2027-02-16",
        "attended": "Both of us",
        "frequency": "monthly",
        "act-TOTAL_FORMS": "0",
        "act-INITIAL_FORMS": "0",
    }


def handover(w):
    """The owner's former supervisor left (an unlinked one, so the others stay as they are)."""
    from journal.models import Handover

    made = Handover.objects.create(
        supervisee=w.entry.owner, supervisor=w.users["unlinked"], reason="ended_by_supervisor"
    )
    made.shared_entries.set([w.entry])
    return {"pk": made.pk}


def account_import(w):
    from journal.models import AccountImport

    made = AccountImport.objects.create(owner=w.entry.owner, digest="0" * 64, origin="elsewhere")
    return {"pk": made.pk}


def export_job(w):
    from journal.models import ExportJob

    job = ExportJob.objects.create(
        owner=w.entry.owner,
        format="md",
        status="done",
        content=b"zip",
        file_name="x.zip",
        content_type="application/zip",
    )
    return {"pk": job.pk}


# fmt: off
# A row per URL name; a list when one URL answers more than one method.
#                         anon owner other unlinked linked shared admin
EXPECTED: dict[str, Case | list[Case]] = {
    # Site and corpus: public.
    "home":                    GET(200, 200, 200, 200, 200, 200, 200),
    "healthz":                 GET(200, 200, 200, 200, 200, 200, 200),
    "corpus:standard_list":    GET(200, 200, 200, 200, 200, 200, 200),
    "corpus:standard_passages": GET(200, 200, 200, 200, 200, 200, 200,
                                   kwargs=lambda w: {"number": "1"}),
    "corpus:episode_detail":   GET(200, 200, 200, 200, 200, 200, 200,
                                   kwargs=lambda w: {"slug": w.source_slug,
                                                     "episode_slug": w.episode_slug}),
    "corpus:passage":          GET(302, 302, 302, 302, 302, 302, 302,
                                   kwargs=lambda w: {"anchor": w.anchor}),
    "corpus:standard_detail":  GET(200, 200, 200, 200, 200, 200, 200,
                                   kwargs=lambda w: {"number": "1"}),
    "corpus:source_list":      GET(200, 200, 200, 200, 200, 200, 200),
    "corpus:source_detail":    GET(200, 200, 200, 200, 200, 200, 200,
                                   kwargs=lambda w: {"slug": w.source_slug}),
    "corpus:search":           GET(200, 200, 200, 200, 200, 200, 200,
                                   data=lambda w: {"q": "supervision"}),
    # Accounts (django-allauth). Signed-in people are sent on from the entrance pages.
    "account_login":           GET(200, 302, 302, 302, 302, 302, 302),
    "account_signup":          GET(200, 302, 302, 302, 302, 302, 302),
    "account_logout":          POST(302, 302, 302, 302, 302, 302, 302),
    "account_inactive":        GET(200, 200, 200, 200, 200, 200, 200),
    "account_reset_password":  GET(200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_done": GET(200, 200, 200, 200, 200, 200, 200),
    "account_reset_password_from_key": GET(200, 200, 200, 200, 200, 200, 200,
                                   kwargs=lambda w: {"uidb36": "1", "key": "bad-key"}),
    "account_reset_password_from_key_done": GET(200, 200, 200, 200, 200, 200, 200),
    # Only inside a sign-in or verification in progress; otherwise sent back.
    "account_email_verification_sent": GET(302, 302, 302, 302, 302, 302, 302),
    "account_confirm_login_code": GET(302, 302, 302, 302, 302, 302, 302),
    "mfa_authenticate":        GET(302, 302, 302, 302, 302, 302, 302),
    # Your own account; changing how you sign in asks for the password again first
    # (a test client's forced login has never typed one, so it is always asked).
    "account_email":           GET(302, 200, 200, 200, 200, 200, 200),
    "account_change_password": GET(302, 200, 200, 200, 200, 200, 200),  # asks on POST
    "account_set_password":    GET(302, 302, 302, 302, 302, 302, 302),
    "account_reauthenticate":  GET(302, 200, 200, 200, 200, 200, 200),
    "account_request_reauthentication_code": GET(302, 200, 200, 200, 200, 200, 200),
    "account_confirm_reauthentication_code": GET(302, 302, 302, 302, 302, 302, 302),
    "mfa_index":               GET(302, 200, 200, 200, 200, 200, 200),
    "mfa_activate_totp":       GET(302, 302, 302, 302, 302, 302, 302),
    # Nothing to see or undo before an authenticator app is set up.
    "mfa_deactivate_totp":     GET(302, 404, 404, 404, 404, 404, 404),
    "mfa_reauthenticate":      GET(302, 302, 302, 302, 302, 302, 302),
    "mfa_view_recovery_codes": GET(302, 404, 404, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": GET(302, 302, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": GET(302, 404, 404, 404, 404, 404, 404),
    "usersessions_list":       GET(302, 200, 200, 200, 200, 200, 200),
    "journal:account_welcome": GET(302, 200, 200, 200, 200, 200, 200),
    # Addresses from before allauth, bookmarked or emailed: sent to their new homes.
    "old_password_reset":      GET(302, 302, 302, 302, 302, 302, 302),
    "old_password_reset_done": GET(302, 302, 302, 302, 302, 302, 302),
    "old_password_reset_confirm": GET(302, 302, 302, 302, 302, 302, 302,
                                   kwargs=lambda w: {"uidb64": "MQ", "token": "old"}),
    "old_password_change":     GET(302, 302, 302, 302, 302, 302, 302),
    # Supervision links: members only; an invitation is answered by its invitee only.
    "journal:supervision":         GET(302, 200, 200, 200, 200, 200, 200),
    "journal:supervision_accept":  POST(302, 404, 404, 302, 404, 404, 404, kwargs=invitation),
    "journal:supervision_decline": POST(302, 404, 404, 302, 404, 404, 404, kwargs=invitation),
    "journal:supervision_revoke":  POST(302, 302, 404, 404, 404, 302, 404, kwargs=link),
    # A former supervisor's hand-over: only the person they supervised.
    "journal:handover": [
                                   GET(302, 200, 404, 404, 404, 404, 404, kwargs=handover),
                                   POST(302, 302, 404, 404, 404, 404, 404, kwargs=handover,
                                        data=lambda w: {"identifier": "someone-new",
                                                        "entries": [w.entry.pk],
                                                        "carry_sign_offs": "on"}),
    ],
    # Sharing and the audit trail: the owner's; a reader who may not change gets 403.
    "journal:entry_share": [
                                   GET(302, 200, 404, 404, 404, 403, 404, kwargs=entry),
                                   POST(302, 302, 404, 404, 404, 403, 404, kwargs=entry,
                                        data=lambda w: {"supervision": w.link.pk,
                                                        "action": "submit"}),
    ],
    "journal:share_revoke":        POST(302, 302, 404, 404, 404, 403, 404, kwargs=share),
    "journal:entry_audit":         GET(302, 200, 404, 404, 404, 403, 404, kwargs=entry),
    "journal:comment_reply":       POST(302, 302, 404, 404, 404, 302, 404, kwargs=comment,
                                        data=lambda w: {"body": "A reply"}),
    # Reviewing: only the supervisor the entry is shared with.
    "journal:review_queue":        GET(302, 200, 200, 200, 200, 200, 200),
    "journal:team":                GET(302, 200, 200, 200, 200, 200, 200),
    # A team's appraisal copies are only its supervisor's: 404 for anyone without a team.
    "journal:team_csv":            GET(302, 404, 404, 404, 200, 200, 404),
    "journal:team_print":          GET(302, 404, 404, 404, 200, 200, 404),
    "journal:coverage":            GET(302, 200, 200, 200, 200, 200, 200),
    "journal:agenda":              GET(302, 200, 200, 200, 200, 200, 200),
    "journal:agenda_md":           GET(302, 200, 200, 200, 200, 200, 200),
    "journal:supervisee_agenda":   GET(302, 404, 404, 404, 404, 200, 404, kwargs=link),
    "journal:supervisee_agenda_md": GET(302, 404, 404, 404, 404, 200, 404, kwargs=link),
    # Supervision sessions: private to the pair; the supervisor writes, the worker answers
    # (each gets 403 for the other's part), and the supervisor only while the link is active.
    "journal:session_start":       POST(302, 404, 404, 404, 404, 302, 404, kwargs=link),
    "journal:session_list":        GET(302, 200, 404, 404, 404, 200, 404, kwargs=link),
    "journal:session_detail":      GET(302, 200, 404, 404, 404, 200, 404, kwargs=session),
    "journal:session_edit": [
                                   GET(302, 403, 404, 404, 404, 200, 404, kwargs=session),
                                   POST(302, 403, 404, 404, 404, 302, 404, kwargs=session,
                                        data=session_record),
    ],
    "journal:session_confirm":     POST(302, 302, 404, 404, 404, 403, 404, kwargs=session,
                                        data=lambda w: {"action": "confirm"}),
    "journal:review_entry":        GET(302, 404, 404, 404, 404, 200, 404, kwargs=entry),
    # Stepping through the queue: redirects to the neighbour, or to the queue at either end.
    "journal:review_next":         GET(302, 404, 404, 404, 404, 302, 404, kwargs=entry),
    "journal:review_previous":     GET(302, 404, 404, 404, 404, 302, 404, kwargs=entry),
    "journal:review_comment":      POST(302, 404, 404, 404, 404, 302, 404, kwargs=entry,
                                        data=lambda w: {"field": "learning", "body": "Good"}),
    "journal:review_sign_off":     POST(302, 404, 404, 404, 404, 302, 404, kwargs=entry,
                                        data=lambda w: {"fingerprint":
                                                        w.entry.content_fingerprint()}),
    # Notifications: each person's own.
    "journal:notifications":          GET(302, 200, 200, 200, 200, 200, 200),
    "journal:notification_read":      POST(302, 302, 404, 404, 404, 404, 404, kwargs=notification),
    "journal:notifications_read_all": POST(302, 302, 302, 302, 302, 302, 302),
    "journal:profile":        GET(302, 200, 200, 200, 200, 200, 200),
    "journal:dashboard":      GET(302, 200, 200, 200, 200, 200, 200),
    "journal:entry_list":     GET(302, 200, 200, 200, 200, 200, 200),
    "journal:entry_create":   GET(302, 200, 200, 200, 200, 200, 200),
    "journal:entry_autosave_new": POST(302, 200, 200, 200, 200, 200, 200,
                                       data=lambda w: {"title": "Draft",
                                                       "activity_date": "2026-03-01"}),
    "journal:bin":            GET(302, 200, 200, 200, 200, 200, 200),
    "journal:exports":        GET(302, 200, 200, 200, 200, 200, 200),
    # Everything a person wrote, or all of it deleted: the password (or a code) again first.
    "journal:account_data_export": GET(302, 302, 302, 302, 302, 302, 302),
    "journal:account_delete": GET(302, 302, 302, 302, 302, 302, 302),
    # Import from another account: into one's own account only; its summary is the owner's.
    "journal:account_import": [
                              GET(302, 200, 200, 200, 200, 200, 200),
                              POST(302, 200, 200, 200, 200, 200, 200),
    ],
    "journal:account_import_done": GET(302, 200, 404, 404, 404, 404, 404, kwargs=account_import),
    "journal:api_passages":   GET(302, 200, 200, 200, 200, 200, 200, data=lambda w: {"q": "care"}),
    "journal:api_privacy":    POST(302, 200, 200, 200, 200, 200, 200, data=lambda w: {"text": "Mrs Khan"}),
    "journal:api_suggest":    POST(302, 200, 200, 200, 200, 200, 200,
                                   data=lambda w: {"text": "supervision and reflection"}),
    # An entry: readable by its owner and the supervisor it is shared with (who is sent on to
    # the review page); changeable by the owner only (the reading supervisor gets 403,
    # everyone else 404).
    "journal:entry_detail":   GET(302, 200, 404, 404, 404, 302, 404, kwargs=entry),
    "journal:entry_edit":     GET(302, 200, 404, 404, 404, 403, 404, kwargs=entry),
    "journal:entry_versions": GET(302, 200, 404, 404, 404, 403, 404, kwargs=entry),
    "journal:version_detail": GET(302, 200, 404, 404, 404, 403, 404, kwargs=version),
    "journal:versions_remove_detail": POST(302, 302, 404, 404, 404, 403, 404, kwargs=entry,
                                           data=lambda w: {"text": "x", "confirm": "yes"}),
    "journal:entry_delete":   POST(302, 302, 404, 404, 404, 403, 404, kwargs=entry),
    "journal:entry_restore":  POST(302, 404, 404, 404, 404, 403, 404, kwargs=entry),
    # 409 for the owner: the entry is complete, and a complete entry changes only on Save.
    "journal:entry_autosave": POST(302, 409, 404, 404, 404, 403, 404, kwargs=entry,
                                   data=lambda w: {"revision": w.entry.revision, "title": "T"}),
    "journal:citation_remove": POST(302, 302, 404, 404, 404, 403, 404, kwargs=citation),
    "journal:evidence_add":   POST(302, 302, 404, 404, 404, 403, 404, kwargs=entry,
                                  data=an_upload),
    "journal:evidence_download": GET(302, 200, 404, 404, 404, 200, 404, kwargs=evidence),
    "journal:evidence_remove": POST(302, 302, 404, 404, 404, 403, 404, kwargs=evidence),
    # 400 for the owner: this citation's passage is not in the library, so it cannot be trimmed.
    "journal:citation_trim":  POST(302, 400, 404, 404, 404, 403, 404, kwargs=citation,
                                   data=lambda w: {"start": 0, "end": 1,
                                                   "revision": w.entry.revision}),
    "journal:entry_export":   GET(302, 200, 404, 404, 404, 403, 404,
                                  kwargs=lambda w: {"pk": w.entry.pk, "fmt": "md"}),
    "journal:entry_regulator_form": GET(302, 200, 404, 404, 404, 403, 404, kwargs=entry),
    # The peer handshake: the owner's request page; the peer's page is public, by token.
    "journal:peer_request": [
                              GET(302, 200, 404, 404, 404, 403, 404, kwargs=entry),
                              POST(302, 200, 404, 404, 404, 403, 404, kwargs=entry,
                                   data=lambda w: {"summary": "We talked about supervision."}),
    ],
    "journal:peer_revoke":    POST(302, 302, 404, 404, 404, 403, 404, kwargs=peer),
    "journal:peer_use_takeaway": POST(302, 302, 404, 404, 404, 403, 404, kwargs=peer),
    "journal:peer_confirm": [
                              GET(200, 200, 200, 200, 200, 200, 200, kwargs=peer_token),
                              POST(200, 200, 200, 200, 200, 200, 200, kwargs=peer_token,
                                   data=lambda w: {"action": "decline"}),
                              GET(404, 404, 404, 404, 404, 404, 404,
                                  kwargs=lambda w: {"token": "not-a-real-token"}),
    ],
    "journal:export_job":     GET(302, 200, 404, 404, 404, 404, 404, kwargs=export_job),
    "journal:export_job_download": GET(302, 200, 404, 404, 404, 404, 404, kwargs=export_job),
    # Readiness: the copied tick is the owner's; the year copy view shows each person's own.
    "journal:entry_copied":   POST(302, 302, 404, 404, 404, 403, 404, kwargs=entry,
                                   data=lambda w: {"copied": "1"}),
    "journal:year_copy":      GET(302, 200, 200, 200, 200, 200, 200,
                                  kwargs=lambda w: {"year": 2026}),
    # The renewal checklist: each person ticks their own; there is no one else's to reach.
    "journal:renewal_step":   POST(302, 302, 302, 302, 302, 302, 302,
                                  kwargs=lambda w: {"year": 2027},
                                  data=lambda w: {"part": "fee", "done": "1"}),
    # Quick notes: each person's own. The service worker and its offline page are public.
    "journal:note_capture":   GET(302, 200, 200, 200, 200, 200, 200),
    "journal:note_list":      GET(302, 200, 200, 200, 200, 200, 200),
    "journal:note_save_passage": POST(302, 302, 302, 302, 302, 302, 302,
                                      data=lambda w: {"cite": "nope:nope"}),
    "journal:note_to_entry":  POST(302, 302, 404, 404, 404, 404, 404, kwargs=note),
    "journal:service_worker": GET(200, 200, 200, 200, 200, 200, 200),
    "journal:offline":        GET(200, 200, 200, 200, 200, 200, 200),
    # Importing previous years: each person's own (the column step needs an upload first).
    "journal:import_start":   GET(302, 200, 200, 200, 200, 200, 200),
    "journal:import_map":     GET(302, 302, 302, 302, 302, 302, 302),
    # Reminders: choices are each person's; the signed unsubscribe link needs no login.
    "journal:reminder_preferences": GET(302, 200, 200, 200, 200, 200, 200),
    "journal:reminders_unsubscribe": GET(200, 200, 200, 200, 200, 200, 200,
                                         kwargs=unsubscribe_token),
}
# fmt: on


def project_url_names() -> list[str]:
    """Every named URL outside the admin, namespaced as reverse() wants it."""
    names: set[str] = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern):
                names.add(prefix + pattern.name if pattern.name else f"<unnamed {pattern.pattern}>")

    walk(get_resolver().url_patterns, "")
    return sorted(names)


URL_NAMES = project_url_names()


def _row(name):
    return EXPECTED.get(name)


def test_every_url_has_a_row():
    missing = [name for name in URL_NAMES if _row(name) is None]
    assert not missing, (
        "Decide who may use these URLs and add a row for each to EXPECTED in "
        f"tests/security/test_permission_matrix.py: {missing}"
    )


def test_every_row_is_a_url_that_exists():
    stale = [name for name in EXPECTED if name not in URL_NAMES]
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def _cases():
    for name in URL_NAMES:
        rows = _row(name)
        if rows is None:
            continue  # reported by test_every_url_has_a_row
        rows = rows if isinstance(rows, list) else [rows]
        for case in rows:
            for index, role in enumerate(ROLES):
                yield pytest.param(
                    name, case, role, case.statuses[index], id=f"{name}-{case.method}-{role}"
                )


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    """The world, built once for the module's seven hundred tests inside a transaction that is
    rolled back at the end, as Django's TestCase.setUpTestData does for a class."""
    with a_fixed_day(), django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(db, _world_once) -> World:
    return _world_once


def _build_world() -> World:
    owner = make_user("mx-owner", display_name="Olu Owner")
    users = {
        "anonymous": None,
        "owner": owner,
        "other": make_user("mx-other"),
        "unlinked": make_user("mx-unlinked", role="supervisor"),
        "linked": make_user("mx-linked", role="supervisor"),
        "shared": make_user("mx-shared", role="supervisor"),
        "admin": make_user("mx-admin", is_staff=True, is_superuser=True),
    }
    make_framework()
    entry = make_complete_entry(owner, title="Matrix entry")
    make_supervision(owner, users["linked"])
    shared_link = make_supervision(owner, users["shared"])
    share = make_share(entry, shared_link, submitted=True)
    invitation = make_supervision(users["other"], users["unlinked"], status="invited")
    comment = Comment.objects.create(entry=entry, author=users["shared"], body="A comment")
    note = Notification.objects.create(recipient=owner, message="Something", url="/review/")
    source = make_source()
    episode = make_episode(source, 1, "Episode one")
    passage = make_passage(source, "A passage to link to.", episode=episode)
    from journal.peer.services import peer_request_create

    peer_request, token = peer_request_create(entry=entry, user=owner, summary="We talked.")
    return World(
        users=users,
        entry=entry,
        share=share,
        link=shared_link,
        invitation=invitation,
        comment=comment,
        notification=note,
        source_slug=source.slug,
        episode_slug=episode.slug,
        anchor=passage.anchor,
        peer=peer_request,
        peer_token=token,
    )


@pytest.mark.parametrize(("name", "case", "role", "expected"), list(_cases()))
def test_permission_matrix(client, world, name, case, role, expected):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=case.kwargs(world))

    response = getattr(client, case.method)(url, case.data(world))

    assert response.status_code == expected, (
        f"{case.method.upper()} {url} as {role}: expected {expected}, got {response.status_code}"
    )
    if role == "anonymous" and expected == 302 and name.startswith("journal:"):
        assert response["Location"].startswith(reverse("account_login")), "anonymous goes to log in"
