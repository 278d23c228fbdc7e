from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from core.api import ScopedViewSetMixin
from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Contest, Dapil, Election, Participant
from elections.selectors import contest_queryset, dapil_queryset, participant_queryset
from elections.services import contest_create, election_create, participant_create
from regions.models import Region


class ElectionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ElectionKind.choices)

    class Meta:
        model = Election
        fields = ["id", "name", "kind", "voting_date"]


class ElectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Elections are national: every signed-in user reads them; creating one needs national reach."""

    queryset = Election.objects.all()
    serializer_class = ElectionSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        election = election_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(election).data, status=status.HTTP_201_CREATED)


class DapilSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Dapil
        fields = ["id", "election", "contest_type", "name", "regions"]


class DapilViewSet(viewsets.ReadOnlyModelViewSet):
    """Electoral districts are public law (the KPU's own decree): every signed-in user reads them."""

    serializer_class = DapilSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["election", "contest_type"]

    def get_queryset(self):
        return dapil_queryset()


class ContestSerializer(serializers.ModelSerializer):
    contest_type = serializers.ChoiceField(choices=ContestType.choices)
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False
    )
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Contest
        fields = ["id", "election", "contest_type", "region", "dapil", "label"]


class ContestViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Contests seen from the caller's reach: those of their regions and of the regions above them."""

    queryset = Contest.objects.all()
    serializer_class = ContestSerializer
    filterset_fields = ["election", "contest_type", "region"]

    def scoped_queryset(self, user, action):
        return contest_queryset(user=user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contest = contest_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(contest).data, status=status.HTTP_201_CREATED)


class ParticipantSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ParticipantKind.choices)

    class Meta:
        model = Participant
        fields = ["id", "contest", "kind", "name", "ballot_number", "party"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only contests the caller can see may be named; others read as 'does not exist'.
            self.fields["contest"].queryset = contest_queryset(user=request.user)
            self.fields["party"].queryset = participant_queryset(user=request.user)


class ParticipantViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Parties, candidates and candidate pairs of the contests the caller can see."""

    queryset = Participant.objects.all()
    serializer_class = ParticipantSerializer
    filterset_fields = ["contest", "kind", "party"]

    def scoped_queryset(self, user, action):
        return participant_queryset(user=user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = participant_create(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(participant).data, status=status.HTTP_201_CREATED)
