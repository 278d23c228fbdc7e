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


def clean_or_raise(obj, message=None) -> None:
    """`full_clean()` a model instance, turning validation errors into the one domain error."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        obj.full_clean()
    except ValidationError as exc:
        extra = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise ApplicationError(message or _("Please correct the marked fields."), extra) from exc
