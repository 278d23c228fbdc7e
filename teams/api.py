"""API for task teams, members, assignments, activities, follow-ups and the readiness checklist.

Reads start from the selectors (scoped by `visible_to`); writes go through the services, which need
the manage-team action on the office. Refusals answer 400 {"message", "extra"}.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import HasActionSomewhere
from accounts.choices import Action
from accounts.scoping import NOT_FOUND, reach_of
from core.api import DomainErrors, ScopedViewSetMixin
from elections.selectors import election_get
from teams.filters import NATIONAL, ActivityFilter, AssignmentFilter, FollowUpFilter, MemberFilter, TeamFilter
from teams.models import Activity, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from teams.selectors import (
    activity_queryset,
    assignment_queryset,
    find_office,
    followup_queryset,
    member_queryset,
    readiness_report,
    team_queryset,
    team_workload,
)
from teams.serializers import (
    ActivityFileSerializer,
    ActivityFileUploadResultSerializer,
    ActivityFileUploadSerializer,
    ActivitySerializer,
    DoneSerializer,
    FollowUpSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    ReadinessSerializer,
    SkUploadSerializer,
    TeamAssignmentSerializer,
    TeamSerializer,
    TeamUpdateSerializer,
    WorkloadSerializer,
)
from teams.services import (
    activity_create,
    activity_file_upload,
    activity_update,
    assignment_complete,
    assignment_create,
    followup_add,
    followup_complete,
    member_add,
    member_remove,
    member_update,
    team_activate,
    team_create,
    team_end,
    team_sk_upload,
    team_update,
)

MANAGE = Action.MANAGE_TEAM


class ManageScoped(DomainErrors, ScopedViewSetMixin):
    permission_classes = [permissions.IsAuthenticated, HasActionSomewhere]

    def _fresh(self, obj):
        obj = self.scoped_queryset(self.request.user, Action.VIEW).get(pk=obj.pk)
        return self.get_serializer(obj).data


# Teams


@extend_schema_view(
    list=extend_schema(summary="Task teams in reach (and those of the offices above)"),
    create=extend_schema(summary="Form a team (draft) for an office and election"),
    partial_update=extend_schema(request=TeamUpdateSerializer, summary="Change name, SK number/date, period"),
)
class TeamViewSet(ManageScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Task teams (Tim Penyelesaian PHP) per KPU office and election."""

    queryset = TaskTeam.objects.all()
    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    scope_actions = {
        "create": MANAGE,
        "partial_update": MANAGE,
        "activate": MANAGE,
        "end": MANAGE,
        "sk": MANAGE,
    }

    def scoped_queryset(self, user, action):
        return team_queryset(user=user, action=action)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        team = team_create(actor=request.user, office=data.pop("office"), election=data.pop("election"), **data)
        return Response(self._fresh(team), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        team = self.get_object()
        serializer = TeamUpdateSerializer(team, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        team = team_update(actor=request.user, team=team, **serializer.validated_data)
        return Response(self._fresh(team))

    @extend_schema(request=None, responses={200: TeamSerializer}, summary="Activate (needs SK number, date, scan)")
    @action(detail=True, methods=["post"], filterset_class=None)
    def activate(self, request, pk=None):
        return Response(self._fresh(team_activate(actor=request.user, team=self.get_object())))

    @extend_schema(request=None, responses={200: TeamSerializer}, summary="End the team's duty")
    @action(detail=True, methods=["post"], filterset_class=None)
    def end(self, request, pk=None):
        return Response(self._fresh(team_end(actor=request.user, team=self.get_object())))

    @extend_schema(
        request={"multipart/form-data": SkUploadSerializer},
        responses={200: TeamSerializer},
        summary="Upload the SK scan (a new scan replaces the reference; the old file is kept)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def sk(self, request, pk=None):
        team = self.get_object()
        serializer = SkUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_sk_upload(actor=request.user, team=team, file=serializer.validated_data["file"])
        return Response(self._fresh(team))

    @extend_schema(request=None, responses={200: WorkloadSerializer}, filters=False, summary="Open work per member")
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def workload(self, request, pk=None):
        workload = team_workload(user=request.user, team=self.get_object())
        return Response(WorkloadSerializer(workload).data)


# Members


@extend_schema_view(
    list=extend_schema(summary="Team members in reach"),
    create=extend_schema(summary="Add a member: a user (username) or an outside person (name)"),
    partial_update=extend_schema(request=MemberUpdateSerializer, summary="Change a member's details"),
    destroy=extend_schema(summary="The member leaves the team (kept on record, marked inactive)"),
)
class MemberViewSet(
    ManageScoped,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Members of task teams: KPU users and outside persons (lawyers, academics, state attorneys)."""

    queryset = TeamMember.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    scope_actions = {"create": MANAGE, "partial_update": MANAGE, "destroy": MANAGE}

    def scoped_queryset(self, user, action):
        return member_queryset(user=user, action=action).order_by("team_id", "id")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        member = member_add(actor=request.user, team=data.pop("team"), **data)
        return Response(self._fresh(member), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        member = self.get_object()
        serializer = MemberUpdateSerializer(member, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        member = member_update(actor=request.user, member=member, **serializer.validated_data)
        return Response(self._fresh(member))

    def destroy(self, request, pk=None):
        member_remove(actor=request.user, member=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# Assignments


@extend_schema_view(
    list=extend_schema(summary="Assignments of team members in reach"),
    create=extend_schema(summary="Give a member a region, a problem and/or a claim, with a due date"),
)
class TeamAssignmentViewSet(ManageScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Work given to team members: regions they cover and problems they handle."""

    queryset = MemberAssignment.objects.all()
    serializer_class = TeamAssignmentSerializer
    filterset_class = AssignmentFilter
    http_method_names = ["get", "post", "head", "options"]
    scope_actions = {"create": MANAGE, "complete": MANAGE}

    def scoped_queryset(self, user, action):
        return assignment_queryset(user=user, action=action).order_by("done", "due_date", "id")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = assignment_create(actor=request.user, **serializer.validated_data)
        return Response(self._fresh(assignment), status=status.HTTP_201_CREATED)

    @extend_schema(request=DoneSerializer, responses={200: TeamAssignmentSerializer}, summary="Mark done (or open)")
    @action(detail=True, methods=["post"], filterset_class=None)
    def complete(self, request, pk=None):
        assignment = self.get_object()
        serializer = DoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = assignment_complete(
            actor=request.user, assignment=assignment, done=serializer.validated_data["done"]
        )
        return Response(self._fresh(assignment))


# Activities


@extend_schema_view(
    list=extend_schema(summary="Activities in reach, by kind, office, kecamatan and period"),
    create=extend_schema(summary="Record an activity of an office"),
    partial_update=extend_schema(summary="Change an activity (the office stays)"),
)
class ActivityViewSet(ManageScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Preparation activities: rakor, bimtek, supervisi, advokasi, pendampingan, gelar perkara."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    scope_actions = {"create": MANAGE, "partial_update": MANAGE, "files": MANAGE}

    def scoped_queryset(self, user, action):
        return activity_queryset(user=user, action=action).prefetch_related("files__uploaded_by")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        activity = activity_create(actor=request.user, office=data.pop("office"), **data)
        return Response(self._fresh(activity), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        activity = self.get_object()
        serializer = self.get_serializer(activity, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("office", None)  # the office of an activity never changes
        activity = activity_update(actor=request.user, activity=activity, **data)
        return Response(self._fresh(activity))

    @extend_schema(
        request={"multipart/form-data": ActivityFileUploadSerializer},
        responses={
            201: OpenApiResponse(ActivityFileUploadResultSerializer, description="Stored."),
            200: OpenApiResponse(ActivityFileUploadResultSerializer, description="Already attached: returned."),
        },
        summary="Attach minutes, a photo or an attendance list (multipart)",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def files(self, request, pk=None):
        activity = self.get_object()
        serializer = ActivityFileUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record, created = activity_file_upload(actor=request.user, activity=activity, **serializer.validated_data)
        body = ActivityFileSerializer(record).data
        body["duplicate"] = not created
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# Follow-ups


@extend_schema_view(
    list=extend_schema(summary="Follow-ups of activities in reach"),
    create=extend_schema(summary="Add a follow-up with an owner and due date"),
)
class FollowUpViewSet(ManageScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What was agreed at activities, who does it and by when (tindak lanjut)."""

    queryset = ActivityFollowUp.objects.all()
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    http_method_names = ["get", "post", "head", "options"]
    scope_actions = {"create": MANAGE, "complete": MANAGE}

    def scoped_queryset(self, user, action):
        return followup_queryset(user=user, action=action).order_by("done", "due_date", "id")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        follow_up = followup_add(actor=request.user, **serializer.validated_data)
        return Response(self._fresh(follow_up), status=status.HTTP_201_CREATED)

    @extend_schema(request=DoneSerializer, responses={200: FollowUpSerializer}, summary="Mark done (or open)")
    @action(detail=True, methods=["post"], filterset_class=None)
    def complete(self, request, pk=None):
        follow_up = self.get_object()
        serializer = DoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        follow_up = followup_complete(actor=request.user, follow_up=follow_up, done=serializer.validated_data["done"])
        return Response(self._fresh(follow_up))


# Readiness


class ReadinessViewSet(DomainErrors, viewsets.ViewSet):
    """The readiness checklist of a KPU office, derived from the data. `national` is KPU RI."""

    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+|national"

    @extend_schema(
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Office code or 'national'"),
            OpenApiParameter("election", OpenApiTypes.INT, description="Election id (default: the team's)"),
        ],
        responses={200: ReadinessSerializer},
        summary="Readiness checklist of one office",
    )
    def retrieve(self, request, code=None):
        reach = reach_of(request.user, Action.VIEW)
        if code == NATIONAL:
            office = None
            if not reach.everything:
                raise Http404(NOT_FOUND)
        else:
            office = find_office(user=request.user, code=code)
            if office is None:
                raise Http404(NOT_FOUND)
        election = None
        election_id = request.query_params.get("election")
        if election_id:
            election = election_get(pk=election_id) if election_id.isdigit() else None
            if election is None:
                raise Http404(NOT_FOUND)
        report = readiness_report(user=request.user, office_region=office, election=election)
        chosen = report["election"]
        body = {
            "office": office.code if office else None,
            "office_name": office.name if office else "KPU RI",
            "election": chosen.pk if chosen else None,
            "election_name": chosen.name if chosen else None,
            "ready": report["ready"],
            "checks": [c.as_dict() for c in report["checks"]],
        }
        return Response(ReadinessSerializer(body).data)
