"""MK cases (perkara): the petition, its claims (dalil) answered location by location, the exhibits
(T-1, T-2 ...), hearings and the ruling's orders. The editable data the deadline engine and the
Pasal 158 standing check read (deadline rules, cuti bersama days, population per region) live in
cases/models_reference.py and are imported here.

Visibility (one mechanism, `visible_to(user, action)`):
- a case is seen by whoever reaches its Termohon office (`respondent_office`; empty = KPU RI, national
  reach only) or one of the other respondent offices (turut termohon); for viewing, also by whoever
  reaches a location of one of its claims (a PPK asked to supply evidence for its kecamatan);
- a claim is seen in full by whoever reaches the case's offices (the legal division and commissioners
  of the office); anyone else (PPK, PPS ...) sees only the claims with a location inside their reach;
- the answer work (exhibits, hearings, counsel, ordered actions) is seen only by whoever reaches one of
  the case's offices: an exhibit has no place of its own and may hold evidence of any kecamatan;
- claim figures follow their claim (cases.selectors.CaseSight then keeps a partial viewer to the
  numbers placed in reach).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Action
from accounts.scoping import ScopedQuerySet, Through
from cases.choices import (
    ANSWER_FILED_OR_LATER,
    KIND_CONTEST_TYPES,
    CaseKind,
    CaseOutcome,
    CaseStatus,
    CertifiedCopy,
    ClaimStatus,
    CounselKind,
    DeadlineUnit,
    ExhibitKind,
    FoundationExhibit,
    HearingAgenda,
    Metric,
    OrderKind,
    PresentedAs,
)
from cases.models_reference import DeadlineRule, Holiday, RegionPopulation  # noqa: F401  (found by Django here)
from cases.register import validate_register_number
from elections.choices import ContestType
from regions.choices import Level


class CaseQuerySet(ScopedQuerySet):
    region_lookup = "respondent_office__code"
    also_through = (
        Through("other_respondent_offices__code"),
        Through("claims__locations__code", only_for=Action.VIEW),
    )


# The case's fields of the filing, named once for the form's sections, the API and the update service.
# The moments the deadlines run from, and the decree the petitum cites:
TIMES_AND_DECREE_FIELDS = (
    "result_decree_number",
    "result_decree_title",
    "result_decree_at",
    "petition_filed_at",
    "ebrpk_registered_at",
    "decision_at",
    "mk_notice_received_at",
    "elected_determined_at",
)
# What the Jawaban Termohon needs to be fileable (its heading, the power of attorney, the eksepsi):
ANSWER_FIELDS = (
    "respondent_chair",
    "respondent_address",
    "answer_place",
    "answer_date",
    "power_of_attorney_number",
    "power_of_attorney_date",
    "substitution_number",
    "substitution_date",
    "counsel_office",
    "counsel_address",
    "obscuur_libel",
    "obscuur_libel_grounds",
)
FILING_FIELDS = (*TIMES_AND_DECREE_FIELDS, *ANSWER_FIELDS)


class Case(models.Model):
    """One petition at the MK (perkara) in which a KPU office is Termohon."""

    register_number = models.CharField(
        _("register number (e-BRPK)"),
        max_length=80,
        unique=True,
        validators=[validate_register_number],
        help_text=_("As registered by the MK, e.g. 45/PHPU.BUP-XXIII/2025."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices)
    contest = models.ForeignKey(
        "elections.Contest", on_delete=models.PROTECT, related_name="cases", verbose_name=_("contest")
    )
    applicant = models.ForeignKey(
        "elections.Participant",
        on_delete=models.PROTECT,
        related_name="cases_as_applicant",
        verbose_name=_("applicant (Pemohon)"),
    )
    related_party = models.ForeignKey(
        "elections.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_as_related_party",
        verbose_name=_("related party (Pihak Terkait)"),
    )
    respondent_office = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_as_respondent",
        verbose_name=_("Termohon office"),
        help_text=_("The KPU Provinsi or KPU Kabupaten/Kota; empty for KPU RI."),
    )
    other_respondent_offices = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="cases_as_other_respondent",
        verbose_name=_("other respondent offices (turut Termohon)"),
    )
    applicant_counsel = models.TextField(_("applicant's counsel"), blank=True)
    summary = models.TextField(_("summary of the petition"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, default=CaseOutcome.NONE)
    outcome_notes = models.TextField(_("ruling (amar putusan)"), blank=True)
    result_decree_number = models.CharField(_("KPU result decree number"), max_length=120, blank=True)
    result_decree_at = models.DateTimeField(_("KPU result decree (date and time)"), null=True, blank=True)
    petition_filed_at = models.DateTimeField(_("petition filed"), null=True, blank=True)
    ebrpk_registered_at = models.DateTimeField(_("registered in e-BRPK"), null=True, blank=True)
    decision_at = models.DateTimeField(_("decision"), null=True, blank=True)
    mk_notice_received_at = models.DateTimeField(_("MK notice received"), null=True, blank=True)
    elected_determined_at = models.DateTimeField(
        _("penetapan of the elected"),
        null=True,
        blank=True,
        help_text=_("When the KPU determined the elected candidates (penetapan calon terpilih)."),
    )
    result_decree_title = models.CharField(
        _("official title of the result decree"),
        max_length=500,
        blank=True,
        help_text=_("As the decree names itself, e.g. Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok 2024."),
    )
    # The filing: who answers, for whom, where and when (what a Jawaban Termohon states before the eksepsi).
    respondent_chair = models.CharField(
        _("chair of the Termohon office"), max_length=200, blank=True, help_text=_("The Ketua, by name.")
    )
    respondent_address = models.TextField(_("address of the Termohon office (letterhead)"), blank=True)
    answer_place = models.CharField(_("place of the answer"), max_length=100, blank=True)
    answer_date = models.DateField(_("date of the answer"), null=True, blank=True)
    power_of_attorney_number = models.CharField(_("Surat Kuasa Khusus number"), max_length=150, blank=True)
    power_of_attorney_date = models.DateField(_("Surat Kuasa Khusus date"), null=True, blank=True)
    substitution_number = models.CharField(_("Surat Kuasa Substitusi number"), max_length=150, blank=True)
    substitution_date = models.DateField(_("Surat Kuasa Substitusi date"), null=True, blank=True)
    counsel_office = models.CharField(
        _("counsel's office"), max_length=300, blank=True, help_text=_("Law firm, or the Kejaksaan office.")
    )
    counsel_address = models.TextField(_("counsel's address (domicile for service)"), blank=True)
    obscuur_libel = models.BooleanField(
        _("raise the eksepsi of an unclear petition (obscuur libel)"),
        default=False,
        help_text=_("When the petition's claims (posita) and what it asks (petitum) do not match."),
    )
    obscuur_libel_grounds = models.TextField(_("grounds: where the posita and petitum do not match"), blank=True)
    # The official result (KPU decree) the Pasal 158 standing check reads in Pilkada cases.
    total_valid_votes = models.PositiveIntegerField(_("total valid votes (official)"), null=True, blank=True)
    applicant_votes = models.PositiveIntegerField(_("applicant's votes (official)"), null=True, blank=True)
    winner_votes = models.PositiveIntegerField(_("winner's votes (official)"), null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mk_cases", verbose_name=_("assigned team members")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[other_respondent_offices, members])

    class Meta:
        verbose_name = _("MK case")
        verbose_name_plural = _("MK cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["respondent_office"], name="case_office_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["status"], name="case_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CaseKind.values), name="case_kind_valid"),
            models.CheckConstraint(condition=models.Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(condition=models.Q(outcome__in=CaseOutcome.values), name="case_outcome_valid"),
            models.CheckConstraint(
                condition=~models.Q(applicant=models.F("related_party")), name="case_applicant_not_related_party"
            ),
        ]

    def __str__(self):
        return self.register_number

    @property
    def answer_filed(self) -> bool:
        """From here on exhibit labels are frozen."""
        return self.status in ANSWER_FILED_OR_LATER

    def clean(self):
        from cases.register import RegisterNumberError, parse_register_number

        errors = {}
        if self.register_number and self.kind:
            try:
                parsed = parse_register_number(self.register_number)
            except RegisterNumberError:
                parsed = None  # reported by the field validator
            if parsed is not None and self.kind in CaseKind.values and parsed.kind != self.kind:
                errors["register_number"] = _("This register number is for a %(kind)s case.") % {
                    "kind": CaseKind(parsed.kind).label
                }
        allowed = KIND_CONTEST_TYPES.get(self.kind)
        if self.contest_id and allowed is not None and self.contest.contest_type not in allowed:
            errors["contest"] = _("A %(kind)s case is about a %(types)s contest.") % {
                "kind": CaseKind(self.kind).label,
                "types": ", ".join(str(ContestType(t).label) for t in sorted(allowed)),
            }
        for field in ("applicant", "related_party"):
            participant = getattr(self, field) if getattr(self, f"{field}_id") else None
            if participant is not None and self.contest_id and participant.contest_id != self.contest_id:
                errors[field] = _("The participant must be on the ballot of the case's contest.")
        if self.applicant_id and self.applicant_id == self.related_party_id:
            errors["related_party"] = _("The related party cannot be the applicant.")
        if self.respondent_office_id and self.respondent_office.level not in (Level.PROVINCE, Level.REGENCY):
            errors["respondent_office"] = _("The Termohon is a KPU office: a province or a regency/city.")
        if errors:
            raise ValidationError(errors)


class CaseWorkQuerySet(ScopedQuerySet):
    """The answer work of a case (exhibits, hearings, counsel, ordered actions): seen by whoever reaches
    the Termohon office or another respondent office, not by a PPK who sees the case through a claim."""

    region_lookup = "case__respondent_office__code"
    also_through = (Through("case__other_respondent_offices__code"),)


class Counsel(models.Model):
    """One of the Termohon's counsel in a case: an advocate, or a Jaksa Pengacara Negara, acting under
    the case's Surat Kuasa Khusus (or, when `substitute`, under its Surat Kuasa Substitusi). Counsel
    sign the answer by name, in `position` order."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="counsel", verbose_name=_("case"))
    name = models.CharField(_("name (with titles)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CounselKind.choices, default=CounselKind.ADVOCATE)
    substitute = models.BooleanField(
        _("acts under the Surat Kuasa Substitusi"), default=False, help_text=_("E.g. prosecutors the JPN substitutes.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CaseWorkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counsel")
        verbose_name_plural = _("counsel")
        ordering = ["case", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CounselKind.values), name="counsel_kind_valid"),
        ]

    def __str__(self):
        return self.name


class CaseOrder(models.Model):
    """An action the ruling orders (PSU at listed TPS, recount, re-tally, decree correction).

    The ruling sets the period (30 to 180 days in the Feb 2025 rulings); there is no default, so the
    admin asks for it. `due_date` is the engine's `cases.deadlines.order_due` (the period counted from
    the day the ruling is read), stored when the order or its case is saved in the admin; None while
    the period or the ruling's time is not entered.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="orders", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=OrderKind.choices)
    regions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="case_orders", verbose_name=_("where (e.g. TPS)")
    )
    description = models.TextField(_("description"), blank=True)
    period_amount = models.PositiveSmallIntegerField(_("period set by the ruling"), null=True, blank=True)
    period_unit = models.CharField(_("unit of the period"), max_length=20, choices=DeadlineUnit.choices, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = CaseWorkQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = _("ordered action")
        verbose_name_plural = _("ordered actions")
        ordering = ["case", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=OrderKind.values), name="caseorder_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(period_amount__isnull=True, period_unit="")
                | models.Q(period_amount__isnull=False, period_unit__in=DeadlineUnit.values),
                name="caseorder_period_complete",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def period_entered(self) -> bool:
        """Whether the ruling's period (amount and unit) is entered; without it there is no due date."""
        from cases.deadlines import period_entered

        return period_entered(self)


class Hearing(models.Model):
    """One hearing (sidang) of the case: when, what for, who attends, what came of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("case"))
    starts_at = models.DateTimeField(_("starts at"))
    agenda = models.CharField(_("agenda"), max_length=20, choices=HearingAgenda.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mk_hearings", verbose_name=_("attending members")
    )
    other_attendees = models.TextField(_("other attendees"), blank=True, help_text=_("Lawyers, witnesses, experts."))
    outcome = models.TextField(_("outcome"), blank=True)

    objects = CaseWorkQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="hearing_starts_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(agenda__in=HearingAgenda.values), name="hearing_agenda_valid"),
        ]

    def __str__(self):
        return f"{self.case} · {self.get_agenda_display()} · {self.starts_at:%Y-%m-%d %H:%M}"


class ClaimQuerySet(ScopedQuerySet):
    """All claims of the cases whose offices are in reach; otherwise only claims located in reach."""

    region_lookup = "case__respondent_office__code"
    also_through = (Through("case__other_respondent_offices__code"), Through("locations__code"))


class Claim(models.Model):
    """One claim (dalil) of the applicant, tied to locations and numbers, and the KPU's answer to it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims", verbose_name=_("case"))
    number = models.CharField(
        _("number in the petition"), max_length=20, help_text=_("As the petition numbers it, e.g. 3 or 4.2.")
    )
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Order of the claims."))
    summary = models.TextField(_("summary"))
    category = models.ForeignKey(
        "inventory.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("category"),
    )
    locations = models.ManyToManyField("regions.Region", blank=True, related_name="claims", verbose_name=_("locations"))
    dapil = models.ForeignKey(
        "elections.Dapil",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("dapil"),
    )
    response = models.TextField(_("KPU's answer"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_claims",
        verbose_name=_("assignee"),
    )
    problems = models.ManyToManyField(
        "inventory.Problem", blank=True, related_name="claims", verbose_name=_("problems from the inventory")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Full-text search (phpu/fulltext.py): filled by a PostgreSQL trigger, empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[locations, problems], excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("claim (dalil)")
        verbose_name_plural = _("claims (dalil)")
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="claim_unique_number"),
            models.CheckConstraint(condition=models.Q(status__in=ClaimStatus.values), name="claim_status_valid"),
        ]

    def __str__(self):
        return f"{self.case} · {_('dalil')} {self.number}"


class ClaimFigureQuerySet(ScopedQuerySet):
    through_parent = "claim"


class ClaimFigure(models.Model):
    """One number of a claim at one location: the applicant's against the KPU's official one.

    A participant's votes have `participant`; aggregates of the tally (DPT, valid, invalid ...) do not.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures", verbose_name=_("claim"))
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="claim_figures", verbose_name=_("location")
    )
    participant = models.ForeignKey(
        "elections.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claim_figures",
        verbose_name=_("participant"),
    )
    metric = models.CharField(_("what is counted"), max_length=20, choices=Metric.choices, default=Metric.VOTES)
    applicant_value = models.PositiveIntegerField(_("applicant's number"), null=True, blank=True)
    official_value = models.PositiveIntegerField(_("KPU's number"), null=True, blank=True)

    objects = ClaimFigureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("claimed number")
        verbose_name_plural = _("claimed numbers")
        ordering = ["claim", "region_id", "metric", "participant__ballot_number"]
        constraints = [
            models.UniqueConstraint(
                "claim", "region", Coalesce("participant", Value(0)), "metric", name="claimfigure_unique"
            ),
            models.CheckConstraint(condition=models.Q(metric__in=Metric.values), name="claimfigure_metric_valid"),
            models.CheckConstraint(
                condition=models.Q(metric=Metric.VOTES, participant__isnull=False)
                | (~models.Q(metric=Metric.VOTES) & models.Q(participant__isnull=True)),
                name="claimfigure_votes_have_participant",
            ),
        ]

    def __str__(self):
        who = self.participant.name if self.participant_id else self.get_metric_display()
        return f"{self.region_id} · {who}: {self.applicant_value} / {self.official_value}"

    @property
    def difference(self) -> int | None:
        """Applicant minus KPU; None while either number is missing."""
        if self.applicant_value is None or self.official_value is None:
            return None
        return self.applicant_value - self.official_value

    def clean(self):
        if self.metric == Metric.VOTES and not self.participant_id:
            raise ValidationError({"participant": _("Votes are counted for a participant.")})
        if self.metric != Metric.VOTES and self.participant_id:
            raise ValidationError({"participant": _("Only votes belong to a participant.")})
        if self.participant_id and self.claim_id and self.participant.contest_id != self.claim.case.contest_id:
            raise ValidationError({"participant": _("The participant must be on the ballot of the case's contest.")})


class Exhibit(models.Model):
    """One exhibit of the Termohon (alat bukti), labelled T-<sequence> in the Daftar Alat Bukti.

    Before the answer is filed the sequence follows the editor's order; once the case is "answer
    filed" the exhibit is `frozen` and its label never changes; later exhibits continue the sequence.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exhibits", verbose_name=_("case"))
    sequence = models.PositiveIntegerField(_("number"))
    frozen = models.BooleanField(_("label frozen"), default=False)
    description = models.TextField(_("description (as in the Daftar Alat Bukti)"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExhibitKind.choices, default=ExhibitKind.DOCUMENT)
    certified_copy = models.CharField(
        _("certified copy (legalisir)"), max_length=12, choices=CertifiedCopy.choices, default=CertifiedCopy.PENDING
    )
    physical_ready = models.BooleanField(_("physical item ready"), default=False)
    document_number = models.CharField(_("document number"), max_length=150, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    presented_as = models.CharField(
        _("handed in as (keterangan)"), max_length=12, choices=PresentedAs.choices, blank=True
    )
    foundation = models.CharField(
        _("foundation exhibit"),
        max_length=20,
        choices=FoundationExhibit.choices,
        blank=True,
        help_text=_("Which of the exhibits every answer needs this one is."),
    )
    other_contest_confirmed = models.BooleanField(
        _("evidence from another contest confirmed"),
        default=False,
        help_text=_("Someone confirmed that evidence of another contest or election belongs in this exhibit."),
    )
    evidence = models.ManyToManyField(
        "inventory.Evidence", blank=True, related_name="exhibits", verbose_name=_("evidence")
    )
    claims = models.ManyToManyField(
        Claim, through="Citation", blank=True, related_name="exhibits", verbose_name=_("cited by claims")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseWorkQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="exhibit_unique_sequence"),
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="exhibit_sequence_positive"),
            models.CheckConstraint(condition=models.Q(kind__in=ExhibitKind.values), name="exhibit_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(certified_copy__in=CertifiedCopy.values), name="exhibit_certified_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(presented_as="") | models.Q(presented_as__in=PresentedAs.values),
                name="exhibit_presented_as_valid",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.description[:60]}"

    @property
    def label(self) -> str:
        return f"T-{self.sequence}"


class Citation(models.Model):
    """A claim's answer citing an exhibit ("(Bukti T-22)")."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations", verbose_name=_("claim"))
    exhibit = models.ForeignKey(Exhibit, on_delete=models.CASCADE, related_name="citations", verbose_name=_("exhibit"))
    note = models.CharField(_("what it proves"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["claim", "exhibit__sequence"]
        constraints = [models.UniqueConstraint(fields=["claim", "exhibit"], name="citation_unique")]

    def __str__(self):
        return f"{self.claim} → {self.exhibit.label}"

    def clean(self):
        if self.claim_id and self.exhibit_id and self.claim.case_id != self.exhibit.case_id:
            raise ValidationError(_("A claim can only cite exhibits of its own case."))
