"""API for MK cases: cases (with hearings, deadlines, warnings and the exhibit order), claims (with
their numbers and consistency findings) and exhibits.

Reads start from the selectors (scoped by `visible_to`); writes go through the services, which check
the case's office again. Managing needs `manage_cases` (legal division, commissioners); a PPK reads
the case as its page shows it to them (cases.selectors.CaseSight): the claims located in its area with
only their locations and numbers there, the warnings about them, and nothing of the case's answer work
(exhibits are 404 like missing ones, other lists of it come back empty, its fields absent).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
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
from cases.filters import CaseFilter, ClaimFilter, ExhibitFilter
from cases.models import Case, Claim, Counsel, Exhibit
from cases.selectors import (
    case_deadline_summary,
    case_queryset,
    case_sight,
    cited_exhibits,
    claim_numbers,
    claim_queryset,
    counsel_list,
    exhibit_queryset,
    exhibit_warnings,
    hearing_list,
)
from cases.serializers import (
    CaseDetailSerializer,
    CaseSerializer,
    CaseStatusSerializer,
    CiteSerializer,
    ClaimNumberSerializer,
    ClaimSerializer,
    ClaimStatusSerializer,
    ClaimUpdateSerializer,
    CounselSerializer,
    DeadlinesSerializer,
    ExhibitSerializer,
    ExhibitUpdateSerializer,
    FigureSerializer,
    FindingSerializer,
    HearingSerializer,
    ReorderSerializer,
    WarningSerializer,
    number_dict,
    resolve_figure_rows,
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
    hearing_add,
)
from cases.services_exhibits import (
    exhibit_cite,
    exhibit_create,
    exhibit_remove,
    exhibit_reorder,
    exhibit_uncite,
    exhibit_update,
)
from core.api import DomainErrors, ScopedViewSetMixin
from core.errors import ApplicationError
from inventory.models import Problem
from regions.models import Region

MANAGE = Action.MANAGE_CASES


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
        return Response(HearingSerializer(hearing_list(user=request.user, case=case), many=True).data)

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
        return Response(CounselSerializer(counsel_list(user=request.user, case=case), many=True).data)

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
        return Response(DeadlinesSerializer(case_deadline_summary(user=request.user, case=case)).data)

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
            Prefetch("case__other_respondent_offices", queryset=Region.objects.only("code")),
            Prefetch("problems", queryset=Problem.objects.visible_to(user).only("id").order_by("id")),
            Prefetch(
                "citations", queryset=cited_exhibits(user=user).select_related("exhibit").order_by("exhibit__sequence")
            ),
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

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ClaimNumberSerializer(many=True)},
        filters=False,
        summary="The claim's numbers, the KPU's from the official results store (with source and version)",
    )
    @extend_schema(
        methods=["PUT"],
        request=FigureSerializer(many=True),
        responses={200: ClaimNumberSerializer(many=True)},
        summary="Replace the claim's numbers (all or nothing); a typed KPU number counts only where the store has none",
    )
    @action(detail=True, methods=["get", "put"], filterset_class=None, pagination_class=None)
    def figures(self, request, pk=None):
        """The claim's numbers as the claim page shows them (cases.selectors.claim_numbers): the KPU's number
        read from the official results store where it has the figure, in the caller's reach."""
        claim = self.get_object()
        if request.method == "PUT":
            serializer = FigureSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            rows = resolve_figure_rows(claim, serializer.validated_data)
            claim_set_figures(actor=request.user, claim=claim, rows=rows, replace=True)
        sight = case_sight(user=request.user, case=claim.case)
        rows, _findings = claim_numbers(claim=claim, sight=sight, user=request.user)
        return Response(ClaimNumberSerializer([number_dict(row) for row in rows], many=True).data)

    @extend_schema(
        responses={200: FindingSerializer(many=True)},
        filters=False,
        summary="Consistency findings of the claim's numbers (rules, roll-ups, differences), the KPU's from the store",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def consistency(self, request, pk=None):
        claim = self.get_object()
        sight = case_sight(user=request.user, case=claim.case)
        _rows, findings = claim_numbers(claim=claim, sight=sight, user=request.user)
        return Response([f.as_dict() for f in findings])

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
