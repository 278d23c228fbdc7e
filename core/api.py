"""API plumbing: pagination, the one error shape, serializer helpers. The role check is accounts.api_base."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError


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


class DomainErrors:
    """Serializer and filter refusals answer in the same shape as the services' ApplicationError."""

    def handle_exception(self, exc):
        if isinstance(exc, serializers.ValidationError):
            detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            exc = ApplicationError(_("Please correct the marked fields."), detail)
        return super().handle_exception(exc)


class CallerQuerysetMixin:
    """Related fields whose choices depend on the caller, built when the serializer has a request."""

    def caller(self):
        request = self.context.get("request")
        return getattr(request, "user", None)


class ScopedViewSetMixin:
    """The one base for API viewsets over region-scoped models.

    The queryset always starts from `visible_to(user, action)`, so an object outside the reach is a
    404 exactly like a missing one. `scope_actions` maps viewset actions to the permission needed;
    writes go through services, which check the target region again.
    """

    scope_actions: dict = {}

    def scope_action(self) -> str:
        # "view" is accounts.choices.Action.VIEW; core names no app.
        return self.scope_actions.get(self.action, "view")

    def scoped_queryset(self, user, action):
        return self.queryset.visible_to(user, action)

    def get_queryset(self):
        return self.scoped_queryset(self.request.user, self.scope_action())
