"""Serializers of the cases API (cases/api.py): what a case, claim, exhibit and their parts look like
on the wire, and which related objects a caller may name in a write (only those in their reach)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api_base import PersonField
from accounts.choices import Action
from cases.choices import CaseStatus, ClaimStatus, FoundationExhibit, KpuOrigin, Metric
from cases.models import FILING_FIELDS, Case, Claim, Counsel, Exhibit, Hearing
from cases.selectors import SYSTEM_SIGHT, case_foundation, case_sight
from core.api import CallerQuerysetMixin
from core.errors import ApplicationError
from elections.models import Contest, Dapil, Participant
from elections.selectors import contest_queryset, participant_queryset
from inventory.models import Category, Evidence
from regions.models import Region
from results.choices import Source


def _sight(serializer, case):
    """How much of `case` the caller sees (everything when no request is given: the system)."""
    user = serializer.caller()
    return SYSTEM_SIGHT if user is None else case_sight(user=user, case=case)


# What the case page keeps for whoever sees the whole case (the filing, deadlines, eksepsi and team
# sections): absent from the API's answer to a partial viewer (cases.selectors.CaseSight).
WHOLE_CASE_FIELDS = (*FILING_FIELDS, "members", "foundation")


class CaseSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    contest = serializers.PrimaryKeyRelatedField(queryset=Contest.objects.none())
    contest_label = serializers.CharField(source="contest.__str__", read_only=True)
    applicant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.none())
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    related_party = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.none(), allow_null=True, required=False
    )
    related_party_name = serializers.CharField(source="related_party.name", read_only=True, default=None)
    respondent_office = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False
    )
    respondent_office_name = serializers.CharField(source="respondent_office.name", read_only=True, default=None)
    other_respondent_offices = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), many=True, required=False
    )
    members = PersonField(many=True, required=False)
    claim_count = serializers.IntegerField(read_only=True)
    exhibit_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "register_number",
            "kind",
            "contest",
            "contest_label",
            "applicant",
            "applicant_name",
            "related_party",
            "related_party_name",
            "respondent_office",
            "respondent_office_name",
            "other_respondent_offices",
            "applicant_counsel",
            "summary",
            "status",
            "outcome",
            "outcome_notes",
            *FILING_FIELDS,
            "members",
            "claim_count",
            "exhibit_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "claim_count", "exhibit_count", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            # Only contests and participants the caller can see may be named (for writes only).
            self.fields["contest"].queryset = contest_queryset(user=user)
            self.fields["applicant"].queryset = participant_queryset(user=user)
            self.fields["related_party"].queryset = participant_queryset(user=user)

    def to_representation(self, case):
        data = super().to_representation(case)
        if not _sight(self, case).whole:
            for name in WHOLE_CASE_FIELDS:
                data.pop(name, None)
        return data


class FoundationItemSerializer(serializers.Serializer):
    """One foundation exhibit every answer files first, and whether the case has it."""

    foundation = serializers.ChoiceField(choices=FoundationExhibit.choices, help_text="The exhibit's role.")
    label = serializers.CharField()
    present = serializers.BooleanField()
    exhibits = serializers.ListField(
        child=serializers.CharField(), help_text="Labels (T-n) of the exhibits filling it."
    )
    suggestion = serializers.CharField(help_text="The description it would have in the Daftar Alat Bukti.")


class CaseDetailSerializer(CaseSerializer):
    """One case, with its foundation checklist (read-only)."""

    foundation = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "foundation"]
        read_only_fields = [*CaseSerializer.Meta.read_only_fields, "foundation"]

    @extend_schema_field(FoundationItemSerializer(many=True))
    def get_foundation(self, case) -> list[dict]:
        return [item.as_dict() for item in case_foundation(case=case)]


class CounselSerializer(serializers.ModelSerializer):
    class Meta:
        model = Counsel
        fields = ["id", "name", "kind", "substitute", "position"]
        read_only_fields = ["id"]
        extra_kwargs = {"position": {"required": False}}


class CaseStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class HearingSerializer(serializers.ModelSerializer):
    attendees = PersonField(many=True, required=False)

    class Meta:
        model = Hearing
        fields = ["id", "starts_at", "agenda", "place", "attendees", "other_attendees", "outcome"]


class DeadlineSerializer(serializers.Serializer):
    """One computed deadline; times in UTC; `due_display` on the MK's clock (WIB), the office's WITA/WIT beside."""

    rule_key = serializers.CharField()
    label = serializers.CharField()
    source = serializers.CharField()
    anchor = serializers.CharField()
    anchor_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    due_display = serializers.CharField()
    zone = serializers.CharField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    hearing_id = serializers.IntegerField(allow_null=True)
    limit = serializers.IntegerField(allow_null=True)
    met_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField(allow_null=True)


class DeadlinesSerializer(serializers.Serializer):
    petition_late = serializers.BooleanField(
        allow_null=True, help_text="Whether the petition came after the filing deadline (null: unknown)."
    )
    deadlines = DeadlineSerializer(many=True)


class WarningSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=["uncited_final_claim", "evidence_unverified", "evidence_rejected", "not_certified"]
    )
    message = serializers.CharField()
    claims = serializers.ListField(child=serializers.IntegerField())
    claim_numbers = serializers.ListField(child=serializers.CharField())
    exhibit = serializers.IntegerField(allow_null=True)
    exhibit_label = serializers.CharField()
    evidence = serializers.IntegerField(allow_null=True)


class ReorderSerializer(serializers.Serializer):
    ordered_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every exhibit of the case, once, in the new order."
    )


class ClaimSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    case_register_number = serializers.CharField(source="case.register_number", read_only=True)
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), allow_null=True, required=False
    )
    locations = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), many=True, required=False
    )
    dapil = serializers.PrimaryKeyRelatedField(queryset=Dapil.objects.all(), allow_null=True, required=False)
    assignee = PersonField(allow_null=True, required=False)
    problems = serializers.SerializerMethodField()
    exhibits = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "case",
            "case_register_number",
            "number",
            "position",
            "summary",
            "category",
            "locations",
            "dapil",
            "response",
            "status",
            "assignee",
            "problems",
            "exhibits",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs and not self.fields["case"].read_only:
            self.fields["case"].queryset = Case.objects.visible_to(user, Action.MANAGE_CASES)

    def to_representation(self, claim):
        data = super().to_representation(claim)
        sight = _sight(self, claim.case)
        data["locations"] = [code for code in data["locations"] if sight.sees(code)]
        return data

    def get_problems(self, claim) -> list[int]:
        """The linked problems the caller can see (prefetched by the viewset)."""
        return [p.pk for p in claim.problems.all()]

    def get_exhibits(self, claim) -> list[str]:
        """Labels of the exhibits the answer cites, in order (prefetched by the viewset)."""
        return [c.exhibit.label for c in claim.citations.all()]


class ClaimUpdateSerializer(ClaimSerializer):
    """A claim stays in its case."""

    case = serializers.PrimaryKeyRelatedField(read_only=True)


class ClaimStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices)


class FigureSerializer(serializers.Serializer):
    """One number of the claim at one location: the applicant's against the KPU's."""

    region = serializers.CharField(help_text="Official region code (TPS, village, kecamatan ...).")
    region_name = serializers.CharField(read_only=True)
    metric = serializers.ChoiceField(choices=Metric.choices, default=Metric.VOTES)
    participant = serializers.IntegerField(allow_null=True, required=False, default=None)
    participant_name = serializers.CharField(read_only=True, allow_null=True)
    applicant_value = serializers.IntegerField(min_value=0, allow_null=True, required=False, default=None)
    official_value = serializers.IntegerField(
        min_value=0,
        allow_null=True,
        required=False,
        default=None,
        help_text="The KPU's number as typed; where the official results store has the figure, that one is shown "
        "and used instead (the typed one is kept beside it).",
    )
    difference = serializers.IntegerField(read_only=True, allow_null=True)


class OfficialSourceSerializer(serializers.Serializer):
    """Where the KPU's number comes from when the official results store has the figure."""

    source = serializers.ChoiceField(choices=Source.choices)
    source_label = serializers.CharField()
    version = serializers.IntegerField(
        help_text="Version of the location's official figures: 1, then one more for each import that changed them."
    )
    recorded_at = serializers.DateTimeField(
        allow_null=True, help_text="Time of the figures at the source (Sirekap's ts); null when the source has none."
    )
    imported_at = serializers.DateTimeField(help_text="When the figures were imported into the store.")
    note = serializers.CharField(help_text="As the pages show it, e.g. 'Sirekap (published per TPS) v2, 15 Feb 2024'.")


