from celery import shared_task

from inventory.previews import make_preview


@shared_task(
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
    ignore_result=True,
    # Storage that is briefly unreachable (disk, MinIO) is worth another try; a bad file is not,
    # and make_preview already turns that into "no preview".
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def evidence_preview(evidence_id: int) -> None:
    """Thumbnail or first-page preview of a stored evidence file, made after the upload returns.
    Idempotent: a file that has its preview already is left alone; a row that is gone is no error."""
    from inventory.models import Evidence

    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None or evidence.preview:
        return
    make_preview(evidence)
