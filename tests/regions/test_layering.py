"""The region tree is pure: every app builds on it (the layers themselves: tests/phpu/test_architecture.py)."""

import ast
from pathlib import Path

import regions


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_tree_module_imports_no_app_at_all():
    imported = _imported(Path(regions.__file__).parent / "tree.py")
    assert {name.split(".")[0] for name in imported} <= {"collections", "django"}
