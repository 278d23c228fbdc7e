"""The API's role check: a caller whose roles grant a viewset's action nowhere is refused outright.
The queryset side is core.api.ScopedViewSetMixin, which starts every queryset from `visible_to`. And the
field naming a person, which never tells a caller whether a username exists."""

from rest_framework import permissions, serializers

from accounts.choices import Action
from accounts.models import User
from accounts.scoping import has_some_reach
from accounts.selectors import person_named


class HasActionSomewhere(permissions.BasePermission):
    """A caller whose roles grant the viewset action nowhere is refused outright (403); everyone else
    gets the scoped queryset, where objects out of reach are 404 like missing ones."""

    def has_permission(self, request, view):
        needed = view.scope_action()
        if needed == Action.VIEW:
            return True
        return has_some_reach(request.user, needed)


class PersonField(serializers.SlugRelatedField):
    """A person named by username to work on something (an assignee, members, attendees). A name no
    active user has is not 'does not exist' here: it becomes `person_named`'s stand-in, which the
    service refuses exactly as it refuses a person who cannot see the thing."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="username", queryset=User.objects.filter(is_active=True), **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data or "\x00" in data:  # no username holds a NUL
            self.fail("invalid")
        try:
            return person_named(data)
        except (TypeError, ValueError):
            self.fail("invalid")
