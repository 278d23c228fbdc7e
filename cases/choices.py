from django.db import models
from django.utils.translation import gettext_lazy as _

from elections.choices import ContestType


class CaseKind(models.TextChoices):
    """The MK case families as the MK registers them; PHPU is Pemilu, PHP Kada is Pilkada."""

    PHPU_DPR_DPRD = "phpu_dpr_dprd", _("PHPU DPR/DPRD")
    PHPU_DPD = "phpu_dpd", _("PHPU DPD")
    PHPU_PRESIDEN = "phpu_presiden", _("PHPU Presiden")
    PHP_GUBERNUR = "php_gubernur", _("PHP Gubernur")
    PHP_BUPATI = "php_bupati", _("PHP Bupati")
    PHP_WALIKOTA = "php_walikota", _("PHP Walikota")


LEGISLATIVE_KINDS = frozenset({CaseKind.PHPU_DPR_DPRD, CaseKind.PHPU_DPD})
PILKADA_KINDS = frozenset({CaseKind.PHP_GUBERNUR, CaseKind.PHP_BUPATI, CaseKind.PHP_WALIKOTA})

# Which contest types a case of each kind can be about.
KIND_CONTEST_TYPES: dict[str, frozenset[str]] = {
    CaseKind.PHPU_DPR_DPRD: frozenset({ContestType.DPR, ContestType.DPRD_PROVINSI, ContestType.DPRD_KABKO}),
    CaseKind.PHPU_DPD: frozenset({ContestType.DPD}),
    CaseKind.PHPU_PRESIDEN: frozenset({ContestType.PPWP}),
    CaseKind.PHP_GUBERNUR: frozenset({ContestType.GUBERNUR}),
    CaseKind.PHP_BUPATI: frozenset({ContestType.BUPATI}),
    CaseKind.PHP_WALIKOTA: frozenset({ContestType.WALIKOTA}),
}


class CaseStatus(models.TextChoices):
    """Where the case stands, in the order the MK proceeds."""

    RECEIVED = "received", _("Received")
    PRELIMINARY_HEARING = "preliminary_hearing", _("Preliminary hearing")
    ANSWER_FILED = "answer_filed", _("Answer filed (Jawaban Termohon)")
    EVIDENCE_HEARING = "evidence_hearing", _("Evidence hearing")
    DISMISSAL_RULING = "dismissal_ruling", _("Dismissal ruling")
    DECISION = "decision", _("Decision (putusan)")
    FOLLOW_UP_DONE = "follow_up_done", _("Follow-up done")
    CLOSED = "closed", _("Closed")


# From "answer filed" on, exhibit labels are frozen (T-1 ... never renumbered).
ANSWER_FILED_OR_LATER = frozenset(CaseStatus.values[CaseStatus.values.index(CaseStatus.ANSWER_FILED) :])


class CaseOutcome(models.TextChoices):
    """The amar putusan."""

    NONE = "none", _("None yet")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (tidak dapat diterima)")
    WITHDRAWN = "withdrawn", _("Withdrawn (ditarik kembali)")
    REJECTED = "rejected", _("Rejected (ditolak)")
    GRANTED_IN_PART = "granted_in_part", _("Granted in part (dikabulkan sebagian)")
    GRANTED = "granted", _("Granted (dikabulkan)")


class OrderKind(models.TextChoices):
    """What a granting ruling orders the KPU to do."""

    PSU = "psu", _("Re-vote (PSU)")
    RECOUNT = "recount", _("Recount (penghitungan suara ulang)")
    RETALLY = "retally", _("Re-tally (rekapitulasi ulang)")
    DECREE_CORRECTION = "decree_correction", _("Decree correction")


