"""How well an import reads a spreadsheet: its header row, and what each column holds.

.venv/bin/python bench/bench_import_columns.py [--misses]

On tests/journal/year/data/import_headers.yaml: spreadsheet tops people keep (title rows, notes,
blank rows, numbered questions, app exports), each column labelled. The rules
(journal/year/import_columns.yaml) were tuned on the tune part only; the held-out part is the
figure that counts.
"""

import sys

import _django  # noqa: F401  (Django set up: the rules read the entry's activity types)

from tests.journal.year.import_labels import judge, labelled


def main() -> None:
    scores = {part: judge(sheets) for part, sheets in labelled().items()}
    held_out, tune = scores["held_out"], scores["tune"]
    print(f"{'':28} {'held-out':>12} {'tune':>12}")
    for label, get in (
        ("header row found", lambda s: f"{s.header_rows_right}/{s.sheets}"),
        ("columns read right", lambda s: f"{s.columns_right}/{s.columns}"),
        ("column accuracy", lambda s: f"{s.column_accuracy:.2f}"),
        ("sheets wholly right", lambda s: f"{s.sheets_wholly_right}/{s.sheets}"),
    ):
        print(f"{label:28} {get(held_out):>12} {get(tune):>12}")
    if "--misses" in sys.argv:
        for part, score in scores.items():
            for miss in score.misses:
                print(f"  {part}: {miss}")


if __name__ == "__main__":
    main()
