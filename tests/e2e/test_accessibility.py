"""Each role walks the pages of its daily work (the PPK on a phone, the others on a 1366x768 laptop), and
axe-core finds no serious or critical WCAG 2.1 A/AA violation on any of them: the navbar's links are
readable on its red (color-contrast), the menu says which page is open (aria-current) and a keyboard
user sees where the focus is.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.choices import Risk
from tests.cases.factories import CaseFactory
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import PHONE
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory, make_evidence

pytestmark = pytest.mark.e2e

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SCREEN = {
    Role.PPK: PHONE,
    Role.COMMISSIONER: LAPTOP,
    Role.TECHNICAL: LAPTOP,
    Role.LEGAL: LAPTOP,
}
TPS = "13.02.03.2002.001"  # TPS 001 Surian, Pantai Cermin, Kabupaten Solok


@pytest.fixture
def world(regions):
    users = {}
    for role, code in (
        (Role.PPK, "13.02.03"),
        (Role.COMMISSIONER, "13.02"),
        (Role.TECHNICAL, "13.02"),
        (Role.LEGAL, "13.02"),
    ):
        users[role] = UserFactory(username=f"{role}.solok", full_name=f"Petugas {role}")
        AssignmentFactory(user=users[role], role=role, region_id=code)
    problem = ProblemFactory(
        region_id=TPS,
        title="Dugaan intimidasi terhadap saksi di TPS 001",
        description="Saksi melaporkan intimidasi saat penghitungan suara.",
        risk=Risk.HIGH,
    )
    evidence = make_evidence(region_code=TPS, problem=problem)
    case = CaseFactory()
    return {"users": users, "problem": problem, "evidence": evidence, "case": case}


def walk(world, role) -> list[tuple[str, str | None]]:
    """(page, the menu entry it belongs to) for the pages `role` uses every day."""
    problem, evidence, case = world["problem"].pk, world["evidence"].pk, world["case"].pk
    common = [
        ("/", "/"),
        ("/inventory/problems/", "/inventory/problems/"),
        (f"/inventory/problems/{problem}/", "/inventory/problems/"),
        ("/search/?q=intimidasi", "/search/"),
        ("/regions/", "/regions/"),
        ("/accounts/security/", "/accounts/security/"),
        ("/notifications/", "/notifications/"),
        ("/no-such-page/", None),
    ]
    own = {
        Role.PPK: [
            ("/inventory/problems/new/", "/inventory/problems/"),
            (f"/inventory/evidence/upload/?problem={problem}", None),
            (f"/inventory/evidence/{evidence}/", None),
        ],
        Role.COMMISSIONER: [
            ("/dashboard/", "/dashboard/"),
            ("/teams/", "/teams/"),
            ("/cases/", "/cases/"),
        ],
        Role.TECHNICAL: [
            ("/inventory/evidence/verification/", "/inventory/evidence/verification/"),
            (f"/inventory/evidence/{evidence}/", None),
            (f"/inventory/evidence/{evidence}/view/", None),
            ("/dossiers/", "/dossiers/"),
            ("/teams/", "/teams/"),
        ],
        Role.LEGAL: [
            ("/cases/", "/cases/"),
            (f"/cases/{case}/", "/cases/"),
            ("/cases/new/", "/cases/"),
            ("/dossiers/", "/dossiers/"),
        ],
    }
    return common + own[role]


def sign_in(page, user):
    """Sign in through the login page; the login page's own violations."""
    page.goto("/accounts/login/")
    violations = serious_violations(page)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    return violations


@pytest.mark.parametrize("role", [Role.PPK, Role.COMMISSIONER, Role.TECHNICAL, Role.LEGAL])
def test_every_page_of_the_daily_walk_meets_wcag_21_aa(new_page, world, role):
    page = new_page(**SCREEN[role])
    found = {}
    if violations := sign_in(page, world["users"][role]):
        found["/accounts/login/"] = violations
    for path, entry in walk(world, role):
        response = page.goto(path)
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        if violations := serious_violations(page):
            found[path] = violations
        current = page.locator("nav a[aria-current=page]")
        marked = [current.nth(i).get_attribute("href") for i in range(current.count())]
        assert marked == ([entry] if entry else []), (path, marked)
    # On a phone the menu is folded away: its links are checked once it is open.
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        page.goto("/inventory/problems/")
        toggler.click()
        expect(page.locator("#nav a[aria-current=page]")).to_be_visible()
        if violations := serious_violations(page):
            found["menu"] = violations
    assert found == {}, "\n".join(f"{path}:\n  " + "\n  ".join(v) for path, v in found.items())


def test_the_keyboard_focus_is_clearly_visible(new_page, world):
    page = new_page(**LAPTOP)
    sign_in(page, world["users"][Role.COMMISSIONER])
    page.goto("/inventory/problems/")

    page.keyboard.press("Tab")  # the first stop is the navbar's brand link, white on dark red
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "/")
    expect(focused).to_have_css("outline-width", "3px")
    expect(focused).to_have_css("outline-color", "rgb(255, 255, 255)")
    # A form control on the light page gets a dark ring.
    page.goto("/search/")
    page.get_by_test_id("search-input").focus()
    expect(page.locator(":focus")).to_have_css("outline-width", "3px")
    expect(page.locator(":focus")).to_have_css("outline-style", "solid")
    expect(page.locator(":focus")).to_have_css("outline-color", "rgb(10, 61, 145)")
