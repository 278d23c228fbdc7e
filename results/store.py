"""The one writer of official figures: a file's rows into `Tally`/`TallyVote`, all or nothing.

PostgreSQL takes the rows through COPY into temporary staging tables and then a few set statements:
the locations whose figures changed (their digest differs from the current version's) get a new
version, the old version is kept with `current` off, and a file that changes nothing writes nothing
(no import row either), so importing the same file twice is harmless. A lock per contest makes
concurrent imports of one contest wait for each other instead of fighting over version numbers.
"""

import csv
import hashlib
import io
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import reach_of
from core.errors import ApplicationError
from core.spreadsheets import ImportResult
from elections.models import Contest
from regions import tree
from results.choices import FIGURES
from results.models import ResultImport, Tally, TallyVote

IMPORT_ACTION = Action.EDIT_INVENTORY  # who may bring the KPU's figures in: whoever keeps the inventory
UNKNOWN_SHOWN = 50  # unknown region codes listed at most


@dataclass(frozen=True)
class Row:
    """One location's figures from a file. `line`: where it is in the file (the spreadsheet's row
    number, the position of the TPS in a JSON file), for the errors."""

    line: int
    region: str | None  # dotted code; None for the national recapitulation
    figures: Mapping[str, int | None] = field(default_factory=dict)  # a Figure -> value; absent: unknown
    votes: Mapping[int, int] = field(default_factory=dict)  # participant pk -> votes; absent: unknown
    recorded_at: datetime | None = None


@dataclass
class Stored:
    batch: ResultImport | None  # None when nothing changed
    locations: int
    changed: int


def digest(row: Row) -> uuid.UUID:
    """A fingerprint of the numbers only (not of when the source made them): same numbers, same digest."""
    figures = ",".join("" if row.figures.get(f) is None else str(row.figures[f]) for f in FIGURES)
    votes = ",".join(f"{p}:{n}" for p, n in sorted(row.votes.items()))
    return uuid.UUID(bytes=hashlib.md5(f"{figures}|{votes}".encode(), usedforsecurity=False).digest())


def contest_area(contest: Contest) -> list[str | None]:
    """Where a contest's figures may lie: its dapil's regions, its region, or the country ([None])."""
    if contest.dapil_id:
        return list(contest.dapil.regions.values_list("code", flat=True))
    return [contest.region_id]


def check_places(*, actor, contest: Contest, rows: Sequence[Row], result: ImportResult, column: str) -> None:
    """Every location inside the contest's area and the actor's reach; errors on the row's `column`."""
    area = contest_area(contest)
    reach = reach_of(actor, IMPORT_ACTION) if actor is not None else None
    for row in rows:
        if not tree.covers(area, row.region):
            result.add(row.line, column, _("%(code)s is outside the area of this contest.") % {"code": row.region})
        elif reach is not None and not reach.contains(row.region):
            result.add(row.line, column, _("You may not import figures for %(code)s.") % {"code": row.region})


def check_rows(*, actor, contest: Contest, rows: Sequence[Row], result: ImportResult, column: str) -> None:
    """Each location at most once, inside the contest's area and the actor's reach. The parsers call it
    on the rows they could read, so a file's errors are all listed at once."""
    seen: dict[str | None, int] = {}
    for row in rows:
        if row.region in seen:
            message = _("%(code)s is already given in row %(row)d.") % {"code": row.region, "row": seen[row.region]}
            result.add(row.line, column, message)
        seen.setdefault(row.region, row.line)
    check_places(actor=actor, contest=contest, rows=rows, result=result, column=column)


def common_root(codes: Sequence[str | None]) -> str | None:
    """The smallest region holding every code (None: the country)."""
    if not codes or None in codes:
        return None
    root = codes[0]
    for code in codes[1:]:
        while root is not None and not tree.within(code, root):
            root = tree.parent(root)
    return root


def _copy(cursor, table: str, columns: Sequence[str], records) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for record in records:
        writer.writerow(r"\N" if value is None else value for value in record)
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)


