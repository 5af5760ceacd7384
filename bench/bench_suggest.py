"""Accuracy of the standards suggester on the labelled reflections in tests/corpus/data/.

.venv/bin/python bench/bench_suggest.py
"""

from pathlib import Path

import yaml
from _django import throwaway_database

DATA = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "data" / "reflections.yaml"


def main():
    with throwaway_database():
        from corpus.linking import suggest
        from corpus.standards_loading import load_bundled_standards

        load_bundled_standards()
        cases = yaml.safe_load(DATA.read_text())
        top1 = top3 = 0
        misses = []
        for case in cases:
            ranked = [s.standard for s in suggest(case["text"], limit=3)]
            top1 += bool(ranked) and ranked[0] == case["standard"]
            top3 += case["standard"] in ranked
            if not ranked or ranked[0] != case["standard"]:
                misses.append(f"  expected {case['standard']}, got {ranked}: {case['text'][:70]}")
        print(f"reflections: {len(cases)}")
        print(f"top-1 accuracy: {top1 / len(cases):.2f}")
        print(f"top-3 accuracy: {top3 / len(cases):.2f}")
        print("top-1 misses:")
        print("\n".join(misses) or "  none")


if __name__ == "__main__":
    main()
