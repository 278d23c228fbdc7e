"""Dossier jobs: request, retry, render, download.

A request only stores a queued job and enqueues its task after the commit; the task calls
`render_job`, which:
1. takes the job's lease (a job another live worker holds is left alone; a lease that ran out means
   that worker died, and the job starts again from scratch);
2. plans the document as the requester sees it (dossiers/content.py), refusing if they no longer can;
3. re-hashes every included evidence file and stops, naming the file, at the first mismatch;
4. lays the sections out in parallel processes and merges them, stamping every page;
5. renders the manifest as a PDF of its own (an annex for the office, never bound into what is filed
   with the court), naming the document's hash and every included file's;
6. stores the PDF, the manifest PDF and the JSON manifest under the PDF's hash, and marks the job done
   in the same transaction that checks it still holds the lease, so a job is finished exactly once and
   a PDF is only ever served complete; if anything fails on the way, none of the three is left behind.
Progress (step and percentage) is written with plain UPDATEs so the page can poll it.
"""

import json
import logging
import math
import secrets
import shutil
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from dossiers import content
from dossiers.choices import CASE_KINDS, DossierKind, JobStatus
from dossiers.models import DossierDownload, DossierJob, dossier_storage
from dossiers.pdf import Bookmark, RenderError, Source, Stamp, assemble, image_page, lay_out
from dossiers.selectors import can_export
from inventory.integrity import stored_sha256
from inventory.storage import evidence_storage
from inventory.uploads import sha256_of

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=3)
# A job whose worker died this many times (killed, out of memory, hard time limit) fails for good.
MAX_ATTEMPTS = 3
LEASE_RENEW_SECONDS = 30
CHUNK = 1024 * 1024


class JobFailed(Exception):
    """A reason a person can act on (a tampered file, a lost reach); the job fails with this message."""


class LeaseLost(Exception):
    """Another worker took the job over (this one was presumed dead): stop without writing anything."""


# --- requests -----------------------------------------------------------------------------------------


def dossier_request(*, actor, kind: str, case=None, region=None, filters: dict | None = None, pdf_a: bool = False):
    """Queue a dossier; the caller gets the job at once, the worker renders it."""
    if kind not in DossierKind.values:
        raise ApplicationError(_("Unknown kind of dossier."), {"kind": [_("Unknown kind of dossier.")]})
    if kind in CASE_KINDS:
        if case is None:
            raise ApplicationError(_("Choose the case."), {"case": [_("Choose the case.")]})
        region_code = case.respondent_office_id
        params = {"pdf_a": bool(pdf_a)}
    else:
        region_code = region.pk if region is not None else None
        case = None
        params = {
            "pdf_a": bool(pdf_a),
            "filters": {k: str(v) for k, v in (filters or {}).items() if v not in ("", None)},
        }
    if not can_export(actor, region_code):
        message = _("You may not export dossiers for that region.")
        raise ApplicationError(message, {"region" if case is None else "case": [message]})
    with transaction.atomic():
        job = DossierJob(kind=kind, case=case, region_id=region_code, params=params, requested_by=actor)
        job._history_user = actor
        job.full_clean()
        job.save()
        _enqueue(job)
    log.info("Dossier %s (%s) requested by %s", job.pk, kind, actor.username)
    return job


def dossier_retry(*, actor, job: DossierJob) -> DossierJob:
    """Queue a failed job again, as it was asked for (the requester's reach is checked when it runs)."""
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            message = _("Only a failed dossier can be tried again.")
            raise ApplicationError(message, {"status": [message]})
        job.status, job.step, job.progress, job.error = JobStatus.QUEUED, "", 0, ""
        job.started_at = job.finished_at = None
        job.lease_token, job.lease_until = "", None
        job.attempts = 0  # a fresh start: the attempts that lost their worker are in the history
        job._history_user = actor
        job._change_reason = "retry"
        job.save()
        _enqueue(job)
    return job


def _enqueue(job: DossierJob) -> None:
    from dossiers.tasks import render_dossier

    # robust: the job is stored whatever the broker says; the watchdog queues it again if this is lost.
    transaction.on_commit(lambda: render_dossier.delay(job.pk), robust=True)


# --- the lease ----------------------------------------------------------------------------------------


