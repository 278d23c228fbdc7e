"""The runtime of a dossier job, as its Celery task (dossiers/tasks.py) runs it.

A request (dossiers/services.py) only stores a queued job and enqueues its task after the commit; the
task calls `render_job`, which:
1. claims the job's lease (a job another live worker holds is left alone; a lease that ran out means
   that worker died, and the job starts again from scratch);
2. plans the document as the requester sees it (dossiers/content.py), refusing if they no longer can;
3. re-hashes every included evidence file and stops, naming the file, at the first mismatch;
4. lays the sections out in parallel processes and merges them, stamping every page (the page numbers
   and bookmarks come from dossiers/pagination.py);
5. renders the manifest as a PDF of its own (an annex for the office, never bound into what is filed
   with the court), naming the document's hash and every included file's;
6. stores the PDF, the manifest PDF and the JSON manifest under the PDF's hash, and marks the job done
   in the same transaction that checks it still holds the lease, so a job is finished exactly once and
   a PDF is only ever served complete; if anything fails on the way, none of the three is left behind.
Progress (step and percentage) is written with plain UPDATEs so the page can poll it, and renews the
lease; a `LeaseKeeper` thread renews it too while a long step runs. The watchdog (dossiers/dispatch.py)
sends the jobs of dead workers and lost messages again, one message each: every message carries the
job's ticket, and a message whose ticket is no longer the job's starts nothing.

A storage that refuses writes (read-only, full, forbidden) fails the job at once, naming the cause; one
briefly unreachable gives the job back for the task's retry. Neither is counted as an attempt whose
worker died.
"""

import errno
import json
import logging
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_actor
from dossiers import content, pagination
from dossiers.bundle import render_bundle
from dossiers.cache import LayoutCache
from dossiers.choices import DossierKind, JobStatus
from dossiers.failures import JobFailed
from dossiers.models import DossierJob
from dossiers.pdf import Bookmark, RenderError, Source, assemble, lay_out
from files.hashing import sha256_stream
from files.store import discard, put_as
from inventory.integrity import stored_sha256

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=settings.DOSSIER_LEASE_SECONDS)
LEASE_RENEW_SECONDS = settings.DOSSIER_HEARTBEAT_SECONDS
# A job whose worker died this many times (killed, out of memory, hard time limit) fails for good.
MAX_ATTEMPTS = 3
DOSSIER_STORAGE = "dossiers"  # the key of dossier_storage() in settings.STORAGES

Progress = Callable[[float, str], None]


class LeaseLost(Exception):
    """Another worker took the job over (this one was presumed dead), or someone cancelled it: stop
    without writing anything."""


# Storage that refuses every write until someone fixes it: trying again would only fail again.
STORAGE_REFUSALS = {
    errno.EROFS: gettext_lazy("the storage is read-only"),
    errno.ENOSPC: gettext_lazy("the disk is full"),
    errno.EDQUOT: gettext_lazy("the storage quota is used up"),
    errno.EACCES: gettext_lazy("the worker may not write there (permission denied)"),
    errno.EPERM: gettext_lazy("the worker may not write there (permission denied)"),
}


# --- the lease ---------------------------------------------------------------------------------------


def claim(job_id: int, ticket: str = "") -> tuple[DossierJob, str] | None:
    """Take the job if nobody holds it (queued, or running with a lease that ran out) and the message's
    `ticket` is the job's (a message without one, sent before tickets existed, may take it); returns the
    job and this attempt's lease token, or None (held, finished, gone, superseded message, or out of
    attempts: then failed)."""
    now = timezone.now()
    token = secrets.token_hex(16)
    free = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, lease_until__lt=now)
    if ticket:
        free &= Q(ticket=ticket)
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().filter(free, pk=job_id).first()
        if job is None:
            return None
        if job.attempts >= MAX_ATTEMPTS:
            job.status, job.finished_at = JobStatus.FAILED, now
            job.error = _("Gave up after %(n)d attempts: the worker stopped each time (memory, time limit).") % {
                "n": job.attempts
            }
            job.lease_token, job.lease_until = "", None
            job.save()
            return None
        job.status, job.lease_token, job.lease_until = JobStatus.RUNNING, token, now + LEASE
        job.attempts += 1
        job.started_at, job.error, job.step, job.progress = now, "", _("Starting"), 0
        record_actor(job, None, f"attempt {job.attempts}")
        job.save()
    return job, token


