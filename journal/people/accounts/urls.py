"""Account URLs: allauth's under /accounts/, and the old addresses that must keep working."""

from django.urls import include, path

from journal.people.accounts.views import confirm_email, logout, moved

urlpatterns = [
    # Before allauth these were Django's auth views; bookmarks and old emails still arrive.
    path("accounts/password_reset/", moved("account_reset_password"), name="old_password_reset"),
    path(
        "accounts/password_reset/done/",
        moved("account_reset_password_done"),
        name="old_password_reset_done",
    ),
    # An emailed link from before the move cannot be honoured (different keys): ask again.
    path(
        "accounts/reset/<uidb64>/<token>/",
        moved("account_reset_password"),
        name="old_password_reset_confirm",
    ),
    path("accounts/password_change/", moved("account_change_password"), name="old_password_change"),
    path("accounts/logout/", logout, name="account_logout"),
    # Before allauth's own: a link opened in another browser is told why it asks to log in.
    path("accounts/confirm-email/", confirm_email, name="account_email_verification_sent"),
    path("accounts/", include("allauth.urls")),
]
