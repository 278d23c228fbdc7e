"""Read queries on the inventory, shared by pages, the API and the exports."""

import datetime

from django.db.models import Case, Count, IntegerField, Min, Q, Value, When
from django.db.models.functions import Substr

from accounts.choices import Action
from inventory.choices import EvidenceKind, Risk, Verification
from inventory.filters import EvidenceFilter, ProblemFilter
from inventory.models import Evidence, Problem
from regions import tree
from regions.choices import Level
from regions.models import Region


def problem_queryset(*, user, action: str = Action.VIEW):
    """Problems in reach, with what every list shows, in a fixed number of queries."""
    return (
        Problem.objects.visible_to(user, action)
        .with_verified_evidence()
        .annotate(
            risk_rank=Case(
                When(risk=Risk.HIGH, then=Value(3)),
                When(risk=Risk.MEDIUM, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("region", "category", "contest__election", "contest__region", "contest__dapil", "assignee")
        .defer("search_vector")
        .order_by("-created_at", "-id")
    )


def problem_filterset(*, user, data):
    return ProblemFilter(data or None, queryset=problem_queryset(user=user))


def problem_list(*, user, filters: dict):
    """Filtered problems in reach; invalid filter values are ignored here (the API validates first)."""
    filterset = problem_filterset(user=user, data=filters)
    return filterset.qs if filterset.is_valid() else filterset.queryset


def evidence_queryset(*, user, action: str = Action.VIEW):
    return (
        Evidence.objects.visible_to(user, action)
        .select_related("region", "uploaded_by", "verified_by", "contest__election", "replaces")
        # The tsvector is for search only; carried through the sort of a long list it was most of the work.
        .defer("search_vector", "replaces__search_vector")
        .order_by("-uploaded_at", "-id")
    )


def problem_evidence(*, user, problem: Problem):
    """The evidence of a problem that the user may see (never more, whatever is linked)."""
    return evidence_queryset(user=user).filter(problems=problem)


# The evidence a polling station (TPS) or village is expected to have.
EXPECTED_KINDS = {
    Level.TPS: [EvidenceKind.C_HASIL, EvidenceKind.C_HASIL_SALINAN],
    Level.VILLAGE: [EvidenceKind.C_HASIL],
    Level.DISTRICT: [EvidenceKind.D_HASIL_KECAMATAN],
    Level.REGENCY: [EvidenceKind.D_HASIL_KABKO],
    Level.PROVINCE: [EvidenceKind.D_HASIL_PROVINSI],
}


def evidence_coverage(*, user, region: Region) -> list[dict]:
    """For each child of `region` (or the region itself when it is a TPS): which evidence kinds exist,
    by count, and which expected kinds are missing. Two queries whatever the number of children or files."""
    children = list(Region.objects.visible_to(user).filter(parent=region).order_by("code"))
    rows = children or [region]
    level = rows[0].level
    counts: dict[str, dict[str, int]] = {r.code: {} for r in rows}
    evidence = Evidence.objects.visible_to(user).current()
    if children:
        evidence = evidence.filter(tree.descendants_q(region.code, "region__code"))
    else:
        evidence = evidence.filter(region=region)
    # Codes of one level have one length, so the child a file belongs to is a prefix of its region code.
    key = Substr("region_id", 1, len(rows[0].code))
    for row in evidence.annotate(key=key).values("key", "kind").annotate(n=Count("id")).order_by():
        if row["key"] in counts:
            counts[row["key"]][row["kind"]] = row["n"]
    expected = EXPECTED_KINDS.get(level, [])
    return [
        {
            "region": r,
            "counts": counts[r.code],
            "missing": [k for k in expected if not counts[r.code].get(k)],
        }
        for r in rows
    ]


def problem_detail_queryset(*, user, action: str = Action.VIEW):
    """Problems in reach, one at a time: with what the problem page and form show."""
    return Problem.objects.visible_to(user, action).select_related(
        "region", "category", "contest__election", "contest__region", "contest__dapil", "assignee", "reported_by"
    )


def problem_status_counts(problems) -> dict[str, int]:
    """How many of `problems` (a filtered list) are in each status."""
    return dict(problems.order_by().values_list("status").annotate(n=Count("pk")))


def evidence_detail_queryset(*, user, action: str = Action.VIEW):
    """Evidence in reach, one file at a time: with who uploaded and verified it and its contest."""
    return Evidence.objects.visible_to(user, action).select_related(
        "region", "uploaded_by", "verified_by", "contest__election"
    )


def evidence_versions(*, user, evidence: Evidence, limit: int) -> tuple[list[Evidence], list[Evidence]]:
    """Older and newer versions the user may see, nearest first (one query per version step)."""
    visible = Evidence.objects.visible_to(user).select_related("uploaded_by")
    older: list[Evidence] = []
    current = evidence
    while current.replaces_id and len(older) < limit:
        current = visible.filter(pk=current.replaces_id).first()
        if current is None:
            break
        older.append(current)
    newer: list[Evidence] = []
    current = evidence
    while len(newer) < limit:
        current = visible.filter(replaces=current).first()
        if current is None:
            break
        newer.append(current)
    return older, newer


def evidence_filterset(*, user, data):
    """The evidence list: current versions in reach (a corrected file is reached through its newest)."""
    return EvidenceFilter(data or None, queryset=evidence_queryset(user=user).current())


def verification_queue(*, user):
    """Evidence waiting for the user's verification, oldest first: current versions pending in their
    verify reach, never their own uploads (four eyes)."""
    return (
        evidence_queryset(user=user, action=Action.VERIFY_EVIDENCE)
        .current()
        .filter(verification=Verification.PENDING)
        .exclude(uploaded_by=user)
        .order_by("uploaded_at", "id")
    )


def first_opened(*, evidence: Evidence, user, before: datetime.datetime | None = None) -> datetime.datetime | None:
    """When `user` first opened the intact file (viewer or download), by `before` if given; None if not."""
    if user is None:
        return None
    opened = evidence.downloads.filter(user=user, intact=True)
    if before is not None:
        opened = opened.filter(at__lte=before)
    return opened.aggregate(at=Min("at"))["at"]


def evidence_download_counts(*, evidence: Evidence) -> dict[str, int]:
    """How often the file was downloaded, and how many of those found it altered (refused)."""
    return evidence.downloads.aggregate(total=Count("pk"), failed=Count("pk", filter=Q(intact=False)))


def evidence_problems(*, user, evidence: Evidence):
    """The problems a file is linked to that the user may see."""
    return problem_queryset(user=user).filter(evidence=evidence)


def problem_comments(*, problem: Problem):
    """The comments on a problem (in reach, so all of them), oldest first, with their authors."""
    return problem.comments.select_related("author")
