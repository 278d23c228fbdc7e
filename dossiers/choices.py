from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierKind(models.TextChoices):
    BRIEF = "brief", _("Jawaban Termohon (defence brief)")
    EXHIBIT_LIST = "exhibit_list", _("Daftar Alat Bukti (exhibit list)")
    BUNDLE = "bundle", _("Evidence bundle (bundel bukti)")
    INVENTORY = "inventory", _("Problem inventory report")


# The three that belong to a case; the inventory report belongs to a region subtree.
CASE_KINDS = (DossierKind.BRIEF, DossierKind.EXHIBIT_LIST, DossierKind.BUNDLE)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)
# Unfinished: at most one job of the same identity may be in these (dossiers.services.dossier_request).
LIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Stall(models.TextChoices):
    """Why an unfinished job is not moving, read from the clock when the job is shown (no worker needed)."""

    WORKER_LOST = "worker_lost", _("The worker stopped responding")
    NOT_STARTED = "not_started", _("No worker has started it")
