"""The labelled identifiers of data/privacy_identifiers.yaml, and how the scanner is judged
on them: by the tests and by bench/bench_privacy.py, with the same rules."""

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from corpus.selectors import people_named

DATA = Path(__file__).resolve().parent / "data" / "privacy_identifiers.yaml"
SOURCES = Path(__file__).resolve().parents[2] / "corpus" / "sources"


def labelled() -> dict[str, list[dict]]:
    """{"tune": [...], "held_out": [...]}: snippets with their kind and identifiers."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def library_names() -> set[str]:
    """The speakers and authors of the bundled material, as the database's would be."""
    speakers, authors = [], []
    for sidecar in SOURCES.glob("*.yaml"):
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        speakers += (meta.get("speakers") or {}).items()
        authors += [meta["author"]] if meta.get("author") else []
    return people_named(speakers, authors)


@dataclass
class Score:
    """Per kind, the snippets caught out of those labelled; for clean snippets, the alarms."""

    caught: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    false_alarms: list[tuple[str, str]] = field(default_factory=list)
    clean_texts: set[str] = field(default_factory=set)
    misses: list[str] = field(default_factory=list)

    @property
    def clean_alarms(self) -> int:
        """False alarms in the clean snippets (the others are in snippets with identifiers)."""
        return sum(1 for _, text in self.false_alarms if text in self.clean_texts)

    @property
    def kinds_caught(self) -> int:
        """Kinds whose every snippet is caught: the strict count the targets use."""
        return sum(self.caught[kind] == n for kind, n in self.total.items())


def judge(snippets: list[dict], scan, allowed_names: set[str]) -> Score:
    """A snippet is caught when a finding overlaps each of its identifiers; any finding in a
    clean snippet, or one overlapping no identifier, is a false alarm."""
    score = Score()
    for snippet in snippets:
        text = snippet["text"]
        findings = scan(text, allowed_names=allowed_names)
        spans = []
        for identifier in snippet.get("identifiers") or []:
            start = text.index(identifier)
            spans.append((start, start + len(identifier)))
        for finding in findings:
            if not any(finding.start < end and start < finding.end for start, end in spans):
                score.false_alarms.append((finding.text, text))
        if snippet["kind"] == "clean":
            score.clean_texts.add(text)
            continue
        score.total[snippet["kind"]] += 1
        if all(any(f.start < e and s < f.end for f in findings) for s, e in spans):
            score.caught[snippet["kind"]] += 1
        else:
            score.misses.append(f"{snippet['kind']}: {text}")
    return score
