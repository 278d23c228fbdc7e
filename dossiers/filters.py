import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from dossiers.choices import DossierKind, JobStatus


class DossierFilter(django_filters.FilterSet):
    case = IdFilter(field_name="case_id", label=_("Case"))
    kind = django_filters.ChoiceFilter(choices=DossierKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=JobStatus.choices, label=_("Status"))
