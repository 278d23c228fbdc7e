"""Full-text search columns on PostgreSQL: a `search_vector` tsvector kept current by a trigger, with a
GIN index. The trigger runs inside the writing statement (row by row, no lock beyond the row's own), so
the index is always current and nothing waits for a rebuild; COPY and bulk inserts fill it too.

On SQLite the column exists but stays empty, and search falls back to substring matching.
"""

from functools import cache

from django.db import connection, migrations

INDONESIAN = "indonesian"
FALLBACK = "simple"


@cache
def text_search_config() -> str:
    """The server's Indonesian configuration (Snowball stemmer, PostgreSQL 13+), else `simple`; the
    migrations made the search columns with the same choice."""
    return _probe(connection)


def _probe(conn) -> str:
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [INDONESIAN])
        return INDONESIAN if cursor.fetchone() else FALLBACK


def search_vector_sql(config: str, weighted: dict[str, list[str]]) -> str:
    """`setweight(to_tsvector(...), 'A') || ...` over the columns of the new row, by weight."""
    parts = []
    for weight, columns in weighted.items():
        text = " || ' ' || ".join(f"coalesce(NEW.{column}::text, '')" for column in columns)
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def search_trigger(table: str, weighted: dict[str, list[str]]) -> migrations.RunPython:
    """A migration operation: trigger, backfill and GIN index for `table.search_vector` on PostgreSQL
    (a no-op on SQLite). `weighted` maps a weight (A-D) to the columns it covers."""
    function, trigger, index = f"{table}_search_update", f"{table}_search_trg", f"{table}_search_idx"

    def forwards(apps, schema_editor):
        conn = schema_editor.connection
        if conn.vendor != "postgresql":
            return
        config = _probe(conn)
        # Names and columns come from our own migrations, never from input.
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector := {search_vector_sql(config, weighted)};
                RETURN NEW;
            END $$;
            DROP TRIGGER IF EXISTS {trigger} ON {table};
            CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}();
            UPDATE {table} SET search_vector = NULL;  -- the trigger fills it in
            CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector);
            """  # noqa: S608
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"DROP INDEX IF EXISTS {index}; DROP TRIGGER IF EXISTS {trigger} ON {table};"
            f" DROP FUNCTION IF EXISTS {function}();"
        )

    return migrations.RunPython(forwards, backwards)


def trigram_index(table: str, column: str, name: str, where: str = "") -> migrations.RunPython:
    """A pg_trgm GIN index for similarity search on names (PostgreSQL only)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        condition = f" WHERE {where}" if where else ""
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops){condition}"
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)
