"""Looking at evidence before vouching for it: the evidence list, the verification queue (what waits for
the user, oldest first) and the in-page viewer whose page holds the verify/reject form. The viewer reads
the file through the logged, hash-checking download view (`?view=1`), which records that it was opened;
the verification service refuses a verifier who never opened the file."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from accounts.choices import Action
from accounts.scoping import get_visible_or_404, reach_of, require_some_reach
from core.pagination import TwoStepPaginator
from inventory import evidence_files, selectors
from inventory.models import Evidence

PAGE_SIZE = 50
# What the viewer can show in the page; anything else (video, office files) is downloaded.
IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}
PDF_TYPES = {"application/pdf"}


@login_required
def evidence_list(request):
    """Current evidence in reach, with the filters the API has (the dashboard's counts link here)."""
    filterset = selectors.evidence_filterset(user=request.user, data=request.GET)
    evidence = filterset.qs if filterset.is_valid() else filterset.queryset
    page = TwoStepPaginator(evidence, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/evidence_list.html",
        {"filter": filterset, "page": page, "evidence": page.object_list, "queue": False},
    )


@login_required
def verification_queue(request):
    """What waits for this user's verification, oldest first, never their own uploads."""
    require_some_reach(request.user, Action.VERIFY_EVIDENCE)
    waiting = selectors.verification_queue(user=request.user)
    page = TwoStepPaginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/evidence_list.html",
        {"page": page, "evidence": page.object_list, "queue": True},
    )


def viewer_kind(evidence: Evidence) -> str | None:
    """ "pdf", "image" or None (the viewer cannot show it: download it). HEIC stays out: browsers
    other than Safari do not draw it."""
    if evidence.mime_type in PDF_TYPES:
        return "pdf"
    if evidence.mime_type in IMAGE_TYPES:
        return "image"
    return None


@login_required
def evidence_viewer(request, pk: int):
    """Every page of a PDF, or the photo with zoom; with the verify/reject form for those who may."""
    user = request.user
    evidence = get_visible_or_404(selectors.evidence_detail_queryset(user=user), user, pk=pk)
    can_verify = reach_of(user, Action.VERIFY_EVIDENCE).contains(evidence.region_id)
    file_url = reverse("evidence_download", args=[evidence.pk]) + "?view=1"
    return render(
        request,
        "inventory/evidence_viewer.html",
        {
            "evidence": evidence,
            "kind": viewer_kind(evidence),
            "file_url": file_url,
            "location_free": evidence_files.leaves_without_location(evidence),
            "can_verify": can_verify,
            "own_upload": evidence.uploaded_by_id == user.pk,
            "opened_at": selectors.first_opened(evidence=evidence, user=user),
            "next": reverse("verification_queue"),
        },
    )
