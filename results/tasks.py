from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def warm_findings(contest_id: int) -> None:
    """Check a contest's official figures after an import, so the dashboard's count is ready when
    someone asks (a national contest takes a minute or two). A contest that is gone is no error."""
    from elections.models import Contest
    from results.selectors import contest_findings

    contest = Contest.objects.filter(pk=contest_id).select_related("election").first()
    if contest is not None:
        contest_findings(contest)
