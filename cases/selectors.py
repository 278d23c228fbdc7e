"""Read queries on MK cases, shared by the pages, the API, reminders and the dossiers.

Everything starts from `visible_to(user, action)`. A PPK (or anyone who reaches a claim's location
but not the case's office) sees the case, only the claims located in their reach, and only the
evidence in their reach; counts shown to them count only what they may see.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.choices import Action
from cases.choices import CertifiedCopy, ClaimStatus
from cases.consistency import Finding, consistency_findings
from cases.filters import CaseFilter, ClaimFilter
from cases.foundation import ExhibitGap, FoundationItem, exhibit_gaps, foundation_checklist, out_of_place
from cases.models import Case, Citation, Claim, ClaimFigure, Counsel, Exhibit, Hearing
from inventory.choices import Verification


def _count(queryset, outer: str = "pk"):
    """A correlated count (one subquery in the list query, never one query per row)."""
    return Coalesce(
        Subquery(queryset.values(outer).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def case_queryset(*, user, action: str = Action.VIEW):
    """Cases in reach, with what every list shows, in a fixed number of queries."""
    visible_claims = Claim.objects.visible_to(user).filter(case_id=OuterRef("pk")).order_by()
    return (
        Case.objects.visible_to(user, action)
        .select_related(
            "contest__election", "contest__region", "contest__dapil", "applicant", "related_party", "respondent_office"
        )
        .annotate(
            claim_count=_count(visible_claims, "case_id"),
            exhibit_count=_count(Exhibit.objects.filter(case_id=OuterRef("pk")).order_by(), "case_id"),
        )
        .order_by("-created_at", "-id")
    )


def case_filterset(*, user, data):
    return CaseFilter(data or None, queryset=case_queryset(user=user))


def case_list(*, user, filters: dict):
    """Filtered cases in reach; invalid filter values are ignored here (the API validates first)."""
    filterset = case_filterset(user=user, data=filters)
    return filterset.qs if filterset.is_valid() else filterset.queryset


def can_manage(*, user, case: Case) -> bool:
    return Case.objects.visible_to(user, Action.MANAGE_CASES).filter(pk=case.pk).exists()


def claim_queryset(*, user, action: str = Action.VIEW):
    """Claims in reach: every claim of a case whose office is in reach, otherwise only the claims
    located in reach (PPK). Changing one needs the case's office (the services check it again)."""
    queryset = Claim.objects.visible_to(user, action)
    if action != Action.VIEW:
        queryset = queryset.filter(case__in=Case.objects.visible_to(user, action).values("pk"))
    return (
        queryset.select_related("case__contest", "case__respondent_office", "category", "assignee", "dapil")
        .prefetch_related("locations")
        .annotate(exhibit_count=_count(Citation.objects.filter(claim_id=OuterRef("pk")).order_by(), "claim_id"))
        .order_by("case_id", "position", "id")
    )


def claim_list(*, user, filters: dict):
    filterset = ClaimFilter(filters or None, queryset=claim_queryset(user=user))
    return filterset.qs if filterset.is_valid() else filterset.queryset


def exhibit_queryset(*, user, action: str = Action.VIEW):
    """Exhibits of the cases in reach; their evidence and citing claims limited to what the user sees."""
    from inventory.models import Evidence

    return (
        Exhibit.objects.visible_to(user, action)
        .select_related("case")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.visible_to(user).order_by("id")),
            Prefetch(
                "citations",
                queryset=Citation.objects.filter(claim__in=Claim.objects.visible_to(user).values("pk"))
                .select_related("claim")
                .order_by("claim__position", "claim_id"),
            ),
        )
        .order_by("case_id", "sequence")
    )


def figure_queryset(*, claim: Claim):
    return (
        ClaimFigure.objects.filter(claim=claim)
        .select_related("region", "participant")
        .order_by("region_id", "metric", "participant__ballot_number", "id")
    )


