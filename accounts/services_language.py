"""The user's language choice, kept on their account (core/middleware_language.py reads it)."""

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ApplicationError


def language_choose(*, user: User, language: str) -> User:
    """Keep `language` (a code of LANGUAGES) as the user's choice; every page follows it from the next request."""
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError.for_field("language", _("Choose one of the languages offered."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
