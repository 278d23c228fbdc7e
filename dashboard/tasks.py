from celery import shared_task

from dashboard import rollup


@shared_task(ignore_result=True)
def rollup_compact() -> None:
    """Fold the rollup's deltas into its cells, so that a dashboard read sums few rows (dashboard/rollup.py)."""
    if rollup.available():
        rollup.compact()