# --- warnings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExhibitWarning:
    """Something to fix before the answer is filed. `code`: uncited_final_claim, evidence_unverified,
    evidence_rejected, not_certified."""

    code: str
    message: str
    claim_ids: tuple[int, ...] = ()
    claim_numbers: tuple[str, ...] = ()
    exhibit_id: int | None = None
    exhibit_label: str = ""
    evidence_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "claims": list(self.claim_ids),
            "claim_numbers": list(self.claim_numbers),
            "exhibit": self.exhibit_id,
            "exhibit_label": self.exhibit_label,
            "evidence": self.evidence_id,
        }


def exhibit_warnings(*, case: Case, user=None) -> list[ExhibitWarning]:
    """What weakens the answer: a final claim that cites no exhibit; an exhibit cited by a final claim
    whose evidence is unverified or rejected, or whose copy is not certified. With `user`, only claims
    the user sees count. Four queries whatever the size of the case."""
    from inventory.models import Evidence

    claims = Claim.objects.filter(case=case, status=ClaimStatus.FINAL)
    if user is not None:
        claims = claims.filter(pk__in=Claim.objects.visible_to(user).values("pk"))
    finals = {pk: number for pk, number in claims.order_by("position", "id").values_list("pk", "number")}
    cited_by: dict[int, list[int]] = {}
    for claim_id, exhibit_id in Citation.objects.filter(claim_id__in=finals).values_list("claim_id", "exhibit_id"):
        cited_by.setdefault(exhibit_id, []).append(claim_id)

    warnings = [
        ExhibitWarning(
            code="uncited_final_claim",
            message=_("Dalil %(number)s is final but cites no exhibit.") % {"number": number},
            claim_ids=(pk,),
            claim_numbers=(number,),
        )
        for pk, number in finals.items()
        if not any(pk in ids for ids in cited_by.values())
    ]
    exhibits = (
        Exhibit.objects.filter(pk__in=cited_by)
        .order_by("sequence")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("id").only("id", "verification", "original_name"))
        )
    )
    for exhibit in exhibits:
        claim_ids = tuple(sorted(cited_by[exhibit.pk], key=list(finals).index))
        common = {
            "claim_ids": claim_ids,
            "claim_numbers": tuple(finals[c] for c in claim_ids),
            "exhibit_id": exhibit.pk,
            "exhibit_label": exhibit.label,
        }
        for evidence in exhibit.evidence.all():
            if evidence.verification == Verification.PENDING:
                warnings.append(
                    ExhibitWarning(
                        code="evidence_unverified",
                        message=_("%(label)s: %(name)s is not verified yet.")
                        % {"label": exhibit.label, "name": evidence.original_name},
                        evidence_id=evidence.pk,
                        **common,
                    )
                )
            elif evidence.verification == Verification.REJECTED:
                warnings.append(
                    ExhibitWarning(
                        code="evidence_rejected",
                        message=_("%(label)s: %(name)s was rejected at verification.")
                        % {"label": exhibit.label, "name": evidence.original_name},
                        evidence_id=evidence.pk,
                        **common,
                    )
                )
        if exhibit.certified_copy not in (CertifiedCopy.CERTIFIED, CertifiedCopy.NOT_NEEDED):
            warnings.append(
                ExhibitWarning(
                    code="not_certified",
                    message=_("%(label)s has no certified copy (dilegalisir) yet.") % {"label": exhibit.label},
                    **common,
                )
            )
    return warnings


# --- consistency and the side-by-side numbers ------------------------------------------------------


def _participant_count(case: Case) -> int:
    """Parties or candidate pairs on the ballot: what the valid votes are the sum of."""
    return case.contest.participants.filter(party__isnull=True).count()


def claim_consistency(*, claim: Claim) -> list[Finding]:
    """The consistency findings of one claim's numbers (rules per side, roll-ups, differences)."""
    figures = list(ClaimFigure.objects.filter(claim=claim).select_related("participant"))
    return consistency_findings(figures, participant_count=_participant_count(claim.case))


