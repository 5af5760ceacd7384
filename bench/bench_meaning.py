"""Would meaning from a small packaged model make the corpus's links better? Measured, not shipped.

.venv/bin/python bench/bench_meaning.py            # tuned part only: choose here
.venv/bin/python bench/bench_meaning.py --held-out # the chosen rule on the held-out part, once

Needs `wordllama==0.4.0.post1` (static word embeddings, 256 dimensions, weights and tokenizer
inside the package, numpy only, no network), which the project does not install: put it in a
folder of its own and run with that folder on the path, downloads off:

    pip install --target /tmp/wordllama-site 'wordllama==0.4.0.post1'
    HF_HUB_OFFLINE=1 PYTHONPATH=/tmp/wordllama-site .venv/bin/python bench/bench_meaning.py

Each statement is embedded as its summary and keywords; a passage as what it says (content_of).
On the tuned part it prints how close in meaning the linker's links are to their statements,
whether meaning alone or weaker cues with meaning would find the labelled statements the cues
miss, and a veto (a link by content whose statement is not among the passage's K closest in
meaning is not made) for several K, by relinking the corpus with the veto in place; with
--held-out, the veto at the K chosen on the tuned part, on both parts and on the held-out source.
See docs/standards-and-linking.md for the figures and why nothing of it was shipped.
"""

import argparse
import importlib.util
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from _django import throwaway_database

from tests.corpus.judging import judge, measure

DATA = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "data" / "passage_labels.yaml"
# Chosen on the tuned part (see the docs): the one link there on a passage addressing no standard
# that meaning ranks far down (17th of 50) goes; every correct link ranks in the first 10.
CHOSEN_K = 12


def load_model():
    import wordllama

    # The package ships its tokenizer under tokenizers/, where its loader looks only in the cache
    # folder: pointing the cache at the package finds both files; downloads stay off.
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def link_everything(labels, rank_filter=None):
    """Relink every source (with `rank_filter` applied to the linker's ranking) and collect the
    links on labelled passages."""
    from corpus import linking
    from corpus.models import PassageLink, Source
    from corpus.ranking import Index

    original = Index.rank

    def rank(self, text, **kwargs):
        ranked = original(self, text, **kwargs)
        return rank_filter(text, ranked) if rank_filter else ranked

    Index.rank = rank
    try:
        for source in Source.objects.all():
            linking.link_source(source)
    finally:
        Index.rank = original
    links = {}
    for row in PassageLink.objects.active().values_list(
        "passage__source__slug",
        "passage__anchor",
        "kind",
        "standard__number",
        "statement__number",
        "reason",
    ):
        links.setdefault(row[:2], []).append(row[2:])
    return links


