"""Resumable evidence uploads over HTTP: the tus 1.0 protocol (core, creation, termination, expiration),
so a phone on a weak link resumes from the last byte the server kept instead of from zero.

POST /api/uploads/ opens an upload (its target in Upload-Metadata, checked before any byte is sent);
PATCH sends the bytes that continue it; HEAD says how far it stands (and, once finished, which evidence it
became); DELETE cancels it. Only its owner may touch an upload: anyone else's answers 404. The finishing
PATCH answers with Evidence-Id, Evidence-Url, Evidence-Created and Evidence-Sha256. Refusals keep the
API's error shape ({"message", "extra"}); the services do the work (inventory/resumable.py).
"""

import base64
import binascii

from django.conf import settings
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import DomainErrors
from core.errors import ApplicationError
from inventory import resumable
from inventory.api import EvidenceUploadSerializer

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination,expiration"
PIECE_TYPE = "application/offset+octet-stream"


class UploadTargetSerializer(EvidenceUploadSerializer):
    """What the upload will become, from Upload-Metadata: the fields of a plain upload, without the file."""

    file = None
    filename = serializers.CharField(max_length=255)
    filetype = serializers.CharField(max_length=255, required=False, allow_blank=True)


def _metadata(header: str) -> dict:
    """Upload-Metadata: comma-separated `key base64(value)` pairs (a key alone means an empty value)."""
    values = {}
    for pair in filter(None, (item.strip() for item in header.split(","))):
        key, _space, encoded = pair.partition(" ")
        try:
            values[key] = base64.b64decode(encoded, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            message = _("Upload-Metadata is not valid: %(key)s is not base64-encoded UTF-8.") % {"key": key}
            raise ApplicationError(message, {"Upload-Metadata": [message]}) from None
    return values


def _metadata_header(upload) -> str:
    pairs = {"filename": upload.filename, "kind": upload.kind, "region": upload.region_id}
    return ",".join(f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in pairs.items())


def _number(request, header: str) -> int:
    value = request.headers.get(header, "")
    if not value.isdigit():
        message = _("The %(header)s header must be a whole number of bytes.") % {"header": header}
        raise ApplicationError(message, {header: [message]})
    return int(value)


def _state(response: Response, upload) -> Response:
    """The headers that say where an upload stands, and what it became once finished."""
    response["Upload-Offset"] = str(upload.offset)
    response["Upload-Length"] = str(upload.length)
    response["Upload-Expires"] = http_date(upload.expires_at.timestamp())
    response["Cache-Control"] = "no-store"
    if upload.finished:
        response["Evidence-Id"] = str(upload.evidence_id)
        response["Evidence-Url"] = reverse("evidence_detail", args=[upload.evidence_id])
        response["Evidence-Created"] = "true" if upload.evidence_created else "false"
        response["Evidence-Sha256"] = upload.evidence.sha256
    return response


def _capabilities() -> Response:
    response = Response(status=204)
    response["Tus-Version"] = TUS_VERSION
    response["Tus-Extension"] = EXTENSIONS
    response["Tus-Max-Size"] = str(settings.EVIDENCE_MAX_BYTES)
    return response


class TusView(DomainErrors, APIView):
    permission_classes = [permissions.IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method != "OPTIONS" and request.headers.get("Tus-Resumable") != TUS_VERSION:
            raise ApplicationError(
                _("This server speaks tus %(version)s: send the Tus-Resumable header.") % {"version": TUS_VERSION},
                status=412,
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Tus-Resumable"] = TUS_VERSION
        if response.status_code == 412:
            response["Tus-Version"] = TUS_VERSION
        return response


UPLOAD_ANSWERS = {
    204: OpenApiResponse(description="Done; Upload-Offset says where the upload stands."),
    404: OpenApiResponse(description="No such upload of yours (or it expired)."),
}


class UploadListView(TusView):
    """Open a resumable evidence upload: its target is checked before any byte is sent."""

    @extend_schema(
        summary="Open a resumable upload (tus creation)",
        request=None,
        parameters=[
            OpenApiParameter("Tus-Resumable", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, enum=["1.0.0"]),
            OpenApiParameter("Upload-Length", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True),
            OpenApiParameter(
                "Upload-Metadata",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="filename, kind, region; optionally problem, contest, description, replaces "
                "(each value base64-encoded).",
            ),
        ],
        responses={201: OpenApiResponse(description="Opened; its address is in Location.")},
    )
    def post(self, request):
        length = _number(request, "Upload-Length")
        target = UploadTargetSerializer(
            data=_metadata(request.headers.get("Upload-Metadata", "")), context={"request": request}
        )
        target.is_valid(raise_exception=True)
        data = target.validated_data
        upload = resumable.start(
            actor=request.user,
            length=length,
            filename=data["filename"],
            kind=data["kind"],
            region=data["region"],
            contest=data.get("contest"),
            problem=data.get("problem"),
            replaces=data.get("replaces"),
            description=data.get("description", ""),
        )
        response = _state(Response(status=201), upload)
        response["Location"] = reverse("upload-detail", args=[upload.pk])
        return response

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        return _capabilities()


class UploadDetailView(TusView):
    """One of the caller's resumable uploads: continue it, ask where it stands, or cancel it."""

    @extend_schema(exclude=True)
    def head(self, request, pk):
        upload = resumable.finish_if_complete(resumable.mine(request.user, pk))
        response = _state(Response(status=200), upload)
        response["Upload-Metadata"] = _metadata_header(upload)
        return response

    @extend_schema(
        summary="Send the bytes that continue a resumable upload (tus)",
        request={PIECE_TYPE: OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("Tus-Resumable", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, enum=["1.0.0"]),
            OpenApiParameter("Upload-Offset", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True),
        ],
        responses=UPLOAD_ANSWERS,
    )
    def patch(self, request, pk):
        upload = resumable.mine(request.user, pk)
        if request.content_type.split(";")[0].strip() != PIECE_TYPE:
            raise ApplicationError(_("Send the bytes as %(type)s.") % {"type": PIECE_TYPE}, status=415)
        offset = _number(request, "Upload-Offset")
        size = int(request.META.get("CONTENT_LENGTH") or 0)
        upload = resumable.receive(upload, offset=offset, body=request.stream, length=size)
        return _state(Response(status=204), upload)

    @extend_schema(summary="Cancel a resumable upload (tus termination)", responses=UPLOAD_ANSWERS)
    def delete(self, request, pk):
        resumable.discard(resumable.mine(request.user, pk))
        return Response(status=204)

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        return _capabilities()
