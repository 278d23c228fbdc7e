"""Migrate the database of DATABASE_URL and print its schema and seeded rows as JSON, for
tests/phpu/test_squashed_migrations.py. With --originals the squashed migrations are left out, so the
database is made by the migrations they replace, one by one, as an existing installation was.

    DATABASE_URL=... python tests/phpu/migration_schema.py [--originals]
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")

# The rows the data migrations seed (and later migrations correct), compared column by column.
SEEDED = {"inventory_category": "slug", "cases_deadlinerule": "key"}


def main() -> None:
    import django

    django.setup()
    if "--originals" in sys.argv:
        _without_squashed()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    dump = _postgresql(connection) if connection.vendor == "postgresql" else _sqlite(connection)
    dump["seeded"] = _seeded(connection)
    print(json.dumps(dump, sort_keys=True, default=str))


def _without_squashed() -> None:
    from django.db.migrations.loader import MigrationLoader

    load_disk = MigrationLoader.load_disk

    def originals_only(self):
        load_disk(self)
        last = {}  # a squashed migration -> the last one it replaces, for migrations made after it
        for key, migration in list(self.disk_migrations.items()):
            if migration.replaces:
                last[key] = tuple(migration.replaces[-1])
                del self.disk_migrations[key]
        for migration in self.disk_migrations.values():
            migration.dependencies = [last.get(tuple(d), d) for d in migration.dependencies]

    MigrationLoader.load_disk = originals_only


def _rows(cursor, sql, params=()):
    cursor.execute(sql, params)
    return [list(row) for row in cursor.fetchall()]


def _postgresql(connection) -> dict:
    with connection.cursor() as cursor:
        columns = _rows(
            cursor,
            "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
        )
        constraints = _rows(
            cursor,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        )
        indexes = _rows(cursor, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        triggers = _rows(
            cursor,
            "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
        )
        functions = _rows(
            cursor,
            "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
            " AND proname LIKE '%%_search_update'",
        )
    # Constraint names Django derives with a hash of the table and columns are stable; the FK
    # constraints' names are too (…_fk_…), so they are compared as they are.
    return {
        "columns": sorted(columns),
        "constraints": sorted(constraints),
        "indexes": sorted(indexes),
        "triggers": sorted(triggers),
        "functions": sorted(functions),
    }


def _sqlite(connection) -> dict:
    out = {"columns": [], "checks": [], "indexes": [], "foreign_keys": []}
    with connection.cursor() as cursor:
        tables = _rows(cursor, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        for table, sql in tables:
            for _cid, name, kind, notnull, default, pk in _rows(cursor, f'PRAGMA table_info("{table}")'):
                out["columns"].append([table, name, kind, notnull, default, pk])
            out["checks"] += [[table, *m] for m in re.findall(r'CONSTRAINT "(\w+)" CHECK (\(.*?\))(?=, |\)$)', sql)]
            out["checks"] += [[table, m] for m in re.findall(r'CONSTRAINT "(\w+)" UNIQUE', sql)]
            for row in _rows(cursor, f'PRAGMA foreign_key_list("{table}")'):
                out["foreign_keys"].append([table, *row[2:5]])
        out["indexes"] = _rows(cursor, "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index'")
    return {key: sorted(value, key=str) for key, value in out.items()}


def _seeded(connection) -> dict:
    out = {}
    with connection.cursor() as cursor:
        for table, key in SEEDED.items():
            cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")  # noqa: S608 - names from the list above
            names = [c[0] for c in cursor.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return out


if __name__ == "__main__":
    main()