def line(title: str, result: dict) -> str:
    c = result["counts"]["all"]
    return (
        f"{title:28} links {c['links']:3}  correct {c['correct']:3}  weak {c['weak']:3}  "
        f"wrong {c['wrong']:2}  no-content {c['no_content']:2}  framing {c['framing']}  "
        f"recall standards {result['recall_standard'][0]}/{result['recall_standard'][1]}  "
        f"statements {result['recall_statement'][0]}/{result['recall_statement'][1]}  "
        f"statement-level {result['statement_passages']}/{result['linked_passages']}  "
        f"reasons unchecked {c['unchecked_reason']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--held-out", action="store_true")
    args = parser.parse_args()
    if importlib.util.find_spec("wordllama") is None:
        # Not a requirement of the project: bench/run.py goes on without it.
        print("skipped: wordllama is not installed (see the head of bench/bench_meaning.py)")
        return
    data = yaml.safe_load(DATA.read_text())
    labels = data["passages"]
    tune = [label for label in labels if label["split"] == "tune"]
    with throwaway_database():
        import numpy as np

        from corpus import linking
        from corpus.loading import load_all
        from corpus.models import Passage, Statement
        from corpus.references import content_of
        from corpus.standards_loading import load_bundled_standards

        load_bundled_standards()
        started = time.perf_counter()
        if not all(loaded.ok for loaded in load_all()):
            raise SystemExit("the bundled corpus did not import")
        print(f"import, cues only: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        model = load_model()
        print(f"model loaded in {time.perf_counter() - started:.1f} s")
        statements = list(Statement.objects.filter(standard__framework__is_primary=True))
        numbers = [s.number for s in statements]
        vectors = model.embed(
            [f"{s.summary}. {', '.join(s.keywords)}" for s in statements], norm=True
        )
        closeness: dict[str, np.ndarray] = {}

        def close(text: str) -> np.ndarray:
            if text not in closeness:
                closeness[text] = vectors @ model.embed([text], norm=True)[0]
            return closeness[text]

        def meaning_rank(text: str, statement: str) -> int:
            sims = close(text)
            return int((sims > sims[numbers.index(statement)]).sum())

        texts = {
            (slug, anchor): text
            for slug, anchor, text in Passage.objects.values_list("source__slug", "anchor", "text")
        }
        kinds = {
            (slug, anchor): kind
            for slug, anchor, kind in Passage.objects.values_list("source__slug", "anchor", "kind")
        }
        baseline = link_everything(labels)

        def content(label) -> str | None:
            key = (label["source"], label["anchor"])
            said = content_of(texts[key])
            if (
                kinds[key] in ("comment", "heading")
                or len(said.split()) < linking.MIN_CONTENT_WORDS
            ):
                return None
            return said

        if not args.held_out:
            print("\nTuned part. Links by content: verdict, the statement's rank by meaning (0-49)")
            for label in tune:
                said = content(label)
                for kind, standard, statement, _ in baseline.get(
                    (label["source"], label["anchor"]), []
                ):
                    if said and statement and kind in ("episode", "suggested"):
                        print(
                            f"  {judge((standard, statement), label):8} "
                            f"{'content' if label.get('correct') else 'NO CONTENT':10} "
                            f"rank {meaning_rank(said, statement):2}  "
                            f"closeness {close(said)[numbers.index(statement)]:.3f}"
                        )
            index = linking._index()
            alone, loose = Counter(), defaultdict(Counter)
            for label in tune:
                said = content(label)
                if not said:
                    continue
                linked = {s for _, s, _, _ in baseline.get((label["source"], label["anchor"]), [])}
                top = numbers[int(np.argmax(close(said)))]
                if top.split(".")[0] not in linked:
                    alone[judge((top.split(".")[0], top), label)] += 1
                # Weaker cue evidence (one cue, one sentence), for standards not linked yet.
                for s in index.rank(said, cues=1, sentences=1):
                    if s.standard in linked:
                        continue
                    rank = meaning_rank(said, s.statement)
                    for top_k, minimum in ((1, 0.0), (3, 0.0), (5, 0.0), (1, 3.0), (3, 3.0)):
                        if rank < top_k and s.score >= minimum:
                            loose[(top_k, minimum)][judge((s.standard, s.statement), label)] += 1
            print(f"\nmeaning alone (closest statement, not linked yet): {dict(alone)}")
            for (top_k, minimum), verdicts in sorted(loose.items()):
                print(
                    f"a weaker cue (score >= {minimum}) and among the {top_k} closest in meaning: "
                    f"{dict(verdicts)}"
                )
            print()
            print(line("cues only (tuned)", measure(tune, baseline, texts)))

        def veto(k):
            def keep(text, ranked):
                return [s for s in ranked if meaning_rank(text, s.statement) < k]

            return keep

        ks = [CHOSEN_K] if args.held_out else [5, 8, 10, 12, 15, 20]
        for k in ks:
            links = link_everything(labels, veto(k))
            print(line(f"veto K={k} (tuned)", measure(tune, links, texts)))
        if args.held_out:
            held = [label for label in labels if label["split"] == "test"]
            source = [label for label in held if label["source"] == data["held_out_source"]]
            print(line("cues only (held out)", measure(held, baseline, texts)))
            print(line(f"veto K={CHOSEN_K} (held out)", measure(held, links, texts)))
            print(line("cues only (held-out source)", measure(source, baseline, texts)))
            print(line(f"veto K={CHOSEN_K} (held-out source)", measure(source, links, texts)))
        import resource

        print(f"\npeak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
