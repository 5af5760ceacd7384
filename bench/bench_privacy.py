"""Recall per kind of identifier and false alarms of the privacy guard.

.venv/bin/python bench/bench_privacy.py [--misses]

On tests/journal/data/privacy_identifiers.yaml: the held-out part (never tuned on) beside the
tune part. A kind counts as caught when every snippet of it is; the target, on the held-out
part, is at least 13 of the 16 kinds and at most 1 false alarm in 14 clean snippets.
"""

import sys

import _django  # noqa: F401  (Django set up, for the names of the library's people)

from journal.entries.privacy import scan
from tests.journal.privacy_labels import judge, labelled, library_names


def main() -> None:
    parts = labelled()
    allowed = library_names()
    scores = {part: judge(snippets, scan, allowed) for part, snippets in parts.items()}
    held_out, tune = scores["held_out"], scores["tune"]
    print(f"{'kind':28} {'held-out':>9} {'tune':>9}")
    for kind in held_out.total:
        cells = [f"{s.caught[kind]}/{s.total[kind]}" for s in (held_out, tune)]
        print(f"{kind:28} {cells[0]:>9} {cells[1]:>9}")
    for label, get in (
        ("kinds wholly caught", lambda s: f"{s.kinds_caught}/{len(s.total)}"),
        ("snippets caught", lambda s: f"{sum(s.caught.values())}/{sum(s.total.values())}"),
        ("false alarms, clean snippets", lambda s: f"{s.clean_alarms}/{len(s.clean_texts)}"),
        ("false alarms, all snippets", lambda s: str(len(s.false_alarms))),
    ):
        print(f"{label:28} {get(held_out):>9} {get(tune):>9}")
    for part, score in scores.items():
        for found, text in score.false_alarms:
            print(f"  false alarm ({part}): {found!r} in {text!r}")
        for miss in score.misses if "--misses" in sys.argv else ():
            print(f"  missed ({part}): {miss}")


if __name__ == "__main__":
    main()
