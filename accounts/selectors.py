from django.db.models import Prefetch

from accounts.choices import Action
from accounts.models import Assignment, User


def managed_assignments(*, user):
    """Assignments the user may manage: those over regions inside their manage-users reach."""
    return Assignment.objects.visible_to(user, Action.MANAGE_USERS).select_related("user", "region")


def user_list(*, user):
    """People holding at least one assignment the user manages, with those assignments prefetched."""
    managed = managed_assignments(user=user)
    return (
        User.objects.filter(pk__in=managed.values("user_id"))
        .prefetch_related(Prefetch("assignments", queryset=managed.order_by("region_id", "role"), to_attr="managed"))
        .order_by("username")
    )
