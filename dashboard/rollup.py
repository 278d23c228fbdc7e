"""The dashboard's rollup on PostgreSQL: the counts of dashboard/measures.py per region and each of its
ancestors, kept exact by triggers in the transaction of every change, whatever wrote it (services, bulk
imports, COPY, the admin, raw SQL).

How it stays exact:
- `dashboard_problemfact` / `dashboard_tpsfact` hold how each problem / TPS is counted now. Statement
  triggers (with transition tables: a bulk insert is one set-based pass) on problems, evidence, the
  evidence-problem links and regions name the problems and TPS a change may affect; each of them is
  recounted from the raw rows (the definitions of measures.py in SQL) after locking its fact row, so two
  transactions touching one problem recount it one after the other, the second seeing the first's commit.
  A link and the replacement of the linked evidence lock that evidence row (share / update), so neither
  misses the other's problems.
- The difference (old cell -1, new cell +1) goes to every ancestor (`dashboard_nodes`: '', '13', '13.02',
  ...) as rows appended to `dashboard_rollupdelta`: insert-only, so writers never queue on the country's
  counter, and never deadlock on it. A read sums `dashboard_rollupcell` and the deltas of its nodes;
  `compact()` (the beat task, every minute) folds the deltas into the cells.
- TRUNCATE of a counted table rebuilds everything.

`rebuild()` recounts from scratch, `verify()` compares every cell with the raw aggregate computed by the
ORM from measures.py (the command `manage.py rollup --rebuild / --verify / --compact`).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import Length, Substr

from dashboard import measures
from dashboard.measures import (
    C_HASIL_SQL,
    CURRENT_SQL,
    PENDING_SQL,
    SCANNED_SQL,
    TPS_LEVEL,
    UNASSIGNED_SQL,
    VERIFIED_SQL,
)
from regions import tree
from regions.models import Region

PROBLEM, TPS, UNASSIGNED, PENDING = "problem", "tps", "unassigned", "pending"
CELL_KEY = ("node", "measure", "stage", "status", "risk", "flag")

FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION dashboard_nodes(code text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT ''::text
    UNION ALL
    SELECT array_to_string((string_to_array(code, '.'))[1:i], '.')
      FROM generate_series(1, cardinality(string_to_array(code, '.'))) AS i
$$;

CREATE OR REPLACE FUNCTION dashboard_refresh_problems(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
    PERFORM 1 FROM dashboard_problemfact WHERE problem_id = ANY(ids) ORDER BY problem_id FOR UPDATE;
    -- A new statement, a new snapshot: what the transactions we waited for committed is seen here.
    WITH fresh AS (
        SELECT p.id, p.region_id, p.stage, p.status, p.risk, {VERIFIED_SQL} AS verified,
               {UNASSIGNED_SQL} AS unassigned
          FROM inventory_problem p WHERE p.id = ANY(ids)
    ), old AS (
        SELECT * FROM dashboard_problemfact WHERE problem_id = ANY(ids)
    ), diff AS (
        SELECT o.problem_id AS old_id, o.region_id AS o_region, o.stage AS o_stage, o.status AS o_status,
               o.risk AS o_risk, o.verified AS o_verified, o.unassigned AS o_unassigned,
               f.id AS new_id, f.region_id, f.stage, f.status, f.risk, f.verified, f.unassigned
          FROM old o FULL JOIN fresh f ON f.id = o.problem_id
         WHERE (o.region_id, o.stage, o.status, o.risk, o.verified, o.unassigned)
               IS DISTINCT FROM (f.region_id, f.stage, f.status, f.risk, f.verified, f.unassigned)
    ), changes AS (
        SELECT o_region AS region_id, o_stage AS stage, o_status AS status, o_risk AS risk,
               o_verified AS verified, o_unassigned AS unassigned, -1 AS n FROM diff WHERE old_id IS NOT NULL
        UNION ALL
        SELECT region_id, stage, status, risk, verified, unassigned, 1 FROM diff WHERE new_id IS NOT NULL
    ), gone AS (
        DELETE FROM dashboard_problemfact x USING diff d WHERE x.problem_id = d.old_id AND d.new_id IS NULL
    ), put AS (
        INSERT INTO dashboard_problemfact (problem_id, region_id, stage, status, risk, verified, unassigned)
        SELECT new_id, region_id, stage, status, risk, verified, unassigned FROM diff WHERE new_id IS NOT NULL
        ON CONFLICT (problem_id) DO UPDATE SET region_id = EXCLUDED.region_id, stage = EXCLUDED.stage,
            status = EXCLUDED.status, risk = EXCLUDED.risk, verified = EXCLUDED.verified,
            unassigned = EXCLUDED.unassigned
    )
    INSERT INTO dashboard_rollupdelta (node, measure, stage, status, risk, flag, n)
    SELECT a.node, '{PROBLEM}', c.stage, c.status, c.risk, c.verified, sum(c.n)
      FROM changes c CROSS JOIN LATERAL dashboard_nodes(c.region_id) AS a(node)
     GROUP BY a.node, c.stage, c.status, c.risk, c.verified HAVING sum(c.n) <> 0
    UNION ALL
    SELECT a.node, '{UNASSIGNED}', '', '', '', true, sum(c.n)
      FROM changes c CROSS JOIN LATERAL dashboard_nodes(c.region_id) AS a(node)
     WHERE c.unassigned GROUP BY a.node HAVING sum(c.n) <> 0;
END $$;

CREATE OR REPLACE FUNCTION dashboard_refresh_tps(codes text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF codes IS NULL OR cardinality(codes) = 0 THEN RETURN; END IF;
    PERFORM 1 FROM dashboard_tpsfact WHERE code = ANY(codes) ORDER BY code FOR UPDATE;
    WITH fresh AS (
        SELECT r.code, {SCANNED_SQL} AS scanned
          FROM regions_region r WHERE r.code = ANY(codes) AND r.level = '{TPS_LEVEL}'
    ), old AS (
        SELECT code, scanned FROM dashboard_tpsfact WHERE code = ANY(codes)
    ), diff AS (
        SELECT o.code AS old_code, o.scanned AS o_scanned, f.code AS new_code, f.scanned
          FROM old o FULL JOIN fresh f ON f.code = o.code
         WHERE (o.code, o.scanned) IS DISTINCT FROM (f.code, f.scanned)
    ), changes AS (
        SELECT old_code AS code, o_scanned AS scanned, -1 AS n FROM diff WHERE old_code IS NOT NULL
        UNION ALL
        SELECT new_code, scanned, 1 FROM diff WHERE new_code IS NOT NULL
    ), gone AS (
        DELETE FROM dashboard_tpsfact x USING diff d WHERE x.code = d.old_code AND d.new_code IS NULL
    ), put AS (
        INSERT INTO dashboard_tpsfact (code, scanned)
        SELECT new_code, scanned FROM diff WHERE new_code IS NOT NULL
        ON CONFLICT (code) DO UPDATE SET scanned = EXCLUDED.scanned
    )
    INSERT INTO dashboard_rollupdelta (node, measure, stage, status, risk, flag, n)
    SELECT a.node, '{TPS}', '', '', '', c.scanned, sum(c.n)
      FROM changes c CROSS JOIN LATERAL dashboard_nodes(c.code) AS a(node)
     GROUP BY a.node, c.scanned HAVING sum(c.n) <> 0;
END $$;

CREATE OR REPLACE FUNCTION dashboard_refresh_evidence(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
    PERFORM 1 FROM dashboard_evidencefact WHERE evidence_id = ANY(ids) ORDER BY evidence_id FOR UPDATE;
    WITH fresh AS (
        SELECT e.id, e.region_id, e.uploaded_at FROM inventory_evidence e WHERE e.id = ANY(ids) AND {PENDING_SQL}
    ), old AS (
        SELECT evidence_id, region_id, uploaded_at FROM dashboard_evidencefact WHERE evidence_id = ANY(ids)
    ), diff AS (
        SELECT o.evidence_id AS old_id, o.region_id AS o_region, f.id AS new_id, f.region_id, f.uploaded_at
          FROM old o FULL JOIN fresh f ON f.id = o.evidence_id
         WHERE (o.region_id, o.uploaded_at) IS DISTINCT FROM (f.region_id, f.uploaded_at)
    ), changes AS (
        SELECT o_region AS region_id, -1 AS n FROM diff WHERE old_id IS NOT NULL
        UNION ALL
        SELECT region_id, 1 FROM diff WHERE new_id IS NOT NULL
    ), gone AS (
        DELETE FROM dashboard_evidencefact x USING diff d WHERE x.evidence_id = d.old_id AND d.new_id IS NULL
    ), put AS (
        INSERT INTO dashboard_evidencefact (evidence_id, region_id, uploaded_at)
        SELECT new_id, region_id, uploaded_at FROM diff WHERE new_id IS NOT NULL
        ON CONFLICT (evidence_id) DO UPDATE SET region_id = EXCLUDED.region_id, uploaded_at = EXCLUDED.uploaded_at
    )
    INSERT INTO dashboard_rollupdelta (node, measure, stage, status, risk, flag, n)
    SELECT a.node, '{PENDING}', '', '', '', true, sum(c.n)
      FROM changes c CROSS JOIN LATERAL dashboard_nodes(c.region_id) AS a(node)
     GROUP BY a.node HAVING sum(c.n) <> 0;
END $$;

CREATE OR REPLACE FUNCTION dashboard_rollup_compact() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('dashboard_rollup_compact')) THEN RETURN; END IF;
    WITH moved AS (
        DELETE FROM dashboard_rollupdelta RETURNING node, measure, stage, status, risk, flag, n
    ), summed AS (
        SELECT node, measure, stage, status, risk, flag, sum(n) AS n FROM moved
         GROUP BY node, measure, stage, status, risk, flag HAVING sum(n) <> 0
    )
    INSERT INTO dashboard_rollupcell AS c (node, measure, stage, status, risk, flag, n)
    SELECT * FROM summed ORDER BY node, measure, stage, status, risk, flag
    ON CONFLICT (node, measure, stage, status, risk, flag) DO UPDATE SET n = c.n + EXCLUDED.n;
    DELETE FROM dashboard_rollupcell WHERE n = 0;
END $$;

CREATE OR REPLACE FUNCTION dashboard_rollup_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Waits for the writers in flight; the recount below then sees what they committed.
    LOCK TABLE dashboard_problemfact, dashboard_tpsfact, dashboard_evidencefact, dashboard_rollupdelta,
        dashboard_rollupcell IN EXCLUSIVE MODE;
    DELETE FROM dashboard_problemfact;
    DELETE FROM dashboard_evidencefact;
    DELETE FROM dashboard_tpsfact;
    DELETE FROM dashboard_rollupdelta;
    DELETE FROM dashboard_rollupcell;
    PERFORM dashboard_refresh_problems(ARRAY(SELECT id FROM inventory_problem));
    PERFORM dashboard_refresh_tps(ARRAY(SELECT code FROM regions_region WHERE level = '{TPS_LEVEL}'));
    PERFORM dashboard_refresh_evidence(ARRAY(SELECT id FROM inventory_evidence));
    PERFORM dashboard_rollup_compact();
END $$;

CREATE OR REPLACE FUNCTION dashboard_on_problem() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM dashboard_refresh_problems(ARRAY(SELECT id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM dashboard_refresh_problems(ARRAY(SELECT id FROM old_rows));
    ELSE
        PERFORM dashboard_refresh_problems(ARRAY(
            SELECT n.id FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
             WHERE (o.id, o.region_id, o.stage, o.status, o.risk, o.assignee_id) IS DISTINCT FROM
                   (n.id, n.region_id, n.stage, n.status, n.risk, n.assignee_id)
            UNION SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    evidence bigint[];
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(evidence_id), array_agg(problem_id) INTO evidence, ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(evidence_id), array_agg(problem_id) INTO evidence, ids FROM old_rows;
    ELSE
        SELECT array_agg(evidence_id), array_agg(problem_id) INTO evidence, ids
          FROM (SELECT evidence_id, problem_id FROM new_rows UNION ALL SELECT evidence_id, problem_id FROM old_rows) x;
    END IF;
    -- A replacement of this evidence (which locks it for update) either sees this link or waits for it.
    PERFORM 1 FROM inventory_evidence WHERE id = ANY(evidence) ORDER BY id FOR SHARE;
    PERFORM dashboard_refresh_problems(ids);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_on_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    touched bigint[];  -- the changed rows and the versions they replace (or replaced): their currency moved
    replaced bigint[];
    regions text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id), array_agg(replaces_id) FILTER (WHERE replaces_id IS NOT NULL),
               array_agg(DISTINCT region_id) FILTER (WHERE kind IN {C_HASIL_SQL})
          INTO touched, replaced, regions FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(id), array_agg(replaces_id) FILTER (WHERE replaces_id IS NOT NULL),
               array_agg(DISTINCT region_id) FILTER (WHERE kind IN {C_HASIL_SQL})
          INTO touched, replaced, regions FROM old_rows;
    ELSE
        SELECT array_agg(x.id), array_agg(x.replaces_id) FILTER (WHERE x.replaces_id IS NOT NULL),
               array_agg(DISTINCT x.region_id) FILTER (WHERE x.kind IN {C_HASIL_SQL})
          INTO touched, replaced, regions
          FROM (SELECT n.id, n.replaces_id, n.region_id, n.kind FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE (o.region_id, o.kind, o.verification, o.replaces_id, o.uploaded_at)
                       IS DISTINCT FROM (n.region_id, n.kind, n.verification, n.replaces_id, n.uploaded_at)
                UNION ALL
                SELECT o.id, o.replaces_id, o.region_id, o.kind FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE (o.region_id, o.kind, o.verification, o.replaces_id, o.uploaded_at)
                       IS DISTINCT FROM (n.region_id, n.kind, n.verification, n.replaces_id, n.uploaded_at)) x;
    END IF;
    IF touched IS NULL THEN RETURN NULL; END IF;
    IF replaced IS NOT NULL THEN
        -- A link to a replaced version (which locks it for share) either is seen here or waits.
        PERFORM 1 FROM inventory_evidence WHERE id = ANY(replaced) ORDER BY id FOR UPDATE;
        regions := regions || ARRAY(SELECT DISTINCT region_id FROM inventory_evidence
                                     WHERE id = ANY(replaced) AND kind IN {C_HASIL_SQL});
        touched := touched || replaced;
    END IF;
    PERFORM dashboard_refresh_problems(ARRAY(
        SELECT DISTINCT problem_id FROM inventory_evidence_problems WHERE evidence_id = ANY(touched)));
    PERFORM dashboard_refresh_tps(ARRAY(SELECT DISTINCT unnest(regions)));
    PERFORM dashboard_refresh_evidence(ARRAY(SELECT DISTINCT unnest(touched)));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_on_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM dashboard_refresh_problems(ARRAY(SELECT problem_id FROM new_rows WHERE problem_id IS NOT NULL));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM dashboard_refresh_problems(ARRAY(SELECT problem_id FROM old_rows WHERE problem_id IS NOT NULL));
    ELSE
        PERFORM dashboard_refresh_problems(ARRAY(
            SELECT n.problem_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.problem_id, o.done) IS DISTINCT FROM (n.problem_id, n.done) AND n.problem_id IS NOT NULL
            UNION SELECT o.problem_id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.problem_id, o.done) IS DISTINCT FROM (n.problem_id, n.done) AND o.problem_id IS NOT NULL));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_on_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM dashboard_refresh_tps(ARRAY(SELECT code FROM new_rows WHERE level = '{TPS_LEVEL}'));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM dashboard_refresh_tps(ARRAY(SELECT code FROM old_rows WHERE level = '{TPS_LEVEL}'));
    ELSE
        PERFORM dashboard_refresh_tps(ARRAY(
            SELECT n.code FROM new_rows n LEFT JOIN old_rows o ON o.code = n.code
             WHERE (n.level = '{TPS_LEVEL}' OR o.level = '{TPS_LEVEL}') AND o.level IS DISTINCT FROM n.level
            UNION SELECT o.code FROM old_rows o LEFT JOIN new_rows n ON n.code = o.code
             WHERE n.code IS NULL AND o.level = '{TPS_LEVEL}'));
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One TRUNCATE of several counted tables fires this once per table, after all of them: one rebuild.
    IF current_setting('dashboard.rollup_rebuilt', true) IS DISTINCT FROM statement_timestamp()::text THEN
        PERFORM set_config('dashboard.rollup_rebuilt', statement_timestamp()::text, true);
        PERFORM dashboard_rollup_rebuild();
    END IF;
    RETURN NULL;
END $$;
"""  # noqa: S608 - our own table names and choice values

