"""The import layers of DESIGN.md: an app imports only from apps listed above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "core",
    "accounts",
    "places",
    "partners",
    "officials",
    "delegations",
    "visits",
    "reports",
    "search",
    "demo",
]


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """Top-level project apps a module imports, with the line of each import."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names)
    return {(name, line) for name, line in found if name in LAYERS}


def violations(app: str) -> list[str]:
    rank = LAYERS.index(app)
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for name, line in imported_apps(path)
        if LAYERS.index(name) > rank
    ]


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_from_lower_layers(app):
    assert violations(app) == []


def test_layer_check_catches_an_upward_import(tmp_path, monkeypatch):
    rogue = tmp_path / "places"
    rogue.mkdir()
    (rogue / "bad.py").write_text("from delegations.models import Delegation\nimport core\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert violations("places") == ["places/bad.py:1 imports delegations"]
