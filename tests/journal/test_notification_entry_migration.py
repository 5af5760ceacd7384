"""journal 0017: notifications from before it learn their entry from the address they link to."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from journal.models import Notification
from tests.factories import make_entry, make_user

BEFORE = [("journal", "0016_sessions_use_journal_backend")]
AFTER = [("journal", "0017_notification_entry")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_earlier_notifications_are_linked_to_the_entry_their_address_names():
    owner, boss = make_user("owner-0017"), make_user("boss-0017")
    entry = make_entry(owner, title="Before 0017")
    try:
        old = _migrate(BEFORE).get_model("journal", "Notification")
        rows = {
            "review": old.objects.create(
                recipient_id=boss.pk, message="m", url=f"/review/entries/{entry.pk}/"
            ),
            "share": old.objects.create(
                recipient_id=owner.pk, message="m", url=f"/entries/{entry.pk}/share/"
            ),
            "gone": old.objects.create(recipient_id=boss.pk, message="m", url="/entries/99999/"),
            "other": old.objects.create(recipient_id=boss.pk, message="m", url="/supervision/"),
        }

        _migrate(AFTER)

        linked = {name: Notification.objects.get(pk=row.pk).entry_id for name, row in rows.items()}
        assert linked == {"review": entry.pk, "share": entry.pk, "gone": None, "other": None}
        _migrate(BEFORE)  # and back
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
