"""The dashboard's numbers and the search, for other tools: the same selectors as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.scoping import get_visible_or_404
from core.errors import ApplicationError
from dashboard import search as search_selectors
from dashboard.selectors import WEIGHTS, dashboard
from regions.selectors import visible_regions


class CaseDeadlineSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    register_number = serializers.CharField()
    label = serializers.CharField()
    due_at = serializers.DateTimeField()


class RowSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="Region code; null for KPU RI's own records")
    name = serializers.CharField()
    level = serializers.CharField(allow_null=True)
    own = serializers.BooleanField(help_text="Records of the viewed region itself, in none of its children")
    problems = serializers.IntegerField()
    problems_by_stage = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()), help_text="stage -> status -> count"
    )
    ready = serializers.IntegerField(help_text="Problems that are siap")
    high_risk = serializers.IntegerField()
    open_high_risk = serializers.IntegerField()
    lacking_verified_evidence = serializers.IntegerField()
    tps = serializers.IntegerField()
    tps_with_c_hasil = serializers.IntegerField()
    c_hasil_coverage = serializers.FloatField(allow_null=True)
    team_formed = serializers.BooleanField(allow_null=True, help_text="null: not a KPU office")
    open_cases = serializers.IntegerField()
    next_deadline = CaseDeadlineSerializer(allow_null=True)
    score = serializers.IntegerField(
        allow_null=True, help_text="Readiness score 0-100 (README: Readiness score); null when nothing can be measured"
    )
    score_parts = serializers.DictField(child=serializers.FloatField())


class AttentionSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    deadlines = CaseDeadlineSerializer(many=True)
    overdue_follow_ups = serializers.ListField(child=serializers.DictField())
    unverified_evidence = serializers.ListField(child=serializers.DictField())
    unassigned_problems = serializers.ListField(child=serializers.DictField())


class DashboardSerializer(serializers.Serializer):
    region = serializers.CharField(allow_null=True, help_text="null: the caller's whole reach")
    weights = serializers.DictField(child=serializers.IntegerField())
    total = RowSerializer()
    rows = RowSerializer(many=True)
    attention = AttentionSerializer()


def _deadline(case, deadline):
    return {
        "case": case.pk,
        "register_number": case.register_number,
        "label": deadline.label,
        "due_at": deadline.due_at,
    }


def _row(row) -> dict:
    by_stage: dict[str, dict[str, int]] = {}
    for (stage, status), n in sorted(row.by_stage.items()):
        by_stage.setdefault(stage, {})[status] = n
    deadline = row.next_deadline
    return {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "own": row.own,
        "problems": row.problems,
        "problems_by_stage": by_stage,
        "ready": row.ready,
        "high_risk": row.high_risk,
        "open_high_risk": row.open_high_risk,
        "lacking_verified_evidence": row.lacking_verified,
        "tps": row.tps,
        "tps_with_c_hasil": row.tps_with_c_hasil,
        "c_hasil_coverage": row.coverage,
        "team_formed": row.team,
        "open_cases": row.open_cases,
        "next_deadline": _deadline(deadline["case"], deadline["deadline"]) if deadline else None,
        "score": row.score,
        "score_parts": row.parts(),
    }


def board_data(board) -> dict:
    attention = board.attention
    return {
        "region": board.region.code if board.region else None,
        "weights": WEIGHTS,
        "total": _row(board.total),
        "rows": [_row(row) for row in board.rows],
        "attention": {
            "counts": attention.counts,
            "deadlines": [_deadline(item["case"], item["deadline"]) for item in attention.deadlines],
            "overdue_follow_ups": [
                {"id": f.pk, "activity": f.activity_id, "description": f.description, "due_date": f.due_date}
                for f in attention.overdue_follow_ups
            ],
            "unverified_evidence": [
                {"id": e.pk, "name": e.original_name, "region": e.region_id, "uploaded_at": e.uploaded_at}
                for e in attention.unverified_evidence
            ],
            "unassigned_problems": [
                {"id": p.pk, "title": p.title, "region": p.region_id, "risk": p.risk}
                for p in attention.unassigned_problems
            ],
        },
    }


class DashboardRootView(APIView):
    """Readiness of the caller's whole reach: the provinces for KPU RI, else the assigned regions. Every
    number counts only what the caller may open."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="dashboard_reach",
        responses={200: DashboardSerializer},
        summary="Dashboard of the caller's whole reach",
    )
    def get(self, request):
        return Response(DashboardSerializer(board_data(dashboard(user=request.user, region=None))).data)


class DashboardViewSet(viewsets.ViewSet):
    """Readiness of one region, per child region, down to the TPS."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"

    @extend_schema(
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Region code")],
        responses={200: DashboardSerializer},
        summary="Dashboard of one region, per child region",
    )
    def retrieve(self, request, code=None):
        region = get_visible_or_404(visible_regions(user=request.user), request.user, code=code)
        return Response(DashboardSerializer(board_data(dashboard(user=request.user, region=region))).data)


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    key = serializers.CharField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="HTML: escaped text, matches in <mark>")
    url = serializers.CharField()
    region = serializers.CharField(allow_null=True)


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Matches per kind, counted up to count_cap."
    )
    capped = serializers.ListField(
        child=serializers.CharField(), help_text="Kinds with more matches than count_cap: 'more than'."
    )
    count_cap = serializers.IntegerField(help_text="Where counting stops.")
    hits = serializers.DictField(child=HitSerializer(many=True))


class SearchView(APIView):
    """Search problems, evidence, claims, activities and regions in the caller's reach."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="Words to find"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=list(search_selectors.LABELS)),
        ],
        responses={200: SearchSerializer},
        summary="Search",
    )
    def get(self, request):
        query = search_selectors.clean_query(request.query_params.get("q"))
        kind = request.query_params.get("kind") or None
        if not query or (kind is not None and kind not in search_selectors.LABELS):
            message = _("Give the words to find in q, and kind one of: %(kinds)s.") % {
                "kinds": ", ".join(search_selectors.LABELS)
            }
            raise ApplicationError(message, {"q" if not query else "kind": [message]})
        results = search_selectors.search(user=request.user, query=query, kind=kind)
        body = {
            "query": results.query,
            "counts": results.counts,
            "capped": sorted(results.capped),
            "count_cap": search_selectors.COUNT_CAP,
            "hits": {name: [vars(hit) for hit in hits] for name, hits in results.hits.items()},
        }
        return Response(SearchSerializer(body).data)