class ClaimNumberSerializer(serializers.Serializer):
    """One number of the claim as the claim page shows it: the applicant's against the KPU's, the KPU's
    read from the official results store where it has the figure (cases.selectors.claim_numbers)."""

    region = serializers.CharField()
    region_name = serializers.CharField()
    metric = serializers.ChoiceField(choices=Metric.choices)
    participant = serializers.IntegerField(allow_null=True)
    participant_name = serializers.CharField(allow_null=True)
    applicant_value = serializers.IntegerField(allow_null=True)
    official_value = serializers.IntegerField(
        allow_null=True,
        help_text="The KPU's number: the official store's figure (official_origin 'official'), else the one typed "
        "on the claim ('typed'); null when neither exists ('unknown'): unknown is never 0.",
    )
    official_origin = serializers.ChoiceField(choices=KpuOrigin.choices)
    official_source = OfficialSourceSerializer(allow_null=True, help_text="Null unless official_origin is 'official'.")
    typed_official_value = serializers.IntegerField(
        allow_null=True,
        help_text="The KPU's number typed on the claim (official_value of a PUT), kept beside the store's.",
    )
    conflict = serializers.BooleanField(help_text="The number typed on the claim differs from the official store's.")
    difference = serializers.IntegerField(
        allow_null=True, help_text="Applicant minus KPU; null while either is unknown."
    )