def renew_lease(job_id: int, token: str) -> bool:
    """Extend the lease; False if this attempt no longer holds it."""
    return bool(
        DossierJob.objects.filter(pk=job_id, lease_token=token, status=JobStatus.RUNNING).update(
            lease_until=timezone.now() + LEASE
        )
    )


class LeaseKeeper:
    """Renews the lease in a thread while the job works; the job calls `check` between steps."""

    def __init__(self, job_id: int, token: str):
        self.job_id, self.token, self.lost = job_id, token, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"dossier-{job_id}-lease", daemon=True)

    def _run(self):
        from django.db import connection

        try:
            while not self._stop.wait(LEASE_RENEW_SECONDS):
                try:
                    held = renew_lease(self.job_id, self.token)
                except DatabaseError:
                    # A dropped connection: the next beat tries on a fresh one (the lease outlasts a few).
                    log.warning("Dossier %s: could not renew the lease", self.job_id, exc_info=True)
                    connection.close()
                    continue
                if not held:
                    self.lost = True
                    return
        finally:
            connection.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def check(self):
        if self.lost:
            raise LeaseLost


def report_progress(job_id: int, token: str, percent: float, step: str) -> None:
    """Show the step and percentage on the job (and renew the lease); LeaseLost if it is not ours."""
    updated = DossierJob.objects.filter(pk=job_id, lease_token=token, status=JobStatus.RUNNING).update(
        progress=min(max(int(percent), 0), 100), step=str(step)[:200], lease_until=timezone.now() + LEASE
    )
    if not updated:
        raise LeaseLost


def fail_job(job_id: int, token: str, message: str) -> None:
    """Mark the job failed with `message`, if this attempt still holds it."""
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().filter(pk=job_id, lease_token=token).first()
        if job is None or job.status != JobStatus.RUNNING:
            return
        job.status, job.error, job.finished_at = JobStatus.FAILED, message, timezone.now()
        job.lease_token, job.lease_until = "", None
        record_actor(job, None, "failed")
        job.save()
    log.warning("Dossier %s failed: %s", job_id, message)


def give_back(job_id: int, token: str) -> None:
    """Return the job to the queue for the task's own retry (storage briefly unreachable). The message of
    that retry keeps the ticket; the attempt is not counted, its worker did not die."""
    now = timezone.now()
    DossierJob.objects.filter(pk=job_id, lease_token=token).update(
        status=JobStatus.QUEUED,
        lease_token="",
        lease_until=None,
        step=_("Waiting to try again"),
        attempts=F("attempts") - 1,
        requeued_at=now,
        sent_at=now,
    )


def storage_failure(exc: OSError) -> str:
    """The failure reason for a storage error, naming the cause a person can act on."""
    reason = STORAGE_REFUSALS.get(exc.errno) or exc.strerror or str(exc)
    return _(
        "The dossier could not be written: %(reason)s. Nothing was kept; try again once the administrator "
        "has fixed the storage."
    ) % {"reason": reason}


def _on_storage_error(job_id: int, token: str, exc: OSError, *, last_try: bool) -> str:
    """Fail now if the storage refuses writes or this was the last try; otherwise give the job back and
    raise again, so the task retries it later."""
    if exc.errno in STORAGE_REFUSALS or last_try:
        log.warning("Dossier %s: storage error", job_id, exc_info=exc)
        fail_job(job_id, token, storage_failure(exc))
        return "failed"
    give_back(job_id, token)
    raise exc


# --- one run ------------------------------------------------------------------------------------------


