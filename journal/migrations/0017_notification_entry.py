"""Notifications record the entry they are about, so the list can name it.

Earlier notifications about an entry link to its review or share page; the entry is taken from
that address where it still exists.
"""

import re

import django.db.models.deletion
from django.db import migrations, models

ENTRY_ADDRESS = re.compile(r"^/(?:review/)?entries/(\d+)/")


def entries_from_addresses(apps, schema_editor):
    Entry = apps.get_model("journal", "Entry")
    Notification = apps.get_model("journal", "Notification")
    by_entry = {}
    for pk, url in Notification.objects.filter(entry__isnull=True).values_list("pk", "url"):
        match = ENTRY_ADDRESS.match(url)
        if match:
            by_entry.setdefault(int(match[1]), []).append(pk)
    for entry_id in Entry.objects.filter(pk__in=by_entry).values_list("pk", flat=True):
        Notification.objects.filter(pk__in=by_entry[entry_id]).update(entry_id=entry_id)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0016_sessions_use_journal_backend"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="entry",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="journal.entry",
            ),
        ),
        migrations.RunPython(entries_from_addresses, migrations.RunPython.noop),
    ]
