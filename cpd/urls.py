from django.contrib import admin
from django.urls import include, path

from cpd import views
from journal.views import accounts as account_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/signup/", account_views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("corpus.urls")),
    path("", include("journal.urls")),
]
