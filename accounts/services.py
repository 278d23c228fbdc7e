"""Writes on users and assignments. Who may grant what is accounts.delegation."""

from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.choices import SECOND_FACTOR_ROLES, Role, SecurityEventKind
from accounts.delegation import can_grant
from accounts.models import Assignment, User
from accounts.permissions import ROLE_LEVELS
from accounts.scoping import forget_reach
from core.audit import record_actor
from core.errors import ApplicationError
from regions.models import Region


def check_role_fits_region(role: str, region: Region | None) -> None:
    level = region.level if region else None
    if level not in ROLE_LEVELS[role]:
        raise ApplicationError(
            _("The role %(role)s cannot be held at this level.") % {"role": Role(role).label},
            {"role": [_("This role does not fit the region's level.")]},
        )


@transaction.atomic
def assignment_create(
    *, actor: User | None, user: User, role: str, region: Region | None, valid_until: datetime | None = None
) -> Assignment:
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."), {"role": [_("Unknown role.")]})
    check_role_fits_region(role, region)
    if not can_grant(actor, role=role, region=region):
        raise ApplicationError(
            _("You may only grant roles up to your own, inside the regions you manage."),
            {"region": [_("Outside the regions you manage, or a role above your own.")]},
        )
    assignment = Assignment(user=user, role=role, region=region, valid_until=valid_until, created_by=actor)
    record_actor(assignment, actor)
    try:
        assignment.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The assignment is not valid."), exc.message_dict) from exc
    assignment.save()
    _forget_reach_of_holder(actor, assignment)
    _audit_role(SecurityEventKind.ROLE_GRANTED, actor, assignment)
    if role in SECOND_FACTOR_ROLES:
        # Their open sessions were let in without a second factor: from now on they need one.
        from accounts.security import sessions_end

        sessions_end(user=user)
    return assignment


def _audit_role(kind: str, actor, assignment: Assignment) -> None:
    from accounts.security import record

    record(
        kind,
        user=assignment.user,
        actor=actor,
        role=assignment.role,
        region=assignment.region_id,
        valid_until=assignment.valid_until.isoformat() if assignment.valid_until else None,
    )


@transaction.atomic
def assignment_revoke(*, actor: User | None, assignment: Assignment) -> None:
    if not can_grant(actor, role=assignment.role, region=assignment.region):
        raise ApplicationError(_("You may not revoke this assignment."))
    record_actor(assignment, actor)
    _audit_role(SecurityEventKind.ROLE_REVOKED, actor, assignment)
    assignment.delete()
    _forget_reach_of_holder(actor, assignment)


def _forget_reach_of_holder(actor: User | None, assignment: Assignment) -> None:
    """Saving or deleting forgets the reach kept on `assignment.user`; the actor may be the same person
    through another object (someone revoking their own role): their next check must read it again."""
    if actor is not None and actor.pk == assignment.user_id:
        forget_reach(actor)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    role: str,
    region: Region | None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    password: str | None = None,
    valid_until: datetime | None = None,
    is_superuser: bool = False,
) -> User:
    """Create a user with their first assignment. Without a password the account waits for a setup link."""
    if is_superuser and not (actor is None or actor.is_superuser):
        raise ApplicationError(_("Only a superuser may create a superuser."))
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    record_actor(user, actor)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(_("The password is too weak."), {"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_("The user is not valid."), exc.message_dict) from exc
    user.save()
    assignment_create(actor=actor, user=user, role=role, region=region, valid_until=valid_until)
    return user


@transaction.atomic
def token_create(*, user: User) -> Token:
    """Issue a fresh API token, replacing any earlier one."""
    from accounts.security import record

    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    record(SecurityEventKind.TOKEN_CREATED, user=user, actor=user)
    return token


@transaction.atomic
def token_revoke(*, user: User) -> None:
    from accounts.security import record

    if Token.objects.filter(user=user).delete()[0]:
        record(SecurityEventKind.TOKEN_REVOKED, user=user, actor=user)
