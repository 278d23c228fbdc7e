"""API plumbing: pagination, the one error shape, serializer helpers. The role check is accounts.api_base."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError, connection
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError

log = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# Seconds a client waits before sending again after a 503: a restart or failover takes about this long.
RETRY_AFTER = 10


def exception_handler(exc, context):
    """Turn domain failures into 400 {"message", "extra"} (503 for an outage, with Retry-After), and a
    database that cannot be reached into a 503; leave the rest to DRF."""
    if isinstance(exc, ApplicationError):
        response = Response({"message": exc.message, "extra": exc.extra}, status=exc.status)
        if exc.status == status.HTTP_503_SERVICE_UNAVAILABLE:
            response["Retry-After"] = str(RETRY_AFTER)
        return response
    if isinstance(exc, OperationalError | InterfaceError):
        return _database_unavailable(exc, context)
    if isinstance(exc, DjangoValidationError):
        extra = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"message": "; ".join(exc.messages), "extra": extra}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _database_unavailable(exc, context) -> Response:
    """The database went away (restart, failover, connections ended). Writes are atomic services and
    answers after a commit are built without asking the database again, so a failure that reaches this
    point means nothing of this request was saved."""
    log.error("Database unavailable, answered 503: %s", exc)
    if not connection.is_usable():
        connection.close()  # what this request still does (the session, the next request) starts afresh
    request = context.get("request")
    if request is None or request.method in SAFE_METHODS:
        message = _("The database cannot be reached right now. Try again in a moment.")
    else:
        message = _("The database cannot be reached right now: nothing was saved. Try again in a moment.")
    response = Response(
        {"detail": message, "message": message, "extra": {}}, status=status.HTTP_503_SERVICE_UNAVAILABLE
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


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
