import sqlite3
import time
from unittest import mock

import pytest
from django.db import DatabaseError, connection

from cpd.views import sqlite_accepts_writes


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_unreachable_database(client, db):
    with mock.patch("cpd.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_a_write_locked_sqlite_database_is_reported(tmp_path):
    path = tmp_path / "db.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    assert sqlite_accepts_writes(str(path))
    holder.execute("BEGIN IMMEDIATE")  # another process is writing, or stuck mid-write
    try:
        started = time.perf_counter()
        assert not sqlite_accepts_writes(str(path), timeout=0.2)
        assert time.perf_counter() - started < 2
        assert holder.execute("SELECT count(*) FROM t").fetchone() == (0,)  # reads still work
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sqlite_accepts_writes(str(path))


def test_the_write_check_never_creates_a_database(tmp_path):
    assert not sqlite_accepts_writes(str(tmp_path / "missing.sqlite3"))
    assert not (tmp_path / "missing.sqlite3").exists()


def test_healthz_is_503_while_sqlite_refuses_writes(client, db):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock to check")
    with (
        mock.patch("cpd.views.connection.is_in_memory_db", return_value=False),
        mock.patch("cpd.views.sqlite_accepts_writes", return_value=False),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "locked"
