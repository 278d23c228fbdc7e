from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from elections.choices import LEGISLATIVE, ContestType, ElectionKind, ParticipantKind
from regions.choices import Level

# The level of the region each contest type covers (None: the whole country).
CONTEST_LEVEL = {
    ContestType.PPWP: None,
    ContestType.DPR: None,
    ContestType.DPD: Level.PROVINCE,
    ContestType.DPRD_PROVINSI: Level.PROVINCE,
    ContestType.DPRD_KABKO: Level.REGENCY,
    ContestType.GUBERNUR: Level.PROVINCE,
    ContestType.BUPATI: Level.REGENCY,
    ContestType.WALIKOTA: Level.REGENCY,
}


class Election(models.Model):
    """One election day: Pemilu 2024 (14 Feb 2024) or Pilkada 2024 (27 Nov 2024)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ElectionKind.choices)
    voting_date = models.DateField(_("voting day"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-voting_date", "name"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=ElectionKind.values), name="election_kind")]

    def __str__(self):
        return self.name


class Dapil(models.Model):
    """An electoral district (daerah pemilihan) of one legislative contest type: a named group of regions."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="dapils", verbose_name=_("election"))
    contest_type = models.CharField(_("contest type"), max_length=12, choices=ContestType.choices)
    name = models.CharField(_("name"), max_length=100)
    regions = models.ManyToManyField("regions.Region", related_name="dapils", verbose_name=_("regions"))

    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = _("electoral district (dapil)")
        verbose_name_plural = _("electoral districts (dapil)")
        ordering = ["election", "contest_type", "name"]
        constraints = [
            models.UniqueConstraint(fields=["election", "contest_type", "name"], name="dapil_unique_name"),
            models.CheckConstraint(condition=models.Q(contest_type__in=sorted(LEGISLATIVE)), name="dapil_legislative"),
        ]

    def __str__(self):
        return f"{self.get_contest_type_display()} {self.name}"


class ContestQuerySet(ScopedQuerySet):
    """A contest is seen by everyone whose reach lies inside or under its region: a PPK of a kecamatan sees
    the Bupati contest of its kabupaten and the national PPWP contest. Changing one needs the contest's
    own region in reach."""

    ancestors_see = True


class Contest(models.Model):
    """What is being elected, where: the Bupati of Kabupaten Solok, DPR in dapil Sumbar I, the president."""

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="contests", verbose_name=_("election")
    )
    contest_type = models.CharField(_("contest type"), max_length=12, choices=ContestType.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contests",
        verbose_name=_("region"),
        help_text=_("The province or regency/city the contest covers; empty for national contests."),
    )
    dapil = models.ForeignKey(
        Dapil, on_delete=models.PROTECT, null=True, blank=True, related_name="contests", verbose_name=_("dapil")
    )

    objects = ContestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["election", "contest_type", "region_id", "dapil__name"]
        constraints = [
            # Coalesce, so that national contests (no region, no dapil) are unique too, on every database.
            models.UniqueConstraint(
                "election",
                "contest_type",
                Coalesce("region", Value("")),
                Coalesce("dapil", Value(0)),
                name="contest_unique",
            ),
            models.CheckConstraint(condition=models.Q(contest_type__in=ContestType.values), name="contest_type"),
        ]

    def __str__(self):
        where = self.dapil.name if self.dapil_id else (self.region.name if self.region_id else _("Indonesia"))
        return f"{self.election} · {self.get_contest_type_display()} · {where}"

    def clean(self):
        level = CONTEST_LEVEL.get(self.contest_type)
        if self.region_id is None and level is not None:
            raise ValidationError({"region": _("This contest type needs a region.")})
        if self.region_id is not None and self.region.level != level:
            raise ValidationError({"region": _("This contest type covers a whole %(level)s.") % {"level": level}})
        if self.dapil_id is not None:
            if self.contest_type not in LEGISLATIVE:
                raise ValidationError({"dapil": _("Only legislative contests have a dapil.")})
            if self.dapil.contest_type != self.contest_type or self.dapil.election_id != self.election_id:
                raise ValidationError({"dapil": _("The dapil belongs to another election or contest type.")})


class Participant(models.Model):
    """A party, candidate or candidate pair on the ballot of one contest; a candidate may belong to a party."""

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="participants", verbose_name=_("contest")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=255)
    ballot_number = models.PositiveSmallIntegerField(_("ballot number"))
    party = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("party"),
        limit_choices_to={"kind": ParticipantKind.PARTY},
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["contest", "party__ballot_number", "ballot_number"]
        constraints = [
            # Parties and pairs are numbered per contest, candidates per party list.
            models.UniqueConstraint(
                "contest", Coalesce("party", Value(0)), "ballot_number", name="participant_unique_number"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=ParticipantKind.values), name="participant_kind"),
        ]

    def __str__(self):
        return f"{self.ballot_number}. {self.name}"

    def clean(self):
        if self.party_id is not None:
            if self.kind != ParticipantKind.CANDIDATE:
                raise ValidationError({"party": _("Only a candidate belongs to a party.")})
            if self.party.kind != ParticipantKind.PARTY or self.party.contest_id != self.contest_id:
                raise ValidationError({"party": _("The party must be a party of the same contest.")})
