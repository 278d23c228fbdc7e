"""The squashed migrations (issue 22: a fresh `make run` migrates in a third of the time) make the same
database as the migrations they replace: columns, constraints, indexes, search triggers and the seeded
categories and deadline rules, on SQLite (`make run`) and on PostgreSQL. An installation that applied
the originals goes on from them; a new one applies the squashed migration alone."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

ROOT = Path(settings.BASE_DIR)
SCRIPT = Path(__file__).with_name("migration_schema.py")
SQUASHED = {
    "accounts": 3,
    "cases": 5,
    "dossiers": 3,
    "inventory": 6,
    "regions": 3,
    "teams": 3,
}


def schema(url: str, *flags: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *flags],
        env={**env, "DATABASE_URL": url, "SECRET_KEY": "tests", "DEBUG": "false"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_same(squashed: dict, originals: dict) -> None:
    assert squashed.keys() == originals.keys()
    for part in originals:
        missing = [row for row in originals[part] if row not in squashed[part]]
        extra = [row for row in squashed[part] if row not in originals[part]]
        assert (part, missing, extra) == (part, [], []), part
    assert len(originals["seeded"]["cases_deadlinerule"]) > 10


def test_each_squash_replaces_all_the_migrations_of_its_app():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app, count in SQUASHED.items():
        squashes = [m for (a, _), m in loader.disk_migrations.items() if a == app and m.replaces]
        assert len(squashes) == 1, app
        replaced = [tuple(key) for key in squashes[0].replaces]
        # Every original is still there (databases that applied some of them go on from them), in order.
        assert [(app, f"{n:04d}") for n in range(1, count + 1)] == [(a, name[:4]) for a, name in replaced], app
        assert all(key in loader.disk_migrations for key in replaced), app
    # A fresh database plans the squashed migrations, not the originals.
    squashed = {key: m for key, m in loader.disk_migrations.items() if key[0] in SQUASHED and m.replaces}
    assert set(squashed) <= set(loader.graph.nodes)
    assert not {tuple(key) for m in squashed.values() for key in m.replaces} & set(loader.graph.nodes)


def test_squashed_migrations_make_the_same_sqlite_database(tmp_path):
    squashed = schema(f"sqlite:///{tmp_path / 'squashed.sqlite3'}")
    originals = schema(f"sqlite:///{tmp_path / 'originals.sqlite3'}", "--originals")
    assert_same(squashed, originals)


@pytest.fixture
def postgresql_urls():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    db = connection.settings_dict
    names = [f"phpu_squash_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
    server = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
    server.autocommit = True
    for name in names:
        server.cursor().execute(f'CREATE DATABASE "{name}"')
    yield [f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}" for name in names]
    for name in names:
        server.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.close()


def test_squashed_migrations_make_the_same_postgresql_database(postgresql_urls):
    squashed_url, originals_url = postgresql_urls
    squashed = schema(squashed_url)
    originals = schema(originals_url, "--originals")
    assert squashed["triggers"] and squashed["functions"]
    assert_same(squashed, originals)
