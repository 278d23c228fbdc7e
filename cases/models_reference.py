"""The editable data the deadline engine and the Pasal 158 standing check read: deadline rules, days off
the `holidays` package does not know (cuti bersama), and the population of each province and regency.
Tables an admin keeps, not the case file; cases.models imports them, so Django finds them there.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from cases.choices import CaseKind, DeadlineAnchor, DeadlineMetBy, DeadlineUnit, Direction, HearingAgenda, HolidayKind
from regions.choices import Level


class DeadlineRule(models.Model):
    """One deadline rule as the MK counts it, with its legal basis (UU, PMK or PKPU article) in Indonesian,
    kept as data so admins can correct it when a regulation changes.

    The engine (cases.deadlines) reads: from `anchor`, go `amount` `unit` in `direction`. Hours run to the
    minute; calendar and working days end at 24:00 WIB of the day they land on. Working days skip
    weekends, national holidays and cuti bersama. `count_anchor_day`: the anchor's own day is day 1
    ("terhitung sejak", "sejak dicatat"), otherwise counting starts the next day ("setelah").
    `met_by`: the time on the case that meets the deadline, so the page shows it met or late.
    """

    key = models.SlugField(_("key"), max_length=50, unique=True)
    label = models.CharField(_("label"), max_length=200)
    source = models.TextField(_("legal basis"), help_text=_("The UU, PMK or PKPU article, in Indonesian."))
    anchor = models.CharField(_("runs from"), max_length=30, choices=DeadlineAnchor.choices)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices, default=Direction.AFTER)
    amount = models.PositiveSmallIntegerField(_("amount"))
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    count_anchor_day = models.BooleanField(_("the anchor day counts as day 1"), default=False)
    met_by = models.CharField(
        _("met by"),
        max_length=30,
        choices=DeadlineMetBy.choices,
        blank=True,
        help_text=_("The time on the case that meets this deadline, to show it as met or late."),
    )
    applies_to = models.JSONField(
        _("applies to case kinds"), default=list, blank=True, help_text=_("Empty: every kind.")
    )
    hearing_agenda = models.CharField(
        _("only hearings with agenda"),
        max_length=20,
        choices=HearingAgenda.choices,
        blank=True,
        help_text=_("For rules that run from each hearing; empty: every hearing."),
    )
    limit = models.PositiveSmallIntegerField(
        _("maximum number"), null=True, blank=True, help_text=_("E.g. witnesses per party.")
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["position", "key"]
        constraints = [
            models.CheckConstraint(condition=models.Q(anchor__in=DeadlineAnchor.values), name="rule_anchor_valid"),
            models.CheckConstraint(condition=models.Q(unit__in=DeadlineUnit.values), name="rule_unit_valid"),
            models.CheckConstraint(condition=models.Q(direction__in=Direction.values), name="rule_direction_valid"),
        ]

    def __str__(self):
        return self.label

    def applies(self, kind: str) -> bool:
        return not self.applies_to or kind in self.applies_to

    def clean(self):
        if not isinstance(self.applies_to, list) or any(k not in CaseKind.values for k in self.applies_to):
            raise ValidationError(
                {"applies_to": _("A list of case kinds: %(kinds)s.") % {"kinds": ", ".join(CaseKind.values)}}
            )
        if self.hearing_agenda and self.anchor != DeadlineAnchor.HEARING:
            raise ValidationError({"hearing_agenda": _("Only rules that run from a hearing have an agenda.")})


class Holiday(models.Model):
    """A day off that the `holidays` package does not know: a cuti bersama day or a special holiday."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=15, choices=HolidayKind.choices, default=HolidayKind.CUTI_BERSAMA)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday / cuti bersama")
        verbose_name_plural = _("holidays / cuti bersama")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=HolidayKind.values), name="holiday_kind_valid"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class RegionPopulation(models.Model):
    """The population of a province or regency/city in a year: the base of the Pasal 158 threshold."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="populations", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveBigIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=255, blank=True, help_text=_("E.g. DAK2 Kemendagri."))

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population figures")
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="population_unique_year")]

    def __str__(self):
        return f"{self.region_id} {self.year}: {self.population}"

    def clean(self):
        if self.region_id and self.region.level not in (Level.PROVINCE, Level.REGENCY):
            raise ValidationError({"region": _("Population is kept for provinces and regencies/cities.")})
