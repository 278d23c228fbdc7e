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
from accounts.models import Assignment, User
from accounts.permissions import ROLE_LEVELS
from accounts.services import grant_allowed, grants_of
from regions.models import Region

COLUMNS = ["username", "full_name", "email", "phone", "role", "region_code", "valid_until"]
# Checked here because SQLite ignores a column's length and PostgreSQL fails the whole batch.
MAX_LENGTHS = {name: User._meta.get_field(name).max_length for name in ("username", "full_name", "email", "phone")}
BATCH = 2000


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


def parse_users_csv(text: str, *, actor: User | None) -> ParsedUsers:
    result = ParsedUsers()
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append(RowError(1, ", ".join(missing), _("missing column")))
        return result
    raw = list(reader)
    codes = {(r["region_code"] or "").strip() for r in raw} - {""}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    names = {(r["username"] or "").strip() for r in raw}
    taken = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    grants = grants_of(actor)
    username_validator = UnicodeUsernameValidator()
    seen: set[str] = set()
    for number, r in enumerate(raw, start=2):
        row = {k: (r.get(k) or "").strip() for k in COLUMNS}
        errors = []
        for column, limit in MAX_LENGTHS.items():
            if len(row[column]) > limit:
                errors.append((column, _("at most %(limit)d characters") % {"limit": limit}))
        try:
            username_validator(row["username"])
        except ValidationError:
            errors.append(("username", _("letters, digits and @/./+/-/_ only, not empty")))
        if row["username"] in taken:
            errors.append(("username", _("already exists")))
        elif row["username"] in seen:
            errors.append(("username", _("appears twice in the file")))
        seen.add(row["username"])
        if not row["full_name"]:
            errors.append(("full_name", _("required")))
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                errors.append(("email", _("not a valid e-mail address")))
        region = regions.get(row["region_code"]) if row["region_code"] else None
        if row["region_code"] and region is None:
            errors.append(("region_code", _("unknown region %(code)s") % {"code": row["region_code"]}))
        if row["role"] not in Role.values:
            errors.append(("role", _("unknown role; use one of %(roles)s") % {"roles": ", ".join(Role.values)}))
        elif region is not None or not row["region_code"]:
            if (region.level if region else None) not in ROLE_LEVELS[row["role"]]:
                errors.append(("role", _("this role cannot be held at that region's level")))
            elif not grant_allowed(grants, role=row["role"], code=region.code if region else None):
                errors.append(("region_code", _("outside the regions you manage, or a role above your own")))
        try:
            row["valid_until"] = parse_valid_until(row["valid_until"])
        except ValueError:
            errors.append(("valid_until", _("not a date (YYYY-MM-DD) or datetime")))
        else:
            if row["valid_until"] and row["valid_until"] <= timezone.now():
                errors.append(("valid_until", _("already in the past")))
        row["region"] = region
        result.errors.extend(RowError(number, col, msg) for col, msg in errors)
        result.rows.append(row)
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
