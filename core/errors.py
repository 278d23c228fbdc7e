from django.utils.translation import gettext_lazy

# What a missing object and an object out of reach both answer: the two must not be told apart.
NOT_FOUND = gettext_lazy("Not found.")


class ApplicationError(Exception):
    """The one error type for domain failures: a message a person can read, plus details. `status` is
    the API's answer: 400 for what the caller must change, 503 for an outage worth retrying."""

    def __init__(self, message, extra=None, *, status: int = 400):
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}
        self.status = status

    @classmethod
    def for_field(cls, field: str, message) -> "ApplicationError":
        """The refusal of one field's value, marked on that field in forms and in the API's `extra`."""
        return cls(message, {field: [message]})


def reject_unknown_fields(fields, allowed) -> None:
    """Services take a dict of changes; a name they do not know is a caller's mistake, never ignored."""
    from django.utils.translation import gettext as _

    unknown = set(fields) - set(allowed)
    if unknown:
        raise ApplicationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))


def clean_or_raise(obj, message=None) -> None:
    """`full_clean()` a model instance, turning validation errors into the one domain error."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        obj.full_clean()
    except ValidationError as exc:
        extra = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise ApplicationError(message or _("Please correct the marked fields."), extra) from exc
