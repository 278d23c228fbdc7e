"""The engine-specific part of `results.store`: how rows reach the staging tables and the few SQL
phrases the two engines spell differently. Everything else the store does is the same SQL on both.

PostgreSQL (production, national scale): temporary tables, filled by one COPY each (CSV, written by
the csv module in C: an unquoted empty field is NULL), then analysed so the set statements get real row
counts; JIT off and more memory for the hash joins while the store runs (the session's values come
back afterwards). SQLite (the demo, `make run` without DATABASE_URL): the same temporary tables filled
by executemany; its writers are already serialised by the IMMEDIATE transactions (settings).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection

from results.models import Tally

# Settings while the store runs on PostgreSQL: JIT compiles each statement for longer than a staging
# join runs, and 4 MB (the default) splits the hash join of 800,000 locations into batches on disk.
PG_SETTINGS = {"jit": "off", "work_mem": "256MB"}


def postgresql() -> bool:
    return connection.vendor == "postgresql"


def column_type(name: str) -> str:
    """The staging column of a `Tally` field: the same type as the table it goes to."""
    return Tally._meta.get_field(name).db_type(connection)


def create_stage(cursor, table: str, columns: Sequence[tuple[str, str]]) -> None:
    cursor.execute(f"CREATE TEMP TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns)})")


def load(cursor, table: str, columns: Sequence[str], records: Iterable[tuple], *, analyze: bool = False) -> None:
    """Bulk-load `records` (tuples in the order of `columns`, None for NULL) into `table`; `analyze`:
    a staging table the next statements join (PostgreSQL plans them with its real size then)."""
    if postgresql():
        stream = CsvStream(records)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", stream)
        if analyze:
            cursor.execute(f"ANALYZE {table} ({columns[0]}, {columns[1]})")  # the join keys
    else:
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - our own names
        cursor.executemany(sql, list(records))


class CsvStream:
    """`records` as COPY csv text, a few thousand rows at a time: COPY reads it as it is written, so a
    national file's text never lies in memory whole. None is an unquoted empty field: NULL."""

    ROWS = 5_000

    def __init__(self, records: Iterable[tuple]):
        self.records = iter(records)
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def read(self, size: int = -1) -> str:
        """The next rows (COPY asks again until it gets an empty string; any length will do)."""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerows(islice(self.records, self.ROWS))
        return self.buffer.getvalue()

    readline = read


def same_region(new: str, old: str) -> str:
    """Join condition: the two locations are the same (a national row has no region on either side)."""
    if postgresql():
        # COALESCE: a hash join needs an equality, and IS NOT DISTINCT FROM is not one.
        return f"COALESCE({old}.region_id, '') = COALESCE({new}.region_id, '')"
    return f"{old}.region_id IS {new}.region_id"  # SQLite's IS is NULL-safe and uses the index


def new_ids(cursor) -> str:
    """The SQL expression that gives each new tally its id, in the staging order."""
    table = Tally._meta.db_table
    if postgresql():
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return f"nextval('{cursor.fetchone()[0]}'::regclass)"
    # Writers are serialised (IMMEDIATE transactions); AUTOINCREMENT never reuses an id, so start
    # above both the highest row and the highest id ever given.
    cursor.execute(
        "SELECT MAX(x) FROM (SELECT COALESCE(MAX(id), 0) AS x FROM " + table + " UNION ALL "  # noqa: S608
        "SELECT seq FROM sqlite_sequence WHERE name = %s)",
        [table],
    )
    return f"{int(cursor.fetchone()[0])} + ROW_NUMBER() OVER (ORDER BY s.n)"


def lock(cursor, contest_id: int) -> None:
    """Concurrent imports of one contest wait for each other (SQLite: its IMMEDIATE transactions do)."""
    if postgresql():
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('results.store'), %s)", [contest_id])


def tune(cursor) -> dict[str, str]:
    """Set PG_SETTINGS for the store's statements; returns the values to put back with `untune`."""
    if not postgresql():
        return {}
    cursor.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)", [list(PG_SETTINGS)])
    before = dict(cursor.fetchall())
    for name, value in PG_SETTINGS.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    return before


def untune(cursor, before: dict[str, str]) -> None:
    for name, value in before.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