def render_job(job_id: int, ticket: str = "", *, last_try: bool = True) -> str:
    """Render one job to the end; returns what happened (done, failed, skipped, lost). Idempotent.

    An OSError from a storage briefly unreachable gives the job back to the queue and propagates, so
    the task retries it, unless this is the `last_try`; one from a storage that refuses writes fails it."""

    # Steps and errors are stored as text in the interface's first language, whoever's worker runs it.
    with translation.override(settings.LANGUAGE_CODE):
        return _render_job(job_id, ticket, last_try=last_try)


def _render_job(job_id: int, ticket: str, *, last_try: bool) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    claimed = claim(job_id, ticket)
    if claimed is None:
        return "skipped"
    job, token = claimed
    workdir = None
    try:
        workdir = Path(tempfile.mkdtemp(prefix=f"dossier-{job.pk}-", dir=settings.DOSSIER_WORK_DIR))
        _run(job, token, workdir)
        return "done"
    except LeaseLost:
        log.warning("Dossier %s: taken over by another worker or cancelled; this attempt stops", job_id)
        return "lost"
    except JobFailed as exc:
        fail_job(job.pk, token, str(exc))
        return "failed"
    except RenderError as exc:
        fail_job(job.pk, token, _("The PDF could not be made: %(reason)s") % {"reason": exc})
        return "failed"
    except SoftTimeLimitExceeded:
        fail_job(job.pk, token, _("Rendering took longer than the time limit; ask for a smaller dossier or try again."))
        return "failed"
    except OSError as exc:
        return _on_storage_error(job.pk, token, exc, last_try=last_try)
    except Exception:
        # A bug, not the user's doing: fail now with a plain message (the log has the details) rather
        # than leave the job to the watchdog's retries.
        log.exception("Dossier %s: unexpected error", job_id)
        fail_job(job.pk, token, _("An unexpected error stopped the job (logged for the administrators). Try again."))
        return "failed"
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(job: DossierJob, token: str, workdir: Path) -> None:
    """The steps of one attempt; each step first checks that the lease is still this attempt's."""
    with LeaseKeeper(job.pk, token) as keeper:

        def progress(percent: float, step: str) -> None:
            keeper.check()
            report_progress(job.pk, token, percent, step)

        # Sections laid out before from the same HTML, files, fonts and software are reused (dossiers/cache.py).
        layouts = LayoutCache()
        pdf_path, pages, plan = _render(job, workdir, progress, layouts)
        progress(92, _("Writing the manifest"))
        document = _facts(pdf_path, pages)
        manifest_path, manifest_pages = _render_manifest(job, plan, document, workdir, layouts)
        progress(96, _("Storing the PDF"))
        _finish(job, token, plan, document, (pdf_path, manifest_path, manifest_pages), layouts.stats)


def _plan(job: DossierJob) -> content.Plan:
    try:
        return content.PLANS[job.kind](job)
    except content.OutOfReach:
        raise JobFailed(
            _("%(user)s may no longer export this dossier (outside their regions).") % {"user": job.requested_by}
        ) from None


def verify_files(files: list[content.IncludedFile], progress: Progress) -> None:
    """Re-hash every included file; the first that is missing or changed stops the job, by name."""
    for index, item in enumerate(files, start=1):
        evidence = item.evidence
        actual = stored_sha256(evidence)
        if actual != evidence.sha256:
            state = (
                _("the stored file is missing")
                if actual is None
                else _("the stored file hashes to %(actual)s") % {"actual": actual}
            )
            raise JobFailed(
                _(
                    "Evidence file %(name)s (#%(id)s, %(labels)s) does not match its SHA-256 %(expected)s: %(state)s. "
                    "Nothing was exported; have the file checked and uploaded again."
                )
                % {
                    "name": evidence.original_name,
                    "id": evidence.pk,
                    "labels": ", ".join(item.labels),
                    "expected": evidence.sha256,
                    "state": state,
                }
            )
        if index % 20 == 0 or index == len(files):
            progress(
                3 + 12 * index / len(files),
                _("Checking evidence hashes (%(n)d of %(total)d)") % {"n": index, "total": len(files)},
            )


