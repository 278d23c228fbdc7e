"""Official-results benchmark on PostgreSQL: `results.store.store_rows` against a plain COPY of the same
rows, then the consistency report for one province and for the country (time and peak memory).

    SECRET_KEY=bench DEBUG=false .venv/bin/python bench/results_import.py [--quick] [--strict]

Full run: the official regions, 10 TPS per village (about 840,000 TPS) and a presidential contest with
3 pairs, so 840,000 tallies (with Sirekap's two status flags and two C.Hasil image addresses each, as a
Sirekap file gives them) and 2.5 million votes rows. --quick: one province (Sumatera Barat, 13) with
3 TPS per village. The database named in DATABASE_URL (default .../phpu_bench_results) is dropped,
recreated and migrated on every run, so its name must contain "bench".
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/phpu_bench_results")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from run import recreate_database  # noqa: E402

TARGET = 2.0  # ours / plain COPY
PROVINCE = "13"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def setup_regions(quick: bool) -> int:
    from regions.models import Region
    from regions.services import generate_tps, official_rows, region_bulk_load

    if quick:
        region_bulk_load([(c, n) for c, n in official_rows() if c.split(".")[0] == PROVINCE])
        generate_tps(region_code=PROVINCE, per_village=3)
    else:
        region_bulk_load(official_rows())
        generate_tps(per_village=10)
    return Region.objects.filter(level="tps").count()


def setup_contest():
    from elections.choices import ContestType, ElectionKind, ParticipantKind
    from elections.models import Contest, Election, Participant

    election = Election.objects.create(name="Pemilu 2024", kind=ElectionKind.PEMILU, voting_date="2024-02-14")
    contest = Contest.objects.create(election=election, contest_type=ContestType.PPWP)
    pairs = [
        Participant.objects.create(contest=contest, kind=ParticipantKind.PAIR, name=f"Pasangan {n}", ballot_number=n)
        for n in (1, 2, 3)
    ]
    return contest, [p.pk for p in pairs]


def generated_rows(pairs: list[int]):
    """A tally per TPS; one in a hundred breaks a rule (valid votes off by one)."""
    from regions.models import Region
    from results.store import Row

    rng = random.Random(2024)
    rows = []
    codes = Region.objects.filter(level="tps").order_by("code").values_list("code", flat=True).iterator(10_000)
    for line, code in enumerate(codes, start=1):
        votes = {p: rng.randint(0, 90) for p in pairs}
        valid = sum(votes.values()) + (1 if line % 100 == 0 else 0)
        invalid = rng.randint(0, 6)
        voters = valid + invalid
        from_dptb, dpk = rng.randint(0, 3), rng.randint(0, 2)
        figures = {
            "dpt": voters + rng.randint(0, 40),
            "voters_dpt": voters - from_dptb - dpk,
            "voters_dptb": from_dptb,
            "voters_dpk": dpk,
            "voters": voters,
            "valid": valid,
            "invalid": invalid,
            "counted": voters,
        }
        digits = code.replace(".", "")
        images = tuple(f"https://sirekap-obj-formc.kpu.go.id/{digits[:4]}/{digits}-{page}.jpg" for page in (1, 2))
        rows.append(
            Row(
                line=line,
                region=code,
                figures=figures,
                votes=votes,
                status_suara=line % 7 != 0,
                status_adm=line % 11 != 0,
                images=images,
            )
        )
    return rows


def plain_copy(rows) -> None:
    """The same tallies and votes, COPYed into tables with no index, key or check: the floor. Written
    the way the store writes its staging tables: the csv module's writerows, an empty field for NULL,
    streamed to COPY a few thousand rows at a time."""
    from django.db import connection

    from results.bulk import CsvStream
    from results.choices import FIGURES

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS plain_tally, plain_vote")
        cursor.execute(
            "CREATE TABLE plain_tally (id bigint, region_id varchar(20), recorded_at timestamptz, digest uuid, "
            "status_suara boolean, status_adm boolean, images jsonb, "
            + ", ".join(f"{f} integer" for f in FIGURES)
            + ")"
        )
        cursor.execute("CREATE TABLE plain_vote (tally_id bigint, participant_id bigint, votes integer)")
        zero = "00000000000000000000000000000000"
        tallies = CsvStream(
            (
                n,
                row.region,
                row.recorded_at,
                zero,
                row.status_suara,
                row.status_adm,
                json.dumps(row.images),
                *[row.figures.get(f) for f in FIGURES],
            )
            for n, row in enumerate(rows)
        )
        votes = CsvStream((n, p, v) for n, row in enumerate(rows) for p, v in row.votes.items())
        cursor.copy_expert("COPY plain_tally FROM STDIN WITH (FORMAT csv)", tallies)
        cursor.copy_expert("COPY plain_vote FROM STDIN WITH (FORMAT csv)", votes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one province, 3 TPS per village (smoke run)")
    parser.add_argument("--strict", action="store_true", help=f"exit 1 if the ratio ours/COPY exceeds {TARGET}")
    args = parser.parse_args()
    recreate_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from accounts.models import User
    from core.spreadsheets import ImportResult
    from results.selectors import contest_report
    from results.store import store_rows

    call_command("migrate", verbosity=0)
    tps = setup_regions(args.quick)
    contest, pairs = setup_contest()
    rows = generated_rows(pairs)
    print(f"{tps:,} TPS, {len(rows) * len(pairs):,} votes rows · peak {peak_mb():,.0f} MB after generating")

    with transaction.atomic():
        baseline, _ = timed(lambda: plain_copy(rows))

    def store():
        result = ImportResult()
        stored = store_rows(
            actor=None, contest=contest, source="sirekap", name="bench", sha256="0" * 64, rows=rows, result=result
        )
        assert result.ok, result.errors[:5]
        return stored

    after_copy = peak_mb()
    ours, stored = timed(store)
    ratio = ours / baseline
    print(f"plain COPY {baseline:.1f}s · store_rows {ours:.1f}s ({stored.changed:,} new tallies) · ratio {ratio:.2f}")
    print(f"peak {after_copy:,.0f} MB after the plain COPY, {peak_mb():,.0f} MB after store_rows")
    again, same = timed(store)
    print(f"the same rows again: {again:.1f}s, {same.changed} new tallies")

    superuser = User.objects.create(username="bench", is_superuser=True)
    for label, region in ((f"province {PROVINCE}", PROVINCE), ("country", None)):
        before = peak_mb()
        seconds, report = timed(lambda region=region: contest_report(user=superuser, contest=contest, region=region))
        print(
            f"report {label}: {report.locations:,} locations, {len(report.findings):,} findings in {seconds:.1f}s"
            f" · peak {peak_mb():,.0f} MB (was {before:,.0f})"
        )
    return 1 if args.strict and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
