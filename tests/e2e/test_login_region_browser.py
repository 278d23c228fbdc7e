"""A PPK member logs in through the real form, browses only their kecamatan, and logs out (by POST)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from regions.models import Region
from tests.factories import PASSWORD, AssignmentFactory, UserFactory

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"  # Pantai Cermin, Kabupaten Solok
NEIGHBOUR = "13.02.04"  # Lembah Gumanti, same regency: out of reach


@pytest.fixture
def ppk(regions):
    """A PPK member of Pantai Cermin, and what they should see; created before any browser runs."""
    user = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=user, role=Role.PPK, region_id=DISTRICT)
    villages = list(Region.objects.filter(parent_id=DISTRICT).order_by("code").values_list("code", "name"))
    subtree = list(Region.objects.filter(code__startswith=DISTRICT).order_by("code").values_list("code", flat=True))
    assert villages, "the test regions are not loaded"
    assert Region.objects.filter(parent_id=NEIGHBOUR).exists()
    return {"user": user, "villages": villages, "subtree": subtree}


def codes(page):
    return page.get_by_test_id("regions").locator("td.code").all_inner_texts()


def test_ppk_logs_in_browses_own_kecamatan_and_logs_out(page, ppk):
    # Log in through the real form (CSRF, axes and the session all take part).
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("ppk.pantaicermin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("current-user")).to_have_text("Rina Marlina")

    # The region browser starts at the top of the reach: the one kecamatan, nothing above or beside it.
    page.locator("nav a[href='/regions/']").click()
    expect(page).to_have_url(re.compile(r"/regions/$"))
    assert codes(page) == [DISTRICT]
    expect(page.get_by_test_id("regions")).to_contain_text("Pantai Cermin")

    # Its page lists its villages, and no crumbs lead above the reach.
    page.get_by_role("link", name="Pantai Cermin").click()
    expect(page).to_have_url(re.compile(rf"/regions/{re.escape(DISTRICT)}/$"))
    expect(page.locator("h1")).to_contain_text("Pantai Cermin")
    assert codes(page) == [code for code, _ in ppk["villages"]]
    for _, name in ppk["villages"]:
        expect(page.get_by_test_id("regions")).to_contain_text(name)
    assert page.get_by_test_id("breadcrumbs").locator("a[href^='/regions/1']").count() == 0
    assert NEIGHBOUR not in page.content()
    assert "Lembah Gumanti" not in page.content()

    # Searching the whole regency finds only the kecamatan's own subtree (villages and TPS).
    page.locator("form[role=search] input[name=q]").fill("13.02")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/regions/\?q=13\.02$"))
    assert codes(page) == ppk["subtree"]

    # Regions outside the reach do not exist for this user, even by URL.
    for outside in (NEIGHBOUR, "13.02", "13", "11.01"):
        assert page.goto(f"/regions/{outside}/").status == 404, outside

    # Logging out is a POST: a GET (a link, an <img src>) neither logs out nor is accepted.
    assert page.request.get("/accounts/logout/", max_redirects=0).status == 405
    page.goto("/regions/")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    with page.expect_request(lambda r: r.url.endswith("/accounts/logout/")) as logout:
        page.locator("nav form[action='/accounts/logout/'] button[type=submit]").click()
    assert logout.value.method == "POST"

    # It ends on the login page, logged out.
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("#id_username")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    page.goto("/regions/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/regions/$"))
