"""Dossier jobs: a PDF the legal division asked for (the brief, the exhibit list, the evidence bundle
or the inventory report), rendered by a Celery task, and its result with the hashes that tie it to
the evidence it contains.

Visibility: a job hangs on its subject region (the case's Termohon office, or the root of the
inventory report); it is seen by whoever may export dossiers over that whole region. The content
is cut to the subject region and the requester's reach when rendered (dossiers/content.py), so a
viewer who reaches the subject region sees nothing in it they could not open themselves.
"""

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Action
from accounts.scoping import ScopedQuerySet
from dossiers.choices import FINISHED, LIVE, DossierKind, JobStatus, Stall


def dossier_storage():
    return storages["dossiers"]


STALL_NOTICES = {
    Stall.WORKER_LOST: _(
        "The worker preparing this dossier stopped responding. It starts again by itself as soon as a worker "
        "runs; if it stays like this, tell the administrator. You can also try again or cancel it."
    ),
    Stall.NOT_STARTED: _(
        "No worker has started this dossier yet: the workers are busy or stopped. If it stays like this, tell "
        "the administrator. You can also try again or cancel it."
    ),
}


class DossierJobQuerySet(ScopedQuerySet):
    default_action = Action.EXPORT_DOSSIERS


class DossierJob(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DossierKind.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("case"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("region"),
        help_text=_("The case's Termohon office, or the region of an inventory report; empty: national."),
    )
    params = models.JSONField(_("options"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A running job holds a lease that its worker renews; a lease that runs out means the worker died.
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # The one render message that may start the next attempt carries this ticket; an older message
    # (a duplicate, or the watchdog's earlier one) finds another ticket and does nothing.
    ticket = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a retry or a storage hiccup put the job back in the queue; empty: waiting since it was requested.
    requeued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What makes two requests the same document (dossiers.services.identity); empty on older jobs.
    identity = models.CharField(max_length=64, blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    output = models.FileField(_("PDF"), storage=dossier_storage, max_length=255, blank=True)
    manifest_file = models.FileField(_("manifest (JSON)"), storage=dossier_storage, max_length=255, blank=True)
    # The hash manifest as a PDF annex for the office: never bound into what is filed with the court.
    manifest_pdf = models.FileField(_("manifest (PDF)"), storage=dossier_storage, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    draft = models.BooleanField(_("marked DRAFT"), default=False)
    manifest = models.JSONField(_("manifest"), default=dict, blank=True)

    # Not stored: True when a request or retry returned this job, already live, instead of a new one.
    reused = False

    objects = DossierJobQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["step", "progress", "lease_token", "lease_until", "ticket", "sent_at", "requeued_at"]
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["region"], name="dossier_region_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status", "lease_until"], name="dossier_status_lease_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DossierKind.values), name="dossier_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="dossier_status_valid"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="dossier_progress_percent"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["brief", "exhibit_list", "bundle"]) | models.Q(case__isnull=False),
                name="dossier_case_kinds_have_case",
            ),
            # A finished PDF always has its hash: nothing half-written is ever marked done.
            models.CheckConstraint(
                condition=~models.Q(status=JobStatus.DONE) | (~models.Q(output="") & ~models.Q(sha256="")),
                name="dossier_done_has_output",
            ),
            # Five people asking for the same brief, or a double click, get one job: the second insert
            # waits for the first and fails, and the request returns the job already there.
            models.UniqueConstraint(
                fields=["identity"],
                condition=models.Q(status__in=LIVE) & ~models.Q(identity=""),
                name="dossier_one_live_per_identity",
            ),
        ]

    def __str__(self):
        subject = self.case or self.region_id or _("national")
        return f"{self.get_kind_display()} · {subject} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def waiting_since(self):
        return self.requeued_at or self.requested_at

    @property
    def stall(self) -> str:
        """A `Stall` when the job is unfinished but not moving, else "": its worker's lease ran out (the
        worker died or hangs), or no worker started it within DOSSIER_QUEUED_PATIENCE. Read from the row
        and the clock when the job is shown, so it is told even while no worker (nor the watchdog) runs."""
        now = timezone.now()
        if self.status == JobStatus.RUNNING and self.lease_until is not None and self.lease_until < now:
            return Stall.WORKER_LOST
        if self.status == JobStatus.QUEUED and self.waiting_since < now - settings.DOSSIER_QUEUED_PATIENCE:
            return Stall.NOT_STARTED
        return ""

    @property
    def stall_label(self) -> str:
        return str(Stall(self.stall).label) if self.stall else ""

    @property
    def stalled_since(self):
        """The worker's last sign of life (its last renewal of the lease), or since when the job has waited
        for a worker; None if it is not stalled."""
        if self.stall == Stall.WORKER_LOST:
            return self.lease_until - timedelta(seconds=settings.DOSSIER_LEASE_SECONDS)
        return self.waiting_since if self.stall else None

    @property
    def stall_notice(self) -> str:
        """What the person waiting for the PDF should know and can do about a stalled job."""
        return str(STALL_NOTICES[self.stall]) if self.stall else ""

    @property
    def can_retry(self) -> bool:
        return self.status in (JobStatus.FAILED, JobStatus.CANCELLED) or bool(self.stall)

    @property
    def can_cancel(self) -> bool:
        return self.status in LIVE

    @property
    def document_name(self) -> str:
        """The document as the court names it, without extension: `Jawaban Termohon 87-PHPU.BUP-XXIII-2025`,
        `Daftar Inventarisasi Masalah Kabupaten Solok`; ` (DRAFT)` while it is one."""
        titles = {
            DossierKind.BRIEF: "Jawaban Termohon",
            DossierKind.EXHIBIT_LIST: "Daftar Alat Bukti",
            DossierKind.BUNDLE: "Bundel Bukti",
            DossierKind.INVENTORY: "Daftar Inventarisasi Masalah",
        }
        if self.case_id:
            subject = self.case.register_number
        elif self.region_id:
            subject = self.region.name
        else:
            subject = "Nasional"
        # "/" would be a folder to the browser; control characters and quotes have no place in a name.
        subject = "".join("-" if c in "/\\" else c for c in subject if c.isprintable() and c not in '"*:<>?|').strip()
        name = f"{titles.get(self.kind, self.kind)} {subject}"
        return f"{name} (DRAFT)" if self.draft else name

    @property
    def filename(self) -> str:
        """The PDF's download name, e.g. `Jawaban Termohon 87-PHPU.BUP-XXIII-2025.pdf`."""
        return f"{self.document_name}.pdf"

    @property
    def manifest_filename(self) -> str:
        """The manifest annex's download name (`.pdf`; the JSON has the same name with `.json`)."""
        return f"Manifes {self.document_name}.pdf"

    def sha256_of(self, field: str = "output") -> str:
        """The SHA-256 recorded for a stored file of the job: the PDF, or the manifest annex."""
        if field == "output":
            return self.sha256
        if field == "manifest_pdf":
            return self.manifest_pdf_sha256
        raise ValueError(f"no hash is recorded for {field}")

    @property
    def manifest_pdf_sha256(self) -> str:
        """The manifest annex's SHA-256, as recorded in the job's manifest when the job finished."""
        return ((self.manifest or {}).get("manifest_pdf") or {}).get("sha256", "")

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class DossierDownload(models.Model):
    """Who downloaded which dossier when, and whether the stored PDF still matched its hash."""

    job = models.ForeignKey(DossierJob, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    intact = models.BooleanField()

    class Meta:
        verbose_name = _("dossier download")
        verbose_name_plural = _("dossier downloads")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user} · {self.job_id} · {self.at:%Y-%m-%d %H:%M}"
