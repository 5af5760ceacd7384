"""Sessions signed in through journal.accounts.backends carry on after it moved to journal.people.

As in 0016: Django keeps the backend's dotted path in each session and treats a session whose
backend is no longer configured as signed out, which would lose an autosave in flight.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

OLD = "journal.accounts.backends.AuthenticationBackend"
NEW = "journal.people.accounts.backends.AuthenticationBackend"


def _move(apps, old: str, new: str) -> None:
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    _move(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _move(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0018_activity_date_in_london"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
