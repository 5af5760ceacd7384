"""Helpers for operations tests that run real processes against PostgreSQL."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]


def postgres_url_or_skip() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    return url


def url_for_database(url: str, name: str) -> str:
    config = dj_database_url.parse(url)
    auth = config["USER"] or "postgres"
    if config.get("PASSWORD"):
        auth += f":{config['PASSWORD']}"
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"


def psql_args(url: str) -> list[str]:
    config = dj_database_url.parse(url)
    return [
        "-h",
        config["HOST"] or "127.0.0.1",
        "-p",
        str(config["PORT"] or 5432),
        "-U",
        config["USER"] or "postgres",
    ]


def recreate_database(url: str, name: str) -> str:
    args = psql_args(url)
    subprocess.run(
        ["dropdb", *args, "--if-exists", "--force", name], check=True, capture_output=True
    )
    subprocess.run(["createdb", *args, name], check=True, capture_output=True)
    return url_for_database(url, name)


def drop_database(url: str, name: str) -> None:
    subprocess.run(["dropdb", *psql_args(url), "--if-exists", "--force", name], capture_output=True)


def clean_environ() -> dict:
    """This process's environment without the browser tests' async-unsafe flag."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    full_env = {**clean_environ(), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_server(port: int, env: dict):
    """A production-style gunicorn process on 127.0.0.1:port; stopped on exit."""
    full_env = {**clean_environ(), "WEB_CONCURRENCY": "1", **env, "BIND": f"127.0.0.1:{port}"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "cpd.wsgi:application", "--config", "cpd/gunicorn.conf.py"],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