def _take(job_id: int) -> tuple[DossierJob, str] | None:
    """Take the job if nobody holds it (queued, or running with a lease that ran out)."""
    now = timezone.now()
    token = secrets.token_hex(16)
    free = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, lease_until__lt=now)
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
        job._change_reason = f"attempt {job.attempts}"
        job.save()
    return job, token


def _renew(job_id: int, token: str) -> bool:
    return bool(
        DossierJob.objects.filter(pk=job_id, lease_token=token, status=JobStatus.RUNNING).update(
            lease_until=timezone.now() + LEASE
        )
    )


class _Keeper:
    """Renews the lease in a thread while the job works; the job checks `lost` between steps."""

    def __init__(self, job_id: int, token: str):
        self.job_id, self.token, self.lost = job_id, token, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"dossier-{job_id}-lease", daemon=True)

    def _run(self):
        from django.db import connection

        try:
            while not self._stop.wait(LEASE_RENEW_SECONDS):
                if not _renew(self.job_id, self.token):
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


def _progress(job_id: int, token: str, percent: int, step: str) -> None:
    updated = DossierJob.objects.filter(pk=job_id, lease_token=token, status=JobStatus.RUNNING).update(
        progress=min(max(int(percent), 0), 100), step=str(step)[:200], lease_until=timezone.now() + LEASE
    )
    if not updated:
        raise LeaseLost


# --- rendering ----------------------------------------------------------------------------------------


def render_job(job_id: int, *, last_try: bool = True) -> str:
    """Render one job to the end; returns what happened (done, failed, skipped, lost). Idempotent.

    An OSError (storage briefly unreachable) gives the job back to the queue and propagates, so the
    task retries it, unless this is the `last_try`."""

    # Steps and errors are stored as text in the interface's first language, whoever's worker runs it.
    with translation.override(settings.LANGUAGE_CODE):
        return _render_job(job_id, last_try=last_try)


def _render_job(job_id: int, *, last_try: bool) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    taken = _take(job_id)
    if taken is None:
        return "skipped"
    job, token = taken
    workdir = Path(tempfile.mkdtemp(prefix=f"dossier-{job.pk}-", dir=settings.DOSSIER_WORK_DIR))
    try:
        with _Keeper(job.pk, token) as keeper:
            pdf_path, pages, plan = _render(job, token, workdir, keeper)
            keeper.check()
            _progress(job.pk, token, 92, _("Writing the manifest"))
            document = _facts(pdf_path, pages)
            manifest_path, manifest_pages = _render_manifest(job, plan, document, workdir)
            keeper.check()
            _progress(job.pk, token, 96, _("Storing the PDF"))
            _finish(job, token, plan, document, (pdf_path, manifest_path, manifest_pages))
        return "done"
    except LeaseLost:
        log.warning("Dossier %s: another worker took the job over; this attempt stops", job_id)
        return "lost"
    except JobFailed as exc:
        _fail(job.pk, token, str(exc))
        return "failed"
    except RenderError as exc:
        _fail(job.pk, token, _("The PDF could not be made: %(reason)s") % {"reason": exc})
        return "failed"
    except SoftTimeLimitExceeded:
        _fail(job.pk, token, _("Rendering took longer than the time limit; ask for a smaller dossier or try again."))
        return "failed"
    except OSError as exc:
        if last_try:
            _fail(job.pk, token, _("Storage could not be reached: %(reason)s") % {"reason": exc})
            return "failed"
        DossierJob.objects.filter(pk=job.pk, lease_token=token).update(
            status=JobStatus.QUEUED, lease_token="", lease_until=None, step=_("Waiting to try again")
        )
        raise
    except Exception:
        # A bug, not the user's doing: fail now with a plain message (the log has the details) rather
        # than leave the job to the watchdog's retries.
        log.exception("Dossier %s: unexpected error", job_id)
        _fail(job.pk, token, _("An unexpected error stopped the job (logged for the administrators). Try again."))
        return "failed"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _fail(job_id: int, token: str, message: str) -> None:
    with transaction.atomic():
        job = DossierJob.objects.select_for_update().filter(pk=job_id, lease_token=token).first()
        if job is None or job.status != JobStatus.RUNNING:
            return
        job.status, job.error, job.finished_at = JobStatus.FAILED, message, timezone.now()
        job.lease_token, job.lease_until = "", None
        job._change_reason = "failed"
        job.save()
    log.warning("Dossier %s failed: %s", job_id, message)