def _facts(path: Path, pages: int) -> dict:
    with path.open("rb") as fileobj:
        digest = sha256_stream(fileobj)
    return {"sha256": digest, "size": path.stat().st_size, "pages": pages}


# --- the document -------------------------------------------------------------------------------------


def _render(job: DossierJob, workdir: Path, progress: Progress, layouts: LayoutCache) -> tuple[Path, int, content.Plan]:
    progress(1, _("Collecting the content"))
    plan = _plan(job)
    progress(3, _("Checking evidence hashes"))
    verify_files(plan.files, progress)
    variant = content.variant(job)
    if job.kind == DossierKind.BUNDLE:
        return render_bundle(plan, workdir, progress, variant, layouts)

    def laid(done, total):
        numbers = {"done": done, "total": total, "reused": layouts.stats.reused}
        if layouts.stats.reused:
            step = _("Laying out section %(done)d of %(total)d (%(reused)d unchanged, reused)") % numbers
        else:
            step = _("Laying out section %(done)d of %(total)d") % numbers
        progress(15 + 70 * done / total, step)

    parts = lay_out(plan.sections, workdir, variant=variant, on_done=laid, cache=layouts)
    if plan.front is not None:
        progress(86, _("Table of contents"))
        parts = [_front_matter(plan, parts, workdir, variant, layouts), *parts]
    progress(90, _("Merging and numbering the pages"))
    out = workdir / "dossier.pdf"
    pages = assemble(
        [Source(part.path) for part in parts],
        out,
        bookmarks=pagination.bookmarks(parts),
        stamps=pagination.numbered,
        metadata_from=parts[0].path if variant else None,
        title=plan.title,
        workdir=workdir,
    )
    return out, pages, plan


def _front_matter(plan: content.Plan, parts: list, workdir: Path, variant: str | None, layouts: LayoutCache):
    """The letter's opening (letterhead, Perihal, the parties and counsel) and the table of contents,
    laid out once the pages of everything else are known; again if the first guess of its length was off.
    The other sections never depend on it (their page numbers are stamped in the merge), so only this
    one is laid out again when an edit moves pages; unchanged contents are reused like any section."""
    front_pages = pagination.guess_front_pages(parts)
    front_dir = workdir / "front"
    front_dir.mkdir(exist_ok=True)
    for _attempt in range(3):
        html = plan.front(pagination.contents(parts, front_pages=front_pages), front_pages)
        (laid,) = lay_out([content.Section("front", html)], front_dir, processes=1, variant=variant, cache=layouts)
        if laid.pages == front_pages:
            break
        front_pages = laid.pages
    laid.bookmarks = [[1, "Pembukaan dan Daftar Isi", 0]]
    return laid


def _render_manifest(
    job: DossierJob, plan: content.Plan, document: dict, workdir: Path, layouts: LayoutCache
) -> tuple[Path, int]:
    """The manifest annex as its own PDF, numbered on its own; it may name the software and the hashes."""
    variant = content.variant(job)
    manifest_dir = workdir / "manifest"
    manifest_dir.mkdir(exist_ok=True)
    parts = lay_out(content.manifest_sections(job, plan, document), manifest_dir, variant=variant, cache=layouts)
    out = workdir / "manifest.pdf"
    pages = assemble(
        [Source(part.path) for part in parts],
        out,
        bookmarks=[Bookmark(1, "Manifes berkas", 0)],
        stamps=pagination.numbered,
        metadata_from=parts[0].path if variant else None,
        title=f"Manifes berkas: {plan.title}",
        producer=f"Siaga PHPU {settings.SOFTWARE_VERSION} (WeasyPrint, qpdf)",
        workdir=workdir,
    )
    return out, pages


# --- storing the result -------------------------------------------------------------------------------


