"""`manage.py backup [DESTINATION]`: the database and every stored file, with a manifest of hashes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phpu.backup import BackupError, backup, default_destination


class Command(BaseCommand):
    help = "Back up the database and every stored file into a new folder, with a manifest of their SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", type=Path, help="Folder to create the backup in (var/backups).")

    def handle(self, *args, destination=None, **options):
        try:
            summary = backup(destination or default_destination())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the database and {summary.files} files ({summary.bytes / 1e6:.1f} MB).")
        self.stdout.write(str(summary.path))
