import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phpu.settings")

app = Celery("phpu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _log_as_django_does(**kwargs):
    """Worker and beat lines in settings.LOGGING's format (time with zone, level, logger; LOG_FORMAT=json),
    not Celery's own, which names neither the zone nor the logger."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
