from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import HasActionSomewhere
from accounts.choices import Action
from cases.models import Case
from core.api import CallerQuerysetMixin, DomainErrors, ScopedViewSetMixin
from core.errors import ApplicationError
from dossiers import services
from dossiers.choices import CASE_KINDS, DossierKind, JobStatus
from dossiers.filters import DossierFilter
from dossiers.models import DossierJob
from dossiers.selectors import job_queryset
from dossiers.views import serve_pdf
from regions.models import Region

EXPORT = Action.EXPORT_DOSSIERS


class DossierJobSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.register_number", read_only=True, default=None)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download_url = serializers.SerializerMethodField()
    manifest_pdf_url = serializers.SerializerMethodField()
    stalled = serializers.SerializerMethodField(
        help_text="Why the unfinished job is not moving, from the lease and the clock: worker_lost or not_started."
    )
    stalled_since = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="The worker's last sign of life, or since when the job waits for one.",
    )
    notice = serializers.CharField(source="stall_notice", read_only=True)
    actions = serializers.SerializerMethodField(help_text="What the caller may do with the job now: retry, cancel.")

    class Meta:
        model = DossierJob
        fields = [
            "id",
            "kind",
            "case",
            "case_number",
            "region",
            "params",
            "requested_by",
            "requested_at",
            "status",
            "step",
            "progress",
            "attempts",
            "started_at",
            "finished_at",
            "error",
            "sha256",
            "size",
            "page_count",
            "draft",
            "download_url",
            "manifest_pdf_url",
            "stalled",
            "stalled_since",
            "notice",
            "actions",
        ]
        read_only_fields = fields

    def get_download_url(self, job) -> str | None:
        if job.status != JobStatus.DONE:
            return None
        request = self.context.get("request")
        url = f"/api/dossiers/{job.pk}/download/"
        return request.build_absolute_uri(url) if request else url

    def get_stalled(self, job) -> str | None:
        return job.stall or None

    def get_actions(self, job) -> list[str]:
        return [name for name, allowed in (("retry", job.can_retry), ("cancel", job.can_cancel)) if allowed]

    def get_manifest_pdf_url(self, job) -> str | None:
        if job.status != JobStatus.DONE or not job.manifest_pdf:
            return None
        request = self.context.get("request")
        url = f"/api/dossiers/{job.pk}/manifest-pdf/"
        return request.build_absolute_uri(url) if request else url


class DossierRequestSerializer(CallerQuerysetMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=DossierKind.choices)
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none(), required=False, allow_null=True)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    filters = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    pdf_a = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None:
            # A case outside the caller's export reach is "does not exist", as a missing one.
            self.fields["case"].queryset = Case.objects.visible_to(user, EXPORT)

    def validate(self, data):
        if data["kind"] in CASE_KINDS and not data.get("case"):
            raise serializers.ValidationError({"case": _("Choose the case.")})
        if data["kind"] == DossierKind.INVENTORY and data.get("case"):
            raise serializers.ValidationError({"case": _("The inventory report is for a region, not a case.")})
        return data


@extend_schema_view(
    list=extend_schema(summary="Dossier jobs of the regions where the caller may export"),
    retrieve=extend_schema(summary="One dossier job: status, progress, hash"),
)
class DossierJobViewSet(
    DomainErrors, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = DossierJob.objects.all()
    serializer_class = DossierJobSerializer
    filterset_class = DossierFilter
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]
    scope_actions = {
        name: EXPORT
        for name in ("list", "retrieve", "create", "retry", "cancel", "download", "manifest", "manifest_pdf")
    }

    def scoped_queryset(self, user, action):
        return job_queryset(user=user)

    @extend_schema(
        request=DossierRequestSerializer,
        responses={202: DossierJobSerializer},
        summary="Ask for a dossier; it is rendered in the background (poll the job). The same document "
        "already queued or being rendered is that job.",
    )
    def create(self, request):
        serializer = DossierRequestSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        job = services.dossier_request(actor=request.user, **serializer.validated_data)
        return Response(
            DossierJobSerializer(job, context=self.get_serializer_context()).data, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(
        request=None,
        responses={202: DossierJobSerializer},
        summary="Try a failed, cancelled or stalled dossier again (or get the identical one already live)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def retry(self, request, pk=None):
        job = services.dossier_retry(actor=request.user, job=self.get_object())
        return Response(
            DossierJobSerializer(job, context=self.get_serializer_context()).data, status=status.HTTP_202_ACCEPTED
        )

    @extend_schema(request=None, responses={200: DossierJobSerializer}, summary="Cancel a queued or running dossier")
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        job = services.dossier_cancel(actor=request.user, job=self.get_object())
        return Response(DossierJobSerializer(job, context=self.get_serializer_context()).data)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        filters=False,
        summary="The PDF (hash checked, logged)",
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def download(self, request, pk=None):
        return serve_pdf(request, self.get_object(), api=True)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        filters=False,
        summary="The manifest annex as a PDF, for the office (hash checked, logged)",
    )
    @action(detail=True, methods=["get"], url_path="manifest-pdf", filterset_class=None)
    def manifest_pdf(self, request, pk=None):
        return serve_pdf(request, self.get_object(), api=True, field="manifest_pdf")

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT}, filters=False, summary="The manifest: included files and their hashes"
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def manifest(self, request, pk=None):
        job = self.get_object()
        if job.status != JobStatus.DONE:
            raise ApplicationError(_("The dossier is not ready yet."))
        return Response(job.manifest)
