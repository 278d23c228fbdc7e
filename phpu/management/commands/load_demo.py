from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_create
from phpu.demo.cases import seed_demo_cases
from phpu.demo.inventory import seed_demo_inventory
from phpu.demo.results import seed_demo_results
from phpu.demo.teams import seed_demo_teams
from regions.models import Region
from regions.services import generate_tps, import_official_regions

# Kabupaten Solok (13.02), Sumatera Barat: the demo office.
DEMO_REGENCY = "13.02"
DEMO_PASSWORD = "siaga-demo-2024"  # noqa: S105 - printed by `make run`, refused outside demo mode
DEMO_USERS = [
    # username, full name, role, region (None: national)
    ("admin", "Admin Nasional", None, None),
    ("komisioner.solok", "Komisioner KPU Kabupaten Solok", Role.COMMISSIONER, "13.02"),
    ("hukum.solok", "Divisi Hukum KPU Kabupaten Solok", Role.LEGAL, "13.02"),
    ("teknis.solok", "Divisi Teknis KPU Kabupaten Solok", Role.TECHNICAL, "13.02"),
    ("ppk.pantaicermin", "PPK Pantai Cermin", Role.PPK, "13.02.03"),
    ("ppk.lembahgumanti", "PPK Lembah Gumanti", Role.PPK, "13.02.04"),
    ("pps.surian", "PPS Nagari Surian", Role.PPS, "13.02.03.2002"),
]


class Command(BaseCommand):
    help = "Load demo data: all official regions, TPS for Kabupaten Solok, demo users and inventory. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--tps-per-village", type=int, default=4)

    def handle(self, *args, tps_per_village, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("Demo data uses published passwords: run it only with DEMO_MODE=true or DEBUG=true.")
        regions = import_official_regions()
        self.stdout.write(f"Regions: {regions.created} created, {regions.unchanged} already there.")
        tps = generate_tps(region_code=DEMO_REGENCY, per_village=tps_per_village)
        self.stdout.write(f"TPS in {DEMO_REGENCY}: {tps.created} created, {tps.unchanged} already there.")
        with transaction.atomic():
            created = []
            for username, full_name, role, code in DEMO_USERS:
                if User.objects.filter(username=username).exists():
                    continue
                created.append(
                    user_create(
                        actor=None,
                        username=username,
                        full_name=full_name,
                        role=role or Role.COMMISSIONER,
                        region=Region.objects.get(code=code) if code else None,
                        is_superuser=role is None,
                    ).pk
                )
            # One hash for the one published password, checked as user_create checks one: each Argon2
            # hash costs a quarter of a second of CPU on a first `make run`.
            validate_password(DEMO_PASSWORD)
            User.objects.filter(pk__in=created).update(password=make_password(DEMO_PASSWORD))
        self.stdout.write(self.style.SUCCESS("Demo users (password for all: " + DEMO_PASSWORD + "):"))
        for username, _full_name, role, code in DEMO_USERS:
            self.stdout.write(f"  {username:28} {role or 'superuser':14} {code or 'Indonesia'}")
        seed_demo_inventory(stdout=self.stdout)
        seed_demo_results(stdout=self.stdout)
        seed_demo_cases(stdout=self.stdout)
        seed_demo_teams(stdout=self.stdout)