def _stage(cursor, rows: Sequence[Row]) -> None:
    figure_columns = ", ".join(f"{name} integer" for name in FIGURES)
    cursor.execute(
        "CREATE TEMP TABLE results_stage (line integer, region_id varchar(20), recorded_at timestamptz, "
        f"digest uuid, {figure_columns}) ON COMMIT DROP"
    )
    cursor.execute(
        "CREATE TEMP TABLE results_stage_votes (region_id varchar(20), participant_id bigint, votes integer) "
        "ON COMMIT DROP"
    )
    _copy(
        cursor,
        "results_stage",
        ["line", "region_id", "recorded_at", "digest", *FIGURES],
        (
            (
                r.line,
                r.region,
                r.recorded_at.isoformat() if r.recorded_at else None,
                digest(r),
                *tuple(r.figures.get(f) for f in FIGURES),
            )
            for r in rows
        ),
    )
    _copy(
        cursor,
        "results_stage_votes",
        ["region_id", "participant_id", "votes"],
        ((r.region, p, n) for r in rows for p, n in r.votes.items()),
    )
    cursor.execute("ANALYZE results_stage; ANALYZE results_stage_votes")


def _unknown_regions(cursor, result: ImportResult, column: str) -> None:
    cursor.execute(
        "SELECT s.line, s.region_id FROM results_stage s WHERE s.region_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM regions_region r WHERE r.code = s.region_id) ORDER BY s.line LIMIT %s",
        [UNKNOWN_SHOWN],
    )
    for line, code in cursor.fetchall():
        result.add(line, column, _("Unknown region code %(code)s.") % {"code": code})


def _write(cursor, *, batch: ResultImport) -> int:
    """New versions for the changed locations; returns how many."""
    figures = ", ".join(FIGURES)
    # COALESCE(region, ''): the national row has no region, and a hash join needs an equality.
    cursor.execute(
        f"""
        CREATE TEMP TABLE results_changed ON COMMIT DROP AS
        SELECT s.*, t.id AS old_id, COALESCE(t.version, 0) + 1 AS version
        FROM results_stage s
        LEFT JOIN {Tally._meta.db_table} t ON t.contest_id = %(contest)s AND t.current
            AND COALESCE(t.region_id, '') = COALESCE(s.region_id, '')
        WHERE t.digest IS DISTINCT FROM s.digest
        """,  # noqa: S608 - table names come from the models
        {"contest": batch.contest_id},
    )
    changed = cursor.rowcount
    if not changed:
        return 0
    cursor.execute(
        f"UPDATE {Tally._meta.db_table} SET current = false "  # noqa: S608
        "WHERE id IN (SELECT old_id FROM results_changed WHERE old_id IS NOT NULL)"
    )
    cursor.execute(
        f"""
        WITH new AS (
            INSERT INTO {Tally._meta.db_table}
                (batch_id, contest_id, region_id, version, current, recorded_at, digest, {figures})
            SELECT %(batch)s, %(contest)s, region_id, version, true, recorded_at, digest, {figures}
            FROM results_changed
            RETURNING id, region_id
        )
        INSERT INTO {TallyVote._meta.db_table} (tally_id, participant_id, votes)
        SELECT new.id, v.participant_id, v.votes
        FROM new JOIN results_stage_votes v ON COALESCE(v.region_id, '') = COALESCE(new.region_id, '')
        """,  # noqa: S608
        {"batch": batch.pk, "contest": batch.contest_id},
    )
    return changed


def store_rows(
    *,
    actor,
    contest: Contest,
    source: str,
    name: str,
    sha256: str,
    rows: Sequence[Row],
    result: ImportResult,
    column: str = "location_code",
) -> Stored | None:
    """Store the rows of one file for `contest`: every location checked (known, in the contest's area,
    in the actor's reach, at most once), then all of them or none. Errors go on `result` (None returned)."""
    if connection.vendor != "postgresql":
        raise ApplicationError(_("Official results are stored on PostgreSQL only."))
    check_rows(actor=actor, contest=contest, rows=rows, result=result, column=column)
    if not result.ok:
        return None
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('results.store'), %s)", [contest.pk])
        _stage(cursor, rows)
        _unknown_regions(cursor, result, column)
        if not result.ok:
            transaction.set_rollback(True)
            return None
        batch = ResultImport.objects.create(
            contest=contest,
            source=source,
            region_id=common_root([row.region for row in rows]),
            name=name[:255],
            sha256=sha256,
            locations=len(rows),
            changed=0,
            imported_by=actor,
        )
        changed = _write(cursor, batch=batch)
        # The staging tables go now, not at commit: a caller's outer transaction may import again.
        cursor.execute("DROP TABLE results_stage, results_stage_votes, results_changed")
        if not changed:
            batch.delete()
            return Stored(batch=None, locations=len(rows), changed=0)
        ResultImport.objects.filter(pk=batch.pk).update(changed=changed)
        batch.changed = changed
    return Stored(batch=batch, locations=len(rows), changed=changed)
