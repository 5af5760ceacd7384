"""How right the editor's suggestions are, on reflections written the way practitioners write.

.venv/bin/python bench/bench_suggest.py [--misses]

tests/corpus/data/reflections_practice.yaml: 100 reflections by five writers (bullets, CIN, s47,
MASH, typos, two themes at once), each labelled with every standard and statement a supervisor would
accept, or none. Prints, on the held-out (test) part beside the tuned part, per writer, and on the
team's older labelled set (tests/corpus/data/reflections.yaml):
  top-1        the first standard offered is acceptable (for a text with no evidence: nothing offered);
  statement    the first suggestion's statement is acceptable (likewise);
  offered      standards offered per reflection, on average.
"""

import argparse
from collections import defaultdict
from pathlib import Path

import yaml
from _django import throwaway_database

DATA = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "data"


def measure(cases, suggest) -> dict:
    top1 = statement1 = offered = 0
    misses = []
    for case in cases:
        suggestions = suggest(case["text"])
        offered += len(suggestions)
        if not case["standards"]:
            right = statement_right = not suggestions
        else:
            right = bool(suggestions) and suggestions[0].standard in case["standards"]
            statement_right = bool(suggestions) and suggestions[0].statement in case["statements"]
        top1 += right
        statement1 += statement_right
        if not (right and statement_right):
            got = [f"{s.statement or s.standard}" for s in suggestions]
            wanted = case["statements"] or "nothing"
            text = " ".join(case["text"].split())[:90]
            misses.append(f"  {case.get('id', '')} wanted {wanted}, got {got}: {text}")
    n = len(cases)
    return {"cases": n, "top1": top1, "statement": statement1, "offered": offered, "misses": misses}


def line(title: str, result: dict) -> str:
    n = result["cases"]
    return (
        f"{title:28} n={n:3}  top-1 {result['top1']}/{n} = {result['top1'] / n:.2f}  "
        f"first statement {result['statement']}/{n} = {result['statement'] / n:.2f}  "
        f"offered {result['offered'] / n:.2f}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", choices=["tune", "test"], help="print one part's misses")
    args = parser.parse_args()
    practice = yaml.safe_load((DATA / "reflections_practice.yaml").read_text())["reflections"]
    team = [
        {"text": c["text"], "standards": [c["standard"]], "statements": [c["statement"]]}
        for c in yaml.safe_load((DATA / "reflections.yaml").read_text())
    ]
    with throwaway_database():
        from corpus.linking import suggest
        from corpus.standards_loading import load_bundled_standards

        load_bundled_standards()
        for split in ("tune", "test"):
            part = [c for c in practice if c["split"] == split]
            print(line(f"practice, {split} part", measure(part, suggest)))
        by_author = defaultdict(list)
        for case in practice:
            by_author[case["id"][0]].append(case)
        for author, cases in sorted(by_author.items()):
            held = " (held out)" if all(c["split"] == "test" for c in cases) else ""
            for split in ("tune", "test"):
                part = [c for c in cases if c["split"] == split]
                if part:
                    print(line(f"  writer {author}{held}, {split}", measure(part, suggest)))
        print(line("team's older set (tuned on)", measure(team, suggest)))
        if args.misses:
            part = measure([c for c in practice if c["split"] == args.misses], suggest)
            print(f"misses on the {args.misses} part:")
            print("\n".join(part["misses"]) or "  none")


if __name__ == "__main__":
    main()
