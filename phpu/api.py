"""Project-wide API plumbing: pagination, the error shape, the scoped viewset base."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from phpu.errors import ApplicationError


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Turn domain failures into 400 {"message", "extra"}; leave the rest to DRF."""
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        extra = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"message": "; ".join(exc.messages), "extra": extra}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


class ScopedViewSetMixin:
    """The one base for API viewsets over region-scoped models.

    The queryset always starts from `visible_to(user, action)`, so an object outside the reach is a
    404 exactly like a missing one. `scope_actions` maps viewset actions to the permission needed;
    writes go through services, which check the target region again.
    """

    scope_actions: dict = {}

    def scope_action(self) -> str:
        from accounts.choices import Action

        return self.scope_actions.get(self.action, Action.VIEW)

    def scoped_queryset(self, user, action):
        return self.queryset.visible_to(user, action)

    def get_queryset(self):
        return self.scoped_queryset(self.request.user, self.scope_action())
