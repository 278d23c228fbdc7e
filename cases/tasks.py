"""Celery tasks of the cases app: thin entry points; the work is in cases/reminders.py."""

from datetime import datetime

from celery import shared_task

from cases.reminders import deadline_reminders


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=300, time_limit=600)
def send_deadline_reminders(now: str | datetime | None = None) -> int:
    """The beat entry point (06:00 WIB each morning). `now` (ISO text or datetime) lets tests and reruns
    fix the clock."""
    if isinstance(now, str):
        now = datetime.fromisoformat(now)
    return deadline_reminders(now=now)
