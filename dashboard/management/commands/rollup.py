import sys
import time

from django.core.management.base import BaseCommand, CommandError

from dashboard import rollup

SHOWN = 50


class Command(BaseCommand):
    help = (
        "The dashboard's rollup (PostgreSQL): --rebuild recounts it from the raw rows, --verify compares every"
        " cell with the raw aggregate (exit status 1 and the differing cells when they differ), --compact folds"
        " the pending deltas into the cells."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true")
        parser.add_argument("--verify", action="store_true")
        parser.add_argument("--compact", action="store_true")

    def handle(self, *args, rebuild=False, verify=False, compact=False, **options):
        if not (rebuild or verify or compact):
            raise CommandError("Say what to do: --rebuild, --verify and/or --compact.")
        if not rollup.available():
            raise CommandError("The rollup is kept on PostgreSQL only; this database counts the raw rows.")
        for wanted, name, action in ((compact, "compacted", rollup.compact), (rebuild, "rebuilt", rollup.rebuild)):
            if wanted:
                started = time.perf_counter()
                action()
                self.stdout.write(f"Rollup {name} in {time.perf_counter() - started:.1f} s.")
        if verify:
            self._verify()

    def _verify(self):
        started = time.perf_counter()
        differences = rollup.verify()
        took = time.perf_counter() - started
        if not differences:
            self.stdout.write(f"Rollup verified: every cell equals the raw aggregate ({took:.1f} s).")
            return
        for line in differences[:SHOWN]:
            self.stderr.write(line)
        if len(differences) > SHOWN:
            self.stderr.write(f"... and {len(differences) - SHOWN} more.")
        self.stderr.write(f"Rollup differs from the raw aggregate in {len(differences)} cells; run --rebuild.")
        sys.exit(1)
