"""The Celery tasks of dossier jobs: thin, they call the job runtime (dossiers/jobs.py, dossiers/dispatch.py)."""

from celery import shared_task
from django.conf import settings

from dossiers import dispatch, jobs


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.DOSSIER_SOFT_TIME_LIMIT,
    time_limit=settings.DOSSIER_TIME_LIMIT,
    # Only a storage that is briefly unreachable (MinIO, a network disk) is worth another try; a tampered
    # file, a lost reach or a storage that refuses writes fails the job with its reason (jobs.render_job).
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def render_dossier(self, job_id: int, ticket: str = "") -> str:
    """Render a queued dossier job. Idempotent: a job that is done, failed, held by a live worker or
    already sent another message (`ticket`, dossiers/dispatch.py) is left alone; a row that is gone is
    no error."""
    return jobs.render_job(job_id, ticket, last_try=self.request.retries >= self.max_retries)


@shared_task(
    acks_late=True,
    ignore_result=True,
    soft_time_limit=max(settings.DOSSIER_WATCHDOG_SECONDS, 30),
    time_limit=max(2 * settings.DOSSIER_WATCHDOG_SECONDS, 60),
)
def requeue_stalled_dossiers() -> list[int]:
    """Every DOSSIER_WATCHDOG_SECONDS (beat): jobs whose worker died are sent again, and complete once."""
    return dispatch.requeue_stalled(enqueue=render_dossier.delay)
