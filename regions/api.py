from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from core.api import ScopedViewSetMixin
from regions.filters import RegionFilter
from regions.models import Region
from regions.selectors import region_list, region_queryset


class RegionSerializer(serializers.ModelSerializer):
    child_count = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(source="kind_label", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent", "child_count"]


class RegionViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The administrative tree, limited to the caller's reach."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    filterset_class = RegionFilter

    def scoped_queryset(self, user, action):
        return region_queryset(user=user)

    @extend_schema(responses=RegionSerializer(many=True), filters=False)
    @action(detail=True, filterset_class=None)
    def children(self, request, code=None):
        region = self.get_object()
        page = self.paginate_queryset(region_list(user=request.user, filters={"parent": region.code}))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
