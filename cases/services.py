"""Writes to MK cases: the case, its hearings, claims (dalil) with their numbers, and the exhibits.

Each service is keyword-only, validated (`clean_or_raise`), atomic and scoped: the actor must be able
to manage cases (`Action.MANAGE_CASES`) at the case's Termohon office (or one of the other
respondent offices), and after the write the case is checked again inside the same transaction. The
actor is named in the audit history (`actor=None` is the system: commands and the demo loader).

Exhibit labels (T-1, T-2 ...): a new exhibit takes the next number of its case. Until the answer is
filed the editor may reorder and remove exhibits and the labels follow (no gaps). When the case
moves to "answer filed" (or later) every exhibit is frozen; exhibits added afterwards continue the
sequence (T-45 ...) and are frozen at once. A frozen exhibit is never renumbered, reordered or
removed: its label is in the Daftar Alat Bukti the court holds, so removing it is refused (say in its
description that it is withdrawn instead). Every numbering write locks the case row first, so
concurrent creates cannot take the same number.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.choices import Action
from accounts.scoping import ensure_in_reach, reach_of
from cases.choices import ANSWER_FILED_OR_LATER, CaseStatus, ClaimStatus, ExhibitKind, Metric
from cases.deadlines import order_due
from cases.models import Case, Citation, Claim, ClaimFigure, Counsel, Exhibit, Hearing, RegionPopulation
from core.audit import record_actor
from core.errors import ApplicationError, clean_or_raise, reject_unknown_fields
from regions import tree

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
        "result_decree_number",
        "result_decree_at",
        "petition_filed_at",
        "ebrpk_registered_at",
        "decision_at",
        "mk_notice_received_at",
        "elected_determined_at",
        "result_decree_title",
        "respondent_chair",
        "respondent_address",
        "answer_place",
        "answer_date",
        "power_of_attorney_number",
        "power_of_attorney_date",
        "substitution_number",
        "substitution_date",
        "counsel_office",
        "counsel_address",
        "obscuur_libel",
        "obscuur_libel_grounds",
        "total_valid_votes",
        "applicant_votes",
        "winner_votes",
    }
)
CASE_M2M = frozenset({"other_respondent_offices", "members"})
HEARING_FIELDS = frozenset({"starts_at", "agenda", "place", "other_attendees", "outcome"})
CLAIM_FIELDS = frozenset({"number", "position", "summary", "category", "dapil", "response", "assignee"})
EXHIBIT_FIELDS = frozenset(
    {
        "description",
        "kind",
        "certified_copy",
        "physical_ready",
        "document_number",
        "document_date",
        "presented_as",
        "foundation",
    }
)
COUNSEL_FIELDS = frozenset({"name", "kind", "substitute", "position"})

# Added to every sequence during a renumbering, so the unique (case, sequence) never collides midway.
RENUMBER_OFFSET = 1_000_000


def _ensure_case(actor, case: Case, field: str = "case") -> None:
    """The actor manages cases at the case's Termohon office or one of its other respondent offices."""
    if actor is None:
        return
    if not Case.objects.visible_to(actor, Action.MANAGE_CASES).filter(pk=case.pk).exists():
        message = _("You may not do this in that region.")
        raise ApplicationError(message, {field: [message]})


