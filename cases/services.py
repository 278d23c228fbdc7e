"""Writes to MK cases: the case, its population base, hearings, counsel, and the claims (dalil) with
their numbers. The exhibits and their labels are in cases/services_exhibits.py.

Each service is keyword-only, validated (`clean_or_raise`), atomic and scoped: the actor must be able
to manage cases (`Action.MANAGE_CASES`) at the case's Termohon office (or one of the other
respondent offices; cases/guards.py), and after the write the case is checked again inside the same
transaction. The actor is named in the audit history (`actor=None` is the system: commands and the
demo loader).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.choices import Action
from accounts.scoping import ensure_in_reach, reach_of
from cases.choices import ANSWER_FILED_OR_LATER, CaseStatus, ClaimStatus, Metric
from cases.deadlines import order_due
from cases.guards import ensure_manages_case, lock_case
from cases.models import FILING_FIELDS, Case, Claim, ClaimFigure, Counsel, Exhibit, Hearing, RegionPopulation
from cases.services_exhibits import exhibit_cite, exhibit_create, exhibits_freeze
from core.audit import record_actor
from core.errors import ApplicationError, clean_or_raise, reject_unknown_fields
from regions import tree

if TYPE_CHECKING:
    from accounts.models import User

CASE_FIELDS = frozenset(
    {
        "register_number",
        "kind",
        "contest",
        "applicant",
        "related_party",
        "respondent_office",
        "applicant_counsel",
        "summary",
        "outcome",
        "outcome_notes",
        *FILING_FIELDS,
        "total_valid_votes",
        "applicant_votes",
        "winner_votes",
    }
)
CASE_M2M = frozenset({"other_respondent_offices", "members"})
HEARING_FIELDS = frozenset({"starts_at", "agenda", "place", "other_attendees", "outcome"})
CLAIM_FIELDS = frozenset({"number", "position", "summary", "category", "dapil", "response", "assignee"})
COUNSEL_FIELDS = frozenset({"name", "kind", "substitute", "position"})


def _check_case_refs(actor, case: Case) -> None:
    """The contest must be one the actor can see."""
    if actor is not None and case.contest_id:
        from elections.selectors import contest_queryset

        if not contest_queryset(user=actor).filter(pk=case.contest_id).exists():
            raise ApplicationError.for_field("contest", _("Unknown contest."))


def _check_offices(actor, offices, current=()) -> None:
    """Other respondent offices are KPU offices, and each manages the case once listed: the actor must
    manage cases at every office they add or take away (`current`: the offices listed now)."""
    from regions.choices import Level

    for office in offices:
        if office.level not in (Level.PROVINCE, Level.REGENCY):
            raise ApplicationError.for_field(
                "other_respondent_offices", _("A respondent is a KPU office: a province or a regency/city.")
            )
    changed = {office.pk for office in offices} ^ {office.pk for office in current}
    for code in sorted(changed):
        ensure_in_reach(actor, Action.MANAGE_CASES, code, field="other_respondent_offices")


def _check_members(case: Case, members) -> None:
    """Assigned members must reach the case's office (they get its reminders and open its pages). A name
    no active user has is a stand-in that sees nothing (accounts.selectors.person_named): the same words."""
    for member in members:
        if not reach_of(member, Action.VIEW).contains(case.respondent_office_id):
            raise ApplicationError.for_field(
                "members",
                _("%(user)s is not an active user who can see this case's office.") % {"user": member.get_username()},
            )


def _check_filing(case: Case) -> None:
    """The eksepsi of an unclear petition (obscuur libel) is argued, not just raised: it needs its grounds."""
    case.obscuur_libel_grounds = (case.obscuur_libel_grounds or "").strip()
    if case.obscuur_libel and not case.obscuur_libel_grounds:
        raise ApplicationError.for_field(
            "obscuur_libel_grounds",
            _(
                "Give the grounds of the obscuur libel eksepsi: where the petition's claims (posita) and what "
                "it asks (petitum) do not match."
            ),
        )


# --- cases -----------------------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *, actor: User | None, other_respondent_offices: Iterable = (), members: Iterable = (), **fields
) -> Case:
    """Register a petition. The actor must manage cases at the Termohon office (`respondent_office`;
    empty = KPU RI, national reach only)."""
    reject_unknown_fields(fields, CASE_FIELDS)
    case = Case(created_by=actor, **fields)
    ensure_in_reach(actor, Action.MANAGE_CASES, case.respondent_office_id, field="respondent_office")
    _check_case_refs(actor, case)
    _check_filing(case)
    clean_or_raise(case)
    offices, members = list(other_respondent_offices), list(members)
    _check_offices(actor, offices)
    _check_members(case, members)
    record_actor(case, actor)
    case.save()
    if offices:
        case.other_respondent_offices.set(offices)
    if members:
        case.members.set(members)
    ensure_manages_case(actor, case, field="respondent_office")
    return case


@transaction.atomic
def case_update(*, actor: User | None, case: Case, **fields) -> Case:
    """Change the case's data; `other_respondent_offices` and `members` replace the current sets.
    The status has its own service (it freezes exhibit labels)."""
    reject_unknown_fields(fields, CASE_FIELDS | CASE_M2M)
    stored = lock_case(actor, case)
    m2m = {name: list(fields.pop(name)) for name in CASE_M2M if name in fields}
    for name, value in fields.items():
        setattr(stored, name, value)
    if "respondent_office" in fields:  # nobody moves a case out of their own reach
        ensure_in_reach(actor, Action.MANAGE_CASES, stored.respondent_office_id, field="respondent_office")
    if "other_respondent_offices" in m2m:  # nor hands it to an office they do not reach
        _check_offices(actor, m2m["other_respondent_offices"], stored.other_respondent_offices.all())
    _check_case_refs(actor, stored)
    _check_filing(stored)
    clean_or_raise(stored)
    record_actor(stored, actor)
    stored.save()
    if "other_respondent_offices" in m2m:
        stored.other_respondent_offices.set(m2m["other_respondent_offices"])
    if "members" in m2m:
        _check_members(stored, m2m["members"])
        stored.members.set(m2m["members"])
    ensure_manages_case(actor, stored)
    if "decision_at" in fields:
        order_due_dates_refresh(actor=actor, case=stored)
    return stored


def order_due_dates_refresh(*, actor: User | None, case: Case) -> None:
    """Store each ordered action's `due_date` as the engine computes it from the ruling's time and the
    period the ruling set (None without a period: there is no default), so reminders and the dashboard
    query a date that follows a corrected ruling time."""
    for order in case.orders.all():
        order.case = case
        due = order_due(order)
        if due != order.due_date:
            order.due_date = due
            record_actor(order, actor, "due date from the ruling's period")
            order.save(update_fields=["due_date"])


@transaction.atomic
def case_set_status(*, actor: User | None, case: Case, status: str) -> Case:
    """Move the case to another stage. Reaching "answer filed" (or any later stage) freezes every
    exhibit label; going back to an earlier stage (a correction) does not unfreeze them."""
    case = lock_case(actor, case)
    if status not in CaseStatus.values:
        raise ApplicationError.for_field("status", _("Unknown status: %(status)s.") % {"status": status})
    if status == case.status:
        return case
    case.status = status
    record_actor(case, actor)
    case.save(update_fields=["status", "updated_at"])
    if status in ANSWER_FILED_OR_LATER:
        exhibits_freeze(actor=actor, case=case)
    return case


# --- population (Pasal 158) ----------------------------------------------------------------------


@transaction.atomic
def region_population_set(
    *, actor: User | None, region, year: int, population: int, source: str = ""
) -> RegionPopulation:
    """Enter (or correct) the population of a province or regency/city in a year, the base of the
    Pasal 158 threshold. The actor must manage cases at the region."""
    ensure_in_reach(actor, Action.MANAGE_CASES, region.pk, field="region")
    row = RegionPopulation.objects.select_for_update().filter(region=region, year=year).first()
    if row is None:
        row = RegionPopulation(region=region, year=year)
    row.population = population
    row.source = source
    clean_or_raise(row)
    record_actor(row, actor)
    row.save()
    return row


# --- hearings --------------------------------------------------------------------------------------


def _check_attendees(hearing: Hearing, attendees) -> None:
    """Attendees must see the hearing through a live assignment: reach one of the case's offices (a PPK
    who sees the case through a claim does not see its hearings). A name no active user has is a
    stand-in that sees nothing (accounts.selectors.person_named): the same words."""
    for user in attendees:
        if not Hearing.objects.visible_to(user).filter(pk=hearing.pk).exists():
            raise ApplicationError.for_field(
                "attendees", _("%(user)s is not an active user who can see this case.") % {"user": user.get_username()}
            )


@transaction.atomic
def hearing_add(*, actor: User | None, case: Case, attendees: Iterable = (), **fields) -> Hearing:
    reject_unknown_fields(fields, HEARING_FIELDS)
    case = lock_case(actor, case)
    hearing = Hearing(case=case, **fields)
    clean_or_raise(hearing)
    attendees = list(attendees)
    record_actor(hearing, actor)
    hearing.save()
    _check_attendees(hearing, attendees)
    if attendees:
        hearing.attendees.set(attendees)
    return hearing


@transaction.atomic
def hearing_update(*, actor: User | None, hearing: Hearing, **fields) -> Hearing:
    reject_unknown_fields(fields, HEARING_FIELDS | {"attendees"})
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    ensure_manages_case(actor, hearing.case)
    attendees = list(fields.pop("attendees")) if "attendees" in fields else None
    for name, value in fields.items():
        setattr(hearing, name, value)
    clean_or_raise(hearing)
    record_actor(hearing, actor)
    hearing.save()
    if attendees is not None:
        _check_attendees(hearing, attendees)
        hearing.attendees.set(attendees)
    return hearing


@transaction.atomic
def hearing_remove(*, actor: User | None, hearing: Hearing) -> None:
    ensure_manages_case(actor, hearing.case)
    record_actor(hearing, actor)
    hearing.delete()


# --- counsel ---------------------------------------------------------------------------------------


@transaction.atomic
def counsel_add(*, actor: User | None, case: Case, **fields) -> Counsel:
    """Name one of the Termohon's counsel (an advocate, or a Jaksa Pengacara Negara); without
    `position` they sign last."""
    reject_unknown_fields(fields, COUNSEL_FIELDS)
    case = lock_case(actor, case)
    if "position" not in fields:
        last = Counsel.objects.filter(case=case).aggregate(last=Max("position"))["last"]
        fields["position"] = (last or 0) + 1
    counsel = Counsel(case=case, **fields)
    counsel.name = (counsel.name or "").strip()
    clean_or_raise(counsel)
    record_actor(counsel, actor)
    counsel.save()
    ensure_manages_case(actor, case)
    return counsel


@transaction.atomic
def counsel_update(*, actor: User | None, counsel: Counsel, **fields) -> Counsel:
    reject_unknown_fields(fields, COUNSEL_FIELDS)
    counsel = Counsel.objects.select_for_update().select_related("case").get(pk=counsel.pk)
    ensure_manages_case(actor, counsel.case)
    for name, value in fields.items():
        setattr(counsel, name, value)
    counsel.name = (counsel.name or "").strip()
    clean_or_raise(counsel)
    record_actor(counsel, actor)
    counsel.save()
    ensure_manages_case(actor, counsel.case)
    return counsel


@transaction.atomic
def counsel_remove(*, actor: User | None, counsel: Counsel) -> None:
    counsel = Counsel.objects.select_for_update().select_related("case").get(pk=counsel.pk)
    ensure_manages_case(actor, counsel.case)
    record_actor(counsel, actor)
    counsel.delete()


# --- claims ----------------------------------------------------------------------------------------


def _check_assignee_sees(claim: Claim) -> None:
    """Once saved with its locations: the assignee must see this claim through a live assignment (the
    case's offices, or one of the claim's locations), not merely another claim of the case."""
    if claim.assignee is not None and not Claim.objects.visible_to(claim.assignee).filter(pk=claim.pk).exists():
        _refuse_assignee(claim.assignee)


def _check_locations(case: Case, locations) -> None:
    """A claim's locations lie in the area of the case's contest (the whole country for national ones)."""
    area = case.contest.region_id
    for region in locations:
        if not tree.within(region.code, area):
            raise ApplicationError.for_field(
                "locations",
                _("%(code)s is outside the area of the contest (%(area)s).") % {"code": region.code, "area": area},
            )


def _refuse_assignee(assignee) -> None:
    message = _("%(user)s is not an active user who can see this case.")
    raise ApplicationError.for_field("assignee", message % {"user": assignee.get_username()})


def _check_claim_refs(actor, claim: Claim) -> None:
    # A name no active user has is a stand-in that sees nothing and is never saved
    # (accounts.selectors.person_named): refused before the claim points at it, in the same words.
    if claim.assignee is not None and claim.assignee.pk is None:
        _refuse_assignee(claim.assignee)
    if claim.dapil_id and claim.dapil.contest_type != claim.case.contest.contest_type:
        raise ApplicationError.for_field("dapil", _("The dapil belongs to another contest type."))


@transaction.atomic
def claim_create(*, actor: User | None, case: Case, locations: Iterable = (), **fields) -> Claim:
    """Add a claim (dalil) of the petition; without `position` it goes last."""
    reject_unknown_fields(fields, CLAIM_FIELDS)
    case = lock_case(actor, case)
    if "position" not in fields:
        last = Claim.objects.filter(case=case).aggregate(last=Max("position"))["last"]
        fields["position"] = (last or 0) + 1
    claim = Claim(case=case, **fields)
    clean_or_raise(claim)
    _check_claim_refs(actor, claim)
    locations = list(locations)
    _check_locations(case, locations)
    record_actor(claim, actor)
    claim.save()
    if locations:
        claim.locations.set(locations)
    _check_assignee_sees(claim)
    return claim


@transaction.atomic
def claim_update(*, actor: User | None, claim: Claim, **fields) -> Claim:
    """Change a claim; `locations` replaces the current set. The status has its own service."""
    reject_unknown_fields(fields, CLAIM_FIELDS | {"locations"})
    claim = Claim.objects.select_for_update().select_related("case__contest").get(pk=claim.pk)
    ensure_manages_case(actor, claim.case)
    locations = list(fields.pop("locations")) if "locations" in fields else None
    for name, value in fields.items():
        setattr(claim, name, value)
    clean_or_raise(claim)
    _check_claim_refs(actor, claim)
    record_actor(claim, actor)
    claim.save()
    if locations is not None:
        _check_locations(claim.case, locations)
        claim.locations.set(locations)
    _check_assignee_sees(claim)
    return claim


@transaction.atomic
def claim_set_status(*, actor: User | None, claim: Claim, status: str) -> Claim:
    """Draft → reviewed → final, in any direction. A final claim without exhibits is allowed but
    listed by `selectors.exhibit_warnings` (the answer may rest on the KPU's own figures for a while)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    ensure_manages_case(actor, claim.case)
    if status not in ClaimStatus.values:
        raise ApplicationError.for_field("status", _("Unknown status: %(status)s.") % {"status": status})
    if status != claim.status:
        claim.status = status
        record_actor(claim, actor)
        claim.save(update_fields=["status", "updated_at"])
    return claim


@transaction.atomic
def claim_remove(*, actor: User | None, claim: Claim) -> None:
    ensure_manages_case(actor, claim.case)
    record_actor(claim, actor)
    claim.delete()


def _figure_key(region_id, participant_id, metric) -> tuple:
    return (region_id, participant_id if metric == Metric.VOTES else None, metric)


def _row_figure(claim: Claim, row: dict, existing: dict) -> tuple[tuple, ClaimFigure]:
    """The row's key and its number: the stored one with the row's values, or a new one."""
    metric = row.get("metric") or Metric.VOTES
    region, participant = row.get("region"), row.get("participant")
    key = _figure_key(getattr(region, "code", None), getattr(participant, "pk", None), metric)
    figure = existing.get(key) or ClaimFigure(claim=claim, region=region, participant=participant, metric=metric)
    figure.applicant_value = row.get("applicant_value")
    figure.official_value = row.get("official_value")
    return key, figure


def _figure_problems(figure: ClaimFigure, region, *, area: list, duplicate: bool) -> list[str]:
    problems = []
    if region is None:
        problems.append(_("A location is needed."))
    elif not tree.covers(area, region.code):
        problems.append(_("%(code)s is not a location of this claim.") % {"code": region.code})
    if duplicate:
        problems.append(_("This number is given twice."))
    if region is not None:
        try:
            figure.full_clean(exclude=["claim"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems.extend(exc.messages)
    return problems


def _checked_figures(claim: Claim, rows: Iterable[dict], existing: dict, area: list) -> tuple[list, list, set]:
    """Every row checked before anything is written: the numbers to create, to update, and the keys given.
    One bad row refuses the whole set."""
    to_create, to_update, seen, errors = [], [], set(), {}
    for index, row in enumerate(rows):
        key, figure = _row_figure(claim, row, existing)
        problems = _figure_problems(figure, row.get("region"), area=area, duplicate=key in seen)
        seen.add(key)
        if problems:
            errors[f"rows[{index}]"] = problems
        elif figure.applicant_value is not None or figure.official_value is not None:
            (to_update if figure.pk else to_create).append(figure)
        # A row with both values empty is neither: the caller removes that number (if it was stored).
    if errors:
        raise ApplicationError(_("Some numbers cannot be stored; nothing was changed."), errors)
    return to_create, to_update, seen


@transaction.atomic
def claim_set_figures(
    *, actor: User | None, claim: Claim, rows: Iterable[dict], replace: bool = False
) -> list[ClaimFigure]:
    """Upsert the claim's numbers in bulk. Each row: `region`, `metric` (default votes), `participant`
    (for votes), `applicant_value`, `official_value` (None = not given). A row whose two values are
    both None removes that number. With `replace`, numbers not in `rows` are removed too (PUT).

    A number's location must lie inside one of the claim's locations (or, for a claim without
    locations, inside the contest's area); its participant must be on the contest's ballot.
    All rows are checked before anything is written: one bad row refuses the whole set."""
    claim = Claim.objects.select_for_update().select_related("case__contest").get(pk=claim.pk)
    ensure_manages_case(actor, claim.case)
    area = [r.code for r in claim.locations.all()] or [claim.case.contest.region_id]  # None: the whole country
    existing = {
        _figure_key(f.region_id, f.participant_id, f.metric): f for f in claim.figures.select_related("participant")
    }
    to_create, to_update, seen = _checked_figures(claim, rows, existing, area)
    kept = {_figure_key(f.region_id, f.participant_id, f.metric) for f in to_create + to_update}
    for key, figure in existing.items():
        if key not in kept and (replace or key in seen):
            record_actor(figure, actor)
            figure.delete()
    if to_update:
        bulk_update_with_history(to_update, ClaimFigure, ["applicant_value", "official_value"], default_user=actor)
    if to_create:
        bulk_create_with_history(to_create, ClaimFigure, default_user=actor)
    return list(
        ClaimFigure.objects.filter(claim=claim)
        .select_related("participant", "region")
        .order_by("region_id", "metric", "participant__ballot_number")
    )


@transaction.atomic
def claim_link_problem(*, actor: User | None, claim: Claim, problem, linked: bool = True) -> None:
    """Tie (or untie) a problem from the inventory to the claim's answer; the actor must see the problem."""
    from inventory.models import Problem

    ensure_manages_case(actor, claim.case)
    if actor is not None and not Problem.objects.visible_to(actor).filter(pk=problem.pk).exists():
        raise ApplicationError.for_field("problem", _("Unknown problem."))
    record_actor(claim, actor)
    if linked:
        claim.problems.add(problem)
    else:
        claim.problems.remove(problem)


@transaction.atomic
def claim_link_evidence(
    *,
    actor: User | None,
    claim: Claim,
    evidence,
    description: str = "",
    note: str = "",
    confirm_other_contest: bool = False,
) -> Exhibit:
    """Cite a piece of evidence for the claim: through the case's exhibit that already consists of it,
    or a new exhibit (next number) made of it. Returns the exhibit. Evidence of another contest than
    the case's is refused unless `confirm_other_contest` (see `exhibit_create`)."""
    exhibit = Exhibit.objects.filter(case_id=claim.case_id, evidence=evidence).order_by("sequence").first()
    if exhibit is None:
        exhibit = exhibit_create(
            actor=actor,
            case=claim.case,
            description=description or evidence.description or evidence.original_name,
            evidence=[evidence],
            confirm_other_contest=confirm_other_contest,
        )
    exhibit_cite(actor=actor, claim=claim, exhibit=exhibit, note=note)
    return exhibit
