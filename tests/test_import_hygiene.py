"""Each module imports only what its job needs: the core never loads Textual, SQLite or the sound library.

Only imports at the top of a module count: an import inside a function is deliberately lazy
(so `coach --help` stays fast) and runs only when that function does. Each module's top-level
imports are followed through coach's own modules, as Python would load them.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "coach"
MODULES = sorted(
    ".".join(("coach", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
)
# Which modules may load each heavy library (their own job, or a shell that uses one that does).
ALLOWED = {
    "textual": ("coach.tui",),
    "rich": ("coach.tui",),
    "textual_plotext": ("coach.tui",),
    "sqlite3": ("coach.history.store", "coach.history.schema", "coach.history.journal", "coach.history.recovery"),
    "simpleaudio": ("coach.cues.backends",),
}
CORE = ("coach.routine", "coach.program", "coach.report", "coach.session", "coach.history.program_log", "coach.history.following", "coach.history.stats", "coach.history.model", "coach.history.report",
        "coach.history.exchange", "coach.safe_text", "coach.fileio", "coach.paths", "coach.settings", "coach.state",
        "coach.cli")


def _file(module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    package = PACKAGE / relative / "__init__.py"
    return package if package.exists() else (PACKAGE / relative).with_suffix(".py")


@cache
def top_level_imports(module: str) -> frozenset[str]:
    """Modules imported at the top of `module` (not inside functions), as absolute names."""
    tree = ast.parse(_file(module).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        statements = [node]
        if isinstance(node, ast.Try):  # try: import fast / except ImportError: import fallback
            statements = [*node.body, *(each for handler in node.handlers for each in handler.body)]
        for statement in statements:
            if isinstance(statement, ast.Import):
                names.update(alias.name for alias in statement.names)
            elif isinstance(statement, ast.ImportFrom) and statement.module and statement.level == 0:
                names.add(statement.module)
                names.update(f"{statement.module}.{alias.name}" for alias in statement.names
                             if f"{statement.module}.{alias.name}" in MODULES)
    return frozenset(names)


@cache
def loads(module: str) -> frozenset[str]:
    """Everything importing `module` loads: its own top-level imports, followed through coach's modules."""
    seen: set[str] = set()
    stack = [module]
    while stack:
        current = stack.pop()
        parts = current.split(".")
        for size in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b and a.b.c
            name = ".".join(parts[:size])
            if name in seen:
                continue
            seen.add(name)
            if name in MODULES:
                stack.extend(top_level_imports(name))
    return frozenset(seen)


def test_every_module_is_found():
    assert "coach.session.engine" in MODULES and "coach.tui.app" in MODULES and len(MODULES) > 40


@pytest.mark.parametrize("module", MODULES)
def test_a_module_loads_a_heavy_library_only_when_that_is_its_job(module):
    loaded = {name.split(".")[0] for name in loads(module)}
    for library, allowed in ALLOWED.items():
        if library in loaded:
            assert module.startswith(allowed), f"{module} loads {library}"


@pytest.mark.parametrize("module", [module for module in MODULES if module.startswith(CORE)])
def test_the_core_never_loads_the_shell(module):
    assert not {name for name in loads(module) if name.startswith("coach.tui")}, f"{module} loads the Textual shell"
