"""Serializers of the teams API: task teams, members, assignments, activities, follow-ups and the
readiness checklist. Related-object fields offer only what the caller may manage (CallerQuerysetMixin).
A team, member or activity the caller sees from below its office leaves out what the team page leaves
out for them (teams.from_below)."""

from django.utils import timezone
from rest_framework import serializers

from accounts.api_base import PersonField
from accounts.choices import Action
from cases.models import Claim
from core.api import CallerQuerysetMixin
from elections.models import Election
from inventory.models import Problem
from regions.models import Region
from teams.choices import ActivityFileKind
from teams.from_below import CONTACT_FIELDS, SK_SCAN_FIELDS, codes_in_reach, seen_from_below
from teams.models import OFFICE_LEVELS, Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember

MANAGE = Action.MANAGE_TEAM


class DoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True)


class FromBelowMixin(CallerQuerysetMixin):
    """Drops `hidden_from_below` from the rows the caller sees from below their office."""

    hidden_from_below: tuple[str, ...] = ()

    def office_of(self, instance) -> str | None:
        raise NotImplementedError

    def from_below(self, instance) -> bool:
        user = self.caller()
        return user is not None and seen_from_below(user=user, office_code=self.office_of(instance))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.from_below(instance):
            for name in self.hidden_from_below:
                data.pop(name, None)
        return data


# Teams


class TeamSerializer(FromBelowMixin, serializers.ModelSerializer):
    """From below the office: without anything of the SK scan (number and date stay)."""

    hidden_from_below = SK_SCAN_FIELDS
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

    def office_of(self, team) -> str | None:
        return team.office_id


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


# Members


class MemberSerializer(FromBelowMixin, serializers.ModelSerializer):
    """From below the office: the name and the place on the team, no account and no contact details.
    `user` names anyone; member_add refuses whoever is not assigned under the office, a name no active
    user has included, in the same words."""

    hidden_from_below = CONTACT_FIELDS
    team = serializers.PrimaryKeyRelatedField(queryset=TaskTeam.objects.none())
    user = PersonField(allow_null=True, required=False)
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

    def office_of(self, member) -> str | None:
        return member.team.office_id


class MemberUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["name", "institution", "email", "phone", "position", "division"]


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

    def to_representation(self, activity):
        data = super().to_representation(activity)
        user = self.caller()
        if user is not None and seen_from_below(user=user, office_code=activity.office_id):
            data["bodies"] = codes_in_reach(user=user, codes=data["bodies"])
        return data


class ActivityFileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Minutes, a photo or an attendance list; sniffed and hashed.")
    kind = serializers.ChoiceField(choices=ActivityFileKind.choices)


class ActivityFileUploadResultSerializer(ActivityFileSerializer):
    duplicate = serializers.BooleanField(read_only=True)

    class Meta(ActivityFileSerializer.Meta):
        fields = [*ActivityFileSerializer.Meta.fields, "duplicate"]
        read_only_fields = fields


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
