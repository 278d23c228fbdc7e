"""Provisioning many accounts from a CSV file: every row validated, all written or none."""

import csv
from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.choices import Role
from accounts.delegation import grant_allowed, grants_of
from accounts.models import Assignment, User
from accounts.permissions import ROLE_LEVELS
from core.spreadsheets import Column, Invalid, Table
from regions.models import Region

# Checked here because SQLite ignores a column's length and PostgreSQL fails the whole batch.
MAX_LENGTHS = {name: User._meta.get_field(name).max_length for name in ("username", "full_name", "email", "phone")}
BATCH = 2000


def parse_valid_until(value: str):
    """An ISO date means the end of that day in Jakarta time; a datetime without zone is Jakarta time."""
    if not value:
        return None
    # A plain date first: parse_datetime also accepts "2024-03-31" and would make it midnight.
    day = parse_date(value)
    if day is not None:
        moment = datetime.combine(day, time(23, 59, 59))
    else:
        moment = parse_datetime(value)
        if moment is None:
            raise ValueError
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _valid_until(value: str):
    try:
        return parse_valid_until(value)
    except ValueError:
        raise Invalid(_("not a date (YYYY-MM-DD) or datetime")) from None


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise Invalid(_("not a valid e-mail address")) from None
    return value


# Every column must be in the header, named exactly so. Each row is checked in the order below; an
# empty e-mail is allowed, an empty date means the assignment does not expire.
TABLE = Table(
    [
        Column("username", required=True),
        Column("full_name", required=True),
        Column("email", parse=_email),
        Column("phone"),
        Column("role", required=True),
        Column("region_code"),
        Column("valid_until", parse=_valid_until, default=None),
    ]
)
COLUMNS = list(TABLE.names)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedUsers:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def add(self, row: int, column: str, message) -> None:
        self.errors.append(RowError(row, column, str(message)))


class _UserRows:
    """Checks the rows of one file; the regions, the usernames taken and the actor's grants are read once."""

    def __init__(self, raw: list[dict], *, actor: User | None):
        codes = {(r["region_code"] or "").strip() for r in raw} - {""}
        self.regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
        names = {(r["username"] or "").strip() for r in raw}
        self.taken = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        self.grants = grants_of(actor)
        self.username_validator = UnicodeUsernameValidator()
        self.seen: set[str] = set()

    def check(self, number: int, raw: dict, result: ParsedUsers) -> dict:
        row = {k: (raw.get(k) or "").strip() for k in COLUMNS}
        for column, limit in MAX_LENGTHS.items():
            if len(row[column]) > limit:
                result.add(number, column, _("at most %(limit)d characters") % {"limit": limit})
        self._username(number, row["username"], result)
        if not row["full_name"]:
            result.add(number, "full_name", _("required"))
        row.update(TABLE.convert(number, row, result, ["email"]))
        region = self._region_and_role(number, row, result)
        row.update(TABLE.convert(number, row, result, ["valid_until"]))
        if isinstance(row["valid_until"], datetime) and row["valid_until"] <= timezone.now():
            result.add(number, "valid_until", _("already in the past"))
        row["region"] = region
        return row

    def _username(self, number: int, username: str, result: ParsedUsers) -> None:
        try:
            self.username_validator(username)
        except ValidationError:
            result.add(number, "username", _("letters, digits and @/./+/-/_ only, not empty"))
        if username in self.taken:
            result.add(number, "username", _("already exists"))
        elif username in self.seen:
            result.add(number, "username", _("appears twice in the file"))
        self.seen.add(username)

    def _region_and_role(self, number: int, row: dict, result: ParsedUsers) -> Region | None:
        code, role = row["region_code"], row["role"]
        region = self.regions.get(code) if code else None
        if code and region is None:
            result.add(number, "region_code", _("unknown region %(code)s") % {"code": code})
        if role not in Role.values:
            result.add(number, "role", _("unknown role; use one of %(roles)s") % {"roles": ", ".join(Role.values)})
        elif region is not None or not code:
            if (region.level if region else None) not in ROLE_LEVELS[role]:
                result.add(number, "role", _("this role cannot be held at that region's level"))
            elif not grant_allowed(self.grants, role=role, code=region.code if region else None):
                result.add(number, "region_code", _("outside the regions you manage, or a role above your own"))
        return region


def parse_users_csv(text: str, *, actor: User | None) -> ParsedUsers:
    """Every row of the file checked (all errors reported, by row and column) and converted: the header
    is row 1 and the rows are numbered from 2 as they come, blank lines left out."""
    result = ParsedUsers()
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        result.add(1, ", ".join(missing), _("missing column"))
        return result
    raw = list(reader)
    rows = _UserRows(raw, actor=actor)
    result.rows = [rows.check(number, r, result) for number, r in enumerate(raw, start=2)]
    return result


@transaction.atomic
def users_import(*, actor: User | None, rows: list[dict]) -> list[User]:
    """Create the parsed users and their assignments in bulk. They set their password through a link."""
    users = []
    for row in rows:
        user = User(username=row["username"], full_name=row["full_name"], email=row["email"], phone=row["phone"])
        user.set_unusable_password()
        users.append(user)
    users = bulk_create_with_history(users, User, batch_size=BATCH, default_user=actor)
    if any(u.pk is None for u in users):
        users = list(User.objects.filter(username__in=[u.username for u in users]))
    by_name = {u.username: u for u in users}
    assignments = [
        Assignment(
            user=by_name[row["username"]],
            region=row["region"],
            role=row["role"],
            valid_until=row["valid_until"],
            created_by=actor,
        )
        for row in rows
    ]
    bulk_create_with_history(assignments, Assignment, batch_size=BATCH, default_user=actor)
    return [by_name[row["username"]] for row in rows]


def setup_link(user: User, base_url: str) -> str:
    """A one-time link where the user chooses their password (Django's password-reset confirmation)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_setup", args=[uid, token])
