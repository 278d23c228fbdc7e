"""Re-hash every stored evidence file and report the ones that no longer match their SHA-256 or are
gone. Exit status 1 when any is found, so cron or CI can raise the alarm."""

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.scoping import Reach
from inventory.integrity import stored_sha256
from inventory.models import Evidence
from inventory.storage import evidence_storage
from regions.models import Region

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Re-hash stored evidence files and list every file that is missing or no longer matches its "
        "SHA-256. Exits with status 1 if any is found."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", metavar="CODE", help="Only evidence in this region and below it.")
        parser.add_argument(
            "--list-orphans",
            action="store_true",
            help="Also list stored files that no evidence refers to (left by a crash or a rolled-back "
            "transaction). They are listed, never deleted.",
        )

    def handle(self, *args, region=None, list_orphans=False, **options):
        evidence = Evidence.objects.all()
        if region:
            if not Region.objects.filter(code=region).exists():
                raise CommandError(f"Unknown region {region}.")
            evidence = evidence.filter(Reach(everything=False, prefixes=(region,)).q("region__code"))
        started = time.monotonic()
        checked = failed = 0
        hashed_bytes = 0
        # Ordered by hash, rows sharing one stored file (the same bytes in several regions) come
        # together and the file is read once.
        last_file, last_problem = None, None
        rows = evidence.order_by("sha256", "file", "id").only(
            "id", "file", "sha256", "size", "region_id", "original_name"
        )
        for row in rows.iterator(chunk_size=BATCH):
            checked += 1
            if row.file.name != last_file:
                last_file = row.file.name
                last_problem, size = self.check_file(row)
                hashed_bytes += size
            if last_problem:
                failed += 1
                self.stdout.write(
                    f"{last_problem} evidence #{row.pk} region {row.region_id} {row.original_name!r} "
                    f"file {row.file.name}"
                )
            if options["verbosity"] > 1 and checked % BATCH == 0:
                self.stderr.write(f"… {checked} checked")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Checked {checked} evidence files ({hashed_bytes / 1e6:.1f} MB read) in {elapsed:.1f} s: "
            f"{failed} missing or not matching their SHA-256."
        )
        if list_orphans:
            orphans = self.list_orphans()
            self.stdout.write(f"{orphans} stored files are not referenced by any evidence.")
        if failed:
            raise CommandError(f"{failed} evidence files are missing or do not match their SHA-256.", returncode=1)

    def check_file(self, row) -> tuple[str | None, int]:
        """("MISSING" | "MISMATCH" | None, bytes read)."""
        storage = evidence_storage()
        if not storage.exists(row.file.name):
            return "MISSING", 0
        try:
            size = storage.size(row.file.name)
        except OSError:
            return "MISSING", 0
        if size != row.size:
            return f"MISMATCH (size {size}, expected {row.size})", 0
        actual = stored_sha256(row)
        if actual is None:
            return "MISSING", 0
        if actual != row.sha256:
            return f"MISMATCH (SHA-256 {actual}, expected {row.sha256})", size
        return None, size

    def list_orphans(self) -> int:
        count = 0
        batch: list[str] = []
        for name in self.walk(""):
            batch.append(name)
            if len(batch) >= BATCH:
                count += self.report_orphans(batch)
                batch = []
        if batch:
            count += self.report_orphans(batch)
        return count

    def walk(self, folder: str):
        storage = evidence_storage()
        dirs, files = storage.listdir(folder)
        for name in sorted(files):
            yield f"{folder}/{name}" if folder else name
        for sub in sorted(dirs):
            yield from self.walk(f"{folder}/{sub}" if folder else sub)

    def report_orphans(self, names: list[str]) -> int:
        used = set(Evidence.objects.filter(file__in=names).values_list("file", flat=True))
        used |= set(Evidence.objects.filter(preview__in=names).values_list("preview", flat=True))
        orphans = [name for name in names if name not in used]
        for name in orphans:
            self.stdout.write(f"ORPHAN {name}")
        return len(orphans)
