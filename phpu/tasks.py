from celery import shared_task

from files import sweep
from inventory import resumable


@shared_task(ignore_result=False)
def ping() -> str:
    """Answers 'pong': proves a worker is consuming from the configured broker."""
    return "pong"


@shared_task
def sweep_leftovers(grace_seconds: float) -> None:
    """Removes temporary uploads and dossier work folders that killed processes left (files/sweep.py), and
    keeps the dossier layout cache within DOSSIER_CACHE_MAX_BYTES (dossiers/cache.py)."""
    from dossiers import cache

    sweep.sweep_leftovers(grace_seconds=grace_seconds)
    cache.sweep()


@shared_task(ignore_result=True)
def expire_resumable_uploads() -> dict:
    """Resumable uploads abandoned half way (RESUMABLE_UPLOAD_EXPIRE_HOURS) go, with their pieces."""
    return resumable.expire()
