"""Read queries on dossier jobs, shared by the pages and the API."""

from accounts.choices import Action
from dossiers.models import DossierJob


def job_queryset(*, user):
    """The jobs of the regions where the user may export dossiers (whoever requested them)."""
    return (
        DossierJob.objects.visible_to(user, Action.EXPORT_DOSSIERS)
        .select_related("case", "region", "requested_by")
        .order_by("-requested_at", "-id")
    )