class HearingAgenda(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary hearing (pemeriksaan pendahuluan)")
    ANSWER = "answer", _("Answers (jawaban Termohon, keterangan)")
    EVIDENCE = "evidence", _("Evidence, witnesses and experts (pembuktian)")
    DECISION = "decision", _("Ruling (pengucapan putusan)")
    OTHER = "other", _("Other")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    FINAL = "final", _("Final")


class Metric(models.TextChoices):
    """What a claimed number counts: a participant's votes, or an aggregate of the tally."""

    VOTES = "votes", _("Votes")
    DPT = "dpt", _("Registered voters (DPT)")
    DPTB = "dptb", _("Transferred voters (DPTb)")
    DPK = "dpk", _("Special voters (DPK)")
    VALID = "valid", _("Valid votes")
    INVALID = "invalid", _("Invalid votes")
    VOTERS = "voters", _("Voters who voted")
    BALLOTS_RECEIVED = "ballots_received", _("Ballots received")
    BALLOTS_USED = "ballots_used", _("Ballots used")
    BALLOTS_DAMAGED = "ballots_damaged", _("Ballots damaged or misused")
    BALLOTS_UNUSED = "ballots_unused", _("Ballots unused")


class ExhibitKind(models.TextChoices):
    DOCUMENT = "document", _("Document (surat/tulisan)")
    WITNESS = "witness", _("Witness (saksi)")
    EXPERT = "expert", _("Expert (ahli)")
    OTHER = "other", _("Other evidence (alat bukti lain: photos, videos, recordings)")


class CertifiedCopy(models.TextChoices):
    """Whether the exhibit's copy is certified true to the original (dilegalisir)."""

    NOT_NEEDED = "not_needed", _("Not needed")
    PENDING = "pending", _("Not yet certified")
    REQUESTED = "requested", _("Certification requested")
    CERTIFIED = "certified", _("Certified (dilegalisir)")


class PresentedAs(models.TextChoices):
    """The keterangan column of the Daftar Alat Bukti: what the court is handed for the exhibit."""

    ORIGINAL = "original", _("Original (asli)")
    TRUE_COPY = "true_copy", _("Copy true to the original (fotokopi sesuai dengan asli)")
    COPY_OF_COPY = "copy_of_copy", _("Copy of a copy (fotokopi dari fotokopi)")
    CERTIFIED = "certified", _("Certified copy (fotokopi dilegalisir)")


class FoundationExhibit(models.TextChoices):
    """The exhibits every answer needs, first in the Daftar Alat Bukti (cases.foundation)."""

    RESULT_DECREE = "result_decree", _("Result decree (Keputusan penetapan hasil)")
    RECAPITULATION = "recapitulation", _("Recapitulation result (D.Hasil)")
    RECAP_MINUTES = "recap_minutes", _("Minutes of the recapitulation (berita acara)")


class CounselKind(models.TextChoices):
    ADVOCATE = "advocate", _("Advocate (advokat)")
    STATE_ATTORNEY = "state_attorney", _("State attorney (Jaksa Pengacara Negara)")


class DeadlineMetBy(models.TextChoices):
    """The time on the case that meets a deadline (a petition filed meets the filing deadline ...)."""

    PETITION_FILED = "petition_filed_at", _("Petition filed")
    DECISION = "decision_at", _("Decision")
    ELECTED_DETERMINED = "elected_determined_at", _("Penetapan of the elected")


class DeadlineAnchor(models.TextChoices):
    """The key time a deadline rule runs from."""

    RESULT_DECREE = "result_decree_at", _("KPU result decree")
    PETITION_FILED = "petition_filed_at", _("Petition filed")
    EBRPK_REGISTERED = "ebrpk_registered_at", _("e-BRPK registration")
    DECISION = "decision_at", _("Decision")
    MK_NOTICE = "mk_notice_received_at", _("MK notice received")
    HEARING = "hearing", _("Each hearing")


class Direction(models.TextChoices):
    AFTER = "after", _("after")
    BEFORE = "before", _("before")


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Collective leave (cuti bersama)")


class KpuOrigin(models.TextChoices):
    """Where the KPU's number of a claimed figure comes from (cases.official.with_official)."""

    OFFICIAL = "official", _("official results")
    TYPED = "typed", _("typed on the claim")
    UNKNOWN = "unknown", _("unknown")
