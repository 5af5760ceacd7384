"""Pathological Markdown shapes, each filled to the longest text a field may hold.

Shared by tests/journal/entries/test_markdown.py and bench/bench_markdown.py. Each shape is one that
costs Python-Markdown quadratic time, deep recursion or a scan to the end of the text, or dense
but valid markup (the cost per construct).
"""

from journal.entries.markdown import MARKDOWN_MAX_CHARS

UNITS = [
    # brackets and links
    "[", "]", "[[", "]]", "[]", "[a](", '[a](b"', "[a](b'", "[a](<", "[a](<b", "[a][", "[a]",
    "![", "![a](", "[^", "(", "](", "[](", " [](", "[a]: b\n", "- [", "> [", "`[", "[`", "[\n",
    # emphasis, code, escapes, entities, autolinks
    "*", "**", "*a", "**a", "***a", "_", "__a", "a_", "*_", "_*", "`", "``a", "\\", "\\[", "<",
    "<a", "<http://", "<a@", "&", "&amp;", "&#", "~~",
    # blocks
    "#\n", "# a\n", "#", "a\n: ", ":\n", "a\n\n", "\n", "- a\n", "- ", "> ", ">", "1. ", "1.\n",
    "- a\n\n", "    - a\n", "|", "|a|b|\n", "```\n", "```x\n", "~~~\n", "a  \n", "-\n", "=\n",
    "a\n=\n", "***\n\n", "*[a]: b\n", "{: .x}\n", "<div>\n", "[^1]: a\n",
    # lists straight under a line of text (a list each time)
    "a:\n- b\n", "a:\n1. b\n",
    # dense valid markup
    "*a* ", "**a** ", "_a_ ", "`a` ", "[a](b) ", "[a][b] ", "<https://a.b> ", "a\\*b ", "&amp; ",
    "word ", "[a]\n\n[a]: http://x\n", "- [a](b)\n", "| [a](b) | *c* |\n",
]  # fmt: skip


def fill(unit: str, size: int = MARKDOWN_MAX_CHARS) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _indented_lists(size: int) -> str:
    lines, depth = [], 0
    while sum(len(line) for line in lines) < size:
        lines.append("    " * depth + "- a\n")
        depth += 1
    return "".join(lines)[:size]


def shapes(size: int = MARKDOWN_MAX_CHARS) -> dict[str, str]:
    """Name -> text of exactly `size` characters (or a little less for the composite ones)."""
    found = {repr(unit): fill(unit, size) for unit in UNITS}
    half = size // 2
    found["nested [ ] (matched)"] = "[" * half + "]" * half
    found["[x100 text ]x100"] = "[" * 100 + "a" * (size - 200) + "]" * 100
    found["[ then `]` (code spans hide the closers)"] = "[" * (size // 4) + fill("`]`", size // 2)
    found["lists nested by indentation"] = _indented_lists(size)
    found["> nested over lines"] = "".join("> " * n + "a\n" for n in range(1, 140))[:size]
    found["table with [ cells"] = "|a|b|\n|-|-|\n" + fill("|[|[\n", size - 12)
    found["one line, mixed"] = fill("*a [b](c `d` _e_ <f> &g; \\h ", size)
    return found


def print_shapes(size: int = MARKDOWN_MAX_CHARS) -> dict[str, str]:
    """Shapes a PDF lays out line by line (each was a 20-page field), with the others."""
    return {
        **shapes(size),
        "a word a line": fill("x\n", size),
        "a word a paragraph": fill("x\n\n", size),
        "a hard break a line": fill("x  \n", size),
        "one long code block": "```\n" + fill("x\n", size - 8) + "\n```",
        "a wide table": "|a|b|\n|-|-|\n" + fill("|x|" * 25 + "\n", size - 12),
    }
