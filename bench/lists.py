"""A PPK's first page of problems and evidence at national scale against the same at 1/100 of the rows,
for the PPK of bench/national_data.py (about 1% of the rows in their kecamatan) and for a PPK whose own
kecamatan holds 10,000 problems and 10,000 evidence rows at both scales (the target: ratio <= 1.2).

    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/lists.py [--quick] [--repeats 7]

Data: bench/national_data.py at scale 1 and 1/100 (--quick: 1/100 and 1/1000), in the databases
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/phpu_bench_national) and the same + "_small",
as bench/national.py makes and reuses them; this bench adds the busy kecamatan (10,000 rows of each,
made afresh at every run, and taken out before national_data compares its counts) and its PPK.
Measured, median of --repeats warm requests through Django's test client: the problem list page,
/api/problems/ and /api/evidence/ (the first page of each, then the API's second page by its `next`
cursor). Ratios are printed, not judged.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import national  # bench/ is not a package; national sets the Django environment

BUSY_ROWS = 10_000
BUSY_USER = "bench-ppk-busy"
BUSY_MARK = "bench-busy"  # the busy rows' bawaslu_reference (problems) and file folder (evidence)
PATHS = {
    "problem list page": "/inventory/problems/",
    "problems API": "/api/problems/",
    "evidence API": "/api/evidence/",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1/100 and 1/1000 of the national scale")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--child", metavar="SCALE", type=float, help=argparse.SUPPRESS)
    return parser.parse_args()


def main():
    args = parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child, args.repeats)))
        return
    url = os.environ.get("DATABASE_URL", national.DEFAULT_URL)
    large, small = (0.01, 0.001) if args.quick else (1.0, 0.01)
    runs = {}
    for scale, db_url in ((large, url), (small, url + "_small")):
        started = time.perf_counter()
        national.create_database(db_url)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(scale), "--repeats", str(args.repeats)],
            env={**os.environ, "DATABASE_URL": db_url},
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode:
            sys.stderr.write(child.stderr[-4000:])
            sys.exit(f"the run at scale {scale} failed")
        runs[scale] = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"scale {scale}: {time.perf_counter() - started:.0f}s in all", flush=True)
    report(runs[large], runs[small], large, small)


def report(big: dict, small: dict, large_scale: float, small_scale: float) -> None:
    print(f"\nrows: {big['counts']} (at {large_scale}) vs {small['counts']} (at {small_scale})")
    for who in ("ppk", "busy ppk"):
        rows = big["rows"][who]
        print(f"\n{who}: {rows} problems in their kecamatan at {large_scale}, {small['rows'][who]} at {small_scale}")
        print(f"   {'first page (median ms)':32} {'large':>8} {'small':>8}  ratio (target <= 1.2)")
        for name, ms in big[who].items():
            base = small[who][name]
            print(f"   {name:32} {ms:8.1f} {base:8.1f}  {ms / base:.2f}")


# --- the child: data, then measure ----------------------------------------------------------------------


def measure(scale: float, repeats: int) -> dict:
    import django

    django.setup()
    import national_data

    from accounts.models import User

    _drop_busy()  # so that national_data finds its own counts and reuses its data
    generated = national_data.generate(scale=scale, log=lambda *a: print(*a, file=sys.stderr, flush=True))
    busy = busy_kecamatan()
    users = {"ppk": User.objects.get(username=national_data.USERS["ppk"]), "busy ppk": busy}
    return {
        "counts": generated["counts"],
        "rows": {who: rows_in_reach(user) for who, user in users.items()},
        **{who: first_pages(user, repeats) for who, user in users.items()},
    }


def _drop_busy() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('inventory_problem') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute("DELETE FROM inventory_problem WHERE bawaslu_reference = %s", [BUSY_MARK])
            cursor.execute("DELETE FROM inventory_evidence WHERE file LIKE %s", [BUSY_MARK + "/%"])


def busy_kecamatan():
    """The PPK of a kecamatan (not the bench PPK's) holding BUSY_ROWS problems and evidence rows."""
    from django.db import connection

    from accounts.choices import Role
    from accounts.models import User
    from accounts.services import user_create
    from inventory.models import Evidence, Problem
    from regions.models import Region

    user = User.objects.filter(username=BUSY_USER).first()
    if user is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substr(code, 1, 8) FROM regions_region WHERE level = 'tps' AND code LIKE '13.01.%%'"
                " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
            )
            region = Region.objects.get(code=cursor.fetchone()[0])
        user = user_create(actor=None, username=BUSY_USER, role=Role.PPK, region=region)
    code = user.assignments.get().region_id
    _fill(Problem, code, "created_at")
    _fill(Evidence, code, "uploaded_at")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return user


def _fill(model, kecamatan: str, timestamp: str) -> None:
    """BUSY_ROWS copies of rows already made elsewhere, spread over the kecamatan's TPS and the last
    days, with files and hashes of their own (the region + hash pair is unique)."""
    from django.db import connection

    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if f.column not in ("id", "search_vector")]
    special = {
        "region_id": "t.code",
        timestamp: "now() - g * interval '37 seconds'",
        "file": f"'{BUSY_MARK}/' || g || '.pdf'",
        "bawaslu_reference": f"'{BUSY_MARK}'",
        "sha256": "md5('busy' || g) || md5('busy-' || g)",
        "replaces_id": "NULL",
        "preview": "''",
    }
    select = ", ".join(special.get(c, f"s.{c}") for c in columns)
    current = "WHERE replaces_id IS NULL" if "replaces_id" in columns else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH tps AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM regions_region
                          WHERE level = 'tps' AND code LIKE %(like)s),
                 src AS (SELECT *, row_number() OVER (ORDER BY id) - 1 AS k FROM {table} {current} LIMIT 500)
            INSERT INTO {table} ({", ".join(columns)})
            SELECT {select}
              FROM generate_series(1, %(n)s) g
              JOIN tps t ON t.n = g %% (SELECT count(*) FROM tps)
              JOIN src s ON s.k = g %% (SELECT count(*) FROM src)
            """,  # noqa: S608 - names from the models, values as parameters
            {"like": kecamatan + ".%", "n": BUSY_ROWS},
        )


def rows_in_reach(user) -> int:
    from accounts.choices import Action
    from inventory.models import Problem

    return Problem.objects.visible_to(user, Action.VIEW).count()


def first_pages(user, repeats: int) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    out = {name: national.median_ms(lambda path=path: get(path), repeats) for name, path in PATHS.items()}
    for name in ("problems API", "evidence API"):
        following = get(PATHS[name]).json()["next"]
        if following:
            out[f"{name}, page 2 by cursor"] = national.median_ms(lambda url=following: get(url), repeats)
    return out


if __name__ == "__main__":
    main()
