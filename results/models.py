"""The KPU's own numbers for a contest: per TPS (C.Hasil, as Sirekap publishes it) and per
recapitulation level (D.Hasil of the kecamatan, kabupaten/kota, province and the nation).

Sized for a presidential contest at national scale (820,000 TPS x participants): a `Tally` is one narrow
row per location and version (the administrative figures as nullable columns: NULL is unknown, never
zero), a `TallyVote` one row per participant with a figure (no row: unknown). Rows are written only by
`results.store` (COPY into a staging table, then one INSERT ... SELECT); a changed figure is a new
version of the location's tally, the old one stays with `current` off.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedQuerySet
from results.choices import Source


class ResultImport(models.Model):
    """One imported file (or hand entry) of official figures: who, when, from where, what it changed."""

    contest = models.ForeignKey(
        "elections.Contest", on_delete=models.PROTECT, related_name="result_imports", verbose_name=_("contest")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("The smallest region holding every location of the file; empty for the whole country."),
    )
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    locations = models.PositiveIntegerField(_("locations in the file"))
    changed = models.PositiveIntegerField(_("locations with new figures"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("official results import")
        verbose_name_plural = _("official results imports")
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(source__in=Source.values), name="result_import_source"),
        ]

    def __str__(self):
        return f"{self.name} · {self.imported_at:%Y-%m-%d %H:%M}"


class TallyQuerySet(ScopedQuerySet):
    """A tally is seen where its location is in reach; a national one (no region) only nationally."""

    def current(self):
        return self.filter(current=True)


class Tally(models.Model):
    """The official figures of one contest at one location, one version: a TPS (C.Hasil) or a
    recapitulated region (D.Hasil; no region for the national recapitulation)."""

    # No key carries a database constraint: at national scale the per-row trigger checks (deferred to
    # the commit) cost more than the COPY itself. The store sets the import and the contest itself, and
    # checks every region of a file in one set query before it writes (an unknown code is an error on
    # its row); regions are never deleted, and PROTECT still guards them in Django.
    batch = models.ForeignKey(
        ResultImport,
        on_delete=models.PROTECT,
        related_name="tallies",
        verbose_name=_("import"),
        db_index=False,
        db_constraint=False,
    )
    # The two keys are indexed together below (one index serves equality and subtree prefixes).
    contest = models.ForeignKey(
        "elections.Contest",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("contest"),
        db_index=False,
        db_constraint=False,
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
        db_index=False,
        db_constraint=False,
    )
    version = models.PositiveSmallIntegerField(_("version"))
    current = models.BooleanField(_("current"), default=True)
    recorded_at = models.DateTimeField(_("time of the figures at the source"), null=True, blank=True)
    # MD5 of the figures, votes and Sirekap status (results.store): a re-import of the same writes nothing.
    digest = models.UUIDField(_("digest"))

    dpt = models.IntegerField(_("Registered voters (DPT)"), null=True, blank=True)
    dptb = models.IntegerField(_("Additional voters registered (DPTb)"), null=True, blank=True)
    voters_dpt = models.IntegerField(_("Voters from the DPT"), null=True, blank=True)
    voters_dptb = models.IntegerField(_("Voters from the DPTb"), null=True, blank=True)
    voters_dpk = models.IntegerField(_("Voters not on a list (DPK)"), null=True, blank=True)
    voters = models.IntegerField(_("Voters who voted"), null=True, blank=True)
    valid = models.IntegerField(_("Valid votes"), null=True, blank=True)
    invalid = models.IntegerField(_("Invalid votes"), null=True, blank=True)
    counted = models.IntegerField(_("Votes counted (valid + invalid)"), null=True, blank=True)
    ballots_received = models.IntegerField(_("Ballots received"), null=True, blank=True)
    ballots_used = models.IntegerField(_("Ballots used"), null=True, blank=True)
    ballots_damaged = models.IntegerField(_("Ballots damaged or misused"), null=True, blank=True)
    ballots_unused = models.IntegerField(_("Ballots unused"), null=True, blank=True)

    # What Sirekap says of the TPS beside its numbers (empty for a D.Hasil sheet: unknown): its two
    # status flags as published, and the addresses of the C.Hasil page images, in page order (null: a page
    # without an image).
    status_suara = models.BooleanField(_("Sirekap status of the votes (status_suara)"), null=True, blank=True)
    status_adm = models.BooleanField(_("Sirekap status of the administration (status_adm)"), null=True, blank=True)
    images = models.JSONField(_("C.Hasil images at Sirekap"), null=True, blank=True)

    objects = TallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("official tally")
        verbose_name_plural = _("official tallies")
        ordering = ["contest", "region", "-version"]
        constraints = [
            # Every version of a location, in order; the pattern opclass lets subtree filters
            # (region LIKE '13.02.%') use it too.
            models.UniqueConstraint(
                fields=["contest", "region", "version"],
                name="tally_unique_version",
                nulls_distinct=False,
                opclasses=["int8_ops", "varchar_pattern_ops", "int2_ops"],
            ),
            models.UniqueConstraint(
                fields=["contest", "region"],
                condition=models.Q(current=True),
                name="tally_one_current",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="tally_version_positive"),
        ]

    def __str__(self):
        return f"{self.region_id or 'Indonesia'} v{self.version}"


class TallyVote(models.Model):
    """A participant's votes in one tally version; no row is an unknown figure, never zero."""

    pk = models.CompositePrimaryKey("tally", "participant")
    # The primary key's index starts with the tally: no index of its own. No database constraints
    # either (see Tally.batch): the store writes the tally it has just inserted and participants of the
    # contest's own mapping or ballot.
    tally = models.ForeignKey(
        Tally,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("tally"),
        db_index=False,
        db_constraint=False,
    )
    participant = models.ForeignKey(
        "elections.Participant",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participant"),
        db_index=False,
        db_constraint=False,
    )
    votes = models.IntegerField(_("votes"))

    class Meta:
        verbose_name = _("votes of a participant")
        verbose_name_plural = _("votes of participants")
        constraints = [models.CheckConstraint(condition=models.Q(votes__gte=0), name="tally_vote_not_negative")]

    def __str__(self):
        return f"{self.participant_id}: {self.votes}"


class ParticipantCode(models.Model):
    """How a source names one of our participants: Sirekap's 100026 is pair 02 of the 2024 PPWP."""

    contest = models.ForeignKey(
        "elections.Contest", on_delete=models.PROTECT, related_name="+", verbose_name=_("contest")
    )
    participant = models.ForeignKey(
        "elections.Participant", on_delete=models.PROTECT, related_name="+", verbose_name=_("participant")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SIREKAP)
    code = models.CharField(_("code at the source"), max_length=20)

    class Meta:
        verbose_name = _("participant code at a source")
        verbose_name_plural = _("participant codes at sources")
        constraints = [
            models.UniqueConstraint(fields=["contest", "source", "code"], name="participant_code_unique"),
            models.UniqueConstraint(fields=["participant", "source"], name="participant_code_one_per_source"),
        ]

    def __str__(self):
        return f"{self.source} {self.code} → {self.participant_id}"

    def clean(self):
        if self.participant_id and self.contest_id and self.participant.contest_id != self.contest_id:
            raise ValidationError({"participant": _("The participant must be on the ballot of this contest.")})
