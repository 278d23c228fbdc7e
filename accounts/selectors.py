from django.db.models import Prefetch, Q
from rest_framework.authtoken.models import Token

from accounts.choices import Action
from accounts.models import Assignment, User


def managed_assignments(*, user):
    """Assignments the user may manage: those over regions inside their manage-users reach."""
    return Assignment.objects.visible_to(user, Action.MANAGE_USERS).select_related("user", "region")


def user_list(*, user, query: str = ""):
    """People holding at least one assignment the user manages, with those assignments prefetched;
    with `query`, only those whose username or full name contains it."""
    managed = managed_assignments(user=user)
    users = (
        User.objects.filter(pk__in=managed.values("user_id"))
        .prefetch_related(Prefetch("assignments", queryset=managed.order_by("region_id", "role"), to_attr="managed"))
        .order_by("username")
    )
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return users


def managed_user(*, user, username: str) -> User | None:
    """The person called `username` if the user manages one of their assignments, else None."""
    return user_list(user=user).filter(username=username).first()


def own_assignments(*, user):
    """The user's own live assignments, with their regions: the home page's list."""
    return Assignment.objects.live().filter(user=user).select_related("region")


def has_api_token(*, user) -> bool:
    return Token.objects.filter(user=user).exists()


def recent_security_events(*, user, limit: int = 20):
    """The user's own latest security events, newest first."""
    return user.security_events.all()[:limit]


def person_named(username: str) -> User:
    """The active user called `username`, or else a stand-in that is never saved and sees nothing.

    Where someone is named to work on a thing (a problem's or claim's assignee, a case's members, a
    hearing's attendees) the service refuses whoever cannot see it; a name nobody active has is refused
    there too, in the same words, so no answer tells which usernames exist. Use it only where the
    service checks the person's reach: saving a row that points at the stand-in fails."""
    return User.objects.filter(username=username, is_active=True).first() or User(username=username, is_active=False)
