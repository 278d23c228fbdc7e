"""API for the inventory: problems, evidence, categories.

Viewsets are thin: reads start from the selectors (scoped by `visible_to`), writes go through the
services, and every refusal, whether a serializer's or a service's, answers 400 {"message", "extra"}
with `extra` naming the fields.
"""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import HasActionSomewhere, PersonField
from accounts.choices import Action
from core.api import CallerQuerysetMixin, DomainErrors, ScopedViewSetMixin
from core.pagination import KeysetPagination
from elections.models import Contest
from elections.selectors import contest_queryset
from inventory.choices import EvidenceKind, Status
from inventory.filters import PROBLEM_ORDERING, EvidenceFilter, ProblemFilter
from inventory.models import Category, Evidence, Problem
from inventory.selectors import evidence_queryset, problem_queryset
from inventory.services import (
    StaleEdit,
    category_create,
    comment_add,
    evidence_set_certified,
    evidence_upload,
    evidence_verify,
    problem_create,
    problem_set_status,
    problem_update,
)
from regions.models import Region

log = logging.getLogger(__name__)

# Problems


class ProblemSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    category_name = serializers.CharField(source="category.name", read_only=True)
    contest = serializers.PrimaryKeyRelatedField(queryset=Contest.objects.none(), allow_null=True, required=False)
    contest_label = serializers.SerializerMethodField()
    assignee = PersonField(allow_null=True, required=False)
    reported_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    verified_evidence = serializers.BooleanField(read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "region",
            "region_name",
            "contest",
            "contest_label",
            "stage",
            "category",
            "category_name",
            "title",
            "description",
            "chronology",
            "source",
            "follow_up",
            "follow_up_notes",
            "bawaslu_reference",
            "affected_votes",
            "risk",
            "status",
            "assignee",
            "occurred_at",
            "reported_by",
            "verified_evidence",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "id",
            "status",
            "reported_by",
            "verified_evidence",
            "created_at",
            "updated_at",
            "version",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            # Only contests the caller can see may be named; others read as 'does not exist'.
            # (Built for writes only: reading a list needs no extra query for it.)
            self.fields["contest"].queryset = contest_queryset(user=user)

    def get_contest_label(self, problem) -> str | None:
        return str(problem.contest) if problem.contest_id else None


def _etag(version: int) -> str:
    return f'"{version}"'


def _if_match(request) -> int | None:
    """The problem version an edit is based on, from If-Match ("3", also W/"3" as proxies weaken tags);
    None when absent or "*". Anything else names no version (0) and so matches nothing: 412."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tag = header.removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() else 0


IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the problem as last read. If it has changed since, nothing is saved: 412. "
    "Without it only the fields sent are written.",
)


class ProblemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    body = serializers.CharField()
    created_at = serializers.DateTimeField(read_only=True)


@extend_schema_view(
    list=extend_schema(
        summary="Problems in reach, filtered and sorted",
        description="Pages by cursor: follow `next` and `previous`; there is no total count. "
        "The cursor follows `ordering` newest (the default), oldest, updated, risk or region; "
        "`occurred` (a date that may be empty) lists newest first here.",
    ),
    create=extend_schema(summary="Record a problem (needs edit-inventory in the region)"),
    retrieve=extend_schema(summary="One problem; its version is the ETag"),
    partial_update=extend_schema(
        summary="Change a problem (not its status: use the status action)",
        parameters=[IF_MATCH],
        responses={200: ProblemSerializer, 412: OpenApiResponse(description="Changed since the If-Match version")},
    ),
)
class ProblemViewSet(
    DomainErrors,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The problem inventory (daftar inventarisasi masalah) in the caller's reach."""

    queryset = Problem.objects.all()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    pagination_class = KeysetPagination
    # `occurred` is left out: occurred_at may be empty, and a cursor cannot stand on an empty value.
    cursor_orderings = {name: PROBLEM_ORDERING[name] for name in ("newest", "oldest", "updated", "risk", "region")}
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]
    http_method_names = ["get", "post", "patch", "head", "options"]
    scope_actions = {
        "list": Action.VIEW,
        "retrieve": Action.VIEW,
        "create": Action.EDIT_INVENTORY,
        "partial_update": Action.EDIT_INVENTORY,
        "status": Action.EDIT_INVENTORY,
        "comments": Action.VIEW,
    }

    def scoped_queryset(self, user, action):
        return problem_queryset(user=user, action=action).select_related("reported_by")

    def _fresh(self, problem) -> dict:
        """The problem as the list shows it (annotations and names), after a write."""
        problem = self.scoped_queryset(self.request.user, Action.VIEW).get(pk=problem.pk)
        return self.get_serializer(problem).data

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        problem = problem_create(actor=request.user, **serializer.validated_data)
        return Response(self._fresh(problem), status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        data = self.get_serializer(self.get_object()).data
        return Response(data, headers={"ETag": _etag(data["version"])})

    def partial_update(self, request, pk=None):
        problem = self.get_object()
        serializer = self.get_serializer(problem, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            problem = problem_update(
                actor=request.user, problem=problem, version=_if_match(request), **serializer.validated_data
            )
        except StaleEdit as exc:
            body = {"message": exc.message, "extra": exc.extra}
            return Response(body, status=exc.status, headers={"ETag": _etag(exc.current.version)})
        data = self._fresh(problem)
        return Response(data, headers={"ETag": _etag(data["version"])})

    @extend_schema(
        request=ProblemStatusSerializer,
        responses={200: ProblemSerializer},
        summary="Move a problem along baru → ditindaklanjuti → selesai → siap",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def status(self, request, pk=None):
        problem = self.get_object()
        serializer = ProblemStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            problem = problem_set_status(
                actor=request.user,
                problem=problem,
                status=serializer.validated_data["status"],
                version=_if_match(request),
            )
        except StaleEdit as exc:
            body = {"message": exc.message, "extra": exc.extra}
            return Response(body, status=exc.status, headers={"ETag": _etag(exc.current.version)})
        data = self._fresh(problem)
        return Response(data, headers={"ETag": _etag(data["version"])})

    @extend_schema(methods=["GET"], request=None, responses={200: CommentSerializer(many=True)}, filters=False)
    @extend_schema(methods=["POST"], request=CommentSerializer, responses={201: CommentSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def comments(self, request, pk=None):
        problem = self.get_object()
        if request.method == "POST":
            serializer = CommentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = comment_add(actor=request.user, problem=problem, body=serializer.validated_data["body"])
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = problem.comments.select_related("author").order_by("created_at", "id")
        return Response(CommentSerializer(comments, many=True).data)


# Evidence


class EvidenceSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    verified_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    replaced_by = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "region",
            "region_name",
            "contest",
            "description",
            "original_name",
            "size",
            "mime_type",
            "sha256",
            "captured_at",
            "uploaded_by",
            "uploaded_at",
            "version",
            "replaces",
            "replaced_by",
            "verification",
            "verified_by",
            "verified_at",
            "rejection_reason",
            "certified_copy",
            "problems",
            "download_url",
        ]
        read_only_fields = fields

    def get_replaced_by(self, evidence) -> int | None:
        newer = getattr(evidence, "replaced_by", None)
        return newer.pk if newer is not None else None

    def get_problems(self, evidence) -> list[int]:
        """The linked problems the caller can see (prefetched by the viewset)."""
        return [p.pk for p in evidence.problems.all()]

    def get_download_url(self, evidence) -> str | None:
        try:
            return reverse("evidence_download", args=[evidence.pk])
        except NoReverseMatch:
            return None


class EvidenceUploadSerializer(CallerQuerysetMixin, serializers.Serializer):
    file = serializers.FileField(help_text="The file itself; it is sniffed, size-checked and hashed.")
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    contest = serializers.PrimaryKeyRelatedField(queryset=Contest.objects.none(), allow_null=True, required=False)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    problem = serializers.PrimaryKeyRelatedField(queryset=Problem.objects.none(), allow_null=True, required=False)
    replaces = serializers.PrimaryKeyRelatedField(queryset=Evidence.objects.none(), allow_null=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None:
            # Related objects outside the caller's reach read as 'does not exist'.
            self.fields["contest"].queryset = contest_queryset(user=user)
            self.fields["problem"].queryset = Problem.objects.visible_to(user)
            self.fields["replaces"].queryset = Evidence.objects.visible_to(user, Action.UPLOAD_EVIDENCE)


class EvidenceUploadResultSerializer(EvidenceSerializer):
    duplicate = serializers.BooleanField(
        read_only=True, help_text="True when the same file was already stored in this region: nothing new stored."
    )

    class Meta(EvidenceSerializer.Meta):
        fields = [*EvidenceSerializer.Meta.fields, "duplicate"]
        read_only_fields = fields


class EvidenceVerifySerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class EvidenceCertifiedSerializer(serializers.Serializer):
    certified = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(
        summary="Evidence in reach, newest first",
        description="Pages by cursor: follow `next` and `previous`; there is no total count.",
    )
)
class EvidenceViewSet(
    DomainErrors,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence files in the caller's reach. Files are immutable: a correction is a new upload that
    `replaces` the old one. Downloads go through the logged, hash-checking page route (`download_url`)."""

    queryset = Evidence.objects.all()
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    pagination_class = KeysetPagination
    cursor_orderings = {"newest": ("-uploaded_at", "-id")}
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]
    scope_actions = {
        "list": Action.VIEW,
        "retrieve": Action.VIEW,
        "create": Action.UPLOAD_EVIDENCE,
        "verify": Action.VERIFY_EVIDENCE,
        "certified": Action.MANAGE_CASES,
    }

    def scoped_queryset(self, user, action):
        return (
            evidence_queryset(user=user, action=action)
            .select_related("replaced_by")
            .prefetch_related(Prefetch("problems", queryset=Problem.objects.visible_to(user).only("id")))
        )

    def _fresh(self, evidence) -> Evidence:
        return self.scoped_queryset(self.request.user, Action.VIEW).get(pk=evidence.pk)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: OpenApiResponse(EvidenceUploadResultSerializer, description="Stored."),
            200: OpenApiResponse(
                EvidenceUploadResultSerializer, description="The same file was already here: returned, not stored."
            ),
        },
        summary="Upload one evidence file (multipart)",
    )
    def create(self, request):
        serializer = EvidenceUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence, created = evidence_upload(
            actor=request.user,
            file=data["file"],
            kind=data["kind"],
            region=data["region"],
            contest=data.get("contest"),
            description=data.get("description", ""),
            problem=data.get("problem"),
            replaces=data.get("replaces"),
        )
        body = self._uploaded(evidence, region=data["region"], problem=data.get("problem"))
        body["duplicate"] = not created
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _uploaded(self, evidence, *, region, problem) -> dict:
        """The answer to an upload, whose row (or link to the same file stored earlier) is committed by
        now: a database gone since must not turn a stored file into an error and a second upload. Then
        the answer is built from memory, listing the one problem this upload linked."""
        context = self.get_serializer_context()
        try:
            return EvidenceSerializer(self._fresh(evidence), context=context).data
        except (OperationalError, InterfaceError):
            log.warning("Evidence %s is stored; the database went away before the answer", evidence.pk, exc_info=True)
            if not connection.is_usable():
                connection.close()
        evidence.region = region
        replaced_by = Evidence.replaced_by.related
        if not replaced_by.is_cached(evidence):
            replaced_by.set_cached_value(evidence, None)  # a new row: nothing replaces it yet
        serializer = EvidenceSerializer(evidence, context=context)
        del serializer.fields["problems"]
        return {**serializer.data, "problems": [problem.pk] if problem is not None else []}

    @extend_schema(
        request=EvidenceVerifySerializer,
        responses={200: EvidenceSerializer},
        summary="Verify or reject (four eyes: never one's own upload)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def verify(self, request, pk=None):
        evidence = self.get_object()
        serializer = EvidenceVerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = evidence_verify(actor=request.user, evidence=evidence, **serializer.validated_data)
        return Response(self.get_serializer(self._fresh(evidence)).data)

    @extend_schema(
        request=EvidenceCertifiedSerializer,
        responses={200: EvidenceSerializer},
        summary="Record whether a certified copy (dilegalisir) exists",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def certified(self, request, pk=None):
        evidence = self.get_object()
        serializer = EvidenceCertifiedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = evidence_set_certified(
            actor=request.user, evidence=evidence, certified=serializer.validated_data["certified"]
        )
        return Response(self.get_serializer(self._fresh(evidence)).data)


# Categories


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "description", "position"]


class SuperuserCreates(permissions.BasePermission):
    """Categories are national reference data: everyone signed in reads them, superusers add them."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_superuser)


class CategoryViewSet(DomainErrors, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Problem categories (national reference data)."""

    queryset = Category.objects.order_by("position", "name")
    serializer_class = CategorySerializer
    permission_classes = [permissions.IsAuthenticated, SuperuserCreates]
    pagination_class = None

    @extend_schema(responses={201: CategorySerializer}, summary="Add a category (superusers)")
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        category = category_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(category).data, status=status.HTTP_201_CREATED)
