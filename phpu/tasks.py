from celery import shared_task

from files import sweep


@shared_task(ignore_result=False)
def ping() -> str:
    """Answers 'pong': proves a worker is consuming from the configured broker."""
    return "pong"


@shared_task
def sweep_leftovers(grace_seconds: float) -> None:
    """Removes temporary uploads and dossier work folders that killed processes left (files/sweep.py)."""
    sweep.sweep_leftovers(grace_seconds=grace_seconds)