def _plan(job: DossierJob) -> content.Plan:
    try:
        return content.PLANS[job.kind](job)
    except content.OutOfReach:
        raise JobFailed(
            _("%(user)s may no longer export this dossier (outside their regions).") % {"user": job.requested_by}
        ) from None


def verify_files(files: list[content.IncludedFile], progress) -> None:
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


def _render(job: DossierJob, token: str, workdir: Path, keeper: _Keeper):
    def progress(percent, step):
        keeper.check()
        _progress(job.pk, token, percent, step)

    progress(1, _("Collecting the content"))
    plan = _plan(job)
    progress(3, _("Checking evidence hashes"))
    verify_files(plan.files, progress)
    variant = content.variant(job)
    if job.kind == DossierKind.BUNDLE:
        return _render_bundle(job, plan, workdir, progress, variant)

    def laid(done, total):
        progress(15 + 70 * done / total, _("Laying out section %(done)d of %(total)d") % {"done": done, "total": total})

    parts = lay_out(plan.sections, workdir, variant=variant, on_done=laid)
    front = None
    if plan.front is not None:
        progress(86, _("Table of contents"))
        front = _front_matter(plan, parts, workdir, variant)
    progress(90, _("Merging and numbering the pages"))
    sources, bookmarks, offset = [], [], 0
    for part in ([front] if front else []) + parts:
        sources.append(Source(part.path))
        bookmarks += [Bookmark(level, title, offset + page) for level, title, page in part.bookmarks]
        offset += part.pages
    out = workdir / "dossier.pdf"
    pages = assemble(
        sources,
        out,
        bookmarks=bookmarks,
        stamps=_page_numbers,
        metadata_from=sources[0].path if variant else None,
        title=plan.title,
        workdir=workdir,
    )
    return out, pages, plan


def _page_numbers(index: int, total: int) -> list[Stamp]:
    return [Stamp(f"Halaman {index + 1} dari {total}")]


def _facts(path: Path, pages: int) -> dict:
    with path.open("rb") as fileobj:
        digest = sha256_of(fileobj)
    return {"sha256": digest, "size": path.stat().st_size, "pages": pages}


def _render_manifest(job: DossierJob, plan, document: dict, workdir: Path) -> tuple[Path, int]:
    """The manifest annex as its own PDF, numbered on its own; it may name the software and the hashes."""
    from phpu import __version__

    variant = content.variant(job)
    manifest_dir = workdir / "manifest"
    manifest_dir.mkdir(exist_ok=True)
    parts = lay_out(content.manifest_sections(job, plan, document), manifest_dir, variant=variant)
    out = workdir / "manifest.pdf"
    pages = assemble(
        [Source(part.path) for part in parts],
        out,
        bookmarks=[Bookmark(1, "Manifes berkas", 0)],
        stamps=_page_numbers,
        metadata_from=parts[0].path if variant else None,
        title=f"Manifes berkas: {plan.title}",
        producer=f"Siaga PHPU {__version__} (WeasyPrint, qpdf)",
        workdir=workdir,
    )
    return out, pages


def _front_matter(plan, parts, workdir: Path, variant):
    """The letter's opening (letterhead, Perihal, the parties and counsel) and the table of contents,
    laid out once the pages of everything else are known; again if the first guess of its length was off."""
    entries = sum(1 for part in parts for level, _t, _p in part.bookmarks if level <= 3)
    front_pages = 2 + math.ceil(entries / 38)  # the opening takes about two pages, the contents ~38 lines a page
    front_dir = workdir / "front"
    front_dir.mkdir(exist_ok=True)
    for _attempt in range(3):
        toc, offset = [], front_pages
        for part in parts:
            for level, title, page in part.bookmarks:
                if level <= 3:
                    toc.append({"level": level, "title": title, "page": offset + page + 1})
            offset += part.pages
        html = plan.front(toc, front_pages)
        (laid,) = lay_out([content.Section("front", html)], front_dir, processes=1, variant=variant)
        if laid.pages == front_pages:
            break
        front_pages = laid.pages
    laid.bookmarks = [[1, "Pembukaan dan Daftar Isi", 0]]
    return laid


