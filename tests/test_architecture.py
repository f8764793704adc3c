"""Architecture: dependencies point one way (import-linter contracts), modules stay small."""

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


#: Modules that open connections to URLs; only the safe fetcher may use them.
NETWORK_CLIENTS = {"urllib.request", "http.client", "socket", "requests", "httpx", "urllib3"}
FETCHER = ROOT / "webapp" / "core" / "fetching.py"
#: Hands ``requests``' requests (Authlib's) to the fetcher; opens no connection itself.
FETCH_ADAPTER = ROOT / "webapp" / "core" / "fetch_adapter.py"


def test_only_the_safe_fetcher_opens_connections():
    """Every server-side fetch goes through webapp.core.fetching (public addresses only)."""
    offenders = {}
    for package in ("recommender", "safeio", "frameworks", "catalogue", "webapp"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            if path not in (FETCHER, FETCH_ADAPTER) and names & NETWORK_CLIENTS:
                offenders[str(path.relative_to(ROOT))] = sorted(names & NETWORK_CLIENTS)
    assert offenders == {}


#: Where the 400-line limit applies: every Python module we write (migrations are generated
#: history, left as they are).
SIZE_CHECKED = (
    "recommender",
    "safeio",
    "frameworks",
    "catalogue",
    "webapp",
    "benchmarks",
    "tests",
)
MAX_LINES = 400


def long_modules(root: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """Python modules under ``root``'s packages with more than ``limit`` lines."""
    found = {}
    for package in SIZE_CHECKED:
        for path in (root / package).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found[str(path.relative_to(root))] = lines
    return found


def test_no_module_is_over_400_lines():
    assert long_modules(ROOT) == {}, "split these along their ideas (docs/developing.md)"


def test_long_modules_finds_a_long_module(tmp_path):
    (tmp_path / "webapp").mkdir()
    (tmp_path / "webapp" / "big.py").write_text("x = 1\n" * 401, encoding="utf-8")
    (tmp_path / "webapp" / "small.py").write_text("x = 1\n" * 400, encoding="utf-8")
    assert long_modules(tmp_path) == {"webapp/big.py": 401}


def test_import_contracts_hold():
    """The architecture contracts in pyproject.toml (import-linter) are all kept."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:]
