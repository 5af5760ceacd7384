"""Load check: the production server under rising logged-in traffic, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load_check.py

Creates a scratch database, starts gunicorn on 127.0.0.1 with production settings, and drives
a bounded mix (dashboard, entry list, search, save draft) from this separate process for 60 s
at concurrency 1, 2, 4 and 8. Prints throughput, p95 latency and errors per step, then checks
that every draft saved is in the database. Only loopback addresses are used.
"""

import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ops.helpers import (  # noqa: E402
    app_server,
    drop_database,
    free_port,
    manage,
    postgres_url_or_skip,
    recreate_database,
)

DATABASE = "cpd_load_check"
STEPS = (1, 2, 4, 8)
SECONDS_PER_STEP = 15
PASSWORD = "load-check-pass-phrase-77"


class Session:
    """A logged-in client with its own cookies; the proxy header marks requests as HTTPS."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": username, "password": PASSWORD},
        )
        assert "sessionid" in self.cookies, "login failed"

    def request(self, method, path, form=None, expect=(200, 302)):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "X-Forwarded-Proto": "https",
            "Host": "127.0.0.1",
            "Referer": "https://127.0.0.1/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        if response.status not in expect:
            raise RuntimeError(f"{method} {path} -> {response.status}")
        return data


def worker(port, username, deadline, latencies, errors, saved, lock):
    try:
        session = Session(port, username)
    except Exception as error:
        with lock:
            errors.append(f"login: {error}")
        return
    import json

    draft = json.loads(
        session.request(
            "POST",
            "/entries/autosave/",
            {"title": f"Load {username}", "activity_date": "2026-06-01"},
        )
    )
    revision, entry_id, n = draft["revision"], draft["id"], 0
    mix = ["/dashboard/", "/entries/", "/search/?q=supervision+reflection", "save"]
    while time.monotonic() < deadline:
        target = mix[n % len(mix)]
        n += 1
        started = time.perf_counter()
        try:
            if target == "save":
                text = f"Draft text {n} from {username}"
                body = json.loads(
                    session.request(
                        "POST",
                        f"/entries/{entry_id}/autosave/",
                        {
                            "title": f"Load {username}",
                            "learning": text,
                            "activity_date": "2026-06-01",
                            "revision": revision,
                        },
                    )
                )
                revision = body["revision"]
                saved[username] = (entry_id, text)
            else:
                session.request("GET", target, expect=(200,))
        except Exception as error:
            with lock:
                errors.append(f"{target}: {error}")
            continue
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)


def main():
    base_url = (
        postgres_url_or_skip()
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else None
    )
    if base_url is None:
        print(
            "load_check needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
        )
        return 0
    url = recreate_database(base_url, DATABASE)
    env = {
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "load-check-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "AXES_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
    }
    try:
        manage("migrate", "--no-input", env=env)
        manage("collectstatic", "--no-input", env=env)
        manage("import_corpus", env=env)
        users = [f"load{n}" for n in range(max(STEPS))]
        creation = (
            "from journal.models import User\n"
            "from allauth.account.models import EmailAddress\n"
            + "".join(
                f"u = User.objects.create_user({u!r}, '{u}@example.org', {PASSWORD!r})\n"
                "EmailAddress.objects.create(user=u, email=u.email, primary=True, verified=True)\n"
                for u in users
            )
        )
        manage("shell", "-c", creation, env=env)
        port = free_port()
        saved: dict[str, tuple[int, str]] = {}
        total_errors = 0
        with app_server(port, {**env, "WEB_CONCURRENCY": "2"}):
            print(
                f"{'concurrency':>11} {'requests':>9} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} {'errors':>7}"
            )
            for concurrency in STEPS:
                latencies, errors, lock = [], [], threading.Lock()
                deadline = time.monotonic() + SECONDS_PER_STEP
                threads = [
                    threading.Thread(
                        target=worker,
                        args=(port, users[i], deadline, latencies, errors, saved, lock),
                    )
                    for i in range(concurrency)
                ]
                started = time.monotonic()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=SECONDS_PER_STEP + 60)
                elapsed = time.monotonic() - started
                ordered = sorted(latencies) or [0.0]
                p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
                print(
                    f"{concurrency:>11} {len(latencies):>9} {len(latencies) / elapsed:>7.1f} {statistics.median(ordered):>10.1f} {p95:>8.1f} {len(errors):>7}"
                )
                total_errors += len(errors)
                for error in errors[:5]:
                    print(f"    error: {error}")
        check = (
            "from journal.models import Entry\n"
            + "".join(
                f"assert Entry.objects.get(pk={pk}).learning == {text!r}, {pk}\n"
                for pk, text in saved.values()
            )
            + "print('ok')"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", check],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        lost = 0 if result.stdout.strip().endswith("ok") else 1
        print(
            f"drafts saved and found again: {len(saved)} users, lost: {lost}; request errors: {total_errors}"
        )
        return 1 if (lost or total_errors) else 0
    finally:
        drop_database(base_url, DATABASE)


if __name__ == "__main__":
    sys.exit(main())
