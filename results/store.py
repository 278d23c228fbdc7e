"""The one writer of official figures: a file's rows into `Tally`/`TallyVote`, all or nothing.

The rows go into two staging tables (one row per location, one per participant's votes) in one pass
over them, which also takes each location's fingerprint; then a few set statements, the same SQL on
PostgreSQL and SQLite (`results.bulk` holds the little that differs, mainly the bulk load: COPY or
executemany): locations unknown to the region tree are errors by row; the locations whose fingerprint
differs from their current version's get a new version (INSERT ... SELECT from the staging tables, the
versions they replace lose `current` in one UPDATE and are kept); a file that changes nothing writes
nothing (no import row either), so importing the same file twice is harmless. A lock per contest makes
concurrent imports of one contest wait for each other instead of fighting over version numbers.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import reach_of
from core.spreadsheets import ImportResult
from elections.models import Contest
from regions import tree
from results import bulk
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
    # Sirekap's own word on the TPS (None: not given, as in a D.Hasil sheet): its two status flags and
    # the C.Hasil page images in page order.
    status_suara: bool | None = None
    status_adm: bool | None = None
    images: tuple[str | None, ...] | None = None


@dataclass
class Stored:
    batch: ResultImport | None  # None when nothing changed
    locations: int
    changed: int


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


STAGE = "results_stage"
CHANGED = "results_changed"
to_json = json.JSONEncoder(ensure_ascii=False).encode
# The staged columns of a location, in the order `_records` gives them; all but `n` are Tally fields.
COPIED = ("region_id", "recorded_at", "digest", "status_suara", "status_adm", "images", *FIGURES)


def _fingerprint(figures: list, votes: list, row: Row, images: str | None) -> str:
    """MD5 of what the source says of the location, not of when it said it: the same file again, or
    the same figures at a later `ts`, is no new version."""
    key = repr((figures, votes, row.status_suara, row.status_adm, images))
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()


def _records(rows: Sequence[Row]):
    """One staging tuple per location (`n`: its position in `rows`), in the order of COPIED."""
    moment = connection.ops.adapt_datetimefield_value
    for n, row in enumerate(rows):
        figures = [row.figures.get(f) for f in FIGURES]
        images = None if row.images is None else to_json(row.images)
        digest = _fingerprint(figures, sorted(row.votes.items()), row, images)
        at = None if row.recorded_at is None else moment(row.recorded_at)
        yield (n, row.region, at, digest, row.status_suara, row.status_adm, images, *figures)


def _stage(cursor, rows: Sequence[Row]) -> None:
    columns = [("n", "integer")] + [(name, bulk.column_type(name)) for name in COPIED]
    bulk.create_stage(cursor, STAGE, columns)
    bulk.load(cursor, STAGE, ["n", *COPIED], _records(rows), analyze=True)


def _unknown_regions(cursor, rows: Sequence[Row], result: ImportResult, column: str) -> None:
    cursor.execute(
        f"SELECT s.n, s.region_id FROM {STAGE} s WHERE s.region_id IS NOT NULL AND NOT EXISTS "  # noqa: S608
        "(SELECT 1 FROM regions_region r WHERE r.code = s.region_id) ORDER BY s.n LIMIT %s",
        [UNKNOWN_SHOWN],
    )
    for n, code in cursor.fetchall():
        result.add(rows[n].line, column, _("Unknown region code %(code)s.") % {"code": code})


def _changes(cursor, contest_id: int) -> int:
    """The locations whose fingerprint differs from their current version's (or that have none), each
    with the id of its new version and the one it replaces; returns how many."""
    tally = Tally._meta.db_table
    cursor.execute(
        f"""
        CREATE TEMP TABLE {CHANGED} AS
        SELECT {bulk.new_ids(cursor)} AS id, s.n, t.id AS old_id, COALESCE(t.version, 0) + 1 AS version
        FROM {STAGE} s
        LEFT JOIN {tally} t ON t.contest_id = %s AND t.current AND {bulk.same_region("s", "t")}
        WHERE t.digest IS DISTINCT FROM s.digest
        """,  # noqa: S608 - table names come from the models
        [contest_id],
    )
    cursor.execute(f"SELECT COUNT(*) FROM {CHANGED}")  # noqa: S608
    return cursor.fetchone()[0]


def _write(cursor, rows: Sequence[Row], *, batch: ResultImport) -> None:
    """The new versions and their votes; the versions they replace lose `current` first."""
    tally, votes = Tally._meta.db_table, TallyVote._meta.db_table
    cursor.execute(
        f"UPDATE {tally} SET current = false "  # noqa: S608
        f"WHERE id IN (SELECT old_id FROM {CHANGED} WHERE old_id IS NOT NULL)"
    )
    copied = ", ".join(COPIED)
    cursor.execute(
        f"""
        INSERT INTO {tally} (id, batch_id, contest_id, version, current, {copied})
        SELECT c.id, %s, %s, c.version, true, {", ".join(f"s.{name}" for name in COPIED)}
        FROM {CHANGED} c JOIN {STAGE} s ON s.n = c.n
        """,  # noqa: S608
        [batch.pk, batch.contest_id],
    )
    # The votes go straight in (no staging): the fingerprint covers them, so only the new versions'.
    cursor.execute(f"SELECT n, id FROM {CHANGED}")  # noqa: S608
    ids = dict(cursor.fetchall())
    records = (
        (tally_id, participant, count)
        for n, row in enumerate(rows)
        if (tally_id := ids.get(n)) is not None
        for participant, count in row.votes.items()
    )
    bulk.load(cursor, votes, ["tally_id", "participant_id", "votes"], records)


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
    check_rows(actor=actor, contest=contest, rows=rows, result=result, column=column)
    if not result.ok:
        return None
    with transaction.atomic(), connection.cursor() as cursor:
        bulk.lock(cursor, contest.pk)
        settings = bulk.tune(cursor)
        _stage(cursor, rows)
        _unknown_regions(cursor, rows, result, column)
        if not result.ok:
            transaction.set_rollback(True)
            return None
        changed = _changes(cursor, contest.pk)
        batch = None
        if changed:
            batch = ResultImport.objects.create(
                contest=contest,
                source=source,
                region_id=common_root([row.region for row in rows]),
                name=name[:255],
                sha256=sha256,
                locations=len(rows),
                changed=changed,
                imported_by=actor,
            )
            _write(cursor, rows, batch=batch)
        # The staging tables go now, not at commit: a caller's outer transaction may import again.
        for table in (STAGE, CHANGED):
            cursor.execute(f"DROP TABLE {table}")
        bulk.untune(cursor, settings)
    return Stored(batch=batch, locations=len(rows), changed=changed)