def _render_bundle(job, plan, workdir: Path, progress, variant):
    """Cover, then the exhibit's files, per exhibit in label order; every page stamped with its label
    and its page within the exhibit. The files are put on pages first, so each cover can give the
    exhibit's page counts."""
    files_dir = workdir / "files"
    files_dir.mkdir()
    total = len(plan.exhibits) or 1
    paths, pages_of = {}, {}
    for index, exhibit in enumerate(plan.exhibits):
        for evidence in exhibit.evidence.all():
            if content.printable(evidence) and evidence.pk not in paths:
                paths[evidence.pk] = _evidence_pdf(evidence, files_dir)
                pages_of[evidence.pk] = _pages_of(paths[evidence.pk], evidence)
        if index % 10 == 0:
            progress(15 + 45 * (index + 1) / total, _("Adding the files of %(label)s") % {"label": exhibit.label})
    covers = lay_out(
        plan.covers(pages_of),
        workdir,
        variant=variant,
        on_done=lambda d, t: progress(60 + 20 * d / t, _("Laying out the cover pages")),
    )
    cover_sources = [Source(part.path, first=i, count=1) for part in covers for i in range(part.pages)]
    sources, bookmarks, ranges = [], [], []  # ranges: (first page, count, label) per exhibit
    page = 0
    for index, exhibit in enumerate(plan.exhibits):
        start = page
        bookmarks.append(Bookmark(1, f"Bukti {exhibit.label}: {exhibit.description[:120]}", page))
        sources.append(cover_sources[index])
        page += 1
        for evidence in exhibit.evidence.all():
            if evidence.pk in paths:
                sources.append(Source(paths[evidence.pk]))
                page += pages_of[evidence.pk]
        ranges.append((start, page - start, exhibit.label))
    by_page = {}
    for start, count, label in ranges:
        for i in range(count):
            by_page[start + i] = (label, i + 1, count)

    def stamps(index, total_pages):
        marks = []
        if index in by_page:
            label, i, n = by_page[index]
            marks.append(Stamp(f"Bukti {label} - halaman {i} dari {n}", where="right", size=9))
        marks.append(Stamp(f"Halaman {index + 1} dari {total_pages}", size=7, gray=0.3))
        if plan.draft:
            marks.append(Stamp("DRAFT", where="top", size=14, gray=0.55))
        return marks

    progress(85, _("Merging and stamping the pages"))
    out = workdir / "dossier.pdf"
    pages = assemble(
        sources,
        out,
        bookmarks=bookmarks,
        stamps=stamps,
        title=plan.title,
        workdir=workdir,
        metadata_from=covers[0].path if variant else None,
    )
    return out, pages, plan


def _evidence_pdf(evidence, files_dir: Path) -> Path:
    """The evidence as a PDF file on local disk: a copy of a PDF, or an image on an A4 page."""
    target = files_dir / f"{evidence.pk}.pdf"
    if target.exists():
        return target
    with evidence_storage().open(evidence.file.name, "rb") as stored:
        if evidence.mime_type == "application/pdf":
            with target.open("wb") as out:
                shutil.copyfileobj(stored, out, CHUNK)
            return target
        data = stored.read()
    try:
        image_page(data, target)
    except RenderError as exc:
        raise JobFailed(
            _("Evidence file %(name)s (#%(id)s) cannot be placed in the bundle: %(reason)s")
            % {"name": evidence.original_name, "id": evidence.pk, "reason": exc}
        ) from exc
    return target


def _pages_of(path: Path, evidence) -> int:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise JobFailed(
            _("Evidence file %(name)s (#%(id)s) cannot be read as a PDF: %(reason)s")
            % {"name": evidence.original_name, "id": evidence.pk, "reason": exc}
        ) from exc


