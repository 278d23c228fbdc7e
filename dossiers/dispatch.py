"""Sending render messages: the ticket each carries, and the watchdog that sends again the jobs whose
worker died or whose message was lost.

Every message carries the job's ticket as it was when the message was sent; a new message gets a new
ticket, so at most one message can start the job's next attempt (dossiers.jobs.claim checks it) however
many duplicates a broker or a watchdog left behind. The lease, not the ticket, decides which worker
renders a job once started.
"""

import logging
import secrets
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from dossiers.choices import JobStatus
from dossiers.models import DossierJob

log = logging.getLogger(__name__)


def issue_ticket(job_id: int, *, now: datetime | None = None, only_if: Q | None = None) -> str:
    """A new ticket for the message the job is about to be sent; "" if the job no longer matches
    `only_if`. One conditional UPDATE, so two watchdog runs never both send for the same stall."""
    ticket = secrets.token_hex(16)
    issued = DossierJob.objects.filter(only_if or Q(), pk=job_id).update(ticket=ticket, sent_at=now or timezone.now())
    return ticket if issued else ""


def due_again(now: datetime) -> Q:
    """Jobs that need a message: the worker died (the lease ran out) and none was sent since, or the
    last message is older than DOSSIER_QUEUED_PATIENCE (lost with a broker restart) and the job still
    waits for a worker. One message per stall, whichever watchdog run comes first."""
    long_ago = now - settings.DOSSIER_QUEUED_PATIENCE
    sent_long_ago = Q(sent_at__lt=long_ago) | Q(
        Q(requeued_at__lt=long_ago) | Q(requeued_at__isnull=True, requested_at__lt=long_ago), sent_at__isnull=True
    )
    not_sent_since_the_lease_ran_out = Q(sent_at__isnull=True) | Q(sent_at__lt=F("lease_until"))
    dead = Q(status=JobStatus.RUNNING, lease_until__lt=now) & (not_sent_since_the_lease_ran_out | sent_long_ago)
    return dead | (Q(status=JobStatus.QUEUED) & sent_long_ago)


def requeue_stalled(*, enqueue: Callable[[int, str], object], now: datetime | None = None) -> list[int]:
    """Jobs whose worker died (lease ran out) or whose message was lost (queued for long): send again.

    `enqueue(job_id, ticket)` sends the render task; tasks.py passes its own (this module does not
    import the tasks that call it). Only sends, once per stall."""
    now = now or timezone.now()
    ids = []
    for pk in DossierJob.objects.filter(due_again(now)).values_list("pk", flat=True):
        ticket = issue_ticket(pk, now=now, only_if=due_again(now))
        if ticket:
            enqueue(pk, ticket)
            ids.append(pk)
    if ids:
        log.warning("Queued stalled dossier jobs again: %s", ids)
    return ids
