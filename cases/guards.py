"""The check every write to a case starts with, shared by cases/services.py and cases/services_exhibits.py:
the actor manages cases (`Action.MANAGE_CASES`) at the case's Termohon office or one of its other
respondent offices. `actor=None` is the system (commands, the demo loader) and passes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from accounts.choices import Action
from cases.models import Case
from core.errors import ApplicationError

if TYPE_CHECKING:
    from accounts.models import User


def ensure_manages_case(actor: User | None, case: Case, field: str = "case") -> None:
    """Refuse (on `field`) unless the actor manages cases at one of the case's offices."""
    if actor is None:
        return
    if not Case.objects.visible_to(actor, Action.MANAGE_CASES).filter(pk=case.pk).exists():
        message = _("You may not do this in that region.")
        raise ApplicationError(message, {field: [message]})


def lock_case(actor: User | None, case: Case) -> Case:
    """Lock the case row (numbering and status writes serialise on it) and check the reach."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    ensure_manages_case(actor, locked)
    return locked
