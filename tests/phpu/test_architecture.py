"""The shape of the code base holds (ARCHITECTURE.md): apps import only lower layers, never another app's
private names, and no module grows past what one person reads in a sitting."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "files", "regions", "accounts", "notifications", "elections", "inventory", "results", "cases")
APPS += ("teams", "dossiers", "dashboard", "phpu")
MAX_LINES = 600


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield app, path


def test_the_layers_hold():
    """import-linter's contract in pyproject.toml: a lower app importing a higher one fails here."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_import_loops():
    """Not even inside an app, and not through an import tucked into a function: a loop is two modules
    that cannot be understood, or tested, one without the other."""
    import grimp

    graph = grimp.build_graph(*APPS)
    modules = {m for m in graph.modules if ".migrations" not in m}
    loops = set()
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                loops.add(" -> ".join((module, *back)))
    assert not loops


def test_no_app_imports_another_apps_private_names():
    offenders = []
    for app, path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            source_app = node.module.split(".")[0]
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            if source_app in APPS and source_app != app and private:
                offenders.append(f"{path.relative_to(ROOT)}: from {node.module} import {', '.join(private)}")
    assert not offenders


def test_no_module_is_longer_than_a_sitting():
    """Tests and benchmarks are read as the apps are; migrations and demo data are data, not code to read."""
    paths = [path for _, path in _sources()]
    paths += [path for folder in ("tests", "bench") for path in sorted((ROOT / folder).rglob("*.py"))]
    long = {
        str(path.relative_to(ROOT)): n
        for path in paths
        if "migrations" not in path.parts and "demo" not in path.parts
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long
