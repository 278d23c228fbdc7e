"""On a phone: the region picker finds a village by its name, offers its TPS next, and the problem is stored
at the village picked; the person picker finds an assignee and a team member by name; both work with the
keyboard alone (the combobox pattern) and axe finds nothing serious; required fields carry their mark
before any submit; offline, the region field falls back to the list of codes.

Selectors are names, roles, ARIA states and data-testid; text is computed through Django's translation
in the page's own language.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.models import Category, Problem
from teams.models import TeamMember
from tests.e2e.axe import serious_violations
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.teams.factories import TeamFactory

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"  # Pantai Cermin, Kabupaten Solok
SURIAN = "13.02.03.2002"  # a desa of Pantai Cermin
LOLO = "13.02.03.2001"


@pytest.fixture
def people(regions):
    ppk = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=ppk, role=Role.PPK, region_id=DISTRICT)
    pps = UserFactory(username="pps.surian", full_name="Yusuf Chaniago")
    AssignmentFactory(user=pps, role=Role.PPS, region_id=SURIAN)
    secretariat = UserFactory(username="sekretariat.solok", full_name="Dewi Sekretariat")
    AssignmentFactory(user=secretariat, role=Role.SECRETARIAT, region_id="13.02")
    return {"ppk": ppk, "pps": pps, "secretariat": secretariat}


def log_in(page, user, then="/inventory/problems/"):
    """Signed in through the login page, landing on `then` (the home page is not what this is about)."""
    page.goto(f"/accounts/login/?next={then}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("current-user")).to_have_text(user.full_name)


def tr(page, message) -> str:
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(message)


def listbox_of(page, combobox):
    return page.locator(f"#{combobox.get_attribute('aria-controls')}")


def test_problem_at_a_village_picked_by_name_with_an_assignee_picked_by_name(phone, people):
    category = Category.objects.order_by("position").first()
    page = phone()
    log_in(page, people["ppk"])
    page.goto("/inventory/problems/new/")
    form = page.get_by_test_id("problem-form")
    form.locator("[name=title]").fill("Logistik terlambat di Surian")

    region = form.locator("[name=region]")
    expect(region).to_have_attribute("role", "combobox")
    region.tap()
    region.press_sequentially("suri")
    listbox = listbox_of(page, region)
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option").filter(has_text=SURIAN).first
    # name — level — where it lies — code
    expect(option).to_have_text(re.compile(rf"^Surian — .+ — Pantai Cermin — {re.escape(SURIAN)}$"))
    option.tap()
    expect(region).to_have_value(SURIAN)
    # The village's TPS are offered next; the village is kept unless one is chosen.
    expect(listbox.get_by_role("option").first).to_contain_text(f"{SURIAN}.001")
    expect(page.get_by_test_id("picker-chosen").first).to_contain_text("Surian")

    form.locator("[name=category]").select_option(str(category.pk))
    form.locator("[name=description]").fill("Kotak suara tiba pukul 09.00 WIB.")
    expect(listbox).to_be_hidden()

    assignee = form.locator("[name=assignee]")
    assignee.tap()
    assignee.press_sequentially("yusuf")
    person = listbox_of(page, assignee).get_by_role("option", name="Yusuf Chaniago — pps.surian")
    person.tap()
    expect(assignee).to_have_value("pps.surian")

    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/inventory/problems/\d+/$"))
    problem = Problem.objects.get(title="Logistik terlambat di Surian")
    assert (problem.region_id, problem.assignee) == (SURIAN, people["pps"])


def test_keyboard_alone_picks_a_tps_and_axe_finds_nothing_serious(phone, people):
    page = phone()
    log_in(page, people["ppk"])
    page.goto("/inventory/problems/new/")
    region = page.locator("#id_region")
    region.focus()
    region.press_sequentially("lolo")
    listbox = listbox_of(page, region)
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(region).to_have_attribute("aria-expanded", "true")
    assert serious_violations(page) == []

    region.press("ArrowDown")
    active = region.get_attribute("aria-activedescendant")
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    region.press("Enter")  # chooses; the form is not sent
    expect(page).to_have_url(re.compile(r"/inventory/problems/new/$"))
    expect(region).to_have_value(LOLO)
    # Its TPS next: the second one, by the arrows.
    expect(listbox.get_by_role("option")).to_have_count(3)
    region.press("ArrowDown")
    region.press("ArrowDown")
    region.press("Enter")
    expect(region).to_have_value(f"{LOLO}.002")
    expect(region).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()

    # Escape closes the list and keeps what was typed.
    region.fill("")
    region.press_sequentially("pantai")
    expect(listbox).to_be_visible()
    region.press("Escape")
    expect(listbox).to_be_hidden()
    expect(region).to_have_value("pantai")
    assert serious_violations(page) == []


def test_required_fields_are_marked_before_submit(phone, people):
    page = phone()
    log_in(page, people["ppk"])
    page.goto("/inventory/problems/new/")
    form = page.get_by_test_id("problem-form")
    expect(form.get_by_test_id("required-legend")).to_be_visible()
    expect(form.get_by_test_id("required-legend")).to_contain_text(tr(page, "required"))
    title = form.locator("#id_title")
    expect(title).to_have_attribute("required", "")
    mark = page.evaluate("() => getComputedStyle(document.querySelector(\"label[for='id_title']\"), '::after').content")
    assert "*" in mark
    optional = page.evaluate(
        "() => getComputedStyle(document.querySelector(\"label[for='id_chronology']\"), '::after').content"
    )
    assert "*" not in optional

    # Sent empty: the required fields in error, and no green tick on the optional ones left empty.
    form.locator("button[type=submit]").tap()
    expect(title).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(form.locator(".is-valid")).to_have_count(0)


def test_team_member_picked_by_name(phone, people):
    team = TeamFactory(office_id="13.02", name="Tim PHP Kabupaten Solok")
    page = phone()
    log_in(page, people["secretariat"], then="/teams/")
    page.goto(f"/teams/{team.pk}/members/new/")
    user = page.get_by_test_id("member-form").locator("[name=user]")
    expect(user).to_have_attribute("role", "combobox")
    user.tap()
    user.press_sequentially("rina")
    listbox = listbox_of(page, user)
    expect(listbox.get_by_role("option")).to_have_count(1)
    listbox.get_by_role("option", name="Rina Marlina — ppk.pantaicermin").tap()
    expect(user).to_have_value("ppk.pantaicermin")
    page.get_by_test_id("member-form").locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(rf"/teams/{team.pk}/"))
    assert TeamMember.objects.filter(team=team, user=people["ppk"]).exists()


def test_offline_the_region_field_falls_back_to_the_list_of_codes(phone, people):
    page = phone()
    log_in(page, people["ppk"])
    page.goto("/inventory/capture/")
    region = page.get_by_test_id("capture-form").locator("[name=region]")
    expect(region).to_have_attribute("role", "combobox")
    expect(region).not_to_have_attribute("list", "region-codes")  # online: the picker searches by name
    page.context.set_offline(True)
    region.focus()
    region.press_sequentially("13.02.03")
    expect(region).to_have_attribute("list", "region-codes")
    expect(listbox_of(page, region)).to_be_hidden()
    assert page.locator(f"#region-codes option[value='{LOLO}']").count() == 1
    page.context.set_offline(False)
