import csv
import time

from django.core.management.base import BaseCommand, CommandError

from regions.services import generate_tps


class Command(BaseCommand):
    help = "Create polling stations (TPS 001 ...) under the villages of a region, or from a CSV of counts."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="Region code whose villages get TPS, e.g. 13.02; all if omitted.")
        parser.add_argument("--per-village", type=int, help="How many TPS each village gets.")
        parser.add_argument("--counts", help="CSV with columns village_code,count.")

    def handle(self, *args, region=None, per_village=None, counts=None, **options):
        if (per_village is None) == (counts is None):
            raise CommandError("Give exactly one of --per-village N or --counts FILE.")
        count_map = None
        if counts:
            try:
                with open(counts, newline="", encoding="utf-8-sig") as f:  # spreadsheets write a BOM
                    count_map = {row["village_code"].strip(): int(row["count"]) for row in csv.DictReader(f)}
            except (OSError, KeyError, TypeError, ValueError) as exc:  # TypeError: a row without a count
                raise CommandError(f"Cannot read {counts}: {exc}") from exc
        started = time.perf_counter()
        try:
            result = generate_tps(region_code=region, per_village=per_village, counts=count_map)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"TPS: {result.created} created, {result.updated} renamed, {result.unchanged} unchanged "
                f"in {time.perf_counter() - started:.1f}s."
            )
        )
