from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where the report of a problem came from."""

    C_KEJADIAN = "c_kejadian", _("Form C.Kejadian Khusus and/or Keberatan")
    WITNESS = "witness", _("Witness objection")
    BAWASLU = "bawaslu", _("Bawaslu recommendation")
    MONITOR = "monitor", _("Election monitor")
    MEDIA = "media", _("Media report")
    INTERNAL = "internal", _("Internal finding")


class FollowUp(models.TextChoices):
    """What was done about it (tindak lanjut)."""

    NONE = "none", _("None yet")
    PSU = "psu", _("Re-vote (PSU)")
    PSL = "psl", _("Continued voting (PSL)")
    PSS = "pss", _("Follow-up voting (PSS)")
    RECOUNT = "recount", _("Recount (penghitungan suara ulang)")
    RETALLY = "retally", _("Re-tally (rekapitulasi ulang)")
    CORRECTION = "correction", _("Correction (pembetulan)")
    CLARIFICATION = "clarification", _("Clarification / explanation")
    OTHER = "other", _("Other")


class Risk(models.TextChoices):
    LOW = "low", _("Low (rendah)")
    MEDIUM = "medium", _("Medium (sedang)")
    HIGH = "high", _("High (tinggi)")


class Status(models.TextChoices):
    NEW = "new", _("New (baru)")
    IN_PROGRESS = "in_progress", _("Being followed up (ditindaklanjuti)")
    RESOLVED = "resolved", _("Resolved (selesai)")
    READY = "ready", _("Ready (siap)")


# Which status may follow which. "Ready" is further gated by verified evidence (services).
STATUS_FLOW: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.IN_PROGRESS, Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset({Status.NEW, Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.IN_PROGRESS, Status.READY}),
    Status.READY: frozenset({Status.RESOLVED}),
}


class EvidenceKind(models.TextChoices):
    C_HASIL = "c_hasil", _("C.Hasil (TPS result form)")
    C_HASIL_SALINAN = "c_hasil_salinan", _("C.Hasil Salinan (copy of the TPS result)")
    C_KEJADIAN = "c_kejadian", _("C.Kejadian Khusus/Keberatan")
    D_HASIL_KECAMATAN = "d_hasil_kec", _("D.Hasil Kecamatan")
    D_HASIL_KABKO = "d_hasil_kabko", _("D.Hasil Kabupaten/Kota")
    D_HASIL_PROVINSI = "d_hasil_prov", _("D.Hasil Provinsi")
    D_KEJADIAN = "d_kejadian", _("D.Kejadian Khusus/Keberatan")
    BERITA_ACARA = "berita_acara", _("Minutes (berita acara)")
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")
    BAWASLU_LETTER = "bawaslu_letter", _("Bawaslu letter")
    DECREE = "decree", _("Decree (SK)")
    OTHER = "other", _("Other")


class Verification(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
