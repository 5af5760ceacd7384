"""The menu's figures are read with the signed-in person, and are right however they are read."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from journal import navigation
from journal.context_processors import navigation_bar
from journal.models import Notification, Supervision, SupervisionSession
from journal.people.accounts.backends import AuthenticationBackend
from tests.factories import make_session, make_supervision, make_user

pytestmark = pytest.mark.django_db


def _world():
    worker, boss, invited = make_user("worker"), make_user("boss"), make_user("invited")
    make_supervision(worker, boss)
    make_supervision(worker, invited, status=Supervision.Status.INVITED)
    Notification.objects.create(recipient=boss, message="Unread one")
    Notification.objects.create(recipient=boss, message="Unread two")
    Notification.objects.create(recipient=boss, message="Read", read_at=timezone.now())
    return worker, boss, invited


def _figures(user):
    return (user.nav_unread, user.nav_supervises)


def _dashboard_figures(user):
    return (user.nav_invited, user.nav_has_supervisor, user.nav_to_confirm)


def test_the_backend_reads_the_person_with_the_figures(django_assert_num_queries):
    worker, boss, invited = _world()
    backend = AuthenticationBackend()
    with django_assert_num_queries(1):
        assert _figures(backend.get_user(boss.pk)) == (2, True)
    assert _figures(backend.get_user(invited.pk)) == (0, False)
    assert _figures(backend.get_user(worker.pk)) == (0, False)
    worker.is_active = False
    worker.save()
    assert backend.get_user(worker.pk) is None


def test_a_person_read_another_way_gets_the_same_figures(django_assert_num_queries):
    _, boss, _ = _world()
    request = RequestFactory().get("/")
    request.user = boss  # as from authenticate(), without the figures
    with django_assert_num_queries(1):
        assert navigation_bar(request) == {"nav_unread": 2, "nav_supervises": True}
    assert _figures(navigation.of(boss)) == (2, True)


def test_the_dashboards_figures_are_read_once_in_one_query(django_assert_num_queries):
    worker, boss, invited = _world()
    backend = AuthenticationBackend()
    for person, expected in [
        (boss, (False, False, False)),
        (invited, (True, False, False)),
        (worker, (False, True, False)),
    ]:
        user = backend.get_user(person.pk)
        with django_assert_num_queries(1):
            assert _dashboard_figures(navigation.for_dashboard(user)) == expected
        with django_assert_num_queries(0):
            assert _dashboard_figures(navigation.for_dashboard(user)) == expected
    assert not hasattr(backend.get_user(boss.pk), "nav_invited")  # not on every page


def test_a_record_to_confirm_is_a_dashboard_figure(django_assert_num_queries):
    worker, boss, _ = _world()
    link = Supervision.objects.get(supervisee=worker, supervisor=boss)
    make_session(link, datetime.date(2026, 11, 2), status=SupervisionSession.Status.RECORDED)
    user = navigation.for_dashboard(worker)  # read another way: every figure read
    assert (_figures(user), _dashboard_figures(user)) == ((0, False), (False, True, True))


def test_the_badge_counts_down_on_the_next_page_once_notifications_are_read(client):
    _, boss, _ = _world()
    client.force_login(boss)
    assert client.get("/dashboard/").context["nav_unread"] == 2
    Notification.objects.update(read_at=timezone.now())
    assert client.get("/dashboard/").context["nav_unread"] == 0


def test_the_menu_button_says_how_many_are_unread_where_the_bar_is_folded(client):
    _, boss, _ = _world()
    client.force_login(boss)
    page = client.get("/dashboard/").content.decode()
    assert 'aria-label="Menu: 2 unread notifications"' in page
    assert 'nav-toggler-unread" aria-hidden="true">2</span>' in page
    Notification.objects.update(read_at=timezone.now())
    page = client.get("/dashboard/").content.decode()
    assert 'aria-label="Menu"' in page and "nav-toggler-unread" not in page


def test_opening_an_unread_notification_marks_it_read(client):
    _, boss, _ = _world()
    note = Notification.objects.filter(recipient=boss, read_at__isnull=True).first()
    note.url = "/supervision/"
    note.save()
    client.force_login(boss)
    page = client.get("/notifications/").content.decode()
    assert f'action="/notifications/{note.pk}/read/"' in page and 'name="open" value="1"' in page
    response = client.post(f"/notifications/{note.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/supervision/"
    note.refresh_from_db()
    assert note.read_at is not None
    page = client.get("/notifications/").content.decode()
    assert f'<a href="/supervision/">{note.message}</a>' in page  # read: a plain link now


def test_the_navigation_counts_unread_notifications_and_links_supervision(owner, owner_client):
    Notification.objects.create(recipient=owner, message="One", url="/")
    Notification.objects.create(recipient=owner, message="Two", url="/")
    Notification.objects.create(recipient=owner, message="Read", url="/", read_at=timezone.now())
    page = owner_client.get(reverse("journal:entry_list")).content.decode()
    nav = page[page.index('aria-label="Main"') : page.index("</nav>")]
    assert 'data-unread="2"' in nav
    assert reverse("journal:supervision") in nav and reverse("journal:notifications") in nav
    assert reverse("journal:team") not in nav  # supervises no one


def test_a_supervisor_sees_review_and_team_in_the_navigation(link, supervisor_client):
    page = supervisor_client.get(reverse("journal:dashboard")).content.decode()
    nav = page[page.index('aria-label="Main"') : page.index("</nav>")]
    assert reverse("journal:review_queue") in nav
    queue = supervisor_client.get(reverse("journal:review_queue")).content.decode()
    assert reverse("journal:team") in queue