# (table, function): one trigger per event, each with the transition tables its event has.
TRIGGERS = (
    ("inventory_problem", "dashboard_on_problem"),
    ("inventory_evidence_problems", "dashboard_on_link"),
    ("inventory_evidence", "dashboard_on_evidence"),
    ("regions_region", "dashboard_on_region"),
    ("teams_memberassignment", "dashboard_on_assignment"),
)
REFERENCING = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def install_sql() -> str:
    parts = [FUNCTIONS_SQL]
    for table, function in TRIGGERS:
        for event, referencing in REFERENCING.items():
            name = f"dashboard_rollup_{event.lower()}"
            parts.append(
                f"DROP TRIGGER IF EXISTS {name} ON {table};"
                f" CREATE TRIGGER {name} AFTER {event} ON {table} {referencing}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            )
        parts.append(
            f"DROP TRIGGER IF EXISTS dashboard_rollup_truncate ON {table};"
            f" CREATE TRIGGER dashboard_rollup_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION dashboard_on_truncate();"
        )
    return "\n".join(parts)


def uninstall_sql() -> str:
    parts = [
        f"DROP TRIGGER IF EXISTS dashboard_rollup_{event} ON {table};"
        for table, _function in TRIGGERS
        for event in ("insert", "update", "delete", "truncate")
    ]
    functions = [f for _table, f in TRIGGERS]
    functions += ["dashboard_on_truncate", "dashboard_rollup_rebuild", "dashboard_rollup_compact"]
    parts += [f"DROP FUNCTION IF EXISTS {f}();" for f in functions]
    parts += [
        "DROP FUNCTION IF EXISTS dashboard_refresh_problems(bigint[]);",
        "DROP FUNCTION IF EXISTS dashboard_refresh_tps(text[]);",
        "DROP FUNCTION IF EXISTS dashboard_refresh_evidence(bigint[]);",
        "DROP FUNCTION IF EXISTS dashboard_nodes(text);",
    ]
    return "\n".join(parts)


def available() -> bool:
    """The rollup is kept on PostgreSQL only; elsewhere the dashboard counts the raw rows."""
    return connection.vendor == "postgresql"


# --- reading -----------------------------------------------------------------------------------------------

READ_SQL = """
    SELECT node, measure, stage, status, risk, flag, sum(n)::bigint FROM (
        SELECT node, measure, stage, status, risk, flag, n FROM dashboard_rollupcell WHERE node = ANY(%(nodes)s)
        UNION ALL
        SELECT node, measure, stage, status, risk, flag, n FROM dashboard_rollupdelta WHERE node = ANY(%(nodes)s)
    ) x GROUP BY node, measure, stage, status, risk, flag HAVING sum(n) <> 0
"""


def cells(nodes) -> dict[str, Counter]:
    """Per node (a region code, '' for the country): its subtree's counts as a Counter over cell keys
    (measure, stage, status, risk, flag). One query whatever the number of nodes."""
    out: dict[str, Counter] = defaultdict(Counter)
    with connection.cursor() as cursor:
        cursor.execute(READ_SQL, {"nodes": list(nodes)})
        for node, measure, stage, status, risk, flag, n in cursor.fetchall():
            out[node][(measure, stage, status, risk, flag)] += n
    return out


def all_cells() -> dict[tuple, int]:
    """Every non-zero cell, keyed (node, measure, stage, status, risk, flag)."""
    with connection.cursor() as cursor:
        cursor.execute(READ_SQL.replace("node = ANY(%(nodes)s)", "TRUE"))
        return {tuple(row[:6]): row[6] for row in cursor.fetchall()}


# --- maintenance -------------------------------------------------------------------------------------------


def pending_since(nodes, since) -> int:
    """Of the evidence awaiting verification under `nodes` ('' the country), how much was uploaded at
    `since` or later: the facts' index, no visit to the evidence table."""
    from dashboard.models import EvidenceFact

    recent = EvidenceFact.objects.filter(uploaded_at__gte=since)
    if "" not in nodes:
        recent = recent.filter(tree.subtree_q_any(list(nodes), "region_id"))
    return recent.count()


def pending_oldest(nodes, before, limit: int) -> list[int]:
    """The ids of the `limit` evidence awaiting verification under `nodes` uploaded longest before
    `before`, in upload order (then id, as the attention list orders them)."""
    from dashboard.models import EvidenceFact

    oldest = EvidenceFact.objects.filter(uploaded_at__lt=before)
    if "" not in nodes:
        oldest = oldest.filter(tree.subtree_q_any(list(nodes), "region_id"))
    return list(oldest.order_by("uploaded_at", "evidence_id").values_list("evidence_id", flat=True)[:limit])


def compact() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT dashboard_rollup_compact()")


def rebuild() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT dashboard_rollup_rebuild()")


def raw_cells() -> dict[tuple, int]:
    """The rollup's cells computed from the raw rows through the ORM definitions of measures.py: per code
    length, the records grouped by the prefix of their region code of that length (a record whose code is
    shorter belongs to no node of that length), and the country as one group."""
    lengths = sorted(set(Region.objects.annotate(n=Length("code")).values_list("n", flat=True).distinct().order_by()))
    out: Counter = Counter()
    sources = (
        (PROBLEM, measures.problems(), "region_id", measures.PROBLEM_FIELDS),
        (TPS, measures.tps(), "code", ()),
        ("scanned", measures.scanned_tps(), "code", ()),
        (UNASSIGNED, measures.unassigned_problems(), "region_id", ()),
        (PENDING, measures.pending_evidence(), "region_id", ()),
    )
    for name, queryset, column, fields in sources:
        for length in [None, *lengths]:
            keyed = queryset.annotate(key=Substr(column, 1, length) if length else Substr(column, 1, 0))
            for item in keyed.values("key", *fields).annotate(n=Count("pk")).order_by():
                if length and len(item["key"]) != length:
                    continue
                for cell, n in _raw_cell(name, item):
                    out[cell] += n
    return {cell: n for cell, n in out.items() if n}


def _raw_cell(name: str, item: dict):
    node = item["key"] or ""
    if name == PROBLEM:
        yield (node, PROBLEM, item["stage"], item["status"], item["risk"], item["verified_evidence"]), item["n"]
    elif name == TPS:  # every TPS counted unscanned, the scanned ones moved over below
        yield (node, TPS, "", "", "", False), item["n"]
    elif name in (UNASSIGNED, PENDING):
        yield (node, name, "", "", "", True), item["n"]
    else:
        yield (node, TPS, "", "", "", False), -item["n"]
        yield (node, TPS, "", "", "", True), item["n"]


def verify() -> list[str]:
    """The cells where the rollup and the raw aggregate differ, described; empty when they agree."""
    kept, raw = all_cells(), raw_cells()
    return [
        f"{_describe(cell)}: rollup {kept.get(cell, 0)}, raw {raw.get(cell, 0)}"
        for cell in sorted(set(kept) | set(raw))
        if kept.get(cell, 0) != raw.get(cell, 0)
    ]


def _describe(cell: tuple) -> str:
    node, measure, stage, status, risk, flag = cell
    where = node or "(country)"
    if measure == PROBLEM:
        return f"{where} problems stage={stage} status={status} risk={risk} verified_evidence={flag}"
    if measure in (UNASSIGNED, PENDING):
        return (
            f"{where} {'open problems nobody handles' if measure == UNASSIGNED else 'evidence awaiting verification'}"
        )
    return f"{where} TPS {'with' if flag else 'without'} C.Hasil"


__all__ = ["CELL_KEY", "CURRENT_SQL", "available", "cells", "compact", "rebuild", "verify"]
