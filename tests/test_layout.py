"""The rules docs/architecture.md states for the code's layout, checked by reading the code: the
layers follow the data's way and never import upwards, there is no import circle, no module over
600 lines and no function over 80, and the architecture page names every module."""
from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "srbgraph"
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"

#: the layers of docs/architecture.md, lowest first; a module belongs to the longest prefix it has
LAYERS = [
    ("srbgraph._version", "srbgraph.errors", "srbgraph.terms", "srbgraph.files", "srbgraph.resources",
     "srbgraph.limits", "srbgraph.terminal", "srbgraph.workbooks"),
    ("srbgraph.rdf_io", "srbgraph.curated"),
    ("srbgraph.build_cache",),
    ("srbgraph.stores",),
    ("srbgraph.model",),
    ("srbgraph.checks",),
    ("srbgraph.render",),
    ("srbgraph.server",),
    ("srbgraph.site",),
    ("srbgraph.cli", "srbgraph.__main__"),
    ("srbgraph",),
]


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def _target(module: str, path: Path, node: ast.ImportFrom) -> str | None:
    if not node.level:
        return node.module if node.module and node.module.split(".")[0] == "srbgraph" else None
    parts = module.split(".")
    package = parts if path.name == "__init__.py" else parts[:-1]
    package = package[:len(package) - (node.level - 1)]
    return ".".join(package + (node.module.split(".") if node.module else []))


def imports() -> dict[str, set[str]]:
    """module → the srbgraph modules it imports anywhere (function-level too; TYPE_CHECKING aside)."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(inner) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test) for inner in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and (target := _target(name, path, node)):
                for alias in node.names:
                    member = f"{target}.{alias.name}"
                    imported = member if member in known else target
                    if imported in known and imported != name:
                        graph[name].add(imported)
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name in known and a.name != name}
    return graph


def layer(module: str) -> int:
    best = max(((index, len(prefix)) for index, group in enumerate(LAYERS) for prefix in group
                if module == prefix or module.startswith(prefix + ".")), key=lambda hit: hit[1])
    return best[0]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == node:
                        break
                if len(part) > 1:
                    found.append(sorted(part))
    return found


def test_the_circle_finder_finds_a_circle():
    # the check below is only worth something if it can fail
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    assert circles(imports()) == []


def test_no_layer_imports_a_higher_one():
    upwards = sorted(f"{module} imports {target}" for module, targets in imports().items() for target in targets
                     if layer(target) > layer(module))
    assert upwards == []


def test_every_module_belongs_to_a_layer_and_the_architecture_page_names_it():
    page = ARCHITECTURE.read_text(encoding="utf-8")
    unnamed = []
    for module, path in modules().items():
        layer(module)  # raises for a module outside every layer
        relative = path.relative_to(PACKAGE)
        if path.name == "__init__.py" and module != "srbgraph":
            continue  # a package's own file is named with its package
        short = relative.name
        if not re.search(rf"`(?:[\w/]*/)?{re.escape(short)}`|`{re.escape(module.split('.')[-1])}\.py`", page):
            unnamed.append(str(relative))
    assert unnamed == [], "docs/architecture.md names no line for these modules"


def test_no_module_over_600_lines_and_no_function_over_80(limit_lines=600, limit_function=80):
    long_modules, long_functions = [], []
    for module, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > limit_lines:
            long_modules.append(f"{module} ({text.count(chr(10))} lines)")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > limit_function:
                    long_functions.append(f"{module}.{node.name} ({length} lines)")
    assert (long_modules, long_functions) == ([], [])


#: import name → distribution name where the two differ
DISTRIBUTIONS = {"yaml": "pyyaml"}


def test_every_third_party_import_is_declared():
    """What srbgraph imports (at the top or inside a function) is in pyproject.toml's dependencies,
    so `pip install .` gives every command what it needs."""
    import sys
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!~ \[;]", spec, maxsplit=1)[0].lower().replace("_", "-")
                for spec in project["dependencies"]}
    missing = set()
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "srbgraph":
                    continue
                if DISTRIBUTIONS.get(top, top).lower().replace("_", "-") not in declared:
                    missing.add(f"{top} ({path.relative_to(PACKAGE.parent)})")
    optional = {"pandas"}  # Results.to_pandas(): the extra [pandas], imported only when called
    assert {m for m in missing if m.split()[0] not in optional} == set()
