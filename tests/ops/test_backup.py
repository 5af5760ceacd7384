"""The documented backup works: pg_dump, restore into a fresh database, every entry is there."""

import subprocess

import pytest

from tests.ops.helpers import (
    drop_database,
    manage,
    postgres_url_or_skip,
    psql_args,
    recreate_database,
)

pytestmark = pytest.mark.postgres

SOURCE_DB = "cpd_ops_backup_source"
RESTORED_DB = "cpd_ops_backup_restored"

CREATE_ENTRIES = """
from journal.models import User, Entry
from corpus.models import Source
user = User.objects.create_user('backup', password='a-strong-pass-phrase-77')
for n in range(25):
    Entry.objects.create(owner=user, title=f'Entry {n} – reflection £ ü', learning='x' * n)
print(Entry.objects.count())
"""

COUNT_ENTRIES = """
from journal.models import Entry
print(Entry.objects.count(), sorted(Entry.objects.values_list('title', flat=True))[:2])
"""


def test_dump_and_restore_keeps_every_entry(tmp_path):
    base_url = postgres_url_or_skip()
    source_url = recreate_database(base_url, SOURCE_DB)
    restored_url = recreate_database(base_url, RESTORED_DB)
    dump = tmp_path / "cpd.dump"
    try:
        manage("migrate", "--no-input", env={"DATABASE_URL": source_url})
        created = manage("shell", "-c", CREATE_ENTRIES, env={"DATABASE_URL": source_url})
        assert created.stdout.strip().splitlines()[-1] == "25"

        # The commands docs/operations.md documents.
        args = psql_args(base_url)
        subprocess.run(
            ["pg_dump", *args, "--format=custom", "--no-owner", f"--file={dump}", SOURCE_DB],
            check=True,
        )
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--exit-on-error",
                f"--dbname={RESTORED_DB}",
                str(dump),
            ],
            check=True,
        )

        restored = manage("shell", "-c", COUNT_ENTRIES, env={"DATABASE_URL": restored_url})
        assert restored.stdout.strip().splitlines()[-1].startswith("25 ['Entry 0 – reflection £ ü'")
        # The restored database is complete: nothing left to migrate.
        plan = manage("migrate", "--plan", env={"DATABASE_URL": restored_url})
        assert "No planned migration operations" in plan.stdout
    finally:
        drop_database(base_url, SOURCE_DB)
        drop_database(base_url, RESTORED_DB)
