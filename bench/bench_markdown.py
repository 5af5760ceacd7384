"""Pathological Markdown: the worst render time of any field of the maximum length.

    .venv/bin/python bench/bench_markdown.py
Renders every shape in tests/journal/markdown_shapes.py at MARKDOWN_MAX_CHARS, uncached, best of
three, and prints the slowest. Target: the worst shape well under 100 ms.
"""

import sys
import time

import _django  # noqa: F401 (sets up Django)

from journal.entries import markdown
from tests.journal.markdown_shapes import shapes

TARGET_MS = 100


def render_ms(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        markdown._render.cache_clear()
        started = time.perf_counter()
        markdown.render_markdown(text)
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def main() -> int:
    fuzz = shapes()
    results = sorted(((render_ms(text), name) for name, text in fuzz.items()), reverse=True)
    print(f"{len(results)} shapes at {markdown.MARKDOWN_MAX_CHARS:,} characters each")
    for ms, name in results[:8]:
        print(f"  {ms:7.1f} ms  {name}")
    worst, name = results[0]
    markdown.render_markdown(fuzz[name])
    cached = time.perf_counter()
    markdown.render_markdown(fuzz[name])
    cached_ms = (time.perf_counter() - cached) * 1000
    print(
        f"worst: {worst:.1f} ms ({name}); cached repeat {cached_ms:.2f} ms; target < {TARGET_MS} ms"
    )
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
