"""Dashboard numbers against counts made independently (plain Python over every row, with the reach
worked out from the assignments by hand), for three roles at three levels; scoping on every count;
a fixed number of queries whatever the data; numbers right straight after writes (nothing cached)."""

import datetime
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from dashboard.selectors import WEIGHTS, dashboard
from elections.choices import Stage
from inventory.choices import EvidenceKind, Risk, Status, Verification
from inventory.models import Evidence, Problem
from regions.choices import Level
from regions.models import Region
from tests.factories import UserFactory
from tests.inventory.factories import ProblemFactory
from tests.teams.factories import TeamFactory

pytestmark = pytest.mark.django_db

# Where the generated records go: inside Kabupaten Solok (two kecamatan with TPS), elsewhere in the
# province (Kabupaten Pesisir Selatan 13.01), and in Aceh Selatan (11.01), which nobody in 13 reaches.
PLACES = ["13.02", "13.02.03", "13.02.04", "13.01", "11.01", "13"]


def inside(code: str, root: str | None) -> bool:
    return root is None or code == root or code.startswith(root + ".")


def generate(n_problems=120, seed=3):
    """Problems of every stage, status and risk; evidence (C.Hasil at TPS, some verified, some replaced
    by a newer version, some rejected) linked to some of them."""
    rng = random.Random(seed)
    tps = list(Region.objects.filter(level=Level.TPS).values_list("code", flat=True))
    others = list(
        Region.objects.filter(code__regex=r"^(13\.01|11\.01|13\.02)(\.|$)")
        .exclude(level=Level.TPS)
        .values_list("code", flat=True)
    )
    problems = []
    for i in range(n_problems):
        code = rng.choice(tps) if i % 2 else rng.choice(others + PLACES)
        problems.append(
            ProblemFactory.build(
                region_id=code,
                stage=rng.choice(Stage.values),
                status=rng.choice(Status.values),
                risk=rng.choice(Risk.values),
            )
        )
    problems = Problem.objects.bulk_create(problems)
    evidence = []
    for i, code in enumerate(rng.sample(tps, len(tps) * 2 // 3)):
        evidence.append(
            Evidence(
                file=f"evidence/{i}.pdf",
                sha256=f"{i:064x}",
                size=100,
                mime_type="application/pdf",
                original_name=f"c-hasil-{i}.pdf",
                kind=EvidenceKind.C_HASIL if i % 5 else EvidenceKind.PHOTO,
                region_id=code,
                verification=[Verification.VERIFIED, Verification.PENDING, Verification.REJECTED][i % 3],
            )
        )
    evidence = Evidence.objects.bulk_create(evidence)
    # A corrected file: the old version no longer proves anything.
    old = evidence[0]
    Evidence.objects.create(
        file="evidence/new.pdf", sha256="f" * 64, size=1, mime_type="application/pdf", original_name="new.pdf",
        kind=old.kind, region_id=old.region_id, verification=Verification.PENDING, replaces=old,
    )  # fmt: skip
    for problem in problems[::3]:
        candidates = [e for e in evidence if inside(e.region_id, problem.region_id)] or evidence[:1]
        problem.evidence.add(rng.choice(candidates))
    TeamFactory(office_id="13.02", status="active", sk_file="sk/13.02.pdf")
    TeamFactory(office_id="13.01", status="draft")
    return problems


def expected_row(code: str, reach: list[str] | None, own: bool = False) -> dict:
    """The numbers of one row, counted in Python from all rows."""

    def in_row(region_code):
        if not any(inside(region_code, r) for r in reach or [None]):
            return False
        return region_code == code if own else inside(region_code, code)

    verified = {
        p
        for p, e in Evidence.problems.through.objects.values_list("problem_id", "evidence_id")
        if Evidence.objects.filter(pk=e, verification=Verification.VERIFIED, replaced_by__isnull=True).exists()
    }
    problems = [p for p in Problem.objects.all() if in_row(p.region_id)]
    current = [e for e in Evidence.objects.filter(replaced_by__isnull=True) if in_row(e.region_id)]
    tps = [r for r in Region.objects.filter(level=Level.TPS).values_list("code", flat=True) if in_row(r)]
    return {
        "problems": len(problems),
        "by_stage": Counter((p.stage, p.status) for p in problems),
        "ready": sum(p.status == Status.READY for p in problems),
        "open_high_risk": sum(p.risk == Risk.HIGH and p.status in (Status.NEW, Status.IN_PROGRESS) for p in problems),
        "lacking_verified": sum(p.pk not in verified for p in problems),
        "tps": len(tps),
        "tps_with_c_hasil": len(
            {
                e.region_id
                for e in current
                if e.kind in (EvidenceKind.C_HASIL, EvidenceKind.C_HASIL_SALINAN)
                and e.verification != Verification.REJECTED
                and e.region_id in tps
            }
        ),
    }


def assert_rows(board, reach):
    assert board.rows, "a dashboard with no rows checks nothing"
    for row in board.rows:
        want = expected_row(row.code, reach, own=row.own)
        got = {
            "problems": row.problems,
            "by_stage": +row.by_stage,
            "ready": row.ready,
            "open_high_risk": row.open_high_risk,
            "lacking_verified": row.lacking_verified,
            "tps": row.tps,
            "tps_with_c_hasil": row.tps_with_c_hasil,
        }
        assert got == want, row.code


def user_with(role, code):
    from tests.factories import AssignmentFactory

    user = UserFactory()
    AssignmentFactory(user=user, role=role, region_id=code)
    return user


# (role, assigned region, regions whose dashboard they open); None = the whole reach
CASES = [
    (Role.COMMISSIONER, None, [None, "13", "13.02"]),
    (Role.COMMISSIONER, "13.02", ["13.02", "13.02.03", "13.02.03.2002"]),
    (Role.PPK, "13.02.03", ["13.02.03", "13.02.03.2002", "13.02.03.2002.001"]),
]


@pytest.mark.parametrize(("role", "assigned", "levels"), CASES, ids=["national", "regency", "ppk"])
def test_numbers_match_independent_counts(role, assigned, levels):
    generate()
    user = user_with(role, assigned)
    reach = None if assigned is None else [assigned]
    for code in levels:
        region = Region.objects.get(code=code) if code else None
        board = dashboard(user=user, region=region)
        assert_rows(board, reach)
        # The total is every row, the viewed region's own records included.
        total = expected_row(code, reach) if code else None
        if total is not None:
            assert board.total.problems == total["problems"]
            assert board.total.tps_with_c_hasil == total["tps_with_c_hasil"]


def test_rows_are_the_children_and_the_regions_own_records():
    generate()
    ProblemFactory(region_id="13.02", title="Rekapitulasi kabupaten")
    board = dashboard(user=user_with(Role.COMMISSIONER, "13.02"), region=Region.objects.get(code="13.02"))
    children = list(Region.objects.filter(parent_id="13.02").order_by("code").values_list("code", flat=True))
    assert [r.code for r in board.rows if not r.own] == children
    own = [r for r in board.rows if r.own]
    assert (
        len(own) == 1
        and own[0].code == "13.02"
        and own[0].problems == expected_row("13.02", None, own=True)["problems"]
    )
    assert own[0].team is True  # KPU Kabupaten Solok has an active team with its SK


def test_national_top_is_the_provinces_and_nothing_leaks_across_regions():
    generate()
    national = dashboard(user=user_with(Role.COMMISSIONER, None), region=None)
    assert {r.code for r in national.rows if not r.own} == {"11", "13"}
    assert national.total.problems == Problem.objects.count()
    regency = dashboard(user=user_with(Role.COMMISSIONER, "13.02"), region=None)
    assert [r.code for r in regency.rows] == ["13.02"]
    assert regency.total.problems == Problem.objects.filter(region__code__startswith="13.02").count()


def test_a_user_with_regions_in_two_provinces_sees_both_and_nothing_between():
    generate()
    user = user_with(Role.COMMISSIONER, "13.02.03")
    from tests.factories import AssignmentFactory

    AssignmentFactory(user=user, role=Role.COMMISSIONER, region_id="11.01")
    board = dashboard(user=user, region=None)
    assert [r.code for r in board.rows] == ["11.01", "13.02.03"]
    assert_rows(board, ["13.02.03", "11.01"])
    assert board.total.problems == sum(expected_row(c, None)["problems"] for c in ("11.01", "13.02.03"))


def test_numbers_follow_writes_at_once():
    generate(n_problems=10)
    user = user_with(Role.COMMISSIONER, "13.02")
    region = Region.objects.get(code="13.02")
    before = {r.code: r for r in dashboard(user=user, region=region).rows}["13.02.04"]
    problem = ProblemFactory(region_id="13.02.04.2001.001", risk=Risk.HIGH, status=Status.NEW)
    after = {r.code: r for r in dashboard(user=user, region=region).rows}["13.02.04"]
    assert (after.problems, after.open_high_risk) == (before.problems + 1, before.open_high_risk + 1)
    Problem.objects.filter(pk=problem.pk).update(status=Status.RESOLVED)
    again = {r.code: r for r in dashboard(user=user, region=region).rows}["13.02.04"]
    assert again.open_high_risk == before.open_high_risk


def test_score_follows_its_definition():
    generate(n_problems=40)
    board = dashboard(user=user_with(Role.COMMISSIONER, "13.02"), region=Region.objects.get(code="13.02"))
    row = next(r for r in board.rows if r.code == "13.02.03")
    assert row.problems and row.high_risk and row.tps
    parts = {
        "ready": row.ready / row.problems,
        "proof": 1 - row.lacking_verified / row.problems,
        "high_risk": 1 - row.open_high_risk / row.high_risk,
        "coverage": row.tps_with_c_hasil / row.tps,
    }  # a kecamatan is no KPU office: no team part
    assert row.team is None
    expected = round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts))
    assert row.score == expected
    # The regency's own row: only its team can be measured, and it has one.
    own = next(r for r in board.rows if r.own)
    assert own.team is True and (own.problems == 0 or own.score is not None)
    # A kecamatan with nothing recorded and no TPS has no score, rather than a perfect one.
    empty = next(r for r in board.rows if r.code == "13.02.19")
    assert (empty.problems, empty.tps, empty.score) == (0, 0, None)


