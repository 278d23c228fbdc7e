"""Import official figures from files too big for a page (a kabupaten's or a province's Sirekap files):

    manage.py import_results --contest 12 --kind sirekap data/13/*.json
    manage.py import_results --contest 12 --kind dhasil d-hasil-kabupaten.xlsx

Each file is stored whole or not at all, as on the import page; the command runs as the system (no
reach limit), so only administrators of the server can run it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from elections.models import Contest
from results import dhasil, sirekap
from results.tasks import warm_findings

IMPORTERS = {"sirekap": sirekap.sirekap_import, "dhasil": dhasil.dhasil_import}
ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = "Import Sirekap JSON files or D.Hasil sheets of official figures for one contest."

    def add_arguments(self, parser):
        parser.add_argument("--contest", type=int, required=True)
        parser.add_argument("--kind", choices=sorted(IMPORTERS), required=True)
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, contest, kind, files, **options):
        try:
            contest = Contest.objects.select_related("election").get(pk=contest)
        except Contest.DoesNotExist:
            raise CommandError(f"no contest {contest}") from None
        failed = changed = 0
        for path in files:
            try:
                with path.open("rb") as handle:
                    result, stored = IMPORTERS[kind](actor=None, contest=contest, file=handle, name=path.name)
            except ApplicationError as exc:
                result, stored = None, None
                self.stderr.write(f"{path}: {exc.message}")
            if stored is None:
                failed += 1
                for error in result.errors[:ERRORS_SHOWN] if result else []:
                    self.stderr.write(f"{path}: row {error.row} {error.column}: {error.message}")
                continue
            changed += stored.changed
            self.stdout.write(f"{path}: {stored.locations} locations, {stored.changed} with new figures")
        if changed:
            warm_findings.delay(contest.pk)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files not imported")
