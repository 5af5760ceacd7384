"""How right the corpus's links are, judged against the labelled passages in tests/corpus/data/.

.venv/bin/python bench/bench_linking.py [--split tune|test|all] [--cases]

Imports the bundled corpus into a throwaway database and judges every active link on a labelled
passage (tests/corpus/data/passage_labels.yaml) as a reader would:
  correct  its standard is one the passage addresses (a statement-level link: its statement is);
  weak     related in spirit only;
  wrong    anything else, and any link on an introduction, biography, thanks or sign-off.
Prints, per kind of link and in all, on the held-out (test) part beside the tuned part: links,
correct/weak/wrong, precision (correct only), how many name a statement and how many of those name
a right one, recall of the labelled standards and statements, links on passages that address no
standard, links whose reason does not quote the passage; then per source (each held out in turn)
and the tuned part's wrong links verbatim (the held-out part's only with --split test --cases, so
nobody tunes on them by accident).
"""

import argparse
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from _django import throwaway_database

from tests.corpus.judging import KINDS, measure

DATA = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "data" / "passage_labels.yaml"


def ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.2f}" if b else f"{a}/0"


def report(title: str, result: dict) -> None:
    print(f"\n{title}: {result['passages']} labelled passages, {result['linked_passages']} linked")
    for kind in (*KINDS, "all"):
        c = result["counts"][kind]
        if not c["links"]:
            continue
        print(
            f"  {kind:9} links {c['links']:4}  correct {c['correct']:3}  weak {c['weak']:3}  "
            f"wrong {c['wrong']:3}  precision {ratio(c['correct'], c['links'])}  "
            f"wrong {c['wrong'] / c['links']:.2f}  statement-level "
            f"{ratio(c['statement_correct'], c['statement_links'])} right  "
            f"no-content {c['no_content']}  framing {c['framing']}  "
            f"unchecked reason {c['unchecked_reason']}"
        )
    print(
        f"  linked passages with a statement-level link: "
        f"{ratio(result['statement_passages'], result['linked_passages'])}"
    )
    print(f"  recall, standards: {ratio(*result['recall_standard'])}")
    print(f"  recall, statements: {ratio(*result['recall_statement'])}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["tune", "test", "all"], default="all")
    parser.add_argument("--cases", action="store_true", help="print every wrong link verbatim")
    args = parser.parse_args()
    data = yaml.safe_load(DATA.read_text())
    labels = data["passages"]
    with throwaway_database():
        from corpus.loading import load_all
        from corpus.models import Passage, PassageLink
        from corpus.standards_loading import load_bundled_standards

        load_bundled_standards()
        for loaded in load_all():
            if not loaded.ok:
                raise SystemExit(str(loaded.error))
        texts = {
            (slug, anchor): text
            for slug, anchor, text in Passage.objects.values_list("source__slug", "anchor", "text")
        }
        missing = [label for label in labels if (label["source"], label["anchor"]) not in texts]
        if missing:
            raise SystemExit(f"{len(missing)} labelled passages are not in the corpus")
        links = defaultdict(list)
        for row in PassageLink.objects.active().values_list(
            "passage__source__slug",
            "passage__anchor",
            "kind",
            "standard__number",
            "statement__number",
            "reason",
        ):
            links[row[:2]].append(row[2:])
        total = PassageLink.objects.active().count()
        by_kind = Counter(PassageLink.objects.active().values_list("kind", flat=True))
        print(f"active links in the whole corpus: {total} {dict(by_kind)}")
        splits = ["tune", "test"] if args.split == "all" else [args.split]
        for split in splits:
            part = [label for label in labels if label["split"] == split]
            result = measure(part, links, texts)
            report(f"{split} part", result)
        # The newest round of labels, written after the last tuning: the one figure of a part
        # the code has never met at all (the older held-out part's figures have been read).
        newest = max(label.get("round", 0) for label in labels)
        fresh = [label for label in labels if label.get("round", 0) == newest]
        if fresh and all(label["split"] == "test" for label in fresh):
            report(f"test part, round {newest} alone", measure(fresh, links, texts))
        shown = splits[-1]
        print(f"\nper source (held out while tuning: {data['held_out_source']}), {shown} part:")
        for source in sorted({label["source"] for label in labels}):
            part = [
                label for label in labels if label["source"] == source and label["split"] == shown
            ]
            if part:
                report(source, measure(part, links, texts))
        # Wrong links are quoted from the tuned part, which may be learnt from; the held-out
        # part's are counted above and quoted only when asked for by name (--split test --cases).
        quoted = "test" if args.split == "test" and args.cases else "tune"
        test = measure([label for label in labels if label["split"] == quoted], links, texts)
        cases = test["wrong_cases"] if args.cases else test["wrong_cases"][:12]
        print(f"\nwrong links on the {quoted} part ({len(test['wrong_cases'])}), verbatim:")
        for kind, target, reason, text in cases:
            print(f"  [{kind} {target}] {reason}\n      {' '.join(text.split())[:160]}")


if __name__ == "__main__":
    main()
