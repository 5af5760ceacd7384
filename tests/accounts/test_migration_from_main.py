"""Existing accounts survive the move to allauth.

`data/main-2026-12-01.sql` is a database made by main before the move (sqlite3 .dump):
"Priya.nq" (signed up on a phone), "priya.NQ" (a second account that differs only by case),
"sam" (no email address) and an invitation waiting for new.boss@example.org. The test
migrates a copy with this code, in a separate process as a deployment would, then signs in.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.ops.helpers import ROOT, clean_environ

FIXTURE = Path(__file__).parent / "data" / "main-2026-12-01.sql"

CHECK = """
from django.test import Client
from allauth.account.models import EmailAddress
from journal.models import User

def signs_in(login, password):
    client = Client()
    response = client.post("/accounts/login/", {"login": login, "password": password})
    return response.status_code == 302 and client.get("/dashboard/").status_code == 200

assert signs_in("priya.nq", "signed-up-on-a-phone-2026"), "username, any case"
assert signs_in("priya@example.org", "signed-up-on-a-phone-2026"), "email"
assert signs_in("sam", "no-email-on-file-2026"), "no address on file"
renamed = User.objects.get(email="other.priya@example.org")
assert renamed.username == f"priya.NQ-{renamed.pk}", renamed.username
assert signs_in("other.priya@example.org", "a-second-priya-pass-77"), "renamed, by email"
addresses = EmailAddress.objects.order_by("email")
assert [(a.email, a.verified, a.primary) for a in addresses] == [
    ("other.priya@example.org", False, True),
    ("priya@example.org", False, True),
], list(addresses.values_list("email", "verified"))
assert User.objects.filter(joined_before_verification=True).count() == 3
print("ALL GOOD")
"""


def test_a_database_from_main_migrates_and_everyone_signs_in_with_the_same_password(tmp_path):
    database = tmp_path / "from-main.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.executescript(FIXTURE.read_text())
    env = {
        **clean_environ(),
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "Username clash: 'priya.NQ'" in migrate.stdout  # reported to whoever deploys
    check = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CHECK],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert "ALL GOOD" in check.stdout, check.stdout + check.stderr
