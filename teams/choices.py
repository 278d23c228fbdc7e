from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active (SK in force)")
    ENDED = "ended", _("Ended")


class Position(models.TextChoices):
    """A member's place in the team, in the order the SK lists them."""

    PENANGGUNG_JAWAB = "penanggung_jawab", _("Person in charge (penanggung jawab)")
    KETUA = "ketua", _("Chair (ketua)")
    WAKIL_KETUA = "wakil_ketua", _("Vice chair (wakil ketua)")
    SEKRETARIS = "sekretaris", _("Secretary (sekretaris)")
    ANGGOTA = "anggota", _("Member (anggota)")
    KUASA_HUKUM = "kuasa_hukum", _("Legal counsel (kuasa hukum)")
    NARASUMBER = "narasumber", _("Resource person (narasumber)")


# Sort order of positions on rosters.
POSITION_ORDER = {value: index for index, value in enumerate(Position.values)}


class Division(models.TextChoices):
    HUKUM = "hukum", _("Legal (hukum)")
    TEKNIS = "teknis", _("Technical (teknis)")
    SEKRETARIAT = "sekretariat", _("Secretariat (sekretariat)")
    OTHER = "other", _("Other")


class ActivityKind(models.TextChoices):
    RAKOR = "rakor", _("Coordination meeting (rakor)")
    BIMTEK = "bimtek", _("Technical guidance (bimtek)")
    SUPERVISI = "supervisi", _("Supervision (supervisi)")
    ADVOKASI = "advokasi", _("Advocacy (advokasi)")
    PENDAMPINGAN = "pendampingan", _("Accompaniment (pendampingan)")
    GELAR_PERKARA = "gelar_perkara", _("Case review (gelar perkara / bedah kasus)")
    OTHER = "other", _("Other")


# Kinds that count as "the PPK has been supervised/advised" in the readiness checklist.
OUTREACH_KINDS = frozenset({ActivityKind.SUPERVISI, ActivityKind.ADVOKASI})


class ActivityFileKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes (notulen / berita acara)")
    PHOTO = "photo", _("Photo")
    ATTENDANCE = "attendance", _("Attendance list (daftar hadir)")
    OTHER = "other", _("Other")
