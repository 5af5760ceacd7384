"""Run every benchmark under bench/ and print its figures.

.venv/bin/python bench/run.py            # all, on SQLite
DATABASE_URL=postgres://... bench/run.py  # the same on PostgreSQL
.venv/bin/python bench/run.py search      # only bench_search.py
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(name in s.stem for name in argv)]
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"({script.stem} took {time.perf_counter() - started:.1f} s)", flush=True)
        if result.returncode != 0:
            failed.append(script.stem)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
