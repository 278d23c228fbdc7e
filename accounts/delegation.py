"""Delegation: who may grant which role where. The one home of the rule; services, provisioning and the
second-factor reset ask it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.choices import Action
from accounts.permissions import ROLE_ACTIONS, ROLE_RANK
from accounts.scoping import live_grants
from regions import tree

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


def grants_of(actor: User | None) -> tuple[tuple[str | None, str], ...] | None:
    """The (region code, role) pairs of `actor`'s live assignments, what `grant_allowed` weighs; None means
    anything. `actor=None` is the system itself (management commands run by an operator)."""
    if actor is None or actor.is_superuser:
        return None
    return live_grants(actor)


def grant_allowed(grants: tuple[tuple[str | None, str], ...] | None, *, role: str, code: str | None) -> bool:
    """Whether `role` may be given over `code` by someone holding `grants`.

    Among the grants whose subtree holds `code`: one carries manage-users and ranks at least as high as
    `role`, and together they carry every action `role` carries. A role ranked no higher can still do
    more (the secretariat does not manage cases, the legal division does): nobody hands out an action
    they do not have there themselves.
    """
    if grants is None:
        return True
    here = [held for root, held in grants if tree.within(code, root)]
    actions = frozenset().union(*(ROLE_ACTIONS[held] for held in here))
    delegates = any(Action.MANAGE_USERS in ROLE_ACTIONS[held] and ROLE_RANK[held] >= ROLE_RANK[role] for held in here)
    return delegates and ROLE_ACTIONS[role] <= actions


def can_grant(actor: User | None, *, role: str, region: Region | None) -> bool:
    """May `actor` give `role` over `region`? Only inside a subtree they manage, never a higher role nor
    one carrying an action they lack there."""
    return grant_allowed(grants_of(actor), role=role, code=region.code if region else None)