def _finish(job: DossierJob, token: str, plan: content.Plan, document: dict, rendered: tuple, stats=None) -> None:
    """Store the PDF, the manifest PDF and the JSON manifest (named by the PDF's hash: a re-run stores
    nothing twice), then mark the job done, if this worker still holds it. The three are stored
    together or not at all: whatever fails on the way (storage, the database, a lost lease), the files
    this attempt stored and no row points at are deleted."""
    pdf_path, manifest_path, manifest_pages = rendered
    finished = timezone.now()
    manifest = _manifest(job, plan, document, _facts(manifest_path, manifest_pages), finished)
    if stats is not None:
        # How many sections were reused from the layout cache: "12 of 14 sections reused".
        manifest["layout"] = stats.as_dict()
    base = f"{job.pk}/{document['sha256']}"
    stored: list[str] = []  # what this attempt wrote
    try:
        # put_as writes each through a temporary name (a full disk leaves no part of a PDF behind) and
        # keeps a PDF already under its name only if it hashes to that name.
        with pdf_path.open("rb") as fileobj:
            pdf = put_as(fileobj, storage_key=DOSSIER_STORAGE, name=f"{base}.pdf", sha256=document["sha256"])
        pdf_name = pdf.name
        if pdf.wrote:
            stored.append(pdf_name)
        with manifest_path.open("rb") as fileobj:
            annex_name = put_as(fileobj, storage_key=DOSSIER_STORAGE, name=f"{base}-manifest.pdf").name
        stored.append(annex_name)
        body = ContentFile(json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        manifest_name = put_as(body, storage_key=DOSSIER_STORAGE, name=f"{base}.json").name
        stored.append(manifest_name)
        _mark_done(job.pk, token, manifest, names=(pdf_name, annex_name, manifest_name), finished=finished)
    except BaseException:
        discard_outputs(job.pk, stored)
        raise
    layout = manifest.get("layout") or {"reused": 0, "sections": 0}
    log.info(
        "Dossier %s done: %s pages, %s bytes, SHA-256 %s; %s of %s sections reused",
        job.pk,
        document["pages"],
        document["size"],
        document["sha256"],
        layout["reused"],
        layout["sections"],
    )


def _manifest(job: DossierJob, plan: content.Plan, document: dict, annex: dict, finished: datetime) -> dict:
    return {
        "job": job.pk,
        "kind": job.kind,
        "case": job.case.register_number if job.case_id else None,
        "region": job.region_id,
        "requested_by": job.requested_by.username,
        "requested_at": job.requested_at.isoformat(),
        "generated_at": finished.isoformat(),
        "software": f"Siaga PHPU {settings.SOFTWARE_VERSION}",
        "draft": plan.draft,
        "pdf_a": bool(job.params.get("pdf_a")),
        "title": plan.title,
        "pdf": document,
        "manifest_pdf": annex,
        "files": [item.as_dict() for item in plan.files],
    }


def _mark_done(job_id: int, token: str, manifest: dict, *, names: tuple[str, str, str], finished: datetime) -> None:
    """Point the job at its stored files and mark it done, in the transaction that checks the lease."""
    pdf_name, annex_name, manifest_name = names
    document = manifest["pdf"]
    with transaction.atomic():
        current = DossierJob.objects.select_for_update().get(pk=job_id)
        if current.lease_token != token or current.status != JobStatus.RUNNING:
            # Another worker owns the job now: what this one stored is nobody's result.
            raise LeaseLost
        current.status, current.progress, current.step = JobStatus.DONE, 100, _("Done")
        current.output.name, current.manifest_file.name = pdf_name, manifest_name
        current.manifest_pdf.name = annex_name
        current.sha256, current.size, current.page_count = document["sha256"], document["size"], document["pages"]
        current.manifest, current.draft, current.finished_at = manifest, manifest["draft"], finished
        current.lease_token, current.lease_until = "", None
        record_actor(current, None, "done")
        current.save()


def discard_outputs(job_id: int, names: list[str]) -> None:
    """Delete what an attempt stored, except a file a row points at (the same PDF, stored by the worker
    that finished the job: names start with the job's id, so only its own row can)."""
    for name in names:
        try:
            discard(DOSSIER_STORAGE, name)
        except OSError:
            log.exception("Dossier %s: could not delete %s; check_integrity --clean removes it", job_id, name)
