"""No dead ends on the dashboard: every count links to the list behind it, and that list holds the same
number; a TPS lists its own problems and evidence; one definition each of "open problems nobody handles"
and "team formed", so that the dashboard and the office checklist agree."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from dashboard.selectors import dashboard
from inventory.choices import Risk, Status, Verification
from inventory.models import Evidence, Problem
from regions.models import Region
from teams.models import TaskTeam
from teams.selectors import office_readiness
from tests.inventory.factories import ProblemFactory, evidence_dir, make_evidence
from tests.teams.factories import AssignmentFactory, make_active_team

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
LINK = re.compile(r'<a href="([^"]+)" data-testid="count-link" data-count="(\d+)"')
TOTAL = re.compile(r'data-testid="total">(\d+)')


@pytest.fixture(autouse=True)
def _storage(evidence_dir):
    return evidence_dir


def world():
    """Problems of every status and risk in two kecamatan and at one TPS; evidence waiting, some of it
    for more than a day; problems some of which nobody handles."""
    for i, (status, risk) in enumerate(
        [(s, r) for s in Status.values for r in Risk.values] + [(Status.NEW, Risk.HIGH)] * 2
    ):
        ProblemFactory(
            region_id=TPS if i % 3 == 0 else ("13.02.03" if i % 3 == 1 else "13.02.04"), status=status, risk=risk
        )
    for days in (0, 2, 3):
        evidence = make_evidence()
        Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=timezone.now() - datetime.timedelta(days=days))
    verified = make_evidence(region_code="13.02.04.2001.001", kind="c_hasil")
    Evidence.objects.filter(pk=verified.pk).update(verification=Verification.VERIFIED)


def followed(client, url: str) -> list[tuple[str, int, int]]:
    """(href, count shown, count on the list behind it) for every count link of the page."""
    page = client.get(url, follow=True).content.decode()
    links = [(unescape(href), int(n)) for href, n in LINK.findall(page)]
    assert links, "no count links on the page"
    found = []
    for href, n in links:
        listed = client.get(href)
        assert listed.status_code == 200, href
        total = TOTAL.search(listed.content.decode())
        found.append((href, n, int(total.group(1)) if total else None))
    return found


@pytest.mark.parametrize("code", [None, "13.02", "13.02.03", TPS])
def test_every_count_opens_a_list_of_as_many(client, make_user, code):
    world()
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    url = reverse("dashboard_region", args=[code]) if code else reverse("dashboard")
    results = followed(client, url)
    assert [(href, n) for href, n, listed in results if listed != n] == []
    # The problems, siap, open high-risk and unverified-proof links at least, and both attention lists.
    assert sum("unassigned=true" in href for href, _n, _l in results) == 1
    assert sum("verification=pending" in href for href, _n, _l in results) == 1


def test_the_tps_lists_its_problems_and_evidence(client, make_user):
    world()
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    response = client.get(reverse("dashboard_region", args=[TPS]))
    page = response.content.decode()
    assert 'data-testid="own-records"' in page
    board = response.context["board"]
    assert {p.pk for p in board.problems} == set(Problem.objects.filter(region_id=TPS).values_list("pk", flat=True))
    assert board.evidence_count == Evidence.objects.filter(region_id=TPS).count() == 3
    for problem in board.problems:
        assert reverse("problem_detail", args=[problem.pk]) in page


def test_the_attention_badge_and_its_list_agree(client, make_user):
    world()
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    response = client.get(reverse("dashboard_region", args=["13.02"]))
    counts = response.context["board"].attention.counts
    page = response.content.decode()
    badge = re.search(r'data-testid="attention-unverified">(\d+)', page).group(1)
    assert int(badge) == counts["unverified_evidence"] == 2
    links = dict((unescape(href), int(n)) for href, n in LINK.findall(page))
    (see_all,) = [n for href, n in links.items() if "verification=pending" in href]
    assert see_all == int(badge)


# One definition each --------------------------------------------------------------------------------


def test_open_problems_nobody_handles_are_counted_alike(make_user):
    """The checklist used to count resolved and siap problems without an assignee too; the dashboard did
    not leave out problems a team member is assigned to. Both now use Problem.objects.unassigned_open."""
    user = make_user(Role.COMMISSIONER, "13.02")
    ProblemFactory(region_id="13.02.03", status=Status.NEW)
    ProblemFactory(region_id="13.02.04", status=Status.IN_PROGRESS)
    ProblemFactory(region_id="13.02.03", status=Status.RESOLVED)
    ProblemFactory(region_id="13.02.04", status=Status.READY)
    handled = ProblemFactory(region_id="13.02.03", status=Status.NEW)
    AssignmentFactory(problem=handled, region=None)
    ProblemFactory(region_id="13.02.03", status=Status.NEW, assignee=user)
    office = Region.objects.get(code="13.02")
    board = dashboard(user=user, region=office)
    checks = {c.key: c for c in office_readiness(user=user, office_region=office)}
    assert board.attention.counts["unassigned_problems"] == checks["unassigned"].count == 2


@pytest.mark.parametrize(
    "change",
    [
        # Active with its SK, but its period of duty is over: the dashboard used to say "formed".
        {"period_end": datetime.date(2020, 1, 1), "period_start": datetime.date(2019, 1, 1)},
        # Active, SK scan present, period not begun yet.
        {"period_start": datetime.date(2999, 1, 1), "period_end": None},
    ],
)
def test_team_formed_is_the_same_on_the_dashboard_and_the_checklist(make_user, change):
    user = make_user(Role.COMMISSIONER, "13.02")
    team = make_active_team(office="13.02")
    office = Region.objects.get(code="13.02")

    def both():
        parent = dashboard(user=user, region=office.parent)
        (row,) = [r for r in parent.rows if r.code == "13.02"]
        checks = {c.key: c for c in office_readiness(user=user, office_region=office)}
        return row.team, checks["team"].ok

    assert both() == (True, True)
    TaskTeam.objects.filter(pk=team.pk).update(**change)
    assert both() == (False, False)
