from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "elections"
    verbose_name = _("Elections")
