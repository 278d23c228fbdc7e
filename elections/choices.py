from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionKind(models.TextChoices):
    PEMILU = "pemilu", _("General election (Pemilu)")
    PILKADA = "pilkada", _("Regional head election (Pilkada)")


class ContestType(models.TextChoices):
    PPWP = "ppwp", _("President and Vice President (PPWP)")
    DPR = "dpr", _("DPR")
    DPD = "dpd", _("DPD")
    DPRD_PROVINSI = "dprd_prov", _("DPRD Provinsi")
    DPRD_KABKO = "dprd_kabko", _("DPRD Kabupaten/Kota")
    GUBERNUR = "gubernur", _("Governor (Gubernur)")
    BUPATI = "bupati", _("Regent (Bupati)")
    WALIKOTA = "walikota", _("Mayor (Walikota)")


# Legislative contests are fought per electoral district (dapil).
LEGISLATIVE = frozenset({ContestType.DPR, ContestType.DPRD_PROVINSI, ContestType.DPRD_KABKO})


class ParticipantKind(models.TextChoices):
    PARTY = "party", _("Political party")
    CANDIDATE = "candidate", _("Candidate")
    PAIR = "pair", _("Candidate pair")


class Stage(models.TextChoices):
    """The voting stages, in the order they happen."""

    DPT = "dpt", _("Voter list (DPT)")
    LOGISTIK = "logistik", _("Logistics")
    PEMUNGUTAN = "pemungutan", _("Voting (pemungutan)")
    PENGHITUNGAN = "penghitungan", _("Counting (penghitungan)")
    REKAP_PPK = "rekap_ppk", _("Recapitulation at the PPK (kecamatan)")
    REKAP_KABKO = "rekap_kabko", _("Recapitulation at the KPU Kabupaten/Kota")
    REKAP_PROVINSI = "rekap_prov", _("Recapitulation at the KPU Provinsi")
    REKAP_NASIONAL = "rekap_nas", _("National recapitulation")
    PENETAPAN = "penetapan", _("Determination of results (penetapan)")
