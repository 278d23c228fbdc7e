class ApplicationError(Exception):
    """The one error type for domain failures: a message a person can read, plus details."""

    def __init__(self, message, extra=None):
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}


def clean_or_raise(obj, message=None) -> None:
    """`full_clean()` a model instance, turning validation errors into the one domain error."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        obj.full_clean()
    except ValidationError as exc:
        extra = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise ApplicationError(message or _("Please correct the marked fields."), extra) from exc
