"""API for MK cases: cases (with hearings, deadlines, warnings and the exhibit order), claims (with
their numbers and consistency findings) and exhibits.

Reads start from the selectors (scoped by `visible_to`); writes go through the services, which check
the case's office again. Managing needs `manage_cases` (legal division, commissioners); a PPK reads
the claims located in its area and nothing else of the case's answer work.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.api_base import HasActionSomewhere
from accounts.choices import Action
from accounts.models import User
from accounts.scoping import NOT_FOUND
from cases import deadlines as deadline_engine
from cases.choices import CaseStatus, ClaimStatus, FoundationExhibit, Metric
from cases.filters import CaseFilter, ClaimFilter, ExhibitFilter
from cases.models import Case, Citation, Claim, Counsel, Exhibit, Hearing
from cases.selectors import (
    case_foundation,
    case_queryset,
    claim_consistency,
    claim_queryset,
    exhibit_queryset,
    exhibit_warnings,
    figure_queryset,
)
from cases.services import (
    case_create,
    case_set_status,
    case_update,
    claim_create,
    claim_set_figures,
    claim_set_status,
    claim_update,
    counsel_add,
    counsel_remove,
    counsel_update,
    exhibit_cite,
    exhibit_create,
    exhibit_remove,
    exhibit_reorder,
    exhibit_uncite,
    exhibit_update,
    hearing_add,
)
from core.api import CallerQuerysetMixin, DomainErrors, ScopedViewSetMixin
from core.errors import ApplicationError
from elections.models import Contest, Dapil, Participant
from elections.selectors import contest_queryset, participant_queryset
from inventory.models import Category, Evidence, Problem
from regions.models import Region

MANAGE = Action.MANAGE_CASES


def _users():
    return User.objects.filter(is_active=True)


# Cases


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
    members = serializers.SlugRelatedField(slug_field="username", queryset=_users(), many=True, required=False)
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
            "result_decree_number",
            "result_decree_at",
            "petition_filed_at",
            "ebrpk_registered_at",
            "decision_at",
            "mk_notice_received_at",
            "elected_determined_at",
            "result_decree_title",
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
    attendees = serializers.SlugRelatedField(slug_field="username", queryset=_users(), many=True, required=False)

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


@extend_schema_view(
    list=extend_schema(summary="MK cases in reach, filtered"),
    retrieve=extend_schema(summary="One MK case"),
)
class CaseViewSet(
    DomainErrors,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """MK cases of the offices in reach (and, for PPK users, the cases with a claim in their area)."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]
    scope_actions = {
        "create": MANAGE,
        "partial_update": MANAGE,
        "status": MANAGE,
        "exhibits_reorder": MANAGE,
        "counsel_item": MANAGE,
    }

    def scope_action(self) -> str:
        if self.action in ("hearings", "counsel") and self.request.method == "POST":
            return MANAGE
        return super().scope_action()

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def scoped_queryset(self, user, action):
        return case_queryset(user=user, action=action).prefetch_related(
            Prefetch("other_respondent_offices", queryset=Region.objects.order_by("code").only("code")),
            Prefetch("members", queryset=User.objects.order_by("username").only("id", "username")),
        )

    def _fresh(self, case) -> dict:
        case = self.scoped_queryset(self.request.user, Action.VIEW).get(pk=case.pk)
        return CaseDetailSerializer(case, context=self.get_serializer_context()).data

    @extend_schema(
        request=CaseSerializer,
        responses={201: CaseDetailSerializer},
        summary="Register a case (legal division of the Termohon office)",
    )
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_create(actor=request.user, **serializer.validated_data)
        return Response(self._fresh(case), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CaseSerializer,
        responses={200: CaseDetailSerializer},
        summary="Change a case's data, the filing's included (the status has its own action)",
    )
    def partial_update(self, request, pk=None):
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        case = case_update(actor=request.user, case=case, **serializer.validated_data)
        return Response(self._fresh(case))

    @extend_schema(
        request=CaseStatusSerializer,
        responses={200: CaseDetailSerializer},
        summary="Move the case to another stage ('answer_filed' freezes the exhibit labels)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def status(self, request, pk=None):
        case = self.get_object()
        serializer = CaseStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_set_status(actor=request.user, case=case, status=serializer.validated_data["status"])
        return Response(self._fresh(case))

    @extend_schema(methods=["GET"], request=None, responses={200: HearingSerializer(many=True)}, filters=False)
    @extend_schema(methods=["POST"], request=HearingSerializer, responses={201: HearingSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def hearings(self, request, pk=None):
        case = self.get_object()
        if request.method == "POST":
            serializer = HearingSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            hearing = hearing_add(actor=request.user, case=case, **serializer.validated_data)
            return Response(HearingSerializer(hearing).data, status=status.HTTP_201_CREATED)
        hearings = case.hearings.prefetch_related("attendees").order_by("starts_at", "id")
        return Response(HearingSerializer(hearings, many=True).data)

    @extend_schema(methods=["GET"], request=None, responses={200: CounselSerializer(many=True)}, filters=False)
    @extend_schema(methods=["POST"], request=CounselSerializer, responses={201: CounselSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def counsel(self, request, pk=None):
        """The Termohon's counsel in the case, in signing order; POST names one more."""
        case = self.get_object()
        if request.method == "POST":
            serializer = CounselSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            counsel = counsel_add(actor=request.user, case=case, **serializer.validated_data)
            return Response(CounselSerializer(counsel).data, status=status.HTTP_201_CREATED)
        return Response(CounselSerializer(case.counsel.order_by("position", "id"), many=True).data)

    @extend_schema(
        methods=["PATCH"],
        request=CounselSerializer,
        responses={200: CounselSerializer},
        summary="Change one of the case's counsel",
        parameters=[OpenApiParameter("counsel_pk", int, OpenApiParameter.PATH)],
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: None},
        summary="Remove one of the case's counsel",
        parameters=[OpenApiParameter("counsel_pk", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"counsel/(?P<counsel_pk>[0-9]+)",
        url_name="counsel-item",
        filterset_class=None,
        pagination_class=None,
    )
    def counsel_item(self, request, pk=None, counsel_pk=None):
        case = self.get_object()
        counsel = Counsel.objects.filter(case=case, pk=counsel_pk).first()
        if counsel is None:
            raise NotFound(NOT_FOUND)
        if request.method == "DELETE":
            counsel_remove(actor=request.user, counsel=counsel)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = CounselSerializer(counsel, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        counsel = counsel_update(actor=request.user, counsel=counsel, **serializer.validated_data)
        return Response(CounselSerializer(counsel).data)

    @extend_schema(responses={200: DeadlinesSerializer}, filters=False, summary="Deadlines computed by the rules")
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def deadlines(self, request, pk=None):
        case = self.get_object()
        body = {
            "petition_late": deadline_engine.petition_late(case),
            "deadlines": deadline_engine.case_deadlines(case),
        }
        return Response(DeadlinesSerializer(body).data)

    @extend_schema(
        responses={200: WarningSerializer(many=True)},
        filters=False,
        summary="What weakens the answer: final claims without exhibits, weak evidence, uncertified copies",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def warnings(self, request, pk=None):
        case = self.get_object()
        return Response([w.as_dict() for w in exhibit_warnings(case=case, user=request.user)])

    @extend_schema(
        request=ReorderSerializer,
        responses={200: inline_serializer("ExhibitOrder", {"exhibits": serializers.ListField()})},
        summary="Reorder the exhibits before the answer is filed (labels follow)",
    )
    @action(detail=True, methods=["post"], url_path="exhibits/reorder", filterset_class=None, pagination_class=None)
    def exhibits_reorder(self, request, pk=None):
        case = self.get_object()
        serializer = ReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ordered = exhibit_reorder(actor=request.user, case=case, ordered_ids=serializer.validated_data["ordered_ids"])
        return Response({"exhibits": [{"id": e.pk, "label": e.label} for e in ordered]})


# Claims


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
    assignee = serializers.SlugRelatedField(slug_field="username", queryset=_users(), allow_null=True, required=False)
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
            self.fields["case"].queryset = Case.objects.visible_to(user, MANAGE)

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
    official_value = serializers.IntegerField(min_value=0, allow_null=True, required=False, default=None)
    difference = serializers.IntegerField(read_only=True, allow_null=True)


def _figure_dict(figure) -> dict:
    return {
        "region": figure.region_id,
        "region_name": figure.region.name,
        "metric": figure.metric,
        "participant": figure.participant_id,
        "participant_name": figure.participant.name if figure.participant_id else None,
        "applicant_value": figure.applicant_value,
        "official_value": figure.official_value,
        "difference": figure.difference,
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


@extend_schema_view(
    list=extend_schema(summary="Claims (dalil) in reach"),
    retrieve=extend_schema(summary="One claim"),
)
class ClaimViewSet(
    DomainErrors,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Claims of the cases in reach; PPK users read only the claims located in their area."""

    queryset = Claim.objects.all()
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilter
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]
    scope_actions = {"create": MANAGE, "partial_update": MANAGE, "status": MANAGE, "cite": MANAGE}

    def scope_action(self) -> str:
        if self.action == "figures" and self.request.method == "PUT":
            return MANAGE
        return super().scope_action()

    def scoped_queryset(self, user, action):
        return claim_queryset(user=user, action=action).prefetch_related(
            Prefetch("problems", queryset=Problem.objects.visible_to(user).only("id").order_by("id")),
            Prefetch("citations", queryset=Citation.objects.select_related("exhibit").order_by("exhibit__sequence")),
        )

    def get_serializer_class(self):
        return ClaimUpdateSerializer if self.action == "partial_update" else ClaimSerializer

    def _fresh(self, claim) -> dict:
        claim = self.scoped_queryset(self.request.user, Action.VIEW).get(pk=claim.pk)
        return ClaimSerializer(claim, context=self.get_serializer_context()).data

    @extend_schema(responses={201: ClaimSerializer}, summary="Add a claim to a case")
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = claim_create(actor=request.user, **serializer.validated_data)
        return Response(self._fresh(claim), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ClaimSerializer}, summary="Change a claim and its answer")
    def partial_update(self, request, pk=None):
        claim = self.get_object()
        serializer = self.get_serializer(claim, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        claim = claim_update(actor=request.user, claim=claim, **serializer.validated_data)
        return Response(self._fresh(claim))

    @extend_schema(request=ClaimStatusSerializer, responses={200: ClaimSerializer}, summary="Draft, reviewed, final")
    @action(detail=True, methods=["post"], filterset_class=None)
    def status(self, request, pk=None):
        claim = self.get_object()
        serializer = ClaimStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = claim_set_status(actor=request.user, claim=claim, status=serializer.validated_data["status"])
        return Response(self._fresh(claim))

    @extend_schema(methods=["GET"], request=None, responses={200: FigureSerializer(many=True)}, filters=False)
    @extend_schema(
        methods=["PUT"],
        request=FigureSerializer(many=True),
        responses={200: FigureSerializer(many=True)},
        summary="Replace the claim's numbers (all or nothing)",
    )
    @action(detail=True, methods=["get", "put"], filterset_class=None, pagination_class=None)
    def figures(self, request, pk=None):
        claim = self.get_object()
        if request.method == "PUT":
            serializer = FigureSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            rows = self._resolve(claim, serializer.validated_data)
            figures = claim_set_figures(actor=request.user, claim=claim, rows=rows, replace=True)
        else:
            figures = figure_queryset(claim=claim)
        return Response([_figure_dict(f) for f in figures])

    def _resolve(self, claim, rows) -> list[dict]:
        """Region codes and participant ids to objects, in two queries for any number of rows."""
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

    @extend_schema(
        responses={200: FindingSerializer(many=True)},
        filters=False,
        summary="Consistency findings of the claim's numbers (rules, roll-ups, differences)",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def consistency(self, request, pk=None):
        claim = self.get_object()
        return Response([f.as_dict() for f in claim_consistency(claim=claim)])

    @extend_schema(request=CiteSerializer, responses={200: ClaimSerializer}, summary="Cite an exhibit (or stop)")
    @action(detail=True, methods=["post"], filterset_class=None)
    def cite(self, request, pk=None):
        claim = self.get_object()
        serializer = CiteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        exhibit = Exhibit.objects.filter(case_id=claim.case_id, pk=data["exhibit"]).first()
        if exhibit is None:
            message = _("Unknown exhibit of this case.")
            raise ApplicationError(message, {"exhibit": [message]})
        if data["cited"]:
            exhibit_cite(actor=request.user, claim=claim, exhibit=exhibit, note=data["note"])
        else:
            exhibit_uncite(actor=request.user, claim=claim, exhibit=exhibit)
        return Response(self._fresh(claim))


# Exhibits


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
                self.fields["case"].queryset = Case.objects.visible_to(user, MANAGE)
            self.fields["evidence"].child_relation.queryset = Evidence.objects.visible_to(user)

    def get_claims(self, exhibit) -> list[int]:
        """The claims citing it that the caller can see (prefetched by the viewset)."""
        return [c.claim_id for c in exhibit.citations.all()]


class ExhibitUpdateSerializer(ExhibitSerializer):
    """An exhibit stays in its case."""

    case = serializers.PrimaryKeyRelatedField(read_only=True)


@extend_schema_view(
    list=extend_schema(summary="Exhibits (alat bukti) of the cases in reach"),
    retrieve=extend_schema(summary="One exhibit"),
)
class ExhibitViewSet(
    DomainErrors,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Exhibits T-1, T-2 ... per case. New ones take the next number; the order is changed through
    /api/cases/{id}/exhibits/reorder/ until the answer is filed, then labels are frozen."""

    queryset = Exhibit.objects.all()
    serializer_class = ExhibitSerializer
    filterset_class = ExhibitFilter
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]
    scope_actions = {"create": MANAGE, "partial_update": MANAGE, "destroy": MANAGE}

    def scoped_queryset(self, user, action):
        return exhibit_queryset(user=user, action=action)

    def get_serializer_class(self):
        return ExhibitUpdateSerializer if self.action == "partial_update" else ExhibitSerializer

    def _fresh(self, exhibit) -> dict:
        exhibit = self.scoped_queryset(self.request.user, Action.VIEW).get(pk=exhibit.pk)
        return ExhibitSerializer(exhibit, context=self.get_serializer_context()).data

    @extend_schema(responses={201: ExhibitSerializer}, summary="Add an exhibit (takes the next number)")
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_other_contest", False)
        exhibit = exhibit_create(actor=request.user, confirm_other_contest=confirm, **data)
        return Response(self._fresh(exhibit), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ExhibitSerializer}, summary="Change an exhibit (never its label)")
    def partial_update(self, request, pk=None):
        exhibit = self.get_object()
        serializer = self.get_serializer(exhibit, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_other_contest", False)
        exhibit = exhibit_update(actor=request.user, exhibit=exhibit, confirm_other_contest=confirm, **data)
        return Response(self._fresh(exhibit))

    @extend_schema(summary="Remove an exhibit before the answer is filed (later ones move up)")
    def destroy(self, request, pk=None):
        exhibit_remove(actor=request.user, exhibit=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
