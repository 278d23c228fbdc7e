"""`manage.py backup [DESTINATION]`: the database and every stored file, with a manifest of hashes. Every
file is checked against the SHA-256 its rows recorded as it is copied; a damaged or missing one makes the
backup incomplete (exit status 1, each named), never a silent success that a restore would find out."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phpu.backup import BackupError, backup, default_destination


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file into a new folder, with a manifest of their SHA-256; "
        "exits 1 naming each stored file that is damaged or missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", type=Path, help="Folder to create the backup in (var/backups).")

    def handle(self, *args, destination=None, **options):
        try:
            summary = backup(destination or default_destination())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up the database and {summary.files} files ({summary.bytes / 1e6:.1f} MB), "
            "none of them damaged or missing."
        )
        self.stdout.write(str(summary.path))
