"""Read queries on MK cases, shared by the pages, the API, reminders and the dossiers.

Everything starts from `visible_to(user, action)`. A PPK (or anyone who reaches a claim's location
but not the case's office) sees the case partially (`CaseSight`): the claims located in their reach,
only the locations and numbers of those claims in reach, and the warnings about those claims; none of
the answer work (filing, deadlines, exhibits, hearings, counsel, ordered actions, members, foundation
checklist: cases.models.CaseWorkQuerySet). Pages and API read it from here; counts shown to them count
only what they may see.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import Reach, reach_of
from cases.choices import CertifiedCopy, ClaimStatus
from cases.consistency import Finding, consistency_findings
from cases.figures import FigureRow, by_location, figure_row
from cases.filters import CaseFilter, ClaimFilter
from cases.foundation import ExhibitGap, FoundationItem, exhibit_gaps, foundation_checklist, out_of_place
from cases.models import Case, Citation, Claim, ClaimFigure, Counsel, Exhibit, Hearing
from cases.official import with_official
from inventory.choices import Verification
from regions import tree

EVIDENCE_CHOICES = 200  # the newest evidence of the office offered when making an exhibit
FORM_CHILD_REGIONS = 200  # the places below a claim's locations offered in its numbers form


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
            exhibit_count=_count(Exhibit.objects.visible_to(user).filter(case_id=OuterRef("pk")).order_by(), "case_id"),
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


# --- how much of a case a user sees ----------------------------------------------------------------


@dataclass(frozen=True)
class CaseSight:
    """How much of one case a user sees: the whole of it when they reach its Termohon office or another
    respondent office; otherwise (they see it through a claim located in their area) only the places in
    `reach`, as the module docstring lists. The case page, the claim page and the API all ask it."""

    whole: bool
    reach: Reach

    def sees(self, code: str | None) -> bool:
        """Whether a place of the case (a claim's location, a number's region) is shown."""
        return self.whole or self.reach.contains(code)

    def q(self, lookup: str) -> Q:
        """`sees` as a filter on the region code at `lookup`."""
        return Q() if self.whole else self.reach.q(lookup)


SYSTEM_SIGHT = CaseSight(whole=True, reach=Reach(everything=True))  # reminders, commands: no viewer


def case_sight(*, user, case: Case) -> CaseSight:
    """Prefetch the case's `other_respondent_offices` when asking for many cases."""
    return CaseSight(whole=reaches_office(user=user, case=case), reach=reach_of(user, Action.VIEW))


def shown_locations(*, claim: Claim, sight: CaseSight) -> list:
    """The claim's locations the viewer is shown, in code order (prefetch `locations` for many claims)."""
    return sorted((r for r in claim.locations.all() if sight.sees(r.code)), key=lambda r: r.code)


def claim_queryset(*, user, action: str = Action.VIEW):
    """Claims in reach: every claim of a case whose office is in reach, otherwise only the claims
    located in reach (PPK). Changing one needs the case's office (the services check it again)."""
    queryset = Claim.objects.visible_to(user, action)
    if action != Action.VIEW:
        queryset = queryset.filter(case__in=Case.objects.visible_to(user, action).values("pk"))
    return (
        queryset.select_related("case__contest", "case__respondent_office", "category", "assignee", "dapil")
        .prefetch_related("locations")
        .annotate(exhibit_count=_count(cited_exhibits(user=user).filter(claim_id=OuterRef("pk")), "claim_id"))
        .order_by("case_id", "position", "id")
    )


def cited_exhibits(*, user):
    """Citations of the exhibits the user sees (none of a case seen partially)."""
    return Citation.objects.filter(exhibit__in=Exhibit.objects.visible_to(user).values("pk")).order_by()


