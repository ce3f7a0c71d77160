"""The package map of CONTRIBUTING.md holds: each subpackage imports only itself and the layers below
it, nothing in the library imports click, and there is no import cycle between modules."""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

# subpackage -> the subpackages it may import (besides itself); the same map as CONTRIBUTING.md
ALLOWED = {
    "core": set(),
    "store": {"core"},
    "corpus": {"core", "store"},
    "query": {"core", "store", "corpus"},
    "analysis": {"core", "store", "corpus", "query"},
    "pages": {"core", "store", "corpus", "query", "analysis"},
    "extraction": {"core", "store", "corpus", "query"},
    "server": {"core", "store", "corpus", "query"},
    "resources": set(),
    "demo": {"core", "store", "corpus", "query", "analysis", "pages"},
    "web": {"core", "store", "corpus", "query", "analysis", "pages", "extraction", "server"},
}


def _modules():
    for path in sorted(KG.rglob("*.py")):
        rel = path.relative_to(KG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _imports(name: str, path: Path) -> set[str]:
    """Every kg module ``name`` imports, at any depth of the file (lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return out


MODULES = dict(_modules())


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "kg" and len(parts) > 1 else None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_map(name):
    layer = _layer(name)
    imported = _imports(name, MODULES[name])
    assert "click" not in {m.split(".")[0] for m in imported}, f"{name} imports click"
    if layer is None:
        return
    wrong = sorted(m for m in imported if m in MODULES and _layer(m) not in ALLOWED[layer] | {layer, None})
    assert not wrong, f"{name} ({layer}) may import only {sorted(ALLOWED[layer])}, but imports {wrong}"


def test_every_subpackage_is_on_the_map_and_says_what_it_may_import():
    packages = {p.name for p in KG.iterdir() if (p / "__init__.py").is_file()}
    assert packages <= set(ALLOWED)
    contributing = (KG.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for pkg in packages - {"resources"}:
        doc = importlib.import_module(f"kg.{pkg}").__doc__ or ""
        assert "May import" in doc or "Imports nothing" in doc, f"kg.{pkg} docstring lacks its import rule"
        assert f"`kg.{pkg}`" in contributing, f"kg.{pkg} missing from CONTRIBUTING.md's map"


def test_no_import_cycle():
    graph = {name: {m for m in _imports(name, path) if m in MODULES and m != name} for name, path in MODULES.items()}
    # a package's __init__ importing its own modules is not a cycle through the package
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    state: dict[str, int] = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if ">>> " in p.read_text(encoding="utf-8")))
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed


def test_files_stay_well_under_600_lines():
    long = {name: n for name, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 600}
    assert not long
