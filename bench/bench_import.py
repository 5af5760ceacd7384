"""How long importing the bundled corpus takes, fresh and again when nothing changed.

    .venv/bin/python bench/bench_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpd_bench .venv/bin/python bench/bench_import.py

Works on a throwaway test database (created and destroyed here). Target: re-importing
unchanged sources takes under 2 s.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpd.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from corpus import linking, search  # noqa: E402
from corpus.loading import bundled_paths, load_all  # noqa: E402

REPEATS = 5


def _hooks_available() -> bool:
    """Use the real linker and search index when they exist; otherwise time the import alone."""
    try:
        from corpus.standards_loading import load_bundled_standards

        load_bundled_standards()
    except NotImplementedError:
        print("note: standards, linking and search are not implemented yet; timing the import only")
        linking.link_source = lambda source: {"created": 0, "updated": 0, "unchanged": 0}
        search.reindex_source = lambda source: None
        return False
    return True


def _timed(**kwargs) -> tuple[float, list]:
    started = time.perf_counter()
    reports = load_all(**kwargs)
    elapsed = time.perf_counter() - started
    failed = [report for report in reports if not report.ok]
    if failed:
        raise SystemExit("\n".join(str(report.error) for report in failed))
    return elapsed, reports


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        with_hooks = _hooks_available()
        paths = bundled_paths()
        fresh, reports = _timed()
        passages = sum(report.passages for report in reports)
        print(f"sources: {len(paths)}, passages: {passages}, linking+search: {with_hooks}")
        print(f"fresh import of {len(paths)} documents: {fresh * 1000:.0f} ms")
        for report in reports:
            print(f"  {report.slug}: {report.passages} passages")

        skipped = min(_timed()[0] for _ in range(REPEATS))
        print(f"re-import, unchanged (checksum skip): {skipped * 1000:.1f} ms (target < 2000 ms)")
        forced, reports = _timed(force=True)
        changed = sum(report.created + report.changed for report in reports)
        print(f"re-import, unchanged, --force re-parse: {forced * 1000:.0f} ms ({changed} changes)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