def claims_of_managed_cases(*, user):
    """Claims of the cases whose office the user manages (not a claim merely located in reach); scope
    them with `get_visible_or_404`."""
    return Claim.objects.select_related("case__contest").filter(
        case__in=Case.objects.visible_to(user, Action.MANAGE_CASES).values("pk")
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


def figure_queryset(*, claim: Claim, sight: CaseSight):
    """The claim's numbers the viewer is shown: a partial viewer only those placed in reach."""
    return (
        ClaimFigure.objects.filter(claim=claim)
        .filter(sight.q("region__code"))
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
    whose evidence is unverified or rejected, or whose copy is not certified. With `user`, only what the
    user sees counts: their claims, the exhibits they see, the evidence in their reach (no warning names a
    file they may not open). Four queries whatever the size of the case."""
    from inventory.models import Evidence

    claims = Claim.objects.filter(case=case, status=ClaimStatus.FINAL)
    exhibits, evidence = Exhibit.objects.all(), Evidence.objects.all()
    if user is not None:
        claims = claims.filter(pk__in=Claim.objects.visible_to(user).values("pk"))
        exhibits, evidence = Exhibit.objects.visible_to(user), Evidence.objects.visible_to(user)
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
        exhibits.filter(pk__in=cited_by)
        .order_by("sequence")
        .prefetch_related(
            Prefetch("evidence", queryset=evidence.order_by("id").only("id", "verification", "original_name"))
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


def claim_consistency(*, claim: Claim, sight: CaseSight, user=None) -> list[Finding]:
    """The consistency findings of the claim's numbers the viewer is shown (rules per side, roll-ups,
    differences), the KPU's numbers as `claim_numbers` reads them: a roll-up in reach has its parts in
    reach too, so nothing shown changes."""
    return claim_numbers(claim=claim, sight=sight, user=user)[1]


def case_consistency(*, case: Case, claim_ids: list[int], figures: list) -> dict[int, list[Finding]]:
    """Findings per claim of the case over its numbers shown (`figures`), per claim in memory."""
    by_claim: dict[int, list] = {pk: [] for pk in claim_ids}
    for figure in figures:
        by_claim[figure.claim_id].append(figure)
    count = _participant_count(case)
    return {pk: consistency_findings(figures, participant_count=count) for pk, figures in by_claim.items()}


def claim_numbers(*, claim: Claim, sight: CaseSight, user) -> tuple[list[FigureRow], list[Finding]]:
    """The claim's numbers the viewer is shown as side-by-side rows, the KPU's from the official store
    where it has them (as `user` may read it; None: the typed ones), each with the findings that concern
    it; and all those findings. One read of the numbers, one of the store."""
    figures = with_official(figure_queryset(claim=claim, sight=sight), user=user, contest=claim.case.contest_id)
    findings = consistency_findings(figures, participant_count=_participant_count(claim.case))
    return [figure_row(figure, findings) for figure in figures], findings


def figure_table(*, claim: Claim, sight: CaseSight, user=None) -> list[FigureRow]:
    """`claim_numbers`' rows."""
    return claim_numbers(claim=claim, sight=sight, user=user)[0]


@dataclass
class ClaimFigures:
    """One claim's part of the case's side-by-side numbers."""

    claim: Claim
    locations: list[tuple]  # [(region, [FigureRow])] in code order
    findings: list[Finding]


def case_figure_table(*, user, case: Case) -> list[ClaimFigures]:
    """Every visible claim's numbers as side-by-side rows, grouped per claim then location, with their
    findings. A fixed number of queries whatever the number of claims."""
    claims = list(claim_queryset(user=user).filter(case=case))
    sight = case_sight(user=user, case=case)
    figures = (
        ClaimFigure.objects.filter(claim_id__in=[c.pk for c in claims])
        .filter(sight.q("region__code"))
        .select_related("region", "participant")
        .order_by("claim_id", "region_id", "metric", "participant__ballot_number", "id")
    )
    figures = with_official(figures, user=user, contest=case.contest_id)
    findings = case_consistency(case=case, claim_ids=[c.pk for c in claims], figures=figures)
    rows: dict[int, list[FigureRow]] = {claim.pk: [] for claim in claims}
    for figure in figures:
        rows[figure.claim_id].append(figure_row(figure, findings.get(figure.claim_id, [])))
    return [ClaimFigures(c, by_location(rows[c.pk]), findings.get(c.pk, [])) for c in claims]


@dataclass
class FigureChoices:
    """What the numbers form of a claim offers: its locations (and the places directly below them),
    the contest's ballot, and the numbers stored."""

    locations: list
    regions: list
    participants: list
    figures: list[ClaimFigure]


def figure_choices(*, claim: Claim) -> FigureChoices:
    from elections.models import Participant
    from regions.models import Region

    locations = list(claim.locations.order_by("code"))
    children = Region.objects.filter(parent__in=locations).order_by("code")[:FORM_CHILD_REGIONS] if locations else []
    regions = locations + [r for r in children if r not in locations]
    if not regions and claim.case.contest.region_id:
        regions = [claim.case.contest.region]
    return FigureChoices(
        locations=locations,
        regions=regions,
        participants=list(Participant.objects.filter(contest_id=claim.case.contest_id).order_by("ballot_number")),
        figures=list(
            claim.figures.select_related("participant").order_by("region_id", "metric", "participant__ballot_number")
        ),
    )


# --- the claim page --------------------------------------------------------------------------------


def claim_regions(*, user, case: Case):
    """Where a claim may be located: the regions the user manages cases in inside the contest's area."""
    from regions.models import Region

    regions = Region.objects.visible_to(user, Action.MANAGE_CASES)
    area = case.contest.region_id if case.contest_id else None
    if area:
        regions = regions.filter(tree.subtree_q(area))
    return regions


def claim_citations(*, user, claim: Claim) -> list[Citation]:
    """The exhibits the claim's answer cites that the user sees, in label order, with their evidence in
    the user's reach."""
    from inventory.models import Evidence

    return list(
        cited_exhibits(user=user)
        .filter(claim=claim)
        .select_related("exhibit")
        .prefetch_related(Prefetch("exhibit__evidence", queryset=Evidence.objects.visible_to(user).order_by("id")))
        .order_by("exhibit__sequence")
    )


def uncited_exhibits(*, claim: Claim, cited: set[int]):
    """The case's other exhibits, offered for citing."""
    return Exhibit.objects.filter(case_id=claim.case_id).exclude(pk__in=cited).order_by("sequence")


def claim_problems(*, user, claim: Claim):
    """The problems of the inventory tied to the claim that the user sees."""
    from inventory.models import Problem

    return Problem.objects.visible_to(user).filter(claims=claim).select_related("region")


# --- the case page ---------------------------------------------------------------------------------


def case_with_parties():
    """Cases with the contest, the parties and the office the pages show; scope them with
    `get_visible_or_404`."""
    return Case.objects.select_related(
        "contest__election", "contest__region", "applicant", "related_party", "respondent_office"
    )


def reaches_office(*, user, case: Case, action: str = Action.VIEW) -> bool:
    """Whether the user reaches the case's Termohon office or another respondent office, and so sees
    the whole case (a PPK who reaches only a claim's location does not). Prefetch
    `other_respondent_offices` when calling it for many cases."""
    reach = reach_of(user, action)
    offices = [case.respondent_office_id, *(r.pk for r in case.other_respondent_offices.all())]
    return any(reach.contains(code) for code in offices)


def exhibits_in_order(*, case: Case):
    return Exhibit.objects.filter(case=case).order_by("sequence")


def offered_evidence(*, user, case: Case, keep=()):
    """The evidence offered for an exhibit: the newest of the office's area the user sees, plus what the
    exhibit already holds."""
    from inventory.models import Evidence

    evidence = Evidence.objects.visible_to(user).order_by("-uploaded_at", "-id")
    if case.respondent_office_id:
        evidence = evidence.filter(tree.subtree_q(case.respondent_office_id, "region__code"))
    newest = Q(pk__in=evidence.values("pk")[:EVIDENCE_CHOICES])
    held = Q(pk__in=Evidence.objects.visible_to(user).filter(pk__in=[e.pk for e in keep]).values("pk"))
    return (
        Evidence.objects.filter(newest | held)
        .select_related("region", "contest__election", "contest__region", "contest__dapil")
        .order_by("-id")
    )


def case_foundation(*, case: Case, exhibits=None) -> list[FoundationItem]:
    """The foundation checklist of the case (cases.foundation): present and missing foundation exhibits.
    Pass the case's `exhibits` when they are loaded already; otherwise one query."""
    if exhibits is None:
        exhibits = Exhibit.objects.filter(case=case).exclude(foundation="").order_by("sequence")
    return foundation_checklist(case, exhibits)


def counsel_list(*, user, case: Case) -> list[Counsel]:
    """The case's counsel, for whoever sees the whole case (none for a partial viewer)."""
    return list(Counsel.objects.visible_to(user).filter(case=case).order_by("position", "id"))


def hearing_list(*, user, case: Case) -> list[Hearing]:
    """The case's hearings, for whoever sees the whole case (none for a partial viewer)."""
    return list(
        Hearing.objects.visible_to(user).filter(case=case).prefetch_related("attendees").order_by("starts_at", "id")
    )


def case_deadline_summary(*, user, case: Case) -> dict:
    """Whether the petition came late and the deadlines the engine computes, for whoever sees the whole
    case; for a partial viewer neither (`petition_late` None, no deadlines): they tell the hearings'
    times, which such a viewer does not see."""
    from cases import deadlines as deadline_engine

    if not case_sight(user=user, case=case).whole:
        return {"petition_late": None, "deadlines": []}
    return {
        "petition_late": deadline_engine.petition_late(case),
        "deadlines": deadline_engine.case_deadlines(case, hearings=hearing_list(user=user, case=case)),
    }


@dataclass
class CaseDetail:
    """What the case page shows a user: a partial viewer (`sight.whole` false) gets only the claims and
    the warnings about them; the answer work stays empty."""

    case: Case
    sight: CaseSight
    claims: list
    warnings: list[ExhibitWarning]
    can_manage: bool = False
    exhibits: list = field(default_factory=list)
    hearings: list = field(default_factory=list)
    orders: list = field(default_factory=list)
    members: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    petition_late: bool | None = None
    warnings_by_exhibit: dict[int, list[ExhibitWarning]] = field(default_factory=dict)
    counsel: list = field(default_factory=list)
    foundation: list[FoundationItem] = field(default_factory=list)
    foundation_out_of_place: bool = False
    gaps: list[ExhibitGap] = field(default_factory=list)

    @property
    def claim_rows(self) -> list[tuple[Claim, list]]:
        """Each claim with the locations the user is shown."""
        return [(claim, shown_locations(claim=claim, sight=self.sight)) for claim in self.claims]


def case_detail(*, user, case: Case) -> CaseDetail:
    """Everything the case page shows, limited to what the user may see, in a fixed number of queries.
    Prefetch the case's `other_respondent_offices`."""
    from cases import deadlines as deadline_engine

    sight = case_sight(user=user, case=case)
    claims = list(claim_queryset(user=user).filter(case=case).prefetch_related("citations__exhibit"))
    warnings = exhibit_warnings(case=case, user=user)
    if not sight.whole:
        return CaseDetail(case=case, sight=sight, claims=claims, warnings=warnings)
    exhibits = list(exhibit_queryset(user=user).filter(case=case))
    hearings = hearing_list(user=user, case=case)
    by_exhibit: dict[int, list[ExhibitWarning]] = {}
    for warning in warnings:
        if warning.exhibit_id is not None:
            by_exhibit.setdefault(warning.exhibit_id, []).append(warning)
    foundation = case_foundation(case=case, exhibits=exhibits)
    return CaseDetail(
        case=case,
        sight=sight,
        claims=claims,
        warnings=warnings,
        can_manage=can_manage(user=user, case=case),
        exhibits=exhibits,
        hearings=hearings,
        orders=list(case.orders.prefetch_related("regions").order_by("id")),
        members=list(case.members.order_by("full_name", "username")),
        deadlines=deadline_engine.case_deadlines(case, hearings=hearings),
        petition_late=deadline_engine.petition_late(case),
        warnings_by_exhibit=by_exhibit,
        counsel=counsel_list(user=user, case=case),
        foundation=foundation,
        foundation_out_of_place=out_of_place(foundation, exhibits),
        gaps=exhibit_gaps(exhibits),
    )
