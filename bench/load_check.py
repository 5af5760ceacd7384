"""Load check: production servers and task workers under a realistic mix with large exports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/load_check.py

Creates a scratch PostgreSQL database, then runs bounded phases against gunicorn on 127.0.0.1
(production settings, two workers per app server) and `manage.py task_worker` task workers,
driving the mix (dashboard, entry list, an entry, search, autosave) from this separate process:

  S1 one app server + one task worker: the mix flat out (no pauses), 8 clients: capacity
  A  the same node, 4 clients pausing 0.25 s between requests (a realistic, unsaturated load)
  B  A while six people start a large PDF export (100 entries each) at once
  S2 two app servers + two task workers on the same database: the mix flat out, 8 clients
  C  two nodes, 8 pausing clients, no exports
  D  C while six large exports run

Each phase prints requests, throughput, median and p95 latency, errors, web-worker memory
(start, max, end), task-worker memory, exports finished and their rate, and the database's
connections and lock waits. Targets (issue 15): no request errors, p95 with exports at most
2x without, web memory flat, every export finishing. Then it checks every saved draft is in
the database. Only loopback addresses are used; every loop is bounded by a deadline.
"""

import contextlib
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from tests.ops.helpers import (  # noqa: E402
    app_server,
    clean_environ,
    drop_database,
    free_port,
    manage,
    postgres_url_or_skip,
    recreate_database,
)

DATABASE = "cpd_load_check"
PASSWORD = "load-check-pass-phrase-77"
MIX_USERS = 8
EXPORTERS = 6
ENTRIES_PER_EXPORT = 100
PHASE_SECONDS = 30
SATURATION_SECONDS = 20
THINK_SECONDS = 0.25  # between one client's requests in the realistic phases
EXPORT_TIMEOUT = 420  # seconds: a phase ends by then whatever happens
POLL_SECONDS = 5  # the progress page refreshes itself this often


