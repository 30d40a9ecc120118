"""The import layers of DESIGN.md and issue 14: imports point down only, and there are no cycles.

Every module under mtfix/ is parsed (ast, so nothing is imported) and every ``import`` of an mtfix
module is collected, at module level and inside functions alike: a lazy import inside a function is
still a dependency. Layers, lowest first:

    errors, version <- document <- formats <- tables <- calendars, text, romanize, synthetic
    <- rules <- pipeline <- model <- scoring <- mtfix (the public API in mtfix/__init__.py)
    <- review, report <- commands <- cli, __main__

A module may import its own layer (no cycle allowed) and anything below. ``synthetic`` (corruptions
for training data and regression suites) is further restricted: only training and the bench may use
it, never the check or fix path.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mtfix"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "version"}),
    frozenset({"document"}),
    frozenset({"formats"}),
    frozenset({"tables"}),
    frozenset({"calendars", "text", "romanize", "synthetic"}),
    frozenset({"rules"}),
    frozenset({"pipeline"}),
    frozenset({"model"}),
    frozenset({"scoring"}),
    frozenset({""}),  # mtfix/__init__.py: the public API facade
    frozenset({"review", "report"}),
    frozenset({"commands"}),
    frozenset({"cli", "__main__"}),
)

# Who may import mtfix.synthetic: the trainer's data builder, the model bench and the bench suites.
SYNTHETIC_USERS = ("mtfix.synthetic", "mtfix.model.data", "mtfix.model.train", "mtfix.model.bench",
                   "mtfix.scoring.bench", "mtfix.commands.train", "mtfix.commands.bench")
# Entry points of check and fix: nothing they reach may be synthetic.
CHECK_FIX_ENTRIES = ("mtfix.pipeline", "mtfix.model.stage", "mtfix.commands.check",
                     "mtfix.commands.fix", "mtfix.commands.apply", "mtfix.commands.review")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve_from(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The mtfix modules that ``module`` imports anywhere in its body."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "mtfix")
        elif isinstance(node, ast.ImportFrom):
            target = _resolve_from(module, path.name == "__init__.py", node)
            if target.split(".")[0] != "mtfix":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
    found.discard(module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for index, members in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError(f"{module}: package {top!r} has no layer in tests/test_layers.py")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
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
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return _graph()


def test_every_package_has_a_layer(graph: dict[str, set[str]]) -> None:
    for module in graph:
        _layer(module)


def test_imports_point_down(graph: dict[str, set[str]]) -> None:
    upward = sorted(f"{module} -> {target}" for module, targets in graph.items()
                    for target in targets if target in graph and _layer(target) > _layer(module))
    assert upward == []


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    assert _cycles(graph) == []


def test_synthetic_only_for_training_and_the_bench(graph: dict[str, set[str]]) -> None:
    users = sorted(f"{module} -> {target}" for module, targets in graph.items()
                   for target in targets if target.startswith("mtfix.synthetic")
                   and not module.startswith(SYNTHETIC_USERS))
    assert users == []


def test_check_and_fix_never_reach_synthetic(graph: dict[str, set[str]]) -> None:
    seen: set[str] = set()
    todo = list(CHECK_FIX_ENTRIES)
    while todo:
        module = todo.pop()
        if module in seen or module not in graph:
            continue
        seen.add(module)
        todo.extend(graph[module])
    assert sorted(m for m in seen if m.startswith("mtfix.synthetic")) == []


def test_the_checker_sees_a_cycle_and_an_upward_import() -> None:
    """The checks themselves can fail: a made-up graph with one cycle and one upward import."""
    made_up = {"mtfix.rules.a": {"mtfix.pipeline"}, "mtfix.pipeline": {"mtfix.rules.a"},
               "mtfix.tables": set()}
    assert _cycles(made_up) == [["mtfix.pipeline", "mtfix.rules.a"]]
    assert _layer("mtfix.pipeline") > _layer("mtfix.rules.a")
    assert _layer("mtfix.tables") < _layer("mtfix.calendars.mentions")