def _finish(job: DossierJob, token: str, plan: content.Plan, document: dict, rendered: tuple) -> None:
    """Store the PDF, the manifest PDF and the JSON manifest (named by the PDF's hash: a re-run stores
    nothing twice), then mark the job done, if this worker still holds it. The three are stored
    together or not at all: whatever fails on the way (storage, the database, a lost lease), the files
    this attempt stored and no row points at are deleted."""
    from phpu import __version__

    pdf_path, manifest_path, manifest_pages = rendered
    annex = _facts(manifest_path, manifest_pages)
    finished = timezone.now()
    manifest = {
        "job": job.pk,
        "kind": job.kind,
        "case": job.case.register_number if job.case_id else None,
        "region": job.region_id,
        "requested_by": job.requested_by.username,
        "requested_at": job.requested_at.isoformat(),
        "generated_at": finished.isoformat(),
        "software": f"Siaga PHPU {__version__}",
        "draft": plan.draft,
        "pdf_a": bool(job.params.get("pdf_a")),
        "title": plan.title,
        "pdf": document,
        "manifest_pdf": annex,
        "files": [item.as_dict() for item in plan.files],
    }
    storage = dossier_storage()
    base = f"{job.pk}/{document['sha256']}"
    stored: list[str] = []  # what this attempt wrote
    try:
        pdf_name = f"{base}.pdf"
        if not storage.exists(pdf_name):
            with pdf_path.open("rb") as fileobj:
                pdf_name = storage.save(pdf_name, File(fileobj, name=pdf_name))
            stored.append(pdf_name)
        with manifest_path.open("rb") as fileobj:
            annex_name = storage.save(f"{base}-manifest.pdf", File(fileobj, name=f"{base}-manifest.pdf"))
        stored.append(annex_name)
        manifest_name = storage.save(
            f"{base}.json", ContentFile(json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        )
        stored.append(manifest_name)
        with transaction.atomic():
            current = DossierJob.objects.select_for_update().get(pk=job.pk)
            if current.lease_token != token or current.status != JobStatus.RUNNING:
                # Another worker owns the job now: what this one stored is nobody's result.
                raise LeaseLost
            current.status, current.progress, current.step = JobStatus.DONE, 100, _("Done")
            current.output.name, current.manifest_file.name = pdf_name, manifest_name
            current.manifest_pdf.name = annex_name
            current.sha256, current.size, current.page_count = document["sha256"], document["size"], document["pages"]
            current.manifest, current.draft, current.finished_at = manifest, plan.draft, finished
            current.lease_token, current.lease_until = "", None
            current._change_reason = "done"
            current.save()
    except BaseException:
        _discard(job.pk, storage, stored)
        raise
    log.info(
        "Dossier %s done: %s pages, %s bytes, SHA-256 %s",
        job.pk,
        document["pages"],
        document["size"],
        document["sha256"],
    )


def _discard(job_id: int, storage, names: list[str]) -> None:
    """Delete what an attempt stored, except a file the job's row points at (the same PDF, stored by the
    worker that finished it)."""
    try:
        row = DossierJob.objects.filter(pk=job_id).values_list("output", "manifest_file", "manifest_pdf").first()
    except Exception:
        log.exception("Dossier %s: could not read the job while cleaning up", job_id)
        row = None
    for name in set(names) - set(row or ()):
        try:
            storage.delete(name)
        except OSError:
            log.exception("Dossier %s: could not delete %s; check_integrity --clean removes it", job_id, name)


# --- the watchdog and downloads -----------------------------------------------------------------------


def requeue_stalled(*, now=None) -> list[int]:
    """Jobs whose worker died (lease ran out) or whose message was lost (queued for long): queue again."""
    from dossiers.tasks import render_dossier

    now = now or timezone.now()
    stalled = DossierJob.objects.filter(
        Q(status=JobStatus.RUNNING, lease_until__lt=now)
        | Q(status=JobStatus.QUEUED, requested_at__lt=now - settings.DOSSIER_QUEUED_PATIENCE)
    ).values_list("pk", flat=True)
    ids = list(stalled)
    for pk in ids:
        render_dossier.delay(pk)
    if ids:
        log.warning("Queued stalled dossier jobs again: %s", ids)
    return ids


TAMPERED = gettext_lazy("The stored PDF no longer matches the SHA-256 recorded when it was made.")


def stored_pdf_intact(job: DossierJob, field: str = "output") -> bool:
    """Whether the stored file (`output`: the PDF, `manifest_pdf`: the manifest annex) is there and
    still hashes to what was recorded when the job finished."""
    name, expected = getattr(job, field).name, job.sha256_of(field)
    try:
        with dossier_storage().open(name, "rb") as fileobj:
            intact = bool(expected) and sha256_of(fileobj) == expected
    except (FileNotFoundError, OSError, ValueError):
        intact = False
    if not intact:
        log.critical("Dossier %s: stored file %s is missing or does not match its SHA-256 %s", job.pk, name, expected)
    return intact


def download_record(*, job: DossierJob, user, intact: bool) -> DossierDownload:
    return DossierDownload.objects.create(job=job, user=user, intact=intact)
