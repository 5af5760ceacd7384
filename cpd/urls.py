from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from cpd import views

# The admin signs in through the same door as everyone (allauth: lock-outs, two-factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("journal.people.accounts.urls")),
    path("", include("corpus.urls")),
    path("", include("journal.urls")),
]
