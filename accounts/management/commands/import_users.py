import csv
import os
import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.provisioning import COLUMNS, parse_users_csv, setup_link, users_import
from core.spreadsheets import csv_cell


class Command(BaseCommand):
    help = (
        "Provision accounts from a CSV (columns: " + ", ".join(COLUMNS) + "). All rows are checked first; "
        "any error writes nothing. Each new user gets a one-time link to choose a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--links-out", required=True, help="Where to write username,setup_link (mode 0600).")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="The site's public address.")
        parser.add_argument("--actor", help="Username on whose authority the accounts are made (checked).")

    def handle(self, *args, csv_file, links_out, base_url, actor=None, **options):
        acting = None
        if actor:
            acting = User.objects.filter(username=actor, is_active=True).first()
            if acting is None:
                raise CommandError(f"Unknown actor {actor}.")
        try:
            with open(csv_file, encoding="utf-8-sig") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc}") from exc
        started = time.perf_counter()
        parsed = parse_users_csv(text, actor=acting)
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(parsed.errors)} error(s); nothing was imported.")
        # Open the links file before writing any account: accounts without their links cannot be
        # re-imported. os.open's mode only applies to a new file, so an existing one is chmod-ed too.
        try:
            fd = os.open(links_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        except OSError as exc:
            raise CommandError(f"Cannot write {links_out}: {exc}") from exc
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as out:
            os.fchmod(fd, 0o600)
            users = users_import(actor=acting, rows=parsed.rows)
            writer = csv.writer(out)
            writer.writerow(["username", "setup_link"])
            for user in users:
                writer.writerow([csv_cell(user.username), setup_link(user, base_url)])
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(users)} users in {time.perf_counter() - started:.1f}s; setup links in {links_out}."
            )
        )
