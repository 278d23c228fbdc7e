"""The readiness dashboard: per child region of the one being looked at, the numbers a commissioner
needs, every one counted through `visible_to` (a number never includes what the user cannot open).

Each measure is one grouped query whatever the number of regions or rows: the child a record belongs to
is a prefix of its region code (codes of one level have one length), so `GROUP BY substr(region_id, 1,
n)` splits a subtree into its children in one index range scan. Records on the viewed region itself
(a regency-level recapitulation problem, say) belong to none of its children: they make the row
"at this level".

On PostgreSQL the region rows' numbers and the attention counts come from the rollup (dashboard/rollup.py:
subtree totals per region, kept by triggers in the transaction of every change) in one query; the raw
grouped queries remain for SQLite and for rows not wholly in the user's reach. Both count the definitions of
dashboard/measures.py, and `_add_problems` turns either source's items into a row's numbers.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.scoping import reach_of
from cases.choices import CaseStatus, DeadlineAnchor, DeadlineMetBy
from cases.deadlines import Calendar, case_deadlines, zone_name_for
from cases.models import Case, CaseOrder, Claim, DeadlineRule, Hearing
from cases.selectors import reaches_office
from dashboard import measures, rollup
from elections.choices import Stage
from inventory.choices import Risk, Status
from inventory.models import OPEN_STATUSES
from inventory.selectors import evidence_queryset, problem_list
from regions import tree
from regions.models import Region
from teams.formed import offices_with_formed_team
from teams.models import OFFICE_LEVELS, ActivityFollowUp

C_HASIL_KINDS = measures.C_HASIL_KINDS
FINISHED_CASES = (CaseStatus.CLOSED,)
ATTENTION_HOURS = 72
SAMPLE = 10

# The readiness score (README, "Readiness score"): each part is a share from 0 to 1; parts with nothing
# to measure in a row (no problems, no TPS below it, not a KPU office) are left out, the others weighed up.
WEIGHTS = {
    "ready": 30,  # problems that are siap, of all problems
    "proof": 20,  # problems with verified evidence, of all problems
    "coverage": 30,  # TPS with a C.Hasil scan, of all TPS
    "high_risk": 10,  # high-risk problems no longer open, of all high-risk problems
    "team": 10,  # an active task team with its SK (KPU offices only)
}


@dataclass(eq=False)  # rows are compared and hashed by identity
class Row:
    """One line of the dashboard: a child region, or the viewed region's own records (`own`)."""

    code: str | None
    name: str
    level: str | None
    own: bool = False
    by_stage: Counter = field(default_factory=Counter)  # (stage, status) -> problems
    problems: int = 0
    ready: int = 0
    high_risk: int = 0
    open_high_risk: int = 0
    lacking_verified: int = 0
    tps: int = 0
    tps_with_c_hasil: int = 0
    team: bool | None = None  # None: not a KPU office
    open_cases: int = 0
    next_deadline: dict | None = None  # {"case": Case, "deadline": Deadline}
    case_ids: set = field(default_factory=set)
    # The `region` filter of the lists behind the row's counts (None: no list shows exactly this row,
    # e.g. records on a region that has children, which a subtree filter would mix with theirs).
    list_region: str | None = None

    def stage_cells(self) -> list[dict]:
        """Per stage: the total and the count of each status, in the order of the choices (the table)."""
        return [
            {
                "stage": stage,
                "total": sum(self.by_stage.get((stage, status), 0) for status in Status.values),
                "by_status": [(status, self.by_stage.get((stage, status), 0)) for status in Status.values],
            }
            for stage in Stage.values
        ]

    @property
    def coverage(self) -> float | None:
        return self.tps_with_c_hasil / self.tps if self.tps else None

    @property
    def ready_share(self) -> float | None:
        return self.ready / self.problems if self.problems else None

    def parts(self) -> dict[str, float]:
        """The parts that can be measured here: nothing recorded is no evidence of readiness."""
        parts = {}
        if self.problems:
            parts["ready"] = self.ready / self.problems
            parts["proof"] = 1 - self.lacking_verified / self.problems
        if self.high_risk:
            parts["high_risk"] = 1 - self.open_high_risk / self.high_risk
        if self.tps:
            parts["coverage"] = self.tps_with_c_hasil / self.tps
        if self.team is not None:
            parts["team"] = 1.0 if self.team else 0.0
        return parts

    @property
    def score(self) -> int | None:
        """0-100, the weighted mean of the parts (WEIGHTS); None when no part can be measured."""
        parts = self.parts()
        if not parts:
            return None
        weight = sum(WEIGHTS[k] for k in parts)
        return round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / weight)

    def add_case(self, case, upcoming: list) -> None:
        """Count an open case here; its first upcoming deadline is the row's next if it comes sooner."""
        self.case_ids.add(case.pk)
        self.open_cases = len(self.case_ids)
        if upcoming and (self.next_deadline is None or upcoming[0].due_at < self.next_deadline["deadline"].due_at):
            self.next_deadline = {"case": case, "deadline": upcoming[0]}

    def add(self, other: Row) -> None:
        self.by_stage.update(other.by_stage)
        for name in ("problems", "ready", "high_risk", "open_high_risk", "lacking_verified", "tps"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.tps_with_c_hasil += other.tps_with_c_hasil
        self.case_ids |= other.case_ids
        self.open_cases = len(self.case_ids)
        if other.next_deadline and (
            self.next_deadline is None or other.next_deadline["deadline"].due_at < self.next_deadline["deadline"].due_at
        ):
            self.next_deadline = other.next_deadline


@dataclass
class Attention:
    """What needs the user today: each list is a sample, `counts` the full numbers."""

    deadlines: list[dict] = field(default_factory=list)
    orders: list = field(default_factory=list)  # MK orders (PSU, recount ...) due within three days
    overdue_follow_ups: list = field(default_factory=list)
    unverified_evidence: list = field(default_factory=list)
    unassigned_problems: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    unverified_before: datetime.datetime | None = None  # the cut-off of "for more than a day", for its list


@dataclass
class Dashboard:
    region: Region | None  # None: the user's whole reach (the country for KPU RI)
    rows: list[Row]
    total: Row
    attention: Attention
    deadlines: list[dict]  # every upcoming deadline of the open cases in view, for the timeline
    stages: list = field(default_factory=lambda: list(Stage.choices))
    # At a TPS, which has no children: its own problems and evidence, a sample each (the counts are the row's).
    leaf: bool = False
    problems: list = field(default_factory=list)
    evidence: list = field(default_factory=list)
    evidence_count: int = 0


def top_regions(*, user) -> list[Region]:
    """Where the user's dashboard starts: the provinces for national reach, else the assigned regions."""
    reach = reach_of(user, Action.VIEW)
    if reach.everything:
        return list(Region.objects.filter(parent__isnull=True).order_by("code"))
    return list(Region.objects.filter(code__in=reach.prefixes).order_by("code"))


def dashboard(*, user, region: Region | None, now: datetime.datetime | None = None) -> Dashboard:
    """The dashboard of `region` (which the caller has checked is in reach), or of the whole reach."""
    now = now or timezone.now()
    reach = reach_of(user, Action.VIEW)
    if region is None:
        children = top_regions(user=user)
        own = Row(None, str(_("KPU RI (national)")), None, own=True) if reach.everything else None
    else:
        children = list(Region.objects.filter(parent=region).order_by("code"))
        own = Row(region.code, region.name, region.level, own=True)
    rows = [Row(c.code, c.name, c.level, list_region=c.code) for c in children]
    if own is not None and not rows:
        own.list_region = own.code  # a region without children: its subtree is itself
    every = rows + ([own] if own else [])
    by_code = {r.code: r for r in every}
    groups = _groups(rows, own)

    if _rollup_covers(reach, rows, own):
        _count_from_rollup(rows, own)
    else:
        _count_problems(user, groups, by_code)
        _count_tps(user, groups, by_code)
    _count_teams(user, every)
    timeline = _count_cases(user, region, reach, every, now)

    total = Row(region.code if region else None, region.name if region else str(_("Your regions")), None)
    for row in every:
        total.add(row)
    total.team = own.team if own else None
    total.list_region = region.code if region else ""  # "": the whole reach, no region filter
    shown = rows + ([own] if own and (own.problems or own.case_ids or own.team is not None or not rows) else [])
    board = Dashboard(
        region=region,
        rows=shown,
        total=total,
        attention=attention(user=user, region=region, now=now, deadlines=timeline),
        deadlines=timeline,
    )
    if region is not None and not children:
        _own_records(user, board)
    return board


def _own_records(user, board: Dashboard) -> None:
    """A region without children (a TPS) lists its own problems and evidence, as the lists behind it do."""
    problems = problem_list(user=user, filters={"region": board.region.code})
    evidence = evidence_queryset(user=user).current().filter(region=board.region)
    board.leaf = True
    board.problems = list(problems[:SAMPLE])
    board.evidence = list(evidence[:SAMPLE])
    board.evidence_count = evidence.count()


def _groups(rows: list[Row], own: Row | None) -> list[tuple[int, list[str] | None]]:
    """(key length, region codes to cover) per query. Below a region: one query, children and the region
    itself; at the top of a mixed reach (a regency and a kecamatan elsewhere): one per level; for KPU RI,
    the provinces cover everything (None: no filter)."""
    if own is not None and own.code is not None:
        return [(len(rows[0].code) if rows else len(own.code), [own.code])]
    if own is not None:
        return [(2, None)]
    lengths: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        lengths[len(row.code)].append(row.code)
    return sorted(lengths.items())


def _grouped(queryset, lookup: str, groups, *fields, **aggregates):
    """`queryset` grouped by the child of each record: the prefix of its region code at the key length.
    `lookup` names the code (`region__code`); the key reads the column itself (`region_id`), no join."""
    column = lookup.removesuffix("__code") + "_id" if lookup.endswith("__code") else lookup
    for n, codes in groups:
        subset = queryset if codes is None else queryset.filter(tree.subtree_q_any(codes, lookup))
        subset = subset.annotate(key=Substr(column, 1, n))
        yield from subset.values("key", *fields).annotate(**aggregates).order_by()


def _count_problems(user, groups, by_code) -> None:
    for item in _grouped(measures.problems(user), "region__code", groups, *measures.PROBLEM_FIELDS, n=Count("id")):
        row = by_code.get(item["key"])
        if row is not None:
            _add_problems(row, item["stage"], item["status"], item["risk"], item["verified_evidence"], item["n"])


def _add_problems(row: Row, stage: str, status: str, risk: str, verified: bool, n: int) -> None:
    """`n` problems of one stage, status, risk and evidence state into the row's numbers (both sources)."""
    row.by_stage[(stage, status)] += n
    row.problems += n
    row.ready += n if status == Status.READY else 0
    if risk == Risk.HIGH:
        row.high_risk += n
        row.open_high_risk += n if status in OPEN_STATUSES else 0
    row.lacking_verified += 0 if verified else n


def _count_tps(user, groups, by_code) -> None:
    for item in _grouped(measures.tps(user), "code", groups, n=Count("code")):
        if item["key"] in by_code:
            by_code[item["key"]].tps = item["n"]
    for item in _grouped(measures.scanned_tps(user), "code", groups, n=Count("code")):
        if item["key"] in by_code:
            by_code[item["key"]].tps_with_c_hasil = item["n"]


def _rollup_covers(reach, rows: list[Row], own: Row | None) -> bool:
    """Whether the rollup holds the rows' numbers: on PostgreSQL, and each row's subtree wholly in the
    user's reach (so that what the user may see of it is all of it, as the rollup counts)."""
    codes = [r.code for r in rows] + ([own.code] if own is not None and own.code is not None else [])
    return rollup.available() and (reach.everything or all(reach.contains(code) for code in codes))


def _count_from_rollup(rows: list[Row], own: Row | None) -> None:
    """The rows' numbers from the rollup's subtree totals (one query): a child row is its node; the
    viewed region's own records are its node less its children's."""
    own_code = own.code if own is not None else None
    totals = rollup.cells([r.code for r in rows] + ([own_code] if own_code is not None else []))
    for row in rows:
        _add_cells(row, totals.get(row.code, {}))
    if own_code is not None:
        remainder = Counter(totals.get(own_code, {}))
        for row in rows:
            remainder.subtract(totals.get(row.code, {}))
        _add_cells(own, remainder)


def _add_cells(row: Row, cells) -> None:
    for (measure, stage, status, risk, flag), n in cells.items():
        if not n:
            continue
        if measure == rollup.PROBLEM:
            _add_problems(row, stage, status, risk, flag, n)
        elif measure == rollup.TPS:
            row.tps += n
            row.tps_with_c_hasil += n if flag else 0


def _count_teams(user, rows: list[Row]) -> None:
    """Whether each KPU office among the rows has its task team formed (teams/formed.py, as the checklist)."""
    offices = [r for r in rows if r.level in OFFICE_LEVELS or (r.own and r.code is None)]
    if not offices:
        return
    formed = offices_with_formed_team(user=user, offices=[r.code for r in offices], today=timezone.localdate())
    for row in offices:
        row.team = row.code in formed


def _count_cases(user, region, reach, rows: list[Row], now) -> list[dict]:
    """Open cases per row (by the Termohon office or any claim location in the row), each row's next
    deadline, and every upcoming deadline for the timeline. Four queries and the holiday calendar (a
    fifth for the other respondent offices of cases whose Termohon office is outside the reach).

    Only the columns the deadline engine reads are loaded; cases whose inputs to `case_deadlines` are
    the same (kind, zone, anchor and met-by times, no hearing) share one computation, and each day's
    working-day answer is asked of the calendar once."""
    cases, located = _open_cases(user, region)
    if not cases:
        return []
    outside = [case for case in cases if not reach.contains(case.respondent_office_id)]
    prefetch_related_objects(outside, Prefetch("other_respondent_offices", queryset=Region.objects.only("code")))
    rules = list(DeadlineRule.objects.filter(active=True))
    places = _case_places(cases, located, reach)
    row_of = _row_finder(rows)
    upcoming_of = _upcoming_finder(rules, _DaysOff(Calendar.load({now.year - 1, now.year, now.year + 1})), now)
    timeline = []
    for case in cases:
        # Deadlines and hearings are answer work, shown only to those who see the whole case (a PPK who
        # sees it through a claim in its kecamatan counts the case, without its calendar).
        # (`reaches_office` by its first test, the Termohon office, before it reads the other offices.)
        whole = reach.contains(case.respondent_office_id) or reaches_office(user=user, case=case)
        upcoming = upcoming_of(case) if whole else []
        timeline += [{"case": case, "deadline": d} for d in upcoming]
        for row in {row_of(code) for code in places[case.pk]} - {None}:
            row.add_case(case, upcoming)
    timeline.sort(key=lambda item: item["deadline"].due_at)
    return timeline


# The case's times a rule can run from or be met by: what `case_deadlines` reads of a case, with its
# kind, its Termohon office (the zone) and its hearings.
DEADLINE_FIELDS = sorted(
    {anchor for anchor in DeadlineAnchor.values if anchor != DeadlineAnchor.HEARING} | set(DeadlineMetBy.values)
)


class _DaysOff(Calendar):
    """The calendar with its answers kept: every case asks about the same few weeks."""

    def __init__(self, calendar: Calendar):
        super().__init__(calendar.extra)
        self.known: dict[datetime.date, bool] = {}

    def __contains__(self, day: datetime.date) -> bool:
        if day not in self.known:
            self.known[day] = super().__contains__(day)
        return self.known[day]


def _upcoming_finder(rules, calendar: Calendar, now):
    """`upcoming(case)`: the case's deadlines still to come and not met, by `case_deadlines`; computed
    once per distinct set of the inputs it reads (the case's kind, zone, times and hearings)."""
    computed: dict[tuple, list] = {}

    def upcoming(case) -> list:
        hearings = case.shown_hearings
        key = (
            case.kind,
            zone_name_for(case.respondent_office_id),
            tuple(getattr(case, name) for name in DEADLINE_FIELDS),
            tuple((h.pk, h.starts_at, h.agenda) for h in hearings),
        )
        if key not in computed:
            computed[key] = [
                d
                for d in case_deadlines(case, rules=rules, calendar=calendar, hearings=hearings)
                if d.due_at is not None and d.met_at is None and d.due_at >= now
            ]
        return computed[key]

    return upcoming


def _open_cases(user, region) -> tuple[list[Case], QuerySet]:
    """The open cases in view, inside `region` (by the Termohon office or a claim location) when one is
    given, and the claim locations of those cases (a queryset, read by `_case_places`). The cases carry
    what the dashboard shows of them and the deadline engine reads, and their hearings."""
    cases = Case.objects.visible_to(user).exclude(status__in=FINISHED_CASES)
    if region is not None:
        inside = tree.subtree_q(region.code, "respondent_office__code")
        located = Claim.locations.through.objects.filter(
            tree.subtree_q(region.code, "region__code"), claim__case__in=cases.values("pk")
        )
        cases = cases.filter(inside | Q(pk__in=located.values("claim__case_id")))
    else:
        located = Claim.locations.through.objects.filter(claim__case__in=cases.values("pk"))
    return list(
        cases.only("id", "kind", "status", "register_number", "respondent_office_id", *DEADLINE_FIELDS)
        .prefetch_related(
            Prefetch(
                "hearings",
                queryset=Hearing.objects.only("id", "case_id", "starts_at", "agenda"),
                to_attr="shown_hearings",
            ),
        )
        .order_by("pk")
    ), located


def _case_places(cases: list[Case], located, reach) -> dict[int, set[str | None]]:
    """Per case: its Termohon office and the claim locations inside the reach."""
    places: dict[int, set[str | None]] = defaultdict(set)
    for case in cases:
        places[case.pk].add(case.respondent_office_id)
    for case_id, code in located.values_list("claim__case_id", "region_id"):
        if reach.contains(code):  # a location outside the reach says nothing about the user's regions
            places[case_id].add(code)
    return places


def _row_finder(rows: list[Row]):
    by_code = {r.code: r for r in rows}
    found: dict[str | None, Row | None] = {}

    def row_of(code: str | None) -> Row | None:
        """The row of the code itself or of its nearest ancestor among the rows."""
        if code is None:
            return by_code.get(None)
        if code not in found:
            found[code] = next((by_code[c] for c in reversed(tree.lineage(code)) if c in by_code), None)
        return found[code]

    return row_of


def attention(*, user, region: Region | None, now: datetime.datetime, deadlines: list[dict]) -> Attention:
    """Needs attention today, within `region` (or the whole reach): deadlines within 72 hours, follow-ups
    past due, evidence waiting for verification for more than a day, open problems nobody handles."""
    today = timezone.localdate(now)
    horizon = now + datetime.timedelta(hours=ATTENTION_HOURS)
    codes = [region.code] if region is not None else None

    def inside(queryset, lookup):
        return queryset.filter(tree.subtree_q_any(codes, lookup)) if codes else queryset

    soon = [item for item in deadlines if item["deadline"].due_at <= horizon]
    orders = inside(
        CaseOrder.objects.filter(
            case__in=Case.objects.visible_to(user).exclude(status__in=FINISHED_CASES),
            done_at__isnull=True,
            due_date__lte=today + datetime.timedelta(days=3),
        ),
        "case__respondent_office__code",
    ).select_related("case")
    follow_ups = inside(
        ActivityFollowUp.objects.visible_to(user).filter(done=False, due_date__lt=today), "activity__office__code"
    )
    if region is None:
        follow_ups = follow_ups.filter(reach_of(user, Action.VIEW).q("activity__office__code"))
    unverified_before = now - datetime.timedelta(days=1)
    pending = inside(measures.pending_evidence(user), "region__code")
    unverified = pending.filter(uploaded_at__lt=unverified_before)
    unassigned = inside(measures.unassigned_problems(user), "region__code")
    counted = _attention_from_rollup(user, region, unverified_before)
    if counted is None:
        unverified_count, unassigned_count = unverified.count(), unassigned.count()
    else:  # the oldest from the rollup's facts (an index in upload order), then those rows themselves
        unverified_count, unassigned_count, oldest = counted
        unverified = unverified.filter(pk__in=oldest)
    return Attention(
        deadlines=soon[:SAMPLE],
        orders=list(orders.order_by("due_date", "id")[:SAMPLE]),
        overdue_follow_ups=list(follow_ups.select_related("activity").order_by("due_date", "id")[:SAMPLE]),
        unverified_evidence=list(unverified.select_related("region").order_by("uploaded_at", "id")[:SAMPLE]),
        unassigned_problems=list(unassigned.select_related("region").order_by("created_at", "id")[:SAMPLE]),
        counts={
            "deadlines": len(soon),
            "orders": orders.count(),
            "overdue_follow_ups": follow_ups.count(),
            "unverified_evidence": unverified_count,
            "unassigned_problems": unassigned_count,
        },
        unverified_before=unverified_before,
    )


def _attention_from_rollup(user, region: Region | None, since) -> tuple[int, int, list[int]] | None:
    """(evidence awaiting verification for more than a day, open problems nobody handles, the ids of
    the oldest evidence awaiting verification for more than a day: the list's sample) from the
    rollup, or None where it does not hold them (SQLite, a region not wholly in reach). The rollup counts
    all evidence awaiting verification; those uploaded `since` (a day ago; few) are taken off."""
    reach = reach_of(user, Action.VIEW)
    whole = [""] if reach.everything else list(tree.outermost(reach.prefixes))
    nodes = [region.code] if region is not None else whole
    if not rollup.available() or not (reach.everything or all(reach.contains(node) for node in nodes)):
        return None
    totals = rollup.cells(nodes).values()
    pending = sum(cells[(rollup.PENDING, "", "", "", True)] for cells in totals)
    unassigned = sum(cells[(rollup.UNASSIGNED, "", "", "", True)] for cells in totals)
    return pending - rollup.pending_since(nodes, since), unassigned, rollup.pending_oldest(nodes, since, SAMPLE)
