"""The one scoping mechanism: what a user may see or touch is the union of the region subtrees of
their live assignments whose role grants the action. Every view, API viewset, export and download
starts from `Model.objects.visible_to(user, action)`.

A user's live assignments are read once per user object and kept on it (as NetBox keeps object
permissions on the user): every request and every task has its own user object, so a reach is computed
once per request and never outlives it. Code that changes assignments and then asks again with the same
object calls `forget_reach(user)` (saving or deleting an Assignment does it for the user it holds).
"""

import contextlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.permissions import roles_with
from core.errors import NOT_FOUND, ApplicationError
from regions import tree


@dataclass(frozen=True)
class Reach:
    """Region prefixes a user reaches for one action; `everything` for national reach."""

    everything: bool
    prefixes: tuple[str, ...] = ()

    @property
    def somewhere(self) -> bool:
        """Whether the action is granted in at least one region (or everywhere)."""
        return self.everything or bool(self.prefixes)

    def contains(self, code: str | None) -> bool:
        """Whether `code` lies in the reach; a national row (`None`) only in national reach."""
        return self.everything or tree.covers(self.prefixes, code)

    def q(self, lookup: str) -> models.Q:
        """A filter on the region code at `lookup`: one indexed range scan per prefix."""
        if self.everything:
            return models.Q()
        return tree.subtree_q_any(self.prefixes, lookup)

    def above(self) -> set[str]:
        """Every code strictly above the prefixes: the offices over a PPK's kecamatan."""
        return {code for prefix in self.prefixes for code in tree.ancestors(prefix)}


def live_grants(user) -> tuple[tuple[str | None, str], ...]:
    """(region code, role) of each live assignment of `user`, read once per user object."""
    cached = getattr(user, "_reach_cache", None)
    if cached is None:
        from accounts.models import Assignment

        grants = tuple(Assignment.objects.live().filter(user=user).values_list("region_id", "role"))
        cached = user._reach_cache = {"grants": grants, "reach": {}}
    return cached["grants"]


def forget_reach(user) -> None:
    """Drop the assignments and reaches kept on this user object; the next check reads them again."""
    if user is not None:
        with contextlib.suppress(AttributeError):
            del user._reach_cache


def reach_of(user, action: str = Action.VIEW) -> Reach:
    if user is None or not user.is_authenticated or not user.is_active:
        return Reach(everything=False)
    if user.is_superuser:
        return Reach(everything=True)
    grants = live_grants(user)
    known = user._reach_cache["reach"]
    reach = known.get(action)
    if reach is None:
        roles = roles_with(action)
        codes = [code for code, role in grants if role in roles]
        reach = Reach(everything=True) if None in codes else Reach(everything=False, prefixes=tree.outermost(codes))
        known[action] = reach
    return reach


def has_some_reach(user, action: str) -> bool:
    """Whether the user's roles grant `action` anywhere at all."""
    return reach_of(user, action).somewhere


def require_some_reach(user, action: str) -> Reach:
    """Refuse outright (403) a user whose roles grant `action` nowhere: create forms, imports, the user
    and dossier pages. An object out of reach is still a 404 like a missing one (get_visible_or_404)."""
    reach = reach_of(user, action)
    if not reach.somewhere:
        raise PermissionDenied
    return reach


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that hangs on a region. `region_lookup` names the region code."""

    region_lookup = "region__code"

    def visible_to(self, user, action: str = Action.VIEW):
        return self.filter(reach_of(user, action).q(self.region_lookup))


def ensure_in_reach(user, action: str, code: str | None, field: str = "region") -> None:
    """Refuse a write aimed outside the reach; services call it before and after they write."""
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
