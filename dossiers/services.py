"""Dossier requests, as the pages and the API make them: request, retry, cancel, and the checks a
download makes.

A request only stores a queued job and enqueues its task after the commit; the worker renders it
(dossiers/jobs.py: the lease, the steps; dossiers/dispatch.py: the messages and the watchdog;
dossiers/pagination.py: the page numbers). A request for the same document as a job still queued or
being rendered returns that job (`identity`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import live_grants
from core.audit import record_actor
from core.errors import ApplicationError
from dossiers import dispatch, tasks
from dossiers.choices import CASE_KINDS, LIVE, DossierKind, JobStatus
from dossiers.models import DossierDownload, DossierJob, dossier_storage
from dossiers.selectors import can_export
from files.hashing import sha256_stream

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case
    from regions.models import Region

log = logging.getLogger(__name__)

# The partial unique index on the identity of queued and running jobs (dossiers/models.py).
ONE_LIVE_JOB = "dossier_one_live_per_identity"
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
    """Queue a dossier; the caller gets the job at once, the worker renders it. If the same document
    (`identity`) is already queued or being rendered, the caller gets that job, marked `reused`."""
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
    job = DossierJob(kind=kind, case=case, region_id=region_code, params=params, requested_by=actor)
    job.identity = identity(job)
    record_actor(job, actor)
    # The one-live-job-per-identity constraint is this service's business (_store_once), not a field error.
    job.full_clean(exclude=["identity"])
    job = _store_once(job)
    if job.reused:
        log.info("Dossier %s (%s) asked for again by %s: the same job", job.pk, kind, actor.username)
    else:
        log.info("Dossier %s (%s) requested by %s", job.pk, kind, actor.username)
    return job


def identity(job: DossierJob) -> str:
    """What makes two requests the same document: its kind, its subject (the case, or the inventory
    report's region), its options (PDF/A, the report's filters) and what the requester may see, since
    the content is cut to that when rendered (dossiers/content.py): their live assignments, or
    everything for a superuser. Colleagues with the same assignments asking for the same brief get one job."""
    requester = job.requested_by
    sight = "*" if requester.is_superuser else sorted([code or "", role] for code, role in live_grants(requester))
    facts = {"kind": job.kind, "case": job.case_id, "region": job.region_id, "params": job.params, "sight": sight}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def _live_twin(job: DossierJob) -> DossierJob | None:
    """The queued or running job of the same identity, other than `job`."""
    if not job.identity:
        return None
    twin = DossierJob.objects.filter(identity=job.identity, status__in=LIVE).exclude(pk=job.pk).first()
    if twin is not None:
        twin.reused = True
    return twin


def _store_once(job: DossierJob) -> DossierJob:
    """Save and enqueue `job`, or return the live job of its identity. Race-safe: of concurrent identical
    requests, one insert wins and the others, failing on the unique index once it commits, find its job."""
    for _turn in range(3):
        with transaction.atomic():
            twin = _live_twin(job)
            if twin is not None:
                return twin
            try:
                with transaction.atomic():
                    job.save()
            except IntegrityError as exc:
                if ONE_LIVE_JOB not in str(exc):
                    raise
                continue  # an identical request committed first: its job is found on the next turn
            _enqueue(job)
            job.reused = False
            return job
    raise ApplicationError(_("Too many identical requests at once; try again."), status=503)


def _set_filters(filters: dict | None) -> dict[str, str]:
    """The inventory report's filters that are set, as text (the job's parameters are JSON)."""
    return {key: str(value) for key, value in (filters or {}).items() if value not in ("", None)}


def dossier_retry(*, actor: User, job: DossierJob) -> DossierJob:
    """Queue a failed, cancelled or stalled job again, as it was asked for (the requester's reach is
    checked when it runs). If the same document was asked for again meanwhile and is still queued or
    being rendered, that job is returned (`reused`) and this one stays as it is."""
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().get(pk=job.pk)
        if not job.can_retry:
            raise ApplicationError.for_field(
                "status", _("Only a failed, cancelled or stalled dossier can be tried again.")
            )
        twin = _live_twin(job)
        if twin is not None:
            return twin
        job.status, job.step, job.progress, job.error = JobStatus.QUEUED, "", 0, ""
        job.started_at = job.finished_at = None
        job.lease_token, job.lease_until = "", None
        job.requeued_at = timezone.now()
        job.attempts = 0  # a fresh start: the attempts that lost their worker are in the history
        record_actor(job, actor, "retry")
        try:
            with transaction.atomic():
                job.save()
        except IntegrityError:
            raise ApplicationError.for_field(
                "status", _("The same dossier was asked for at this moment; reload the page.")
            ) from None
        _enqueue(job)
    job.reused = False
    return job


def dossier_cancel(*, actor: User, job: DossierJob) -> DossierJob:
    """Stop a queued or running job (a stalled one, or one asked for by mistake). A worker still on it
    loses its lease at its next step and stores nothing."""
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().get(pk=job.pk)
        if not job.can_cancel:
            raise ApplicationError.for_field(
                "status", _("Only a dossier that is waiting or being prepared can be cancelled.")
            )
        job.status, job.finished_at = JobStatus.CANCELLED, timezone.now()
        job.lease_token, job.lease_until, job.ticket = "", None, ""
        # Stored in the interface's first language, as the worker stores its reasons (dossiers/jobs.py).
        with translation.override(settings.LANGUAGE_CODE):
            job.error = _("Cancelled by %(user)s.") % {"user": actor}
        record_actor(job, actor, "cancel")
        job.save()
    log.info("Dossier %s cancelled by %s", job.pk, actor.username)
    return job


def _enqueue(job: DossierJob) -> None:
    """Send the job its render message, with a new ticket, once the job is committed."""
    ticket = dispatch.issue_ticket(job.pk)
    # robust: the job is stored whatever the broker says; the watchdog sends it again if this is lost.
    transaction.on_commit(lambda: tasks.render_dossier.delay(job.pk, ticket), robust=True)


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
