"""The import graph of symgen, provers and domains: no cycles, and the layers point one way.

The graph is read from the source with `ast`, one node per module (`domains.geometry.state`;
a package is its `__init__`).  Every `import` and `from ... import` counts: relative ones,
those inside functions (a lazy import is still a dependency; moving one into a function
only hides a cycle) and those under `if TYPE_CHECKING:` (a module that names another's
class in its annotations depends on it as much).  `from pkg import name` is an edge to
`pkg.name` when that is a module, else to `pkg`; `import a.b.c` is an edge to `a.b.c`
alone (Python runs its parent packages first, but the importing module does not use them).

The layers, lowest first: `symgen` (the kernel), `provers` (search over any domain),
`domains`.  A module imports only from its own layer and the layers below it.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("symgen", "provers", "domains")

# Edges allowed to break the layering, each "importer -> imported".  Empty since issue 28 took
# out the last ones (symgen.cli -> provers.suite; provers/ importing domains.geometry).  While
# an edge is listed, the test fails once the code behind it goes, until its line is deleted
# here, so the list only shrinks.  Do not add to it.
ALLOWED: set[str] = set()

Graph = dict[str, set[str]]


def source_modules(root: Path, packages=LAYERS) -> dict[str, Path]:
    """Every module of the packages under ``root``, by dotted name."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _from_base(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` statement names (its leading dots resolved)."""
    if not node.level:
        return node.module
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[:len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules among ``modules`` that ``module`` (the file ``path``) imports, anywhere in it."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(module, path, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    return {name for name in found if name in modules and name != module}


def import_graph(root: Path = ROOT, packages=LAYERS) -> Graph:
    modules = source_modules(root, packages)
    return {module: imports_of(module, path, modules) for module, path in modules.items()}


def edges(graph: Graph) -> set[str]:
    return {f"{a} -> {b}" for a, targets in graph.items() for b in targets}


def tangles(graph: Graph) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set(stack[stack.index(v):])
            del stack[stack.index(v):]
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def cycles(graph: Graph) -> list[str]:
    """Each tangle as a shortest cycle through its first module, ``a -> b -> a``, followed by
    the tangle's other modules, if any."""
    out = []
    for tangle in tangles(graph):
        cycle = _shortest_cycle(graph, tangle)
        rest = sorted(tangle - set(cycle))
        out.append(" -> ".join(cycle) + (f"  (in one tangle with {', '.join(rest)})" if rest else ""))
    return out


def _shortest_cycle(graph: Graph, component: set[str]) -> list[str]:
    start = min(component)
    parent: dict[str, str | None] = {start: None}
    frontier = [start]
    while True:
        following = []
        for v in frontier:
            for w in sorted(graph[v] & component):
                if w == start:
                    path = [v]
                    while parent[path[-1]] is not None:
                        path.append(parent[path[-1]])
                    return path[::-1] + [start]
                if w not in parent:
                    parent[w] = v
                    following.append(w)
        frontier = following


def upward(graph: Graph) -> set[str]:
    """The edges from a layer to one above it."""
    level = {name: i for i, name in enumerate(LAYERS)}
    return {f"{a} -> {b}" for a, targets in graph.items() for b in targets
            if level[b.split(".")[0]] > level[a.split(".")[0]]}


def _allowed_removed(graph: Graph) -> Graph:
    return {a: {b for b in targets if f"{a} -> {b}" not in ALLOWED} for a, targets in graph.items()}


# -- the walk itself, on a package written for the test --------------------------------------

def test_relative_lazy_annotation_and_submodule_imports_are_edges(tmp_path):
    files = {
        "pkg/__init__.py": "from .a import f\n",
        "pkg/a.py": ("from typing import TYPE_CHECKING\n"
                     "from . import b\n"
                     "import pkg.sub.d as d\n"
                     "if TYPE_CHECKING:\n    from pkg.c import C\n"
                     "def f():\n    from .sub import e\n    return e\n"),
        "pkg/b.py": "from pkg import f\n",
        "pkg/c.py": "", "pkg/sub/__init__.py": "", "pkg/sub/d.py": "from ..b import x\n",
        "pkg/sub/e.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = import_graph(tmp_path, ("pkg",))
    assert graph["pkg.a"] == {"pkg.b", "pkg.c", "pkg.sub.d", "pkg.sub.e"}
    assert graph["pkg.b"] == {"pkg"} and graph["pkg.sub.d"] == {"pkg.b"}
    assert cycles(graph) == ["pkg -> pkg.a -> pkg.b -> pkg  (in one tangle with pkg.sub.d)"]


# -- the real tree -----------------------------------------------------------------------------

def test_no_module_imports_itself_through_others():
    found = cycles(_allowed_removed(import_graph()))
    assert not found, "import cycles:\n" + "\n".join(found)


def test_no_layer_imports_a_layer_above_it():
    found = sorted(upward(import_graph()) - ALLOWED)
    assert not found, "imports from a layer above (symgen < provers < domains):\n" + "\n".join(found)


def test_every_allowed_edge_still_exists():
    stale = sorted(ALLOWED - edges(import_graph()))
    assert not stale, (f"these edges are gone: delete them from ALLOWED in {Path(__file__).name}:\n"
                       + "\n".join(stale))
