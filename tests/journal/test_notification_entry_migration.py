"""journal 0017: notifications from before it learn their entry from the address they link to."""

import pytest

from journal.models import Notification
from tests.factories import make_entry, make_user
from tests.migrating import latest, migrate_to

BEFORE = [("journal", "0016_sessions_use_journal_backend")]
AFTER = [("journal", "0017_notification_entry")]


@pytest.mark.django_db(transaction=True)
def test_earlier_notifications_are_linked_to_the_entry_their_address_names():
    owner, boss = make_user("owner-0017"), make_user("boss-0017")
    entry = make_entry(owner, title="Before 0017")
    try:
        old = migrate_to(BEFORE).get_model("journal", "Notification")
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

        migrate_to(AFTER)

        linked = {name: Notification.objects.get(pk=row.pk).entry_id for name, row in rows.items()}
        assert linked == {"review": entry.pk, "share": entry.pk, "gone": None, "other": None}
        migrate_to(BEFORE)  # and back
    finally:
        migrate_to(latest())
