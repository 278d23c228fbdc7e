"""The README's task guide, walked for real: each role does its daily task in a few clicks from its home
(the PPK on a phone, the offices on a 1366x768 laptop), and the key steps are photographed for the guide
(docs/guide/<role>-<step>.png, the size of the screen) and kept in test-artifacts/ as well.

Selectors are data-testid, URLs and the data the test planted; the screenshots are what the README shows.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.models import Category, Problem
from tests.artifacts import ARTIFACTS
from tests.e2e.test_accessibility import SCREEN, TPS, sign_in, world  # noqa: F401

pytestmark = pytest.mark.e2e

GUIDE = Path(settings.BASE_DIR) / "docs" / "guide"
MAX_BYTES = 150_000


def shot(page, name: str) -> Path:
    """The viewport as the user sees it (CSS pixels, not the phone's threefold device pixels), written to
    docs/guide/<name>.png and test-artifacts/guide-<name>.png."""
    GUIDE.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # no focus ring in the guide
    data = page.screenshot(type="png", scale="css", animations="disabled")
    if len(data) > MAX_BYTES:  # a busy page: the same picture as a JPEG keeps the guide light
        data = page.screenshot(type="jpeg", quality=75, scale="css", animations="disabled")
    path = GUIDE / f"{name}.png"
    for target in (path, ARTIFACTS / f"guide-{name}.png"):
        target.write_bytes(data)
        assert target.is_file() and target.stat().st_size == len(data), target
    assert len(data) <= MAX_BYTES, (name, len(data))
    return path


@pytest.fixture
def open_case(world):  # noqa: F811
    """The world's case, with its results decreed yesterday: its deadlines lie ahead, so they count down."""
    case = world["case"]
    type(case).objects.filter(pk=case.pk).update(result_decree_at=timezone.now() - dt.timedelta(days=1))
    return case


def test_a_ppk_records_a_problem_and_reaches_the_upload_from_the_home_on_a_phone(new_page, world):  # noqa: F811
    page = new_page(**SCREEN[Role.PPK])
    sign_in(page, world["users"][Role.PPK])
    field = page.get_by_test_id("home-field")
    expect(field).to_be_visible()
    expect(page.get_by_test_id("home-open-problems")).to_contain_text(world["problem"].title)
    expect(page.get_by_test_id("home-verify")).to_have_count(0)
    shot(page, "ppk-1-home")

    page.get_by_test_id("home-record").tap()
    expect(page).to_have_url(re.compile(r"/inventory/problems/new/$"))
    form = page.get_by_test_id("problem-form")
    form.locator("[name=title]").fill("Kotak suara dibuka sebelum penghitungan")
    form.locator("[name=region]").fill(TPS)
    form.locator("[name=category]").select_option(str(Category.objects.get(slug="lainnya").pk))
    form.locator("[name=description]").fill("Saksi melihat segel kotak suara sudah terbuka pukul 13.05 WIB.")
    shot(page, "ppk-2-record")
    form.locator("button[type=submit]").tap()

    expect(page).to_have_url(re.compile(r"/inventory/problems/\d+/$"))
    problem = Problem.objects.get(title="Kotak suara dibuka sebelum penghitungan")
    assert problem.region_id == TPS and problem.reported_by == world["users"][Role.PPK]
    shot(page, "ppk-3-problem")
    page.get_by_test_id("upload-evidence").tap()
    expect(page).to_have_url(re.compile(rf"/inventory/evidence/upload/\?problem={problem.pk}&"))
    expect(page.get_by_test_id("upload-form").locator("[name=region]")).to_have_value(TPS)
    shot(page, "ppk-4-upload")

    # Back home, the new problem is the first of "my open problems".
    page.goto("/")
    expect(page.get_by_test_id("home-open-problems").locator("li").first).to_contain_text(problem.title)


def test_the_technical_division_opens_the_queue_and_the_viewer_from_the_home(new_page, world):  # noqa: F811
    page = new_page(**SCREEN[Role.TECHNICAL])
    sign_in(page, world["users"][Role.TECHNICAL])
    expect(page.get_by_test_id("home-verify")).to_be_visible()
    expect(page.get_by_test_id("home-queue-count")).to_have_text("1")
    expect(page.get_by_test_id("home-unassigned")).to_contain_text(world["problem"].title)
    shot(page, "technical-1-home")

    page.get_by_test_id("home-queue-all").click()
    expect(page).to_have_url(re.compile(r"/inventory/evidence/verification/$"))
    expect(page.get_by_test_id("evidence-card")).to_have_count(1)
    shot(page, "technical-2-queue")

    page.get_by_test_id("open-verify").click()
    expect(page).to_have_url(re.compile(rf"/inventory/evidence/{world['evidence'].pk}/view/$"))
    expect(page.locator("#viewer img").first).to_be_visible()
    shot(page, "technical-3-viewer")


def test_the_legal_division_opens_a_case_with_its_deadlines_from_the_home(new_page, world, open_case):  # noqa: F811
    page = new_page(**SCREEN[Role.LEGAL])
    sign_in(page, world["users"][Role.LEGAL])
    deadlines = page.get_by_test_id("home-deadlines")
    expect(deadlines).to_contain_text(open_case.register_number)
    expect(deadlines.get_by_test_id("countdown").first).to_be_visible()
    shot(page, "legal-1-home")

    deadlines.locator(f"a[href='/cases/{open_case.pk}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/cases/{open_case.pk}/$"))
    expect(page.get_by_test_id("register-number")).to_have_text(open_case.register_number)
    expect(page.get_by_test_id("deadlines").get_by_test_id("countdown").first).to_be_visible()
    page.get_by_test_id("deadlines").scroll_into_view_if_needed()
    shot(page, "legal-2-case")


def test_the_commissioner_goes_from_the_home_to_the_dashboard_and_a_list(new_page, world):  # noqa: F811
    page = new_page(**SCREEN[Role.COMMISSIONER])
    sign_in(page, world["users"][Role.COMMISSIONER])
    overview = page.get_by_test_id("home-overview")
    expect(overview.get_by_test_id("home-score")).to_have_text(re.compile(r"^(\d+|–)$"))
    unassigned = overview.get_by_test_id("home-attention-unassigned")
    expect(unassigned).to_have_text("1")
    shot(page, "commissioner-1-home")

    page.get_by_test_id("open-dashboard").click()
    expect(page).to_have_url(re.compile(r"/dashboard/13\.02/$"))
    expect(page.get_by_test_id("attention")).to_be_visible()
    shot(page, "commissioner-2-dashboard")

    see_all = page.get_by_test_id("attention").get_by_test_id("count-link").last
    count = see_all.get_attribute("data-count")
    see_all.click()
    expect(page).to_have_url(re.compile(r"/inventory/problems/\?.*unassigned=true"))
    expect(page.get_by_test_id("total")).to_contain_text(count)
    expect(page.locator("main")).to_contain_text(world["problem"].title)
    shot(page, "commissioner-3-list")