class Session:
    """A logged-in client with its own cookies; the proxy header marks requests as HTTPS."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.cookies: dict[str, str] = {}
        page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": username, "password": PASSWORD},
        )
        assert "sessionid" in self.cookies, "login failed"

    def request(self, method, path, form=None, expect=(200, 302), want_headers=False):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
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
        return (data, dict(response.getheaders())) if want_headers else data


class Phase:
    """What one phase measured, filled in by the threads that drive it."""

    def __init__(self, name: str):
        self.name = name
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.export_seconds: list[float] = []
        self.export_failures: list[str] = []
        self.web_rss: list[int] = []
        self.worker_rss: list[int] = []
        self.connections: list[int] = []
        self.lock_waits: list[int] = []
        self.lock = threading.Lock()
        self.elapsed = 0.0

    def p95(self) -> float:
        ordered = sorted(self.latencies) or [0.0]
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def mix_user(port, username, stop, phase, saved, think, ready, go):
    """Log in (outside the measured window: a login is a deliberately slow hash), then loop."""
    try:
        session = Session(port, username)
        draft = json.loads(
            session.request(
                "POST",
                "/entries/autosave/",
                {"title": f"Load {username}", "activity_date": "2026-06-01"},
            )
        )
    except Exception as error:
        with phase.lock:
            phase.errors.append(f"login: {error}")
        ready.release()
        return
    ready.release()
    go.wait(timeout=300)
    revision, entry_id, n = draft["revision"], draft["id"], 0
    mix = [
        "/dashboard/",
        "/entries/",
        f"/entries/{entry_id}/",
        "/search/?q=supervision+reflection",
        "save",
    ]
    while not stop.wait(think):
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
            with phase.lock:
                phase.errors.append(f"{target}: {error}")
            continue
        with phase.lock:
            phase.latencies.append((time.perf_counter() - started) * 1000)


def exporter(port, username, year, deadline, phase):
    """Start a large PDF export, then poll its page as the browser would, until it ends."""
    try:
        session = Session(port, username)
        started = time.monotonic()
        _, headers = session.request(
            "POST", "/exports/", {"year": year, "format": "pdf"}, want_headers=True
        )
        job_path = headers["Location"]
        while time.monotonic() < deadline:
            page = session.request("GET", job_path, expect=(200,)).decode()
            if "is ready" in page:
                session.request("GET", job_path + "download/", expect=(200,))
                with phase.lock:
                    phase.export_seconds.append(time.monotonic() - started)
                return
            if "alert-danger" in page:
                raise RuntimeError(re.search(r'alert-danger">([^<]*)', page).group(1))
            time.sleep(POLL_SECONDS)
        raise RuntimeError("not finished by the deadline")
    except Exception as error:
        with phase.lock:
            phase.export_failures.append(f"{username}: {error}")


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def sampler(stop, phase, masters, workers, database_url):
    """Once a second: web and task-worker memory, database connections and lock waits."""
    with psycopg.connect(database_url, autocommit=True) as db:
        while not stop.wait(1.0):
            web = sum(rss_kb(child) for master in masters for child in children(master))
            task = max((rss_kb(p) for w in workers for p in [w, *children(w)]), default=0)
            row = db.execute(
                "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock') "
                "FROM pg_stat_activity WHERE datname = current_database()"
            ).fetchone()
            with phase.lock:
                phase.web_rss.append(web)
                phase.worker_rss.append(task)
                phase.connections.append(row[0] - 1)  # not this sampler
                phase.lock_waits.append(row[1])


@contextlib.contextmanager
def task_workers(count: int, env: dict):
    """`manage.py task_worker` processes, niced as docs/deploy.md recommends on shared nodes."""
    processes = [
        subprocess.Popen(
            ["nice", "-n", "10", sys.executable, "manage.py", "task_worker", "--no-reload",
             "--no-startup-delay", "--interval", "0.5", "--worker-id", f"load-check-{n}"],
            cwd=ROOT,
            env={**clean_environ(), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]  # fmt: skip
    try:
        yield [p.pid for p in processes]
    finally:
        for process in processes:  # the first SIGTERM lets a task finish, the second stops it
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            process.kill()
            process.wait()


def run_phase(name, ports, masters, workers, env, saved, *, concurrency, exports, year, think):
    phase = Phase(name)
    stop, go, ready = threading.Event(), threading.Event(), threading.Semaphore(0)
    deadline = time.monotonic() + EXPORT_TIMEOUT
    sampling = threading.Thread(
        target=sampler, args=(stop, phase, masters, workers, env["DATABASE_URL"]), daemon=True
    )
    sampling.start()
    time.sleep(1.5)  # a first memory sample before any load
    users = [
        threading.Thread(
            target=mix_user,
            args=(ports[n % len(ports)], f"mix{n}", stop, phase, saved, think, ready, go),
            daemon=True,  # an interrupted check exits instead of waiting for its clients
        )
        for n in range(concurrency)
    ]
    exporters = [
        threading.Thread(
            target=exporter,
            args=(ports[n % len(ports)], f"exporter{n}", year, deadline, phase),
            daemon=True,
        )
        for n in range(EXPORTERS if exports else 0)
    ]
    for thread in users:
        thread.start()
    for _ in users:
        ready.acquire(timeout=300)
    go.set()
    started = time.monotonic()
    for thread in exporters:
        thread.start()
    time.sleep(PHASE_SECONDS if think else SATURATION_SECONDS)
    for thread in exporters:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    phase.elapsed = time.monotonic() - started
    with phase.lock:
        phase.export_failures += [
            f"{thread.name}: still running at the deadline"
            for thread in exporters
            if thread.is_alive()
        ]
    stop.set()
    for thread in [*users, sampling]:
        thread.join(timeout=120)
    return phase


def report(phase: Phase, workers: int) -> None:
    ordered = sorted(phase.latencies) or [0.0]
    web = [kb for kb in phase.web_rss if kb] or [0]
    line = (
        f"{phase.name}: {len(phase.latencies)} requests, {len(phase.latencies) / phase.elapsed:.1f}"
        f" req/s, median {statistics.median(ordered):.0f} ms, p95 {phase.p95():.0f} ms,"
        f" errors {len(phase.errors)}; web workers RSS {web[0] / 1024:.0f} -> median"
        f" {statistics.median(web) / 1024:.0f}, max {max(web) / 1024:.0f} ->"
        f" {web[-1] / 1024:.0f} MB; task worker max RSS"
        f" {max(phase.worker_rss or [0]) / 1024:.0f} MB; db connections max"
        f" {max(phase.connections or [0])}, lock waits max {max(phase.lock_waits or [0])}"
    )
    print(line, flush=True)
    if phase.export_seconds or phase.export_failures:
        done = len(phase.export_seconds)
        last = max(phase.export_seconds or [0])
        rate = 60 * done / last / workers if last else 0
        print(
            f"    exports: {done}/{EXPORTERS} finished, slowest {last:.0f} s after it was"
            f" started; {rate:.1f} PDF exports per minute per task worker; failures:"
            f" {phase.export_failures or 'none'}",
            flush=True,
        )
    for error in phase.errors[:5]:
        print(f"    error: {error}")


SEED = """
import datetime
from allauth.account.models import EmailAddress
from journal.models import Entry, User
from journal.year.registration import RegistrationYear
year = RegistrationYear.current()
def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
for n in range({mix}):
    verified(User.objects.create_user(f"mix{{n}}", f"mix{{n}}@example.org", {password!r}))
