"""Dossier requests, as the pages and the API make them: request, retry, and the checks a download makes.

A request only stores a queued job and enqueues its task after the commit; the worker renders it
(dossiers/jobs.py: the lease, the steps, the watchdog; dossiers/pagination.py: the page numbers).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_actor
from core.errors import ApplicationError
from dossiers import tasks
from dossiers.choices import CASE_KINDS, DossierKind, JobStatus
from dossiers.models import DossierDownload, DossierJob, dossier_storage
from dossiers.selectors import can_export
from files.hashing import sha256_stream

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case
    from regions.models import Region

log = logging.getLogger(__name__)

TAMPERED = gettext_lazy("The stored PDF no longer matches the SHA-256 recorded when it was made.")


def dossier_request(
    *,
    actor: User,
    kind: str,
    case: Case | None = None,
    region: Region | None = None,
    filters: dict | None = None,
    pdf_a: bool = False,
) -> DossierJob:
    """Queue a dossier; the caller gets the job at once, the worker renders it."""
    if kind not in DossierKind.values:
        raise ApplicationError.for_field("kind", _("Unknown kind of dossier."))
    if kind in CASE_KINDS:
        if case is None:
            raise ApplicationError.for_field("case", _("Choose the case."))
        region_code, params = case.respondent_office_id, {"pdf_a": bool(pdf_a)}
    else:
        case = None
        region_code = region.pk if region is not None else None
        params = {"pdf_a": bool(pdf_a), "filters": _set_filters(filters)}
    if not can_export(actor, region_code):
        raise ApplicationError.for_field(
            "region" if case is None else "case", _("You may not export dossiers for that region.")
        )
    with transaction.atomic():
        job = DossierJob(kind=kind, case=case, region_id=region_code, params=params, requested_by=actor)
        record_actor(job, actor)
        job.full_clean()
        job.save()
        _enqueue(job)
    log.info("Dossier %s (%s) requested by %s", job.pk, kind, actor.username)
    return job


def _set_filters(filters: dict | None) -> dict[str, str]:
    """The inventory report's filters that are set, as text (the job's parameters are JSON)."""
    return {key: str(value) for key, value in (filters or {}).items() if value not in ("", None)}


def dossier_retry(*, actor: User, job: DossierJob) -> DossierJob:
    """Queue a failed job again, as it was asked for (the requester's reach is checked when it runs)."""
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            raise ApplicationError.for_field("status", _("Only a failed dossier can be tried again."))
        job.status, job.step, job.progress, job.error = JobStatus.QUEUED, "", 0, ""
        job.started_at = job.finished_at = None
        job.lease_token, job.lease_until = "", None
        job.attempts = 0  # a fresh start: the attempts that lost their worker are in the history
        record_actor(job, actor, "retry")
        job.save()
        _enqueue(job)
    return job


def _enqueue(job: DossierJob) -> None:
    # robust: the job is stored whatever the broker says; the watchdog queues it again if this is lost.
    transaction.on_commit(lambda: tasks.render_dossier.delay(job.pk), robust=True)


# --- downloads ----------------------------------------------------------------------------------------


def stored_pdf_intact(job: DossierJob, field: str = "output") -> bool:
    """Whether the stored file (`output`: the PDF, `manifest_pdf`: the manifest annex) is there and
    still hashes to what was recorded when the job finished."""
    name, expected = getattr(job, field).name, job.sha256_of(field)
    try:
        with dossier_storage().open(name, "rb") as fileobj:
            intact = bool(expected) and sha256_stream(fileobj) == expected
    except (FileNotFoundError, OSError, ValueError):
        intact = False
    if not intact:
        log.critical("Dossier %s: stored file %s is missing or does not match its SHA-256 %s", job.pk, name, expected)
    return intact


def download_record(*, job: DossierJob, user: User, intact: bool) -> DossierDownload:
    return DossierDownload.objects.create(job=job, user=user, intact=intact)
