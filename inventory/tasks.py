from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from inventory.previews import PREVIEWABLE, make_preview
from inventory.storage import evidence_storage

# The sweep renders at most this many previews a run, and leaves alone evidence younger than GRACE
# (its own preview task is most likely on its way).
SWEEP_BATCH = 50
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_CURSOR = "inventory:preview-sweep:after"


@shared_task(
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
    ignore_result=True,
    # Storage that is briefly unreachable (disk, MinIO) and a database that went away (restart, failover,
    # a killed connection) are worth another try; a bad file is not, and make_preview already turns that
    # into "no preview".
    autoretry_for=(OSError, OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def evidence_preview(evidence_id: int) -> None:
    """Thumbnail or first-page preview of a stored evidence file, made after the upload returns.
    Idempotent: a file that has its preview already is left alone; a row that is gone is no error."""
    from inventory.models import Evidence

    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        return
    # A row can name a preview whose file went (its save was reported failed but had committed): make it again.
    if evidence.preview and evidence_storage().exists(evidence.preview.name):
        return
    make_preview(evidence)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300, ignore_result=True)
def sweep_missing_previews() -> int:
    """Previews whose task was never sent (the broker was down at upload time) or gave up: current
    evidence that should have a preview and has none, oldest first, SWEEP_BATCH a run. The run goes on
    from where the last one stopped, so files that cannot be previewed never hold the queue up; it
    starts from the oldest again once it reaches the end. Returns how many previews it made."""
    from inventory.models import Evidence

    after = cache.get(SWEEP_CURSOR, 0)
    batch = list(
        Evidence.objects.current()
        .filter(PREVIEWABLE, preview="", pk__gt=after, uploaded_at__lt=timezone.now() - SWEEP_GRACE)
        .order_by("pk")[:SWEEP_BATCH]
    )
    made = sum(make_preview(evidence) for evidence in batch)
    cache.set(SWEEP_CURSOR, batch[-1].pk if len(batch) == SWEEP_BATCH else 0, timeout=None)
    return made
