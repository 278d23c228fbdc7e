"""The region tree is the ground floor: accounts and every app build on it, never the other way round."""

import ast
from pathlib import Path

import regions

APPS_ABOVE = ("accounts", "cases", "dashboard", "dossiers", "elections", "inventory", "notifications", "teams")


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_regions_imports_no_app_above_it():
    root = Path(regions.__file__).parent
    offenders = {
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        for name in _imported(path)
        if name.split(".")[0] in APPS_ABOVE
    }
    assert not offenders


def test_the_tree_module_imports_no_app_at_all():
    imported = _imported(Path(regions.__file__).parent / "tree.py")
    assert {name.split(".")[0] for name in imported} <= {"collections", "django"}
