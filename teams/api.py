"""API for task teams, members, assignments, activities, follow-ups and the readiness checklist.

Reads start from the selectors (scoped by `visible_to`); writes go through the services, which need
the manage-team action on the office. Refusals answer 400 {"message", "extra"}.
"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api_base import HasActionSomewhere
from accounts.choices import Action
from accounts.models import User
from accounts.scoping import NOT_FOUND, reach_of
from cases.models import Claim
from core.api import CallerQuerysetMixin, DomainErrors, ScopedViewSetMixin
from elections.models import Election
from inventory.models import Problem
from regions.models import Region
from teams.choices import ActivityFileKind
from teams.filters import NATIONAL, ActivityFilter, AssignmentFilter, FollowUpFilter, MemberFilter, TeamFilter
from teams.models import OFFICE_LEVELS, Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from teams.selectors import (
    activity_queryset,
    assignment_queryset,
    followup_queryset,
    member_queryset,
    readiness_report,
    team_queryset,
    team_workload,
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


class DoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True)


# Teams


class TeamSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level__in=OFFICE_LEVELS),
        allow_null=True,
        help_text="Province or regency/city code of the KPU office; null for KPU RI.",
    )
    office_name = serializers.SerializerMethodField()
    election = serializers.PrimaryKeyRelatedField(queryset=Election.objects.all())
    election_name = serializers.CharField(source="election.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    sk_uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = TaskTeam
        fields = [
            "id",
            "office",
            "office_name",
            "election",
            "election_name",
            "name",
            "sk_number",
            "sk_date",
            "period_start",
            "period_end",
            "status",
            "sk_original_name",
            "sk_size",
            "sk_mime_type",
            "sk_sha256",
            "sk_uploaded_at",
            "sk_uploaded_by",
            "member_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "sk_original_name",
            "sk_size",
            "sk_mime_type",
            "sk_sha256",
            "sk_uploaded_at",
            "sk_uploaded_by",
            "member_count",
            "created_at",
            "updated_at",
        ]

    def get_office_name(self, team) -> str:
        return team.office.name if team.office_id else "KPU RI"


class TeamUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskTeam
        fields = ["name", "sk_number", "sk_date", "period_start", "period_end"]


class SkUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The SK scan (PDF or image); sniffed, size-checked and hashed.")


class WorkloadMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    position = serializers.CharField()
    division = serializers.CharField()
    open_count = serializers.IntegerField()
    overdue_count = serializers.IntegerField()


class WorkloadProblemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    region = serializers.CharField(source="region_id")


class WorkloadRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class WorkloadSerializer(serializers.Serializer):
    members = WorkloadMemberSerializer(many=True)
    unassigned_problem_count = serializers.IntegerField()
    unassigned_problems = WorkloadProblemSerializer(many=True, help_text="Up to 50, newest first.")
    uncovered_districts = WorkloadRegionSerializer(many=True)


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


class MemberSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(queryset=TaskTeam.objects.none())
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), allow_null=True, required=False
    )
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = TeamMember
        fields = [
            "id",
            "team",
            "user",
            "display_name",
            "name",
            "institution",
            "email",
            "phone",
            "position",
            "division",
            "active",
            "created_at",
        ]
        read_only_fields = ["id", "display_name", "active", "created_at"]
        validators = []  # one live membership per user and team: checked by member_add

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            self.fields["team"].queryset = TaskTeam.objects.visible_to(user, MANAGE)


class MemberUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["name", "institution", "email", "phone", "position", "division"]


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


class TeamAssignmentSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    member = serializers.PrimaryKeyRelatedField(queryset=TeamMember.objects.none())
    member_name = serializers.CharField(source="member.display_name", read_only=True)
    team = serializers.IntegerField(source="member.team_id", read_only=True)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False
    )
    problem = serializers.PrimaryKeyRelatedField(queryset=Problem.objects.none(), allow_null=True, required=False)
    problem_title = serializers.SerializerMethodField()
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.none(), allow_null=True, required=False)
    overdue = serializers.SerializerMethodField()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = MemberAssignment
        fields = [
            "id",
            "member",
            "member_name",
            "team",
            "region",
            "problem",
            "problem_title",
            "claim",
            "notes",
            "due_date",
            "done",
            "done_at",
            "overdue",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["id", "done", "done_at", "created_by", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            self.fields["member"].queryset = TeamMember.objects.visible_to(user, MANAGE).filter(active=True)
            self.fields["problem"].queryset = Problem.objects.visible_to(user)
            self.fields["claim"].queryset = Claim.objects.visible_to(user)

    def get_problem_title(self, assignment) -> str | None:
        return assignment.problem.title if assignment.problem_id else None

    def get_overdue(self, assignment) -> bool:
        return bool(not assignment.done and assignment.due_date and assignment.due_date < timezone.localdate())


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


class ActivityFileSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ActivityFile
        fields = ["id", "kind", "original_name", "size", "mime_type", "sha256", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class ActivitySerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    office = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level__in=OFFICE_LEVELS), allow_null=True
    )
    office_name = serializers.SerializerMethodField()
    election = serializers.PrimaryKeyRelatedField(queryset=Election.objects.all(), allow_null=True, required=False)
    bodies = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        many=True,
        required=False,
        help_text="Codes of the kecamatan (PPK) and desa/kelurahan (PPS) involved.",
    )
    attendees = serializers.PrimaryKeyRelatedField(queryset=TeamMember.objects.none(), many=True, required=False)
    files = ActivityFileSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "office",
            "office_name",
            "election",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "bodies",
            "with_bawaslu",
            "with_police",
            "with_prosecutors",
            "other_stakeholders",
            "attendees",
            "outside_attendees",
            "agenda",
            "outcome",
            "files",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "files", "created_by", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            self.fields["attendees"].child_relation.queryset = TeamMember.objects.visible_to(user, MANAGE)

    def get_office_name(self, activity) -> str:
        return activity.office.name if activity.office_id else "KPU RI"


class ActivityFileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Minutes, a photo or an attendance list; sniffed and hashed.")
    kind = serializers.ChoiceField(choices=ActivityFileKind.choices)


class ActivityFileUploadResultSerializer(ActivityFileSerializer):
    duplicate = serializers.BooleanField(read_only=True)

    class Meta(ActivityFileSerializer.Meta):
        fields = [*ActivityFileSerializer.Meta.fields, "duplicate"]
        read_only_fields = fields


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


class FollowUpSerializer(CallerQuerysetMixin, serializers.ModelSerializer):
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.none())
    owner = serializers.PrimaryKeyRelatedField(queryset=TeamMember.objects.none(), allow_null=True, required=False)
    owner_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActivityFollowUp
        fields = ["id", "activity", "description", "owner", "owner_name", "due_date", "done", "done_at", "overdue"]
        read_only_fields = ["id", "done", "done_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.caller()
        if user is not None and "data" in kwargs:
            self.fields["activity"].queryset = Activity.objects.visible_to(user, MANAGE)
            self.fields["owner"].queryset = TeamMember.objects.visible_to(user, MANAGE).filter(active=True)

    def get_owner_name(self, follow_up) -> str | None:
        return follow_up.owner.display_name if follow_up.owner_id else None

    def get_overdue(self, follow_up) -> bool:
        return bool(not follow_up.done and follow_up.due_date and follow_up.due_date < timezone.localdate())


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


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()
    count = serializers.IntegerField()
    targets = serializers.ListField(
        child=serializers.DictField(),
        help_text="What is missing: each with `type` (team, stage, region, activity_kind, follow_up, problem) "
        "and `id` or `key`, plus a `label`.",
    )


class ReadinessSerializer(serializers.Serializer):
    office = serializers.CharField(allow_null=True)
    office_name = serializers.CharField()
    election = serializers.IntegerField(allow_null=True)
    election_name = serializers.CharField(allow_null=True)
    ready = serializers.BooleanField()
    checks = CheckSerializer(many=True)


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
            office = Region.objects.filter(code=code, level__in=OFFICE_LEVELS).first()
            if office is None or not reach.contains(office.code):
                raise Http404(NOT_FOUND)
        election = None
        election_id = request.query_params.get("election")
        if election_id:
            election = Election.objects.filter(pk=election_id).first() if election_id.isdigit() else None
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
