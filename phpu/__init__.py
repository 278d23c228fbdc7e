# Set before the Celery app is imported: settings read it (SOFTWARE_VERSION), however the project starts.
__version__ = "0.1.0"

from .celery import app as celery_app

__all__ = ["celery_app"]