def test_query_count_does_not_grow_with_the_data():
    user = user_with(Role.COMMISSIONER, "13.02")
    region = Region.objects.get(code="13.02")
    generate(n_problems=20, seed=1)
    dashboard(user=user, region=region)  # warm caches (content types, rules)
    with CaptureQueriesContext(connection) as small:
        dashboard(user=user, region=region)
    generate(n_problems=200, seed=2)
    with CaptureQueriesContext(connection) as large:
        dashboard(user=user, region=region)
    assert len(large) == len(small) <= 30


def test_attention_lists_what_is_due_and_only_in_reach():
    now = timezone.now()
    old = now - datetime.timedelta(days=2)
    inside_problem = ProblemFactory(
        region_id="13.02.03", status=Status.NEW, assignee=None, title="Tanpa penanggung jawab"
    )
    ProblemFactory(region_id="11.01", status=Status.NEW, assignee=None, title="Di luar jangkauan")
    ProblemFactory(region_id="13.02.03", status=Status.RESOLVED, assignee=None)
    pending = Evidence.objects.create(
        file="e/1.pdf", sha256="1" * 64, size=1, mime_type="application/pdf", original_name="lama.pdf",
        kind=EvidenceKind.C_HASIL, region_id="13.02.03.2002.001",
    )  # fmt: skip
    Evidence.objects.filter(pk=pending.pk).update(uploaded_at=old)
    Evidence.objects.create(
        file="e/2.pdf", sha256="2" * 64, size=1, mime_type="application/pdf", original_name="baru.pdf",
        kind=EvidenceKind.C_HASIL, region_id="13.02.03.2002.002",
    )  # fmt: skip
    user = user_with(Role.PPK, "13.02.03")
    board = dashboard(user=user, region=Region.objects.get(code="13.02.03"), now=now)
    attention = board.attention
    assert [p.pk for p in attention.unassigned_problems] == [inside_problem.pk]
    assert attention.counts["unassigned_problems"] == 1
    assert [e.pk for e in attention.unverified_evidence] == [pending.pk]
    assert attention.counts["unverified_evidence"] == 1


def test_a_case_seen_through_a_claim_is_counted_without_its_calendar():
    """A PPK sees a case through a claim in its kecamatan, not the case's hearings and deadlines (the case
    page hides them from it): the dashboard counts the case and shows none of its dates."""
    from tests.cases.factories import ClaimFactory, HearingFactory

    now = timezone.now()
    claim = ClaimFactory(locations=["13.02.03"])
    HearingFactory(case=claim.case, starts_at=now + datetime.timedelta(days=2))
    office = dashboard(user=user_with(Role.COMMISSIONER, "13.02"), region=None, now=now)
    assert any(item["case"] == claim.case for item in office.deadlines)

    ppk = dashboard(user=user_with(Role.PPK, "13.02.03"), region=None, now=now)
    assert ppk.deadlines == [] and ppk.attention.counts.get("deadlines", 0) == 0
    row = next(row for row in ppk.rows if row.open_cases)
    assert row.open_cases == 1 and row.next_deadline is None
