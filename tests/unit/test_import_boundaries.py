"""The layering rule of ARCHITECTURE.md, enforced: core knows no Qt, database or network, and
nothing outside the GUI imports it (but for the one lazy import that starts the app)."""

from __future__ import annotations

import ast
from pathlib import Path

import steward

PACKAGE = Path(steward.__file__).parent
CORE_FORBIDDEN = (
    "PySide6",
    "shiboken6",
    "sqlalchemy",
    "alembic",
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "simple_salesforce",
    "socket",
    "ssl",
    "http",
    "urllib",
    "dns",
    "keyring",
)
HEADLESS_FORBIDDEN = ("PySide6", "shiboken6")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at module level) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top_level) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top_level))
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _hits(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in paths
        for module, _ in _imports(path)
        if module.split(".")[0] in forbidden
    ]


def test_core_imports_no_qt_database_or_network() -> None:
    assert _modules("core"), "steward/core has no modules"
    assert _hits(_modules("core"), CORE_FORBIDDEN) == []


def test_core_imports_nothing_of_ours_but_core() -> None:
    outside = [
        f"{path.name} imports {module}"
        for path in _modules("core")
        for module, _ in _imports(path)
        if module.startswith("steward") and not module.startswith("steward.core")
    ]
    assert outside == []


def test_only_the_gui_imports_qt() -> None:
    headless = [p for p in PACKAGE.rglob("*.py") if "gui" not in p.relative_to(PACKAGE).parts]
    assert _hits(headless, HEADLESS_FORBIDDEN) == []


def test_nothing_imports_the_gui_but_the_app_launcher() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        for module, top_level in _imports(path):
            if not module.startswith("steward.gui"):
                continue
            # cli.py starts the app with one import inside a function, so that the commands
            # never load Qt.
            if path.name == "cli.py" and path.parent == PACKAGE and not top_level:
                continue
            offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    assert offenders == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The scanner itself must catch an offending import, or the tests above prove nothing."""
    bad = tmp_path / "bad.py"
    bad.write_text("import sqlalchemy\nfrom PySide6.QtCore import QObject\n", encoding="utf-8")
    hits = {module for module, _ in _imports(bad)}
    assert hits == {"sqlalchemy", "PySide6.QtCore"}
