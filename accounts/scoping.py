"""The one scoping mechanism: what a user may see or touch is the union of the region subtrees of
their live assignments whose role grants the action. Every view, API viewset, export and download
starts from `Model.objects.visible_to(user, action)`.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.permissions import roles_with

NOT_FOUND = _("Not found.")


@dataclass(frozen=True)
class Reach:
    """Region prefixes a user reaches for one action; `everything` for national reach."""

    everything: bool
    prefixes: tuple[str, ...] = ()

    def contains(self, code: str | None) -> bool:
        if self.everything:
            return True
        if code is None:
            return False
        return any(code == p or code.startswith(p + ".") for p in self.prefixes)

    def q(self, lookup: str) -> models.Q:
        """A filter on the region code at `lookup`: one indexed range scan per prefix."""
        if self.everything:
            return models.Q()
        if not self.prefixes:
            return models.Q(pk__in=[])
        q = models.Q()
        for prefix in self.prefixes:
            q |= models.Q(**{lookup: prefix}) | models.Q(**{f"{lookup}__startswith": prefix + "."})
        return q


def reach_of(user, action: str = Action.VIEW) -> Reach:
    if user is None or not user.is_authenticated or not user.is_active:
        return Reach(everything=False)
    if user.is_superuser:
        return Reach(everything=True)
    from accounts.models import Assignment

    codes = list(
        Assignment.objects.live().filter(user=user, role__in=roles_with(action)).values_list("region_id", flat=True)
    )
    if None in codes:
        return Reach(everything=True)
    return Reach(everything=False, prefixes=_outermost(codes))


def _outermost(codes: list[str]) -> tuple[str, ...]:
    """Drop codes that lie inside another code of the list, so each row matches one prefix."""
    kept: list[str] = []
    for code in sorted(set(codes)):
        if not any(code == k or code.startswith(k + ".") for k in kept):
            kept.append(code)
    return tuple(kept)


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that hangs on a region. `region_lookup` names the region code."""

    region_lookup = "region__code"

    def visible_to(self, user, action: str = Action.VIEW):
        return self.filter(reach_of(user, action).q(self.region_lookup))


def ensure_in_reach(user, action: str, code: str | None, field: str = "region") -> None:
    """Refuse a write aimed outside the reach; services call it before and after they write."""
    from phpu.errors import ApplicationError

    if user is None:  # the system itself: management commands and the demo loader
        return
    if not reach_of(user, action).contains(code):
        message = _("You may not do this in that region.")
        raise ApplicationError(message, {field: [message]})


def get_visible_or_404(queryset, user, action: str = Action.VIEW, **lookup):
    """Fetch one object in reach; outside the reach answers exactly like a missing object."""
    try:
        return queryset.visible_to(user, action).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(NOT_FOUND) from None
