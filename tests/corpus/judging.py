"""Judging links against the labelled passages (data/passage_labels.yaml) as a reader would.

One definition, read by bench/bench_linking.py (every figure) and by test_linking.py (the floors).
"""

import re
from collections import Counter

KINDS = ("explicit", "episode", "suggested", "curated")


def standard_of(number: str) -> str:
    return number.split(".")[0]


def judge(link: tuple[str, str | None], label: dict) -> str:
    """'correct', 'weak' or 'wrong' for a link (standard, statement or None) on a passage."""
    standard, statement = link
    if label.get("framing"):
        return "wrong"
    correct, weak = label.get("correct", []), label.get("weak", [])
    if statement:
        if statement in correct:
            return "correct"
        if statement in weak or standard in {standard_of(c) for c in correct + weak}:
            return "weak"
        return "wrong"
    if standard in {standard_of(c) for c in correct}:
        return "correct"
    if standard in {standard_of(c) for c in weak}:
        return "weak"
    return "wrong"


def quoted_terms(reason: str) -> list[str]:
    return re.findall(r"“([^”]+)”", reason)


def checkable(reason: str, text: str) -> bool:
    """A reason a reader can check: it names what the passage says, in the passage's words."""
    if not reason:
        return False
    terms = quoted_terms(reason)
    lowered = text.lower()
    return bool(terms) and all(term.lower() in lowered for term in terms)


def measure(labels: list[dict], links: dict, texts: dict) -> dict:
    """Figures over `labels`; `links` maps (source, anchor) to [(kind, standard, statement,
    reason)], `texts` maps it to the passage's text."""
    counts = {kind: Counter() for kind in (*KINDS, "all")}
    wrong_cases = []
    linked_passages = statement_passages = 0
    wanted_standards = found_standards = wanted_statements = found_statements = 0
    for label in labels:
        key = (label["source"], label["anchor"])
        passage_links = links.get(key, [])
        correct = label.get("correct", [])
        standards_wanted = {standard_of(c) for c in correct}
        statements_wanted = {c for c in correct if "." in c}
        wanted_standards += len(standards_wanted)
        wanted_statements += len(statements_wanted)
        found_standards += len(standards_wanted & {s for _, s, _, _ in passage_links})
        found_statements += len(statements_wanted & {t for _, _, t, _ in passage_links if t})
        if passage_links:
            linked_passages += 1
            statement_passages += any(t for _, _, t, _ in passage_links)
        for kind, standard, statement, reason in passage_links:
            verdict = judge((standard, statement), label)
            for bucket in (kind, "all"):
                c = counts[bucket]
                c["links"] += 1
                c[verdict] += 1
                c["no_content"] += not correct
                c["framing"] += bool(label.get("framing"))
                c["unchecked_reason"] += not checkable(reason, texts[key])
                if statement:
                    c["statement_links"] += 1
                    c["statement_correct"] += statement in correct
            if verdict == "wrong":
                wrong_cases.append((kind, statement or standard, reason, texts[key]))
    return {
        "counts": counts,
        "passages": len(labels),
        "linked_passages": linked_passages,
        "statement_passages": statement_passages,
        "recall_standard": (found_standards, wanted_standards),
        "recall_statement": (found_statements, wanted_statements),
        "wrong_cases": wrong_cases,
    }
