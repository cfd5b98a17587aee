"""The layers of blocks-core, checked (see docs/architecture.md).

Three layers, each importing only from itself and the ones below:

1. the pure core: every module not named below (tree, events, state,
   sessions, render, queue, components, themes, plugins and registry);
2. the server: ``blocks.server.*`` and ``blocks.wsgi``;
3. the command line: ``blocks.cli``, ``blocks.scaffold``, ``blocks.__main__``.

The pure core imports no flask, werkzeug, gevent or wsproto, and reaches the
server only from the documented entry points (``launch``, ``create_app``,
``mount_gradio_app``),
inside them. No import, at the top of a module or inside a function, closes a
cycle between modules of blocks-core.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import blocks

PACKAGE = Path(blocks.__file__).parent
SERVER_LIBRARIES = ("flask", "werkzeug", "gevent", "wsproto", "jinja2")
LAYERS = {"server": 1, "command line": 2}
# where the pure core may import the server: inside these functions only
ENTRY_POINTS = {("blocks", "create_app"), ("blocks", "mount_gradio_app"),
                ("blocks.blocks", "Blocks.launch"), ("blocks.blocks", "Blocks.create_app")}


def layer_of(module: str) -> int:
    if module in ("blocks.server", "blocks.wsgi") or module.startswith("blocks.server."):
        return LAYERS["server"]
    if module in ("blocks.cli", "blocks.scaffold", "blocks.__main__"):
        return LAYERS["command line"]
    return 0


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "scaffolds" in parts:  # templates of `blocks new`, not modules
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


class Imports(ast.NodeVisitor):
    """Every import of a module: (imported name, top level?, enclosing function)."""

    def __init__(self, module: str, is_package: bool):
        self.module, self.is_package = module, is_package
        self.scope: list[tuple[str, bool]] = []  # (name, is a function)
        self.found: list[tuple[str, bool, str]] = []

    def visit_If(self, node):
        if "TYPE_CHECKING" in ast.dump(node.test):  # annotations only, never run
            return
        self.generic_visit(node)

    def _scoped(self, node, is_function: bool):
        self.scope.append((node.name, is_function))
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self._scoped(node, True)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._scoped(node, False)

    def _add(self, name):
        top = not any(is_function for _, is_function in self.scope)  # class bodies run too
        self.found.append((name, top, ".".join(n for n, _ in self.scope) if not top else ""))

    def visit_Import(self, node):
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node):
        base = node.module or ""
        if node.level:
            package = self.module.split(".")
            if not self.is_package:
                package = package[:-1]
            package = package[:len(package) - node.level + 1]
            base = ".".join(package + ([node.module] if node.module else []))
        for alias in node.names:
            self._add(f"{base}.{alias.name}")  # a submodule, or a name of `base`


def imports_of(module: str, path: Path):
    visitor = Imports(module, path.name == "__init__.py")
    visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
    return visitor.found


def resolve(name: str, known: dict) -> str | None:
    """The blocks-core module an imported name lives in (``None``: another package)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def edges():
    known = modules()
    for module, path in known.items():
        for name, top, function in imports_of(module, path):
            yield module, name, resolve(name, known), top, function


def test_the_pure_core_imports_no_server_library():
    wrong = [f"{module} imports {name}" + (f" in {function}()" if function else "")
             for module, name, _target, _top, function in edges()
             if layer_of(module) == 0 and name.split(".")[0] in SERVER_LIBRARIES]
    assert wrong == []


def test_each_layer_imports_only_itself_and_the_layers_below():
    wrong = [f"{module} imports {target}" + (f" in {function}()" if function else "")
             for module, _name, target, top, function in edges()
             if target is not None and layer_of(target) > layer_of(module)
             and (top or (module, function) not in ENTRY_POINTS)]
    assert wrong == []


def test_no_import_cycle_among_the_modules_of_blocks_core():
    graph: dict[str, set[str]] = {module: set() for module in modules()}
    for module, _name, target, _top, _function in edges():
        # importing a submodule runs its package first: that is no dependency on it
        if target is not None and target != module and \
                not module.startswith(target + "."):
            graph[module].add(target)
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node):
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_importing_the_pure_core_loads_no_server_code():
    pure = sorted(module for module in modules() if layer_of(module) == 0)
    code = (
        "import importlib, sys\n"
        f"watched = {SERVER_LIBRARIES!r}\n"
        f"for name in {pure!r}:\n"
        "    importlib.import_module(name)\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in watched\n"
        "                    or m == 'blocks.server' or m.startswith('blocks.server.'))\n"
        "    if loaded:\n"
        "        print(name, 'loaded', ', '.join(loaded))\n"
        "        break\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_the_checks_see_what_they_check():
    found = {(module, target) for module, _name, target, _top, _function in edges()}
    assert ("blocks.server.app", "blocks.queue") in found
    assert ("blocks.blocks", "blocks.server.launch") in found  # inside Blocks.launch
    assert layer_of("blocks.server.ws") == 1 and layer_of("blocks.queue") == 0
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
