"""The commissioner of KPU Kabupaten Solok (13.02) signs in, opens the readiness dashboard, reads the
numbers per kecamatan, looks at the charts, drills down to a kecamatan, a nagari and a TPS (and back up
by the breadcrumbs), searches for a word from a problem and opens it. Screenshots of the dashboard
(table and charts) are kept in test-artifacts/ whatever the outcome.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.choices import Risk, Status
from inventory.models import Problem
from tests.conftest import in_test_set
from tests.e2e.conftest import ARTIFACTS
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.e2e

TPS = "13.02.03.2002.001"


@pytest.fixture
def commissioner(regions):
    user = UserFactory(username="komisioner.solok", full_name="Komisioner KPU Kabupaten Solok")
    AssignmentFactory(user=user, role=Role.COMMISSIONER, region_id="13.02")
    ProblemFactory(
        region_id=TPS,
        title="Dugaan intimidasi terhadap saksi di TPS 001 Nagari Surian",
        description="Saksi pasangan calon melaporkan intimidasi oleh orang tak dikenal saat penghitungan.",
        risk=Risk.HIGH,
        status=Status.NEW,
    )
    for i in range(4):
        ProblemFactory(region_id="13.02.04", title=f"Logistik terlambat {i}", status=Status.READY)
    ProblemFactory(region_id="11.01", title="Di luar Kabupaten Solok: intimidasi")
    return user


def test_commissioner_reads_the_dashboard_drills_down_and_finds_a_problem(page, commissioner):
    assert in_test_set(TPS)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(commissioner.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_test_id("nav-dashboard").click()

    # One regency in reach: straight to it, one row per kecamatan.
    expect(page).to_have_url(re.compile(r"/dashboard/13\.02/$"))
    table = page.get_by_test_id("dashboard-table")
    pantai_cermin = table.locator("tr[data-code='13.02.03']")
    expect(pantai_cermin.get_by_test_id("row-problems")).to_have_text("1")
    expect(pantai_cermin.get_by_test_id("row-high-risk")).to_have_text("1")
    expect(table.locator("tr[data-code='13.02.04']").get_by_test_id("row-problems")).to_have_text("4")
    expect(page.get_by_test_id("total-problems")).to_have_text(
        str(Problem.objects.filter(region__code__startswith="13.02.").count())
    )
    expect(page.get_by_test_id("attention-unassigned")).to_have_text("1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-solok-table.png"), full_page=True)

    page.get_by_test_id("tab-charts").click()
    chart = page.locator("#chart-coverage")
    expect(chart).to_be_visible()
    # Chart.js draws into the canvas once it has a size: the canvas is no longer blank.
    page.wait_for_function(
        "() => { const c = document.getElementById('chart-coverage'); const d = c.getContext('2d')"
        ".getImageData(0, 0, c.width, c.height).data; return d.some(v => v !== 0); }"
    )
    page.screenshot(path=str(ARTIFACTS / "dashboard-solok-charts.png"), full_page=True)
    page.get_by_test_id("tab-table").click()

    # Down to the kecamatan, the nagari and the TPS.
    pantai_cermin.get_by_test_id("drill").click()
    expect(page).to_have_url(re.compile(r"/dashboard/13\.02\.03/$"))
    page.get_by_test_id("dashboard-table").locator("tr[data-code='13.02.03.2002']").get_by_test_id("drill").click()
    page.get_by_test_id("dashboard-table").locator(f"tr[data-code='{TPS}']").get_by_test_id("drill").click()
    expect(page).to_have_url(re.compile(rf"/dashboard/{re.escape(TPS)}/$"))
    own = page.get_by_test_id("dashboard-table").locator(f"tr[data-code='{TPS}']")
    expect(own.get_by_test_id("row-problems")).to_have_text("1")
    crumbs = page.get_by_test_id("breadcrumbs")
    expect(crumbs.locator("a")).to_have_count(4)  # Dashboard, Solok, Pantai Cermin, Surian
    crumbs.locator("a[href='/dashboard/13.02/']").click()
    expect(page).to_have_url(re.compile(r"/dashboard/13\.02/$"))

    # Search for a word of the problem; the one in Aceh Selatan is not found, not even counted.
    page.get_by_test_id("search-input").fill("intimidasi")
    page.get_by_test_id("search-input").press("Enter")
    problems = page.get_by_test_id("search-problem")
    expect(problems.get_by_test_id("count-problem")).to_have_text("1")
    expect(problems.locator("mark").first).to_have_text(re.compile("intimidasi", re.IGNORECASE))
    expect(page.locator("main")).not_to_contain_text("Di luar Kabupaten Solok")
    problems.get_by_test_id("hit").locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/inventory/problems/\d+/$"))
    expect(page.locator("main h1")).to_contain_text("Dugaan intimidasi")
