"""The Celery tasks of dossier jobs: thin, they call the job runtime (dossiers/jobs.py)."""

from celery import shared_task
from django.conf import settings

from dossiers import jobs


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.DOSSIER_SOFT_TIME_LIMIT,
    time_limit=settings.DOSSIER_TIME_LIMIT,
    # Only a storage that is briefly unreachable (disk, MinIO) is worth another try; a tampered file or
    # a lost reach fails the job with its reason instead (jobs.render_job).
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def render_dossier(self, job_id: int) -> str:
    """Render a queued dossier job. Idempotent: a job that is done, failed, or held by a live worker
    is left alone; a row that is gone is no error."""
    return jobs.render_job(job_id, last_try=self.request.retries >= self.max_retries)


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=60, time_limit=120)
def requeue_stalled_dossiers() -> list[int]:
    """Every minute (beat): jobs whose worker died are queued again, and complete once."""
    return jobs.requeue_stalled(enqueue=render_dossier.delay)
