"""Dependencies point one way: the engine imports neither Flask nor SQLAlchemy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy", "webapp")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_recommender_sources_import_no_web_or_orm():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & set(FORBIDDEN))
        for path in (ROOT / "recommender").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_recommender_loads_no_flask_or_sqlalchemy():
    code = (
        "import sys, pkgutil, importlib, recommender\n"
        "for m in pkgutil.walk_packages(recommender.__path__, 'recommender.'):\n"
        "    importlib.import_module(m.name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(sorted(bad)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_readers_do_not_import_the_web_layer():
    for package in ("frameworks", "catalogue"):
        for path in (ROOT / package).rglob("*.py"):
            assert not imported_modules(path) & {"flask", "webapp", "sqlalchemy"}, path
