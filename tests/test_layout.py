"""Apps and the journal's domain packages depend one way (docs/architecture.md), read from the
source with `ast`, never by importing it.

What counts as an import: every `import` and `from … import` statement in a module under
journal/ or corpus/ (migrations aside), wherever it stands: at module level, inside a function
(a deferred import is the usual way a cycle is hidden, and it still runs, so it is still a
dependency) and under `if TYPE_CHECKING:` (what a module names in its types is what it knows).
A model taken from `journal/models.py`, the registry Django loads that re-exports every
package's models, counts as an import of the module defining it (read from the registry's own
imports): `from journal.models import SignOff` depends on review as much as importing
journal.review.models does. So does a model looked up to be queried,
`apps.get_model("journal", "Evidence")`: the code runs against that package's model all the
same. What does not count: a model named by its label in a foreign key (`"journal.Entry"`),
which is how Django lets a lower package's table point at a higher one's without using it.

The rules:
1. `corpus` never imports `journal`: the corpus tells the journal through its signals.
2. No two modules import each other, directly or round a loop.
3. The journal's domain packages (`journal/<package>/`) form no import cycle between packages,
   apart from the known back edges listed below, which are being taken out: each is one
   module reaching up the layers. A new import that closes a cycle fails here; a known edge
   that is gone must leave the list, so it only shrinks. The modules directly in journal/
   (the policy, the audit trail, notifications, the registry) serve every package and stand
   outside the layers; rule 2 holds them.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("journal", "corpus")

# The journal's domain packages, lowest first: each may import those before it.
LAYERS = (
    "people",
    "entries",
    "evidence",
    "peer",
    "year",
    "review",
    "notes",
    "exports",
    "account",
)

# (importing module, package it reaches up to): known imports against LAYERS that close cycles.
# None left: keep the list, so that a back edge can only ever be added here, in sight.
KNOWN_BACK_EDGES: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    }


MODULES = _modules()


REGISTRY = "journal.models"


def _imports(name: str, path: Path) -> list[tuple[str, str | None]]:
    """Every import of a module as (module named, name taken from it or None), relative
    imports made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.extend((base, alias.name) for alias in node.names)
        elif model := _looked_up_model(node):
            found.append((REGISTRY, model))
    return found


def _looked_up_model(node: ast.AST) -> str | None:
    """The model `apps.get_model("journal", "Evidence")` (or "journal.Evidence") looks up."""
    if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model"):
        return None
    words = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
    if len(words) == 1 and str(words[0]).startswith("journal."):
        return words[0].removeprefix("journal.")
    return words[1] if len(words) == 2 and words[0] == "journal" else None


# Each name journal/models.py re-exports → the module that defines it.
DEFINED_IN = {
    taken: module
    for module, taken in _imports(REGISTRY, MODULES[REGISTRY])
    if taken and module.startswith("journal.")
}


def _imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name a module imports; `from a import b` gives both `a` and `a.b` (b may
    be a module or a name in a). A model taken from the registry counts as an import of the
    module defining it: `from journal.models import SignOff` depends on review all the same."""
    found = set()
    for module, taken in _imports(name, path):
        if module == REGISTRY and taken in DEFINED_IN:
            found.add(DEFINED_IN[taken])
            continue
        if (module, taken) in ((REGISTRY, None), ("journal", "models")):
            found.update(DEFINED_IN.values())  # the whole registry: every package's models
            continue
        found.add(module)
        if taken:
            found.add(f"{module}.{taken}")
    return found


def _module_of(dotted: str) -> str | None:
    """The module of ours a dotted name is, or is in."""
    while dotted and dotted not in MODULES:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def _module_graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        targets = {_module_of(dotted) for dotted in _imported_names(name, path)}
        # A package's own __init__ runs before its modules; importing it is not a cycle.
        graph[name] = {t for t in targets if t and t != name and not name.startswith(f"{t}.")}
    return graph


GRAPH = _module_graph()


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "journal" and len(parts) > 2 and parts[1] in LAYERS else None


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle in `graph` as a path that returns to its start, or [] when there is none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def _package_edges() -> dict[tuple[str, str], set[str]]:
    """(importing package, imported package) → the importing modules."""
    edges = defaultdict(set)
    for module, targets in GRAPH.items():
        source = _package(module)
        for target in targets:
            imported = _package(target)
            if source and imported and source != imported:
                edges[(source, imported)].add(module)
    return edges


def test_every_domain_package_is_placed_in_a_layer():
    packages = {path.parent.name for path in (ROOT / "journal").glob("*/__init__.py")}
    not_domains = {"management", "migrations", "templatetags"}  # Django's own folders
    assert packages - not_domains == set(LAYERS)


def test_the_corpus_never_imports_the_journal():
    reaching = {
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if module.startswith("corpus")
        for target in targets
        if target.split(".")[0] == "journal"
    }
    assert not reaching, "the corpus tells the journal through corpus.signals instead"


def test_no_modules_import_each_other():
    assert _cycle(GRAPH) == []


def test_the_domain_packages_form_no_cycle_beyond_the_known_back_edges():
    graph = defaultdict(set)
    for (source, imported), modules in _package_edges().items():
        if any((module, imported) not in KNOWN_BACK_EDGES for module in modules):
            graph[source].add(imported)
    cycle = _cycle(graph)
    assert cycle == [], (
        f"import cycle between packages: {' -> '.join(cycle)}; "
        "move the code to the package that owns it, or let the lower package send a signal"
    )


def test_each_known_back_edge_is_still_there():
    """A back edge taken out leaves the list, so nobody can quietly put it back."""
    present = {
        (module, imported)
        for (_source, imported), modules in _package_edges().items()
        for module in modules
    }
    assert KNOWN_BACK_EDGES - present == set()