for n in range({exporters}):
    user = User.objects.create_user(
        f"exporter{{n}}", f"exporter{{n}}@example.org", {password!r}, display_name=f"Exporter {{n}}"
    )
    verified(user)
    Entry.objects.bulk_create(
        Entry(
            owner=user,
            title=f"Reflection {{k}}",
            activity_date=year.start + datetime.timedelta(days=k * 3),
            description="I listened to a podcast on **supervision**.\\n\\n- one\\n- two\\n" * 3,
            learning="What I learnt. " * 40,
            impact="The impact on my practice. " * 40,
            status="complete",
        )
        for k in range({entries})
    )
print(year.end.year)
"""


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "load_check needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
        )
        return 0
    base_url = postgres_url_or_skip()
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
        "SITE_URL": "https://127.0.0.1",
    }
    saved: dict[str, tuple[int, str]] = {}
    phases = []
    try:
        manage("migrate", "--no-input", env=env)
        manage("collectstatic", "--no-input", env=env)
        manage("import_corpus", env=env)
        seed = SEED.format(
            mix=MIX_USERS, exporters=EXPORTERS, entries=ENTRIES_PER_EXPORT, password=PASSWORD
        )
        year = int(manage("shell", "-c", seed, env=env).stdout.split()[-1])
        print(
            f"{os.cpu_count()} cores; {EXPORTERS} exporters x {ENTRIES_PER_EXPORT} entries;"
            f" {PHASE_SECONDS} s phases (exports phases last until the exports end)",
            flush=True,
        )
        first_port, second_port = free_port(), free_port()
        one_node = (
            ("S1 1 node, flat out", 8, False, 0.0),
            ("A 1 node, no exports", 4, False, THINK_SECONDS),
            ("B 1 node, 6 exports", 4, True, THINK_SECONDS),
        )
        two_nodes = (
            ("S2 2 nodes, flat out", 8, False, 0.0),
            ("C 2 nodes, no exports", 8, False, THINK_SECONDS),
            ("D 2 nodes, 6 exports", 8, True, THINK_SECONDS),
        )
        with app_server(first_port, env), task_workers(1, env) as workers:
            masters = [_master_pid(first_port)]
            for name, concurrency, exports, think in one_node:
                phase = run_phase(
                    name, [first_port], masters, workers, env, saved,
                    concurrency=concurrency, exports=exports, year=year, think=think,
                )  # fmt: skip
                report(phase, workers=1)
                phases.append(phase)
            with app_server(second_port, env), task_workers(1, env) as more:
                masters.append(_master_pid(second_port))
                for name, concurrency, exports, think in two_nodes:
                    phase = run_phase(
                        name, [first_port, second_port], masters, workers + more, env, saved,
                        concurrency=concurrency, exports=exports, year=year, think=think,
                    )  # fmt: skip
                    report(phase, workers=2)
                    phases.append(phase)
        check = (
            "from journal.models import Entry\n"
            + "".join(
                f"assert Entry.objects.get(pk={pk}).learning == {text!r}, {pk}\n"
                for pk, text in saved.values()
            )
            + "print('ok')"
        )
        lost = 0 if manage("shell", "-c", check, env=env).stdout.strip().endswith("ok") else 1
    finally:
        drop_database(base_url, DATABASE)
    errors = sum(len(p.errors) for p in phases)
    unfinished = sum(len(p.export_failures) for p in phases)
    _, a, b, _, c, d = phases
    worst_ratio = max(b.p95() / max(a.p95(), 1), d.p95() / max(c.p95(), 1))
    print(
        f"drafts saved and found again: {len(saved)} users, lost: {lost}; request errors:"
        f" {errors}; exports not finished: {unfinished}; p95 with exports / without: "
        f"{b.p95() / max(a.p95(), 1):.2f}x (1 node), {d.p95() / max(c.p95(), 1):.2f}x (2 nodes)"
    )
    return 1 if (lost or errors or unfinished or worst_ratio > 2) else 0


def _master_pid(port: int) -> int:
    """The gunicorn master listening on `port` (the app_server helper's process)."""
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            pid = int(status.parent.name)
            serves_port = f"127.0.0.1:{port}".encode() in Path(f"/proc/{pid}/environ").read_bytes()
            if b"gunicorn" in status.read_bytes() and serves_port and children(pid):
                return pid
    raise RuntimeError(f"no gunicorn master on port {port}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the servers and database go too
    sys.exit(main())