def number_dict(row) -> dict:
    """A side-by-side row (cases.figures.FigureRow) as `ClaimNumberSerializer` describes it."""
    store = row.store
    return {
        "region": row.region.code,
        "region_name": row.region.name,
        "metric": row.metric,
        "participant": row.participant.pk if row.participant else None,
        "participant_name": row.participant.name if row.participant else None,
        "applicant_value": row.applicant,
        "official_value": row.official,
        "official_origin": row.origin,
        "official_source": None
        if store is None
        else {
            "source": store.source,
            "source_label": Source(store.source).label,
            "version": store.version,
            "recorded_at": store.recorded_at,
            "imported_at": store.imported_at,
            "note": str(row.source_note),
        },
        "typed_official_value": row.typed,
        "conflict": row.conflict,
        "difference": row.difference,
    }


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    region = serializers.CharField()
    side = serializers.CharField(allow_null=True, help_text="applicant, official, or null for a difference.")
    metric = serializers.CharField()
    participant = serializers.IntegerField(allow_null=True)
    expected = serializers.IntegerField()
    actual = serializers.IntegerField()
    delta = serializers.IntegerField()
    complete = serializers.BooleanField(help_text="False: only some parts were entered, and they exceed the total.")
    parts = serializers.ListField(child=serializers.CharField())


class CiteSerializer(serializers.Serializer):
    exhibit = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True, required=False, default="")
    cited = serializers.BooleanField(default=True, help_text="False removes the citation.")


class ExhibitSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    label = serializers.CharField(read_only=True)
    evidence = serializers.PrimaryKeyRelatedField(queryset=Evidence.objects.none(), many=True, required=False)
    claims = serializers.SerializerMethodField()
    confirm_other_contest = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="Confirm that evidence recorded for another contest or election than the case's belongs in this "
        "exhibit; without it such evidence is refused.",
    )

    class Meta:
        model = Exhibit
        fields = [
            "id",
            "case",
            "label",
            "sequence",
            "frozen",
            "description",
            "kind",
            "document_number",
            "document_date",
            "presented_as",
            "foundation",
            "certified_copy",
            "physical_ready",
            "evidence",
            "other_contest_confirmed",
            "confirm_other_contest",
            "claims",
            "created_at",
        ]
        read_only_fields = ["id", "label", "sequence", "frozen", "other_contest_confirmed", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            if not self.fields["case"].read_only:
                self.fields["case"].queryset = Case.objects.visible_to(user, Action.MANAGE_CASES)
            self.fields["evidence"].child_relation.queryset = Evidence.objects.visible_to(user)

    def get_claims(self, exhibit) -> list[int]:
        """The claims citing it that the caller can see (prefetched by the viewset)."""
        return [c.claim_id for c in exhibit.citations.all()]


class ExhibitUpdateSerializer(ExhibitSerializer):
    """An exhibit stays in its case."""

    case = serializers.PrimaryKeyRelatedField(read_only=True)


def resolve_figure_rows(claim: Claim, rows: list[dict]) -> list[dict]:
    """`FigureSerializer` rows with region codes and participant ids turned into objects, in two queries
    for any number of rows. An unknown region, or a participant not on the ballot of the case's contest,
    refuses the whole set."""
    regions = Region.objects.in_bulk({r["region"] for r in rows}, field_name="code")
    participants = Participant.objects.filter(contest_id=claim.case.contest_id).in_bulk(
        {r["participant"] for r in rows if r["participant"] is not None}
    )
    errors = {}
    resolved = []
    for index, row in enumerate(rows):
        region = regions.get(row["region"])
        participant = participants.get(row["participant"]) if row["participant"] is not None else None
        if region is None:
            errors[f"rows[{index}]"] = [_("Unknown region %(code)s.") % {"code": row["region"]}]
        elif row["participant"] is not None and participant is None:
            errors[f"rows[{index}]"] = [_("The participant must be on the ballot of the case's contest.")]
        resolved.append({**row, "region": region, "participant": participant})
    if errors:
        raise ApplicationError(_("Some numbers cannot be stored; nothing was changed."), errors)
    return resolved
