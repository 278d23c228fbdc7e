"""The one scoping mechanism: what a user may see or touch is the union of the region subtrees of
their live assignments whose role grants the action. Every view, API viewset, export and download
starts from `Model.objects.visible_to(user, action)`.

A user's live assignments are read once per user object and kept on it (as NetBox keeps object
permissions on the user): every request and every task has its own user object, so a reach is computed
once per request and never outlives it. Code that changes assignments and then asks again with the same
object calls `forget_reach(user)` (saving or deleting an Assignment does it for the user it holds).

How a model hangs on the tree is declared on its queryset, a subclass of `ScopedQuerySet`, and the one
`visible_to` reads the declaration:
- `region_lookup`: the path to the region code that places the row (`respondent_office__code`);
- `default_action`: the action `visible_to(user)` asks about when none is named;
- `ancestors_see`: for viewing, rows placed above the reach or nowhere (national) are seen too, so a
  PPK sees its KPU Kabupaten's team and the Bupati contest;
- `also_through`: other paths to a region code, each over one many-to-many relation, whose region in
  reach also grants sight, for every action or `only_for` one (`Through`);
- `through_parent`: the row has no region of its own and is seen exactly when the row at that
  foreign-key path is (an exhibit when its case is).
"""

import contextlib
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models.constants import LOOKUP_SEP
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
        grants = tuple(user.assignments.live().values_list("region_id", "role"))
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


class Through(NamedTuple):
    """Another path from the row to a region code whose region in reach grants sight of the row.

    `lookup` crosses one many-to-many relation, directly (`locations__code`), after foreign keys
    (`case__other_respondent_offices__code`) or back over reverse ones (`claims__locations__code`).
    `only_for` limits it to one action: a PPK views a case with a claim in its kecamatan, never manages it.
    """

    lookup: str
    only_for: str | None = None

    def exists(self, model, reach: Reach) -> models.Exists:
        """EXISTS over the relation's join table with its region in reach, tied to the outer row: one
        semi-join, no duplicate rows, as a hand-written subquery would be."""
        parts = self.lookup.split(LOOKUP_SEP)
        hops = []  # the relations walked before the many-to-many one
        for name in parts:
            field = model._meta.get_field(name)
            if isinstance(field, models.ManyToManyField):
                break
            hops.append(field)
            model = field.related_model
        else:
            raise ImproperlyConfigured(f"{self.lookup} crosses no many-to-many relation.")
        region = LOOKUP_SEP.join([field.m2m_reverse_field_name(), *parts[len(hops) + 1 :]])
        source = field.m2m_field_name()
        if not any(hop.auto_created for hop in hops):
            # Forward keys only: the outer row holds the key the join table points at.
            link = {source: models.OuterRef(LOOKUP_SEP.join(hop.name for hop in hops) or "pk")}
        else:
            back = [hop.field.name if hop.auto_created else hop.related_query_name() for hop in reversed(hops)]
            link = {LOOKUP_SEP.join([source, *back]): models.OuterRef("pk")}
        return models.Exists(field.remote_field.through.objects.filter(reach.q(region), **link))


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model that hangs on a region; the class attributes declare how (see the
    module docstring), `visible_to` is the one implementation."""

    region_lookup: str = "region__code"
    default_action: str = Action.VIEW
    ancestors_see: bool = False
    also_through: tuple[Through, ...] = ()
    through_parent: str | None = None

    def visible_to(self, user, action: str | None = None):
        action = action or self.default_action
        if self.through_parent:
            return self.filter(**{f"{self.through_parent}__in": self.parent_visible_to(user, action).values("pk")})
        reach = reach_of(user, action)
        if reach.everything:
            return self.all()
        if not reach.prefixes:
            return self.none()
        return self.filter(self.sight(reach, action))

    def sight(self, reach: Reach, action: str) -> models.Q:
        """The condition for a reach with prefixes: the row's region in reach, or a declared other way."""
        condition = reach.q(self.region_lookup)
        if self.ancestors_see and action == Action.VIEW:
            condition = (
                condition
                | models.Q(**{f"{self.region_lookup}__in": reach.above()})
                | models.Q(**{f"{self.region_lookup}__isnull": True})
            )
        for through in self.also_through:
            if through.only_for in (None, action):
                condition |= models.Q(through.exists(self.model, reach))
        return condition

    def parent_visible_to(self, user, action: str):
        """The visible rows of the model at `through_parent`."""
        parent = self.model
        for name in self.through_parent.split(LOOKUP_SEP):
            parent = parent._meta.get_field(name).related_model
        return parent._default_manager.visible_to(user, action)


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
