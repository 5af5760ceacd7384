"""The database table behind the default cache, where allauth's rate limits are shared by every
process and server (settings.CACHES). A migration, so that every `migrate` (a release, a fresh
laptop, a benchmark's scratch database) has it; createcachetable skips a table that exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("journal", "0019_sessions_follow_accounts_into_people")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