def case_consistency(*, case: Case, user) -> dict[int, list[Finding]]:
    """Findings per visible claim of the case: one query for the numbers, then per claim in memory."""
    claim_ids = list(claim_queryset(user=user).filter(case=case).values_list("pk", flat=True))
    by_claim: dict[int, list] = {pk: [] for pk in claim_ids}
    for figure in ClaimFigure.objects.filter(claim_id__in=claim_ids).select_related("participant"):
        by_claim[figure.claim_id].append(figure)
    count = _participant_count(case)
    return {pk: consistency_findings(figures, participant_count=count) for pk, figures in by_claim.items()}


@dataclass
class FigureRow:
    """One line of the side-by-side table: the applicant's number against the KPU's."""

    region: object
    metric: str
    metric_label: str
    participant: object | None
    applicant: int | None
    official: int | None
    difference: int | None
    findings: list = field(default_factory=list)


def figure_table(*, claim: Claim, findings: list[Finding] | None = None) -> list[FigureRow]:
    """The claim's numbers as side-by-side rows, each with the findings that concern it."""
    findings = claim_consistency(claim=claim) if findings is None else findings
    rows = []
    for figure in figure_queryset(claim=claim):
        concerns = [
            f
            for f in findings
            if (f.region, f.metric, f.participant) == (figure.region_id, figure.metric, figure.participant_id)
        ]
        rows.append(
            FigureRow(
                region=figure.region,
                metric=figure.metric,
                metric_label=figure.get_metric_display(),
                participant=figure.participant,
                applicant=figure.applicant_value,
                official=figure.official_value,
                difference=figure.difference,
                findings=concerns,
            )
        )
    return rows


# --- the case page ---------------------------------------------------------------------------------


def case_foundation(*, case: Case, exhibits=None) -> list[FoundationItem]:
    """The foundation checklist of the case (cases.foundation): present and missing foundation exhibits.
    Pass the case's `exhibits` when they are loaded already; otherwise one query."""
    if exhibits is None:
        exhibits = Exhibit.objects.filter(case=case).exclude(foundation="").order_by("sequence")
    return foundation_checklist(case, exhibits)


def counsel_list(*, case: Case) -> list[Counsel]:
    return list(Counsel.objects.filter(case=case).order_by("position", "id"))


@dataclass
class CaseDetail:
    case: Case
    can_manage: bool
    claims: list
    exhibits: list
    hearings: list
    orders: list
    members: list
    deadlines: list
    petition_late: bool | None
    warnings: list[ExhibitWarning]
    warnings_by_exhibit: dict[int, list[ExhibitWarning]]
    counsel: list = field(default_factory=list)
    foundation: list[FoundationItem] = field(default_factory=list)
    foundation_out_of_place: bool = False
    gaps: list[ExhibitGap] = field(default_factory=list)


def case_detail(*, user, case: Case) -> CaseDetail:
    """Everything the case page shows, limited to what the user may see, in a fixed number of queries."""
    from cases import deadlines as deadline_engine

    claims = list(claim_queryset(user=user).filter(case=case).prefetch_related("citations__exhibit"))
    exhibits = list(exhibit_queryset(user=user).filter(case=case))
    hearings = list(Hearing.objects.filter(case=case).prefetch_related("attendees").order_by("starts_at", "id"))
    orders = list(case.orders.prefetch_related("regions").order_by("id"))
    warnings = exhibit_warnings(case=case, user=user)
    by_exhibit: dict[int, list[ExhibitWarning]] = {}
    for warning in warnings:
        if warning.exhibit_id is not None:
            by_exhibit.setdefault(warning.exhibit_id, []).append(warning)
    foundation = case_foundation(case=case, exhibits=exhibits)
    return CaseDetail(
        case=case,
        can_manage=can_manage(user=user, case=case),
        claims=claims,
        exhibits=exhibits,
        hearings=hearings,
        orders=orders,
        members=list(case.members.order_by("full_name", "username")),
        deadlines=deadline_engine.case_deadlines(case, hearings=hearings),
        petition_late=deadline_engine.petition_late(case),
        warnings=warnings,
        warnings_by_exhibit=by_exhibit,
        counsel=counsel_list(case=case),
        foundation=foundation,
        foundation_out_of_place=out_of_place(foundation, exhibits),
        gaps=exhibit_gaps(exhibits),
    )
