"""Read queries on dossier jobs, shared by the pages and the API."""

from accounts.choices import Action
from accounts.scoping import reach_of
from dossiers.models import DossierJob


def can_export(user, region_code: str | None) -> bool:
    """May `user` export dossiers over `region_code`? A national subject (None) needs national reach."""
    return reach_of(user, Action.EXPORT_DOSSIERS).contains(region_code)


def job_queryset(*, user):
    """The jobs of the regions where the user may export dossiers (whoever requested them)."""
    return (
        DossierJob.objects.visible_to(user, Action.EXPORT_DOSSIERS)
        .select_related("case", "region", "requested_by")
        .order_by("-requested_at", "-id")
    )
