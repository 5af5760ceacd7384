"""Accuracy of the standards suggester on the labelled reflections in tests/corpus/data/.

.venv/bin/python bench/bench_suggest.py

Each reflection is labelled with its main standard and the statement that fits best. Prints
standard-level top-1 and top-3 accuracy, statement-level accuracy (the statement offered for
the right standard is the labelled one) and how many suggestions a reflection gets.
"""

from pathlib import Path

import yaml
from _django import throwaway_database

DATA = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "data" / "reflections.yaml"


def measure(cases, suggest) -> dict:
    top1 = top3 = statement1 = statement3 = offered = 0
    misses = []
    for case in cases:
        suggestions = suggest(case["text"])
        ranked = [s.standard for s in suggestions]
        offered += len(suggestions)
        top1 += bool(ranked) and ranked[0] == case["standard"]
        top3 += case["standard"] in ranked
        statements = {s.standard: s.statement for s in suggestions}
        statement1 += bool(suggestions) and suggestions[0].statement == case["statement"]
        statement3 += statements.get(case["standard"]) == case["statement"]
        if (
            not ranked
            or ranked[0] != case["standard"]
            or statements.get(case["standard"]) != case["statement"]
        ):
            got = [f"{s.standard}/{s.statement}" for s in suggestions]
            misses.append(f"  expected {case['statement']}, got {got}: {case['text'][:60]}")
    n = len(cases)
    return {
        "cases": n,
        "top1": top1 / n,
        "top3": top3 / n,
        "statement_top1": statement1 / n,
        "statement_right_standard": statement3 / n,
        "per_reflection": offered / n,
        "misses": misses,
    }


def main():
    with throwaway_database():
        from corpus.linking import suggest
        from corpus.standards_loading import load_bundled_standards

        load_bundled_standards()
        result = measure(yaml.safe_load(DATA.read_text()), suggest)
        print(f"reflections: {result['cases']}")
        print(f"standard top-1 accuracy: {result['top1']:.2f}")
        print(f"standard top-3 accuracy: {result['top3']:.2f}")
        print(f"statement accuracy (first suggestion's statement): {result['statement_top1']:.2f}")
        print(
            "statement accuracy (statement offered for the right standard): "
            f"{result['statement_right_standard']:.2f}"
        )
        print(f"suggestions per reflection: {result['per_reflection']:.2f} (at most 3)")
        print("misses:")
        print("\n".join(result["misses"]) or "  none")


if __name__ == "__main__":
    main()
