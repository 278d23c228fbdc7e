"""Region-import benchmark on PostgreSQL: `import_official_regions()` against a plain COPY of the same rows.

    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/run.py [--quick] [--strict] [--national-tps]
    .venv/bin/python bench/run.py --upload    # the upload-memory benchmark instead (bench/upload_memory.py)

The database named in DATABASE_URL (default postgres://postgres@127.0.0.1:5432/phpu_bench) is dropped,
recreated and migrated on every run, so its name must contain "bench". See bench/README.md.
"""

import argparse
import csv
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/phpu_bench")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402
import environ  # noqa: E402
import psycopg2  # noqa: E402

TARGET = 2.0
OFFICIAL_COUNT = 91_599


def recreate_database(url: str) -> None:
    cfg = environ.Env.db_url_config(url)
    if "postgresql" not in cfg["ENGINE"] or "bench" not in cfg["NAME"]:
        sys.exit(f"DATABASE_URL must be a PostgreSQL database whose name contains 'bench' (it is dropped): {url}")
    conn = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], password=cfg["PASSWORD"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def official_csv() -> str:
    """The rows import_official_regions() writes, as COPY csv text (NULL is \\N)."""
    from regions.models import level_for_code, parent_code
    from regions.services import official_rows

    buf = io.StringIO()
    writer = csv.writer(buf)
    for code, name in official_rows():
        parent = parent_code(code)
        writer.writerow((code, name, level_for_code(code), parent if parent is not None else r"\N"))
    return buf.getvalue()


def sql(statement: str):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchone() if cursor.description else None


def reset() -> None:
    """Empty the region table and flush dirty pages, so that every timed step starts alike."""
    sql("TRUNCATE regions_region CASCADE")
    sql("CHECKPOINT")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def plain_copy(data: str) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY regions_region (code,name,level,parent_id) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            io.StringIO(data),
        )


def check(label: str, actual, expected) -> None:
    if actual != expected:
        sys.exit(f"{label}: expected {expected}, got {actual}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition instead of three (CI smoke run)")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 if the ratio ours/COPY exceeds {TARGET}")
    parser.add_argument("--national-tps", action="store_true", help="also time nationwide generate_tps(per_village=10)")
    parser.add_argument(
        "--upload", action="store_true", help="run the upload-memory benchmark instead (bench/upload_memory.py)"
    )
    args = parser.parse_args()
    if args.upload:
        import subprocess

        return subprocess.call([sys.executable, str(Path(__file__).with_name("upload_memory.py"))])

    recreate_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    from regions.choices import Level
    from regions.models import Region
    from regions.services import LoadResult, generate_tps, import_official_regions

    call_command("migrate", verbosity=0)
    print(f"{sql('SHOW server_version')[0]} · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs")
    data = official_csv()
    check("rows in the official CSVs", data.count("\n"), OFFICIAL_COUNT)

    copies, imports, reimports = [], [], []
    for run in range(1 if args.quick else 3):
        reset()
        seconds, _ = timed(lambda: plain_copy(data))
        check("rows after COPY", Region.objects.count(), OFFICIAL_COUNT)
        copies.append(seconds)

        reset()
        seconds, result = timed(import_official_regions)
        check("first import", result, LoadResult(created=OFFICIAL_COUNT))
        imports.append(seconds)

        sql("CHECKPOINT")
        seconds, result = timed(import_official_regions)
        check("second import", result, LoadResult(unchanged=OFFICIAL_COUNT))
        reimports.append(seconds)
        print(f"  run {run + 1}: COPY {copies[-1]:.2f}s, import {imports[-1]:.2f}s, re-import {reimports[-1]:.2f}s")

    copy_s, import_s, reimport_s = (statistics.median(xs) for xs in (copies, imports, reimports))
    ratio = import_s / copy_s
    verdict = "ok" if ratio <= TARGET else "ABOVE TARGET"
    print(f"import_regions: {import_s:.2f}s vs COPY {copy_s:.2f}s -> ratio {ratio:.2f} (target <= {TARGET}) {verdict}")
    print(f"import_regions again: {reimport_s:.2f}s (0 created, 0 renamed, {OFFICIAL_COUNT} unchanged)")

    if args.national_tps:
        sql("CHECKPOINT")
        villages = Region.objects.filter(level=Level.VILLAGE).count()
        seconds, result = timed(lambda: generate_tps(per_village=10))
        check("TPS created", result, LoadResult(created=villages * 10))
        rate = result.created / seconds
        print(f"generate_tps(per_village=10): {result.created:,} TPS in {seconds:.1f}s -> {rate:,.0f} rows/s")

    return 1 if args.strict and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
