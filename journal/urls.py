from django.urls import path

from journal.account import reminder_views
from journal.account import views as account_data_views
from journal.account.portable import views as portable_views
from journal.entries import api as api_views
from journal.entries import autosave_views, citation_views, version_views
from journal.evidence import views as evidence_views
from journal.exports import views as export_views
from journal.notes import views as note_views
from journal.peer import views as peer_views
from journal.people.accounts import views as account_views
from journal.review import (
    bin_views,
    dashboard_views,
    entry_views,
    session_views,
    supervision_views,
    team_views,
)
from journal.review import views as review_views
from journal.year.views import coverage as coverage_views
from journal.year.views import imports as import_views
from journal.year.views import readiness as readiness_views

app_name = "journal"

# Each area adds its own block; the names are the contract templates rely on.
urlpatterns: list = []

# Accounts, the dashboard and the entry list.
urlpatterns += [
    path("account/profile/", account_views.profile, name="profile"),
    path("account/welcome/", account_views.welcome, name="account_welcome"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("entries/", dashboard_views.entry_list, name="entry_list"),
    path("coverage/", coverage_views.coverage_view, name="coverage"),
]

# Writing entries: the editor, autosave, versions, the bin, citations and evidence files.
urlpatterns += [
    path("entries/new/", entry_views.entry_create, name="entry_create"),
    path("entries/autosave/", autosave_views.entry_autosave, name="entry_autosave_new"),
    path("entries/bin/", bin_views.bin_list, name="bin"),
    path("entries/<int:pk>/", entry_views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/edit/", entry_views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/autosave/", autosave_views.entry_autosave, name="entry_autosave"),
    path("entries/<int:pk>/delete/", bin_views.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/restore/", bin_views.entry_restore, name="entry_restore"),
    path("entries/<int:pk>/versions/", version_views.entry_versions, name="entry_versions"),
    path(
        "entries/<int:pk>/versions/remove-detail/",
        version_views.versions_remove_detail,
        name="versions_remove_detail",
    ),
    path(
        "entries/<int:pk>/versions/<int:number>/",
        version_views.version_detail,
        name="version_detail",
    ),
    path(
        "entries/<int:pk>/citations/<int:citation_pk>/remove/",
        citation_views.citation_remove,
        name="citation_remove",
    ),
    path("entries/<int:pk>/evidence/", evidence_views.evidence_add, name="evidence_add"),
    path(
        "entries/<int:pk>/evidence/<int:evidence_pk>/",
        evidence_views.evidence_download,
        name="evidence_download",
    ),
    path(
        "entries/<int:pk>/evidence/<int:evidence_pk>/remove/",
        evidence_views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "entries/<int:pk>/citations/<int:citation_pk>/trim/",
        citation_views.citation_trim,
        name="citation_trim",
    ),
    path("api/privacy/", api_views.api_privacy, name="api_privacy"),
    path("api/suggest/", api_views.api_suggest, name="api_suggest"),
    path("api/passages/", api_views.api_passages, name="api_passages"),
]

# Supervision and review (REVIEW area).
urlpatterns += [
    path("supervision/", supervision_views.supervision, name="supervision"),
    path(
        "supervision/<int:pk>/accept/",
        supervision_views.supervision_accept,
        name="supervision_accept",
    ),
    path(
        "supervision/<int:pk>/decline/",
        supervision_views.supervision_decline,
        name="supervision_decline",
    ),
    path(
        "supervision/<int:pk>/revoke/",
        supervision_views.supervision_revoke,
        name="supervision_revoke",
    ),
    path("supervision/handovers/<int:pk>/", supervision_views.handover, name="handover"),
    path("entries/<int:pk>/share/", review_views.entry_share, name="entry_share"),
    path(
        "entries/<int:pk>/share/<int:share_pk>/revoke/",
        review_views.share_revoke,
        name="share_revoke",
    ),
    path(
        "entries/<int:pk>/comments/<int:comment_pk>/reply/",
        review_views.comment_reply,
        name="comment_reply",
    ),
    path("entries/<int:pk>/history/", review_views.entry_audit, name="entry_audit"),
    path("review/", review_views.review_queue, name="review_queue"),
    path("review/team/", team_views.team, name="team"),
    path("review/team.csv", team_views.team_csv, name="team_csv"),
    path("review/team/print/", team_views.team_print, name="team_print"),
    path("agenda/", session_views.agenda, name="agenda"),
    path("agenda.md", session_views.agenda, {"fmt": "md"}, name="agenda_md"),
    path(
        "review/team/<int:pk>/agenda/",
        session_views.supervisee_agenda,
        name="supervisee_agenda",
    ),
    path(
        "review/team/<int:pk>/agenda.md",
        session_views.supervisee_agenda,
        {"fmt": "md"},
        name="supervisee_agenda_md",
    ),
    path(
        "review/team/<int:pk>/sessions/new/",
        session_views.session_start,
        name="session_start",
    ),
    path("supervision/<int:pk>/sessions/", session_views.session_list, name="session_list"),
    path("sessions/<int:pk>/", session_views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", session_views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/confirm/", session_views.session_confirm, name="session_confirm"),
    path("review/entries/<int:pk>/", review_views.review_entry, name="review_entry"),
    path(
        "review/entries/<int:pk>/next/",
        review_views.review_step,
        {"direction": "next"},
        name="review_next",
    ),
    path(
        "review/entries/<int:pk>/previous/",
        review_views.review_step,
        {"direction": "previous"},
        name="review_previous",
    ),
    path(
        "review/entries/<int:pk>/comment/",
        review_views.review_comment,
        name="review_comment",
    ),
    path(
        "review/entries/<int:pk>/sign-off/",
        review_views.review_sign_off,
        name="review_sign_off",
    ),
    path("notifications/", review_views.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        review_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        review_views.notifications_read_all,
        name="notifications_read_all",
    ),
]

# The peer handshake: the worker's request, and the peer's one-time page (no account).
urlpatterns += [
    path("entries/<int:pk>/peer/", peer_views.peer_request, name="peer_request"),
    path(
        "entries/<int:pk>/peer/<int:request_pk>/revoke/",
        peer_views.peer_revoke,
        name="peer_revoke",
    ),
    path(
        "entries/<int:pk>/peer/<int:request_pk>/use/",
        peer_views.peer_use_takeaway,
        name="peer_use_takeaway",
    ),
    path("peer/<str:token>/", peer_views.peer_confirm, name="peer_confirm"),
]

# Exports for renewal, and a person's own data.
urlpatterns += [
    path("entries/<int:pk>/export.<str:fmt>", export_views.entry_export, name="entry_export"),
    path(
        "entries/<int:pk>/regulator-form/",
        export_views.entry_regulator_form,
        name="entry_regulator_form",
    ),
    path("exports/", export_views.exports, name="exports"),
    path("exports/<int:pk>/", export_views.export_job, name="export_job"),
    path(
        "exports/<int:pk>/download/", export_views.export_job_download, name="export_job_download"
    ),
    path("account/data/", account_data_views.account_data_export, name="account_data_export"),
    path("account/delete/", account_data_views.account_delete, name="account_delete"),
    # Moving jobs: the account file from another journal, read back in here.
    path("account/import/", portable_views.account_import, name="account_import"),
    path(
        "account/import/<int:pk>/",
        portable_views.account_import_done,
        name="account_import_done",
    ),
]

# Readiness for renewal: the copied tick, the renewal checklist and the year laid out to copy.
urlpatterns += [
    path("entries/<int:pk>/copied/", readiness_views.entry_copied, name="entry_copied"),
    path("years/<int:year>/copy/", export_views.year_copy, name="year_copy"),
    path("years/<int:year>/renewal/", readiness_views.renewal_step, name="renewal_step"),
]

# Quick notes: capture in a minute (offline too), and turn into entries.
urlpatterns += [
    path("notes/", note_views.note_list, name="note_list"),
    path("notes/new/", note_views.note_capture, name="note_capture"),
    path("notes/save-passage/", note_views.note_save_passage, name="note_save_passage"),
    path("notes/<int:pk>/entry/", note_views.note_turn_into_entry, name="note_to_entry"),
]

# Offline: the service worker (from the root, so it keeps every page) and its fallback page.
urlpatterns += [
    path("sw.js", note_views.service_worker, name="service_worker"),
    path("offline/", note_views.offline, name="offline"),
]

# Reminder emails: choices, and unsubscribing without signing in.
urlpatterns += [
    path("account/reminders/", reminder_views.reminder_preferences, name="reminder_preferences"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminder_views.reminders_unsubscribe,
        name="reminders_unsubscribe",
    ),
]

# Previous years' records brought in.
urlpatterns += [
    path("entries/import/", import_views.import_start, name="import_start"),
    path("entries/import/columns/", import_views.import_map, name="import_map"),
]