def _lock_case(actor, case: Case) -> Case:
    """Lock the case row (numbering and status writes serialise on it) and check the reach."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_case(actor, locked)
    return locked


def _check_case_refs(actor, case: Case) -> None:
    """The contest must be one the actor can see."""
    if actor is not None and case.contest_id:
        from elections.selectors import contest_queryset

        if not contest_queryset(user=actor).filter(pk=case.contest_id).exists():
            raise ApplicationError.for_field("contest", _("Unknown contest."))


def _check_offices(offices) -> None:
    from regions.choices import Level

    for office in offices:
        if office.level not in (Level.PROVINCE, Level.REGENCY):
            raise ApplicationError.for_field(
                "other_respondent_offices", _("A respondent is a KPU office: a province or a regency/city.")
            )


def _check_members(case: Case, members) -> None:
    """Assigned members must reach the case's office (they get its reminders and open its pages)."""
    for member in members:
        if not reach_of(member, Action.VIEW).contains(case.respondent_office_id):
            raise ApplicationError.for_field(
                "members",
                _("%(user)s cannot see this case's office.") % {"user": member.get_username()},
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
def case_create(*, actor, other_respondent_offices: Iterable = (), members: Iterable = (), **fields) -> Case:
    """Register a petition. The actor must manage cases at the Termohon office (`respondent_office`;
    empty = KPU RI, national reach only)."""
    reject_unknown_fields(fields, CASE_FIELDS)
    case = Case(created_by=actor, **fields)
    ensure_in_reach(actor, Action.MANAGE_CASES, case.respondent_office_id, field="respondent_office")
    _check_case_refs(actor, case)
    _check_filing(case)
    clean_or_raise(case)
    offices, members = list(other_respondent_offices), list(members)
    _check_offices(offices)
    _check_members(case, members)
    record_actor(case, actor)
    case.save()
    if offices:
        case.other_respondent_offices.set(offices)
    if members:
        case.members.set(members)
    _ensure_case(actor, case, field="respondent_office")
    return case


@transaction.atomic
def case_update(*, actor, case: Case, **fields) -> Case:
    """Change the case's data; `other_respondent_offices` and `members` replace the current sets.
    The status has its own service (it freezes exhibit labels)."""
    reject_unknown_fields(fields, CASE_FIELDS | CASE_M2M)
    stored = _lock_case(actor, case)
    m2m = {name: list(fields.pop(name)) for name in CASE_M2M if name in fields}
    for name, value in fields.items():
        setattr(stored, name, value)
    if "respondent_office" in fields:  # nobody moves a case out of their own reach
        ensure_in_reach(actor, Action.MANAGE_CASES, stored.respondent_office_id, field="respondent_office")
    _check_case_refs(actor, stored)
    _check_filing(stored)
    clean_or_raise(stored)
    record_actor(stored, actor)
    stored.save()
    if "other_respondent_offices" in m2m:
        _check_offices(m2m["other_respondent_offices"])
        stored.other_respondent_offices.set(m2m["other_respondent_offices"])
    if "members" in m2m:
        _check_members(stored, m2m["members"])
        stored.members.set(m2m["members"])
    _ensure_case(actor, stored)
    if "decision_at" in fields:
        order_due_dates_refresh(actor=actor, case=stored)
    return stored


def order_due_dates_refresh(*, actor, case: Case) -> None:
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


def _freeze_exhibits(actor, case: Case) -> int:
    exhibits = list(Exhibit.objects.filter(case=case, frozen=False))
    for exhibit in exhibits:
        exhibit.frozen = True
    if exhibits:
        bulk_update_with_history(
            exhibits, Exhibit, ["frozen"], default_user=actor, default_change_reason="answer filed: label frozen"
        )
    return len(exhibits)


@transaction.atomic
def case_set_status(*, actor, case: Case, status: str) -> Case:
    """Move the case to another stage. Reaching "answer filed" (or any later stage) freezes every
    exhibit label; going back to an earlier stage (a correction) does not unfreeze them."""
    case = _lock_case(actor, case)
    if status not in CaseStatus.values:
        raise ApplicationError.for_field("status", _("Unknown status: %(status)s.") % {"status": status})
    if status == case.status:
        return case
    case.status = status
    record_actor(case, actor)
    case.save(update_fields=["status", "updated_at"])
    if status in ANSWER_FILED_OR_LATER:
        _freeze_exhibits(actor, case)
    return case


# --- population (Pasal 158) ----------------------------------------------------------------------


@transaction.atomic
def region_population_set(*, actor, region, year: int, population: int, source: str = "") -> RegionPopulation:
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


def _check_attendees(case: Case, attendees) -> None:
    for user in attendees:
        if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
            raise ApplicationError.for_field(
                "attendees", _("%(user)s cannot see this case.") % {"user": user.get_username()}
            )


@transaction.atomic
def hearing_add(*, actor, case: Case, attendees: Iterable = (), **fields) -> Hearing:
    reject_unknown_fields(fields, HEARING_FIELDS)
    case = _lock_case(actor, case)
    hearing = Hearing(case=case, **fields)
    clean_or_raise(hearing)
    attendees = list(attendees)
    _check_attendees(case, attendees)
    record_actor(hearing, actor)
    hearing.save()
    if attendees:
        hearing.attendees.set(attendees)
    return hearing


@transaction.atomic
def hearing_update(*, actor, hearing: Hearing, **fields) -> Hearing:
    reject_unknown_fields(fields, HEARING_FIELDS | {"attendees"})
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    _ensure_case(actor, hearing.case)
    attendees = list(fields.pop("attendees")) if "attendees" in fields else None
    for name, value in fields.items():
        setattr(hearing, name, value)
    clean_or_raise(hearing)
    record_actor(hearing, actor)
    hearing.save()
    if attendees is not None:
        _check_attendees(hearing.case, attendees)
        hearing.attendees.set(attendees)
    return hearing


@transaction.atomic
def hearing_remove(*, actor, hearing: Hearing) -> None:
    _ensure_case(actor, hearing.case)
    record_actor(hearing, actor)
    hearing.delete()


# --- counsel ---------------------------------------------------------------------------------------


@transaction.atomic
def counsel_add(*, actor, case: Case, **fields) -> Counsel:
    """Name one of the Termohon's counsel (an advocate, or a Jaksa Pengacara Negara); without
    `position` they sign last."""
    reject_unknown_fields(fields, COUNSEL_FIELDS)
    case = _lock_case(actor, case)
    if "position" not in fields:
        last = Counsel.objects.filter(case=case).aggregate(last=Max("position"))["last"]
        fields["position"] = (last or 0) + 1
    counsel = Counsel(case=case, **fields)
    counsel.name = (counsel.name or "").strip()
    clean_or_raise(counsel)
    record_actor(counsel, actor)
    counsel.save()
    _ensure_case(actor, case)
    return counsel


@transaction.atomic
def counsel_update(*, actor, counsel: Counsel, **fields) -> Counsel:
    reject_unknown_fields(fields, COUNSEL_FIELDS)
    counsel = Counsel.objects.select_for_update().select_related("case").get(pk=counsel.pk)
    _ensure_case(actor, counsel.case)
    for name, value in fields.items():
        setattr(counsel, name, value)
    counsel.name = (counsel.name or "").strip()
    clean_or_raise(counsel)
    record_actor(counsel, actor)
    counsel.save()
    _ensure_case(actor, counsel.case)
    return counsel


@transaction.atomic
def counsel_remove(*, actor, counsel: Counsel) -> None:
    counsel = Counsel.objects.select_for_update().select_related("case").get(pk=counsel.pk)
    _ensure_case(actor, counsel.case)
    record_actor(counsel, actor)
    counsel.delete()


# --- claims ----------------------------------------------------------------------------------------


def _check_locations(case: Case, locations) -> None:
    """A claim's locations lie in the area of the case's contest (the whole country for national ones)."""
    area = case.contest.region_id
    for region in locations:
        if not tree.within(region.code, area):
            raise ApplicationError.for_field(
                "locations",
                _("%(code)s is outside the area of the contest (%(area)s).") % {"code": region.code, "area": area},
            )


def _check_claim_refs(actor, claim: Claim) -> None:
    if claim.assignee_id and not Case.objects.visible_to(claim.assignee).filter(pk=claim.case_id).exists():
        raise ApplicationError.for_field("assignee", _("The assignee cannot see this case."))
    if claim.dapil_id and claim.dapil.contest_type != claim.case.contest.contest_type:
        raise ApplicationError.for_field("dapil", _("The dapil belongs to another contest type."))


@transaction.atomic
def claim_create(*, actor, case: Case, locations: Iterable = (), **fields) -> Claim:
    """Add a claim (dalil) of the petition; without `position` it goes last."""
    reject_unknown_fields(fields, CLAIM_FIELDS)
    case = _lock_case(actor, case)
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
    return claim


@transaction.atomic
def claim_update(*, actor, claim: Claim, **fields) -> Claim:
    """Change a claim; `locations` replaces the current set. The status has its own service."""
    reject_unknown_fields(fields, CLAIM_FIELDS | {"locations"})
    claim = Claim.objects.select_for_update().select_related("case__contest").get(pk=claim.pk)
    _ensure_case(actor, claim.case)
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
    return claim


@transaction.atomic
def claim_set_status(*, actor, claim: Claim, status: str) -> Claim:
    """Draft → reviewed → final, in any direction. A final claim without exhibits is allowed but
    listed by `selectors.exhibit_warnings` (the answer may rest on the KPU's own figures for a while)."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _ensure_case(actor, claim.case)
    if status not in ClaimStatus.values:
        raise ApplicationError.for_field("status", _("Unknown status: %(status)s.") % {"status": status})
    if status != claim.status:
        claim.status = status
        record_actor(claim, actor)
        claim.save(update_fields=["status", "updated_at"])
    return claim


@transaction.atomic
def claim_remove(*, actor, claim: Claim) -> None:
    _ensure_case(actor, claim.case)
    record_actor(claim, actor)
    claim.delete()


def _figure_key(region_id, participant_id, metric) -> tuple:
    return (region_id, participant_id if metric == Metric.VOTES else None, metric)


@transaction.atomic
def claim_set_figures(*, actor, claim: Claim, rows: Iterable[dict], replace: bool = False) -> list[ClaimFigure]:
    """Upsert the claim's numbers in bulk. Each row: `region`, `metric` (default votes), `participant`
    (for votes), `applicant_value`, `official_value` (None = not given). A row whose two values are
    both None removes that number. With `replace`, numbers not in `rows` are removed too (PUT).

    A number's location must lie inside one of the claim's locations (or, for a claim without
    locations, inside the contest's area); its participant must be on the contest's ballot.
    All rows are checked before anything is written: one bad row refuses the whole set."""
    claim = Claim.objects.select_for_update().select_related("case__contest").get(pk=claim.pk)
    _ensure_case(actor, claim.case)
    area = [r.code for r in claim.locations.all()] or [claim.case.contest.region_id]  # None: the whole country
    existing = {
        _figure_key(f.region_id, f.participant_id, f.metric): f for f in claim.figures.select_related("participant")
    }

    to_create, to_update, seen, errors = [], [], set(), {}
    for index, row in enumerate(rows):
        metric = row.get("metric") or Metric.VOTES
        region, participant = row.get("region"), row.get("participant")
        key = _figure_key(getattr(region, "code", None), getattr(participant, "pk", None), metric)
        problems = []
        if region is None:
            problems.append(_("A location is needed."))
        elif not tree.covers(area, region.code):
            problems.append(_("%(code)s is not a location of this claim.") % {"code": region.code})
        if key in seen:
            problems.append(_("This number is given twice."))
        seen.add(key)
        figure = existing.get(key) or ClaimFigure(claim=claim, region=region, participant=participant, metric=metric)
        figure.applicant_value = row.get("applicant_value")
        figure.official_value = row.get("official_value")
        if region is not None:
            try:
                figure.full_clean(exclude=["claim"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            errors[f"rows[{index}]"] = problems
            continue
        if figure.applicant_value is None and figure.official_value is None:
            continue  # removed below (or never stored)
        (to_update if figure.pk else to_create).append(figure)
    if errors:
        raise ApplicationError(_("Some numbers cannot be stored; nothing was changed."), errors)

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
def claim_link_problem(*, actor, claim: Claim, problem, linked: bool = True) -> None:
    """Tie (or untie) a problem from the inventory to the claim's answer; the actor must see the problem."""
    from inventory.models import Problem

    _ensure_case(actor, claim.case)
    if actor is not None and not Problem.objects.visible_to(actor).filter(pk=problem.pk).exists():
        raise ApplicationError.for_field("problem", _("Unknown problem."))
    record_actor(claim, actor)
    if linked:
        claim.problems.add(problem)
    else:
        claim.problems.remove(problem)


@transaction.atomic
def claim_link_evidence(
    *, actor, claim: Claim, evidence, description: str = "", note: str = "", confirm_other_contest: bool = False
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


# --- exhibits --------------------------------------------------------------------------------------


def _check_evidence(actor, evidence) -> None:
    from inventory.models import Evidence

    if actor is None or not evidence:
        return
    visible = set(
        Evidence.objects.visible_to(actor).filter(pk__in=[e.pk for e in evidence]).values_list("pk", flat=True)
    )
    if any(e.pk not in visible for e in evidence):
        raise ApplicationError.for_field("evidence", _("Unknown evidence."))


def _other_contest_evidence(case: Case, evidence) -> list:
    """The items of `evidence` recorded for another contest than the case's (a presidential C.Hasil in a
    Bupati case). Evidence without a contest is not questioned."""
    from inventory.models import Evidence

    ids = [e.pk for e in evidence]
    if not ids or not case.contest_id:
        return []
    return list(
        Evidence.objects.filter(pk__in=ids, contest__isnull=False)
        .exclude(contest_id=case.contest_id)
        .select_related("contest__election", "contest__region", "contest__dapil")
        .order_by("pk")
    )


def _check_other_contest(case: Case, added, confirmed: bool) -> bool:
    """Refuse added evidence of another contest unless the user confirmed it belongs in this case.
    True when some was added (and confirmed)."""
    foreign = _other_contest_evidence(case, added)
    if not foreign:
        return False
    if confirmed:
        return True
    from elections.models import Contest

    contest = Contest.objects.select_related("election", "region", "dapil").get(pk=case.contest_id)
    message = _(
        "Evidence of another contest: %(items)s. This case is about %(contest)s. "
        "Confirm that it belongs in this case to add it."
    ) % {
        "items": "; ".join(
            _("#%(id)s %(name)s is from %(contest)s") % {"id": e.pk, "name": e.original_name, "contest": e.contest}
            for e in foreign
        ),
        "contest": contest,
    }
    raise ApplicationError(message, {"confirm_other_contest": [message]})


def _audiovisual_kind(exhibit: Exhibit, evidence) -> bool:
    """Photos and videos are alat bukti lain, not documents: an exhibit made only of them is recorded as
    "other evidence". True when the kind was changed so."""
    from inventory.choices import EvidenceKind

    audiovisual = {EvidenceKind.PHOTO, EvidenceKind.VIDEO}
    if exhibit.kind == ExhibitKind.DOCUMENT and evidence and all(e.kind in audiovisual for e in evidence):
        exhibit.kind = ExhibitKind.OTHER
        return True
    return False


def _reasons(*pairs) -> str:
    return "; ".join(reason for applies, reason in pairs if applies)


@transaction.atomic
def exhibit_create(
    *, actor, case: Case, evidence: Iterable = (), confirm_other_contest: bool = False, **fields
) -> Exhibit:
    """A new exhibit with the next number of its case (T-<n+1>); after the answer is filed it is
    frozen at once, continuing the filed sequence.

    Evidence of another contest than the case's is refused unless `confirm_other_contest` (recorded
    as `other_contest_confirmed`); an exhibit of photos and videos only is "other evidence" (alat bukti
    lain), whatever kind was asked (compare `kind` on the result to tell the user)."""
    reject_unknown_fields(fields, EXHIBIT_FIELDS)
    case = _lock_case(actor, case)  # serialises concurrent creates: each sees the other's number
    last = Exhibit.objects.filter(case=case).aggregate(last=Max("sequence"))["last"]
    exhibit = Exhibit(case=case, sequence=(last or 0) + 1, frozen=case.answer_filed, **fields)
    evidence = list(evidence)
    _check_evidence(actor, evidence)
    exhibit.other_contest_confirmed = _check_other_contest(case, evidence, confirm_other_contest)
    changed_kind = _audiovisual_kind(exhibit, evidence)
    clean_or_raise(exhibit)
    record_actor(
        exhibit,
        actor,
        _reasons(
            (exhibit.other_contest_confirmed, "evidence of another contest confirmed"),
            (changed_kind, "photos/videos: alat bukti lain"),
        ),
    )
    exhibit.save()
    if evidence:
        exhibit.evidence.set(evidence)
    return exhibit


@transaction.atomic
def exhibit_update(*, actor, exhibit: Exhibit, confirm_other_contest: bool = False, **fields) -> Exhibit:
    """Change description, kind, certified-copy status, readiness, the document's identity, keterangan
    and foundation role, or (`evidence`) the items it consists of. The label is not a field: it changes
    only through reordering, before the answer is filed. Added evidence of another contest needs
    `confirm_other_contest`, as in `exhibit_create`."""
    reject_unknown_fields(fields, EXHIBIT_FIELDS | {"evidence"})
    exhibit = Exhibit.objects.select_for_update().select_related("case").get(pk=exhibit.pk)
    _ensure_case(actor, exhibit.case)
    evidence = list(fields.pop("evidence")) if "evidence" in fields else None
    for name, value in fields.items():
        setattr(exhibit, name, value)
    current = list(exhibit.evidence.all())
    confirmed = False
    if evidence is not None:
        _check_evidence(actor, evidence)
        held = {e.pk for e in current}
        confirmed = _check_other_contest(exhibit.case, [e for e in evidence if e.pk not in held], confirm_other_contest)
        if confirmed:
            exhibit.other_contest_confirmed = True
        elif not _other_contest_evidence(exhibit.case, evidence):
            exhibit.other_contest_confirmed = False
    changed_kind = _audiovisual_kind(exhibit, current if evidence is None else evidence)
    clean_or_raise(exhibit)
    record_actor(
        exhibit,
        actor,
        _reasons(
            (confirmed, "evidence of another contest confirmed"), (changed_kind, "photos/videos: alat bukti lain")
        ),
    )
    exhibit.save()
    if evidence is not None:
        exhibit.evidence.set(evidence)
    return exhibit


def _refuse_if_frozen(case: Case, exhibits, what: str) -> None:
    if case.answer_filed or any(e.frozen for e in exhibits):
        message = _(
            "The answer has been filed: exhibit labels are frozen and cannot be %(what)s. "
            "New exhibits continue the sequence."
        ) % {"what": what}
        raise ApplicationError(message, {"exhibits": [message]})


def _renumber(actor, case: Case, ordered: list[Exhibit]) -> None:
    """Give `ordered` the labels T-1 ... T-n in that order (two steps, so no two rows ever share a number)."""
    changed = [e for position, e in enumerate(ordered, start=1) if e.sequence != position]
    if not changed:
        return
    Exhibit.objects.filter(pk__in=[e.pk for e in changed]).update(sequence=F("sequence") + RENUMBER_OFFSET)
    for position, exhibit in enumerate(ordered, start=1):
        exhibit.sequence = position
    bulk_update_with_history(changed, Exhibit, ["sequence"], default_user=actor, default_change_reason="renumbered")


@transaction.atomic
def exhibit_reorder(*, actor, case: Case, ordered_ids: list[int]) -> list[Exhibit]:
    """Put the case's exhibits in the given order (every one of them, once); labels follow.
    Refused once the answer is filed."""
    case = _lock_case(actor, case)
    exhibits = {e.pk: e for e in Exhibit.objects.filter(case=case)}
    _refuse_if_frozen(case, exhibits.values(), _("reordered"))
    try:
        ids = [int(i) for i in ordered_ids]
    except (TypeError, ValueError):
        raise ApplicationError.for_field("ordered_ids", _("Give the exhibits' ids.")) from None
    if len(ids) != len(set(ids)) or set(ids) != set(exhibits):
        raise ApplicationError.for_field("ordered_ids", _("Give every exhibit of the case exactly once."))
    ordered = [exhibits[i] for i in ids]
    _renumber(actor, case, ordered)
    return ordered


@transaction.atomic
def exhibit_remove(*, actor, exhibit: Exhibit) -> None:
    """Remove an exhibit before the answer is filed; the later ones move up (T-5 becomes T-4).
    A frozen exhibit is refused: its label is filed with the court."""
    case = _lock_case(actor, exhibit.case)
    exhibit = Exhibit.objects.get(pk=exhibit.pk)
    if case.answer_filed or exhibit.frozen:
        message = _(
            "%(label)s was filed with the answer and keeps its label; it cannot be removed. "
            "Note in its description that it is withdrawn."
        ) % {"label": exhibit.label}
        raise ApplicationError(message, {"exhibit": [message]})
    record_actor(exhibit, actor)
    exhibit.delete()
    _renumber(actor, case, list(Exhibit.objects.filter(case=case).order_by("sequence")))


@transaction.atomic
def exhibit_cite(*, actor, claim: Claim, exhibit: Exhibit, note: str = "") -> Citation:
    """The claim's answer cites the exhibit ("(Bukti T-22)"); citing again updates the note."""
    _ensure_case(actor, claim.case)
    citation = Citation.objects.filter(claim=claim, exhibit=exhibit).first() or Citation(claim=claim, exhibit=exhibit)
    citation.note = note.strip()
    clean_or_raise(citation)
    record_actor(citation, actor)
    citation.save()
    return citation


@transaction.atomic
def exhibit_uncite(*, actor, claim: Claim, exhibit: Exhibit) -> None:
    _ensure_case(actor, claim.case)
    for citation in Citation.objects.filter(claim=claim, exhibit=exhibit):
        record_actor(citation, actor)
        citation.delete()
