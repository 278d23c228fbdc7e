"""Database rows against stored files against hashes, in both directions.

Rows whose file is missing or no longer hashes to what was recorded are data loss: reported, exit status 1,
and never "cleaned" away (the record is restored from a backup, see README). Stored files no row points at
(left by a crash, or a rolled-back transaction after the bytes were written) are waste: reported, and
removed with --clean. A dossier whose PDF is lost is, with --clean, marked failed so it can be rendered
again; nothing else is changed.
"""

import datetime
import time

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from files.hashing import sha256_stored
from files.registry import KINDS, STORAGE_KEYS, referenced
from files.store import walk
from regions import tree
from regions.models import Region

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Check every stored file against the database: rows whose file is missing or does not match its "
        "SHA-256 (exit status 1), and stored files no row refers to (removed with --clean)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", metavar="CODE", help="Only rows in this region and below it (no orphans).")
        parser.add_argument(
            "--clean",
            action="store_true",
            help="Delete orphan files and mark dossiers whose PDF is lost as failed. Rows are never deleted.",
        )
        parser.add_argument(
            "--grace",
            type=int,
            default=60,
            metavar="MINUTES",
            help="Files younger than this are not orphans yet: an upload writes its file before its row "
            "commits (default 60).",
        )

    def handle(self, *args, region=None, clean=False, grace=60, **options):
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"Unknown region {region}.")
        started = time.monotonic()
        checked = failed = read = 0
        for kind in KINDS:
            if region and not kind.region:
                continue
            rows = kind.queryset()
            if region:
                rows = rows.filter(tree.subtree_q(region, kind.region))
            for row, problem, size in self.check_rows(kind, rows):
                checked += 1
                read += size
                if problem:
                    failed += 1
                    name = getattr(row, kind.field).name
                    self.stdout.write(f"{problem} {kind.label} #{row.pk} {kind.describe(row)} file {name}")
                    if clean and kind.model == "dossiers.DossierJob":
                        self.fail_dossier(row, kind.label)
        self.stdout.write(
            f"Checked {checked} stored files ({read / 1e6:.1f} MB read) in {time.monotonic() - started:.1f} s: "
            f"{failed} missing or not matching their SHA-256."
        )
        if not region:
            orphans = self.orphans(clean=clean, grace=datetime.timedelta(minutes=grace))
            action = "removed" if clean else "kept; --clean removes them"
            self.stdout.write(f"{orphans} stored files are not referenced by any row ({action}).")
        if failed:
            raise CommandError(f"{failed} stored files are missing or do not match their SHA-256.", returncode=1)

    def check_rows(self, kind, rows):
        """(row, problem or None, bytes read) per row; rows sharing one stored file (the same bytes in
        several regions) come together, ordered by name, and the file is read once."""
        storage = kind.store()
        last_name, last = None, (None, 0)
        for row in rows.order_by(kind.field, "pk").iterator(chunk_size=BATCH):
            name = getattr(row, kind.field).name
            if name != last_name:
                last_name, last = name, self.check_file(storage, name, row, kind)
                yield row, *last
            else:
                yield row, last[0], 0

    def check_file(self, storage, name, row, kind) -> tuple[str | None, int]:
        try:
            size = storage.size(name)
        except (OSError, ValueError):
            return "MISSING", 0
        expected_size = getattr(row, kind.size) if kind.size else None
        if expected_size is not None and size != expected_size:
            return f"MISMATCH (size {size}, expected {expected_size})", 0
        if not kind.sha256:
            return (None, 0) if storage.exists(name) else ("MISSING", 0)
        actual, expected = sha256_stored(storage, name), getattr(row, kind.sha256)
        if actual is None:
            return "MISSING", 0
        if actual != expected:
            return f"MISMATCH (SHA-256 {actual}, expected {expected})", size
        return None, size

    def fail_dossier(self, job, label) -> None:
        from dossiers.choices import JobStatus

        with transaction.atomic():
            job.status = JobStatus.FAILED
            job.error = f"The stored {label} was lost or changed (check_integrity); render the dossier again."
            job.output = job.manifest_file = job.manifest_pdf = ""
            job.sha256 = ""
            job.save()
        self.stdout.write(f"  dossier #{job.pk} marked failed")

    def orphans(self, *, clean: bool, grace: datetime.timedelta) -> int:
        count = 0
        cutoff = timezone.now() - grace
        for key in STORAGE_KEYS:
            storage = storages[key]
            batch: list[str] = []
            for name in walk(storage):
                batch.append(name)
                if len(batch) >= BATCH:
                    count += self.report_orphans(key, storage, batch, clean, cutoff)
                    batch = []
            if batch:
                count += self.report_orphans(key, storage, batch, clean, cutoff)
        return count

    def report_orphans(self, key, storage, names, clean, cutoff) -> int:
        used = referenced(key, names)
        count = 0
        for name in names:
            if name in used or storage.get_modified_time(name) > cutoff:
                continue
            count += 1
            self.stdout.write(f"ORPHAN {key} {name}")
            if clean:
                storage.delete(name)
        return count
