from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Action, Role
from accounts.models import Assignment, User
from accounts.scoping import has_some_reach
from accounts.selectors import user_list
from accounts.services import assignment_create, assignment_revoke
from core.api import ScopedViewSetMixin
from regions.models import Region


class MayManageUsers(permissions.BasePermission):
    """Callers with no manage-users reach anywhere are refused outright (403)."""

    def has_permission(self, request, view):
        return has_some_reach(request.user, Action.MANAGE_USERS)


class ScopedSlugField(serializers.SlugRelatedField):
    """A related object named by slug, looked up only inside the caller's manage-users reach,
    so an object outside it reads as 'does not exist', exactly like a missing one."""

    def __init__(self, make_queryset, **kwargs):
        self.make_queryset = make_queryset
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.make_queryset(self.context["request"].user)


class AssignmentSerializer(serializers.ModelSerializer):
    user = ScopedSlugField(lambda u: user_list(user=u), slug_field="username")
    region = ScopedSlugField(
        lambda u: Region.objects.visible_to(u, Action.MANAGE_USERS), slug_field="code", allow_null=True
    )
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Assignment
        fields = ["id", "user", "region", "role", "valid_until", "created_at"]
        read_only_fields = ["id", "created_at"]


class AssignmentViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Role assignments on region subtrees, for users who manage users there."""

    queryset = Assignment.objects.select_related("user", "region").order_by("id")
    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated, MayManageUsers]
    scope_actions = {
        "list": Action.MANAGE_USERS,
        "retrieve": Action.MANAGE_USERS,
        "destroy": Action.MANAGE_USERS,
    }
    filterset_fields = ["role"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = assignment_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        assignment_revoke(actor=self.request.user, assignment=instance)


class MeSerializer(serializers.ModelSerializer):
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "is_superuser", "assignments"]

    def get_assignments(self, user) -> list[dict]:
        live = Assignment.objects.live().filter(user=user)
        return [{"region": a.region_id, "role": a.role, "valid_until": a.valid_until} for a in live]


class MeView(APIView):
    """The caller and their live assignments: one object (a viewset's list would be described as a page)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)
