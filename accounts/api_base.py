"""The API's role check: a caller whose roles grant a viewset's action nowhere is refused outright.
The queryset side is core.api.ScopedViewSetMixin, which starts every queryset from `visible_to`."""

from rest_framework import permissions

from accounts.choices import Action
from accounts.scoping import has_some_reach


class HasActionSomewhere(permissions.BasePermission):
    """A caller whose roles grant the viewset action nowhere is refused outright (403); everyone else
    gets the scoped queryset, where objects out of reach are 404 like missing ones."""

    def has_permission(self, request, view):
        needed = view.scope_action()
        if needed == Action.VIEW:
            return True
        return has_some_reach(request.user, needed)
