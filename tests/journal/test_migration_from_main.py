"""A database made with main before issue 11 migrates with nothing lost.

tests/journal/fixtures/premigration-1f0ca90.sqlite3 was made at commit 1f0ca90: the corpus,
seed_demo, plus an entry signed off with a note and then edited, a conflict version, a change
request with a reply, a binned entry, and an email invitation waiting for an account. The
test copies it, migrates the copy in a separate process (as a deployment would) and compares
every entry, version and sign-off with what the old database held.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.helpers import clean_environ

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "premigration-1f0ca90.sqlite3"

AFTER = """
import json
from journal.models import Entry, EntryVersion, SignOff, Supervision
from journal.review.standing import review_state
out = {
    "entries": sorted([e.pk, e.title, e.description, e.learning, e.notes, e.status,
                       e.deleted_at is not None] for e in Entry.objects.all()),
    "versions": sorted([v.entry_id, v.number, v.kind, v.data] for v in EntryVersion.objects.all()),
    "sign_offs": sorted([s.entry_id, s.version_id, s.note, s.supervisor_id]
                        for s in SignOff.objects.all()),
    "states": {e.title: review_state(e).value for e in Entry.objects.all()},
    "invitations": [s.invitee_label for s in Supervision.objects.filter(status="invited")],
    "sign_offs_match_their_versions": all(
        s.fingerprint == s.version.fingerprint for s in SignOff.objects.all()
    ),
}
print(json.dumps(out, default=str))
"""


def before(path: Path) -> dict:
    db = sqlite3.connect(path)
    entries = db.execute(
        "SELECT id, title, description, learning, notes, status, deleted_at IS NOT NULL "
        "FROM journal_entry"
    ).fetchall()
    versions = db.execute(
        "SELECT entry_id, number, kind, data FROM journal_entryversion"
    ).fetchall()
    sign_offs = db.execute(
        "SELECT entry_id, version_id, note, supervisor_id FROM journal_signoff"
    ).fetchall()
    db.close()
    return {
        "entries": sorted(
            [pk, "" if title == "Untitled draft" else title, *rest[:-1], bool(rest[-1])]
            for pk, title, *rest in entries
        ),
        "versions": sorted([e, n, k, json.loads(d)] for e, n, k, d in versions),
        "sign_offs": sorted(list(row) for row in sign_offs),
    }


@pytest.mark.skipif(not FIXTURE.exists(), reason="fixture database missing")
def test_every_entry_version_and_sign_off_survives_the_migration(tmp_path):
    copy = tmp_path / "old-main.sqlite3"
    shutil.copy(FIXTURE, copy)
    expected = before(copy)
    env = {**clean_environ(), "DATABASE_URL": f"sqlite:///{copy}", "DEBUG": "true"}
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", AFTER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    after = json.loads(result.stdout.strip().splitlines()[-1])
    assert after["entries"] == expected["entries"]
    assert after["versions"] == expected["versions"]
    assert after["sign_offs"] == expected["sign_offs"]
    assert len(after["entries"]) == 8 and len(after["versions"]) == 10
    # Review states come out as the old stored statuses said, now derived.
    assert after["states"]["Signed then edited"] == "changed_since_sign_off"
    assert after["states"]["Changes asked"] == "changes_requested"
    assert after["invitations"] == ["future.boss@example.org"]
    # Fingerprints were re-hashed without private notes, sign-offs with their versions.
    assert after["sign_offs_match_their_versions"]
