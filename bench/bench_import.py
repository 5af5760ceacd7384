"""How long importing the bundled corpus takes, fresh and again when nothing changed.

    .venv/bin/python bench/bench_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpd_bench .venv/bin/python bench/bench_import.py

Works on a throwaway test database (created and destroyed here). The import includes
linking to the standards and the search index. Target: re-importing unchanged sources
takes under 2 s.
"""

import time

from _django import throwaway_database

from corpus.loading import load_all
from corpus.source_files import bundled_paths
from corpus.standards_loading import load_bundled_standards

REPEATS = 5


def _timed(**kwargs) -> tuple[float, list]:
    started = time.perf_counter()
    reports = load_all(**kwargs)
    elapsed = time.perf_counter() - started
    failed = [report for report in reports if not report.ok]
    if failed:
        raise SystemExit("\n".join(str(report.error) for report in failed))
    return elapsed, reports


def main() -> None:
    with throwaway_database():
        load_bundled_standards()
        paths = bundled_paths()
        fresh, reports = _timed()
        passages = sum(report.passages for report in reports)
        print(f"sources: {len(paths)}, passages: {passages}")
        print(f"fresh import of {len(paths)} documents: {fresh * 1000:.0f} ms")
        for report in reports:
            print(f"  {report.slug}: {report.passages} passages")

        skipped = min(_timed()[0] for _ in range(REPEATS))
        print(f"re-import, unchanged (checksum skip): {skipped * 1000:.1f} ms (target < 2000 ms)")
        forced, reports = _timed(force=True)
        changed = sum(report.created + report.changed for report in reports)
        print(f"re-import, unchanged, --force re-parse: {forced * 1000:.0f} ms ({changed} changes)")


if __name__ == "__main__":
    main()
