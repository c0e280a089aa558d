"""The code's layout: every module imports alone, imports go one way (cli -> server -> sparql/build -> rdf/store),
no module imports another that imports it back, and the wheel lists every package."""

import ast
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO_ROOT

#: Source folder -> import package (pyproject.toml's package-dir).
ROOTS = {"kg": "govkg", "server": "govkg.server"}

#: The layers, lowest first: a module may import its own layer and the ones below, never one above.
LAYERS = [
    ("base", ["govkg.errors", "govkg.project", "govkg.rdf", "govkg.store"]),
    ("pipeline", ["govkg.reasoning", "govkg.validate", "govkg.load", "govkg.export", "govkg.link", "govkg.build",
                  "govkg.sparql", "govkg.draft", "govkg.remote", "govkg.api"]),
    ("web", ["govkg.server"]),
    ("cli", ["govkg.cli"]),
]


def module_name(path: Path) -> str:
    """The import name of a source file of kg/ or server/."""
    relative = path.relative_to(REPO_ROOT)
    parts = [ROOTS[relative.parts[0]], *relative.with_suffix("").parts[1:]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    module_name(path): path
    for root in ROOTS
    for path in sorted((REPO_ROOT / root).rglob("*.py"))
    if path.name != "__main__.py"
}


def layer(module: str) -> int:
    """The index in LAYERS of the layer ``module`` belongs to (the longest matching prefix)."""
    best = (-1, -1)
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[1]:
                best = (index, len(prefix))
    assert best[0] >= 0 or module == "govkg", f"{module} is in no layer of tests/unit/test_layout.py"
    return best[0]


def imports(path: Path) -> set[str]:
    """The govkg modules a source file imports (at any depth: function-level imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("govkg")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("govkg"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else node.module)
    return found


GRAPH = {module: imports(path) & set(MODULES) for module, path in MODULES.items()}


def test_every_package_is_in_the_wheel():
    listed = set(tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {module for module, path in MODULES.items() if path.name == "__init__.py"}
    assert packages - listed == set()


def test_imports_go_one_way():
    upward = [
        f"{module} ({LAYERS[layer(module)][0]}) imports {target} ({LAYERS[layer(target)][0]})"
        for module, targets in GRAPH.items()
        for target in targets
        if module != "govkg" and target != "govkg" and layer(target) > layer(module)
    ]
    assert upward == []


def test_no_import_cycles():
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(GRAPH[module]):
            if target in path:
                cycles.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(GRAPH):
        if module not in done:
            visit(module, [module])
    # a package __init__ importing its own modules is not a cycle unless a module imports the package back
    assert cycles == []


@pytest.mark.parametrize("chunk", range(4))
def test_every_module_imports_alone(chunk):
    names = sorted(MODULES)[chunk::4]

    def alone(name: str) -> str:
        result = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=120)
        return "" if result.returncode == 0 else f"{name}: {result.stderr.strip().splitlines()[-1]}"

    with ThreadPoolExecutor(4) as pool:
        failures = [message for message in pool.map(alone, names) if message]
    assert failures == []
