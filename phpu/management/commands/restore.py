"""`manage.py restore BACKUP`: into an empty database and empty storage, each file checked against the
manifest before and after, then every row against its file (check_integrity)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from phpu.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and empty storage, verifying "
        "every file's SHA-256 and then every row against its file."
    )
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup folder (siaga-phpu-YYYYMMDD-HHMMSS).")

    def handle(self, *args, backup, **options):
        try:
            summary = restore(backup)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the database and {summary.files} files ({summary.bytes / 1e6:.1f} MB).")
        call_command("check_integrity", "--grace", "0", stdout=self.stdout, stderr=self.stderr)
