import getpass

from django.core.management.base import BaseCommand, CommandError

from accounts.choices import Role
from accounts.services import user_create
from core.errors import ApplicationError
from regions.models import Region


class Command(BaseCommand):
    help = "Create one user with one role over one region (omit --region for national, KPU RI)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--region", help="Region code, e.g. 13.02; omit for the whole country.")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--password", help="Prompted for when omitted and a terminal is attached.")
        parser.add_argument("--superuser", action="store_true")
        parser.add_argument("--no-input", action="store_false", dest="interactive")

    def handle(self, *args, username, role, region=None, full_name="", email="", phone="", password=None, **options):
        where = None
        if region:
            where = Region.objects.filter(code=region).first()
            if where is None:
                raise CommandError(f"Unknown region {region}.")
        if password is None and options["interactive"]:
            password = getpass.getpass("Password: ")
        try:
            user = user_create(
                actor=None,
                username=username,
                role=role,
                region=where,
                full_name=full_name,
                email=email,
                phone=phone,
                password=password,
                is_superuser=options["superuser"],
            )
        except ApplicationError as exc:
            details = "; ".join(
                f"{field}: {' '.join(str(m) for m in (msgs if isinstance(msgs, list) else [msgs]))}"
                for field, msgs in exc.extra.items()
            )
            raise CommandError(f"{exc.message} {details}".strip()) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} as {role} over {region or 'Indonesia'}."))
