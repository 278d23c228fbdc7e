"""On a phone: the commissioner of KPU Kabupaten Solok (13.02) opens the office page, forms the task
team with its SK (number, date and the scanned PDF), adds members (a colleague with an account and an
outside academic), records a rakor with the PPK of every kecamatan and uploads its minutes PDF, and
sees the readiness checklist change: "team formed by an active SK" and "rakor held" turn ok while
the kecamatan without supervision stay listed as missing.

Selectors are data-testid, names, values and URLs, so the test holds whatever language the UI speaks.
"""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from regions.models import Region
from teams.choices import ActivityKind, Position, TeamStatus
from teams.models import Activity, ActivityFile, TaskTeam
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import pdf_bytes
from tests.teams.factories import ElectionFactory

pytestmark = pytest.mark.e2e

OFFICE = "13.02"  # Kabupaten Solok
SK_NUMBER = "1187/HK.03.1-Kpt/1302/KPU-Kab/XI/2024"


@pytest.fixture
def people(regions):
    commissioner = UserFactory(username="komisioner.solok", full_name="Komisioner KPU Kabupaten Solok")
    AssignmentFactory(user=commissioner, role=Role.COMMISSIONER, region_id=OFFICE)
    legal = UserFactory(username="hukum.solok", full_name="Divisi Hukum Solok")
    AssignmentFactory(user=legal, role=Role.LEGAL, region_id=OFFICE)
    return {"commissioner": commissioner, "legal": legal, "election": ElectionFactory(name="Pilkada 2024")}


@pytest.fixture
def files(tmp_path):
    sk = tmp_path / "SK-Tim-PHP-Solok.pdf"
    sk.write_bytes(pdf_bytes("Keputusan KPU Kabupaten Solok tentang Pembentukan Tim Penyelesaian PHP"))
    minutes = tmp_path / "Notulen-Rakor-PPK.pdf"
    minutes.write_bytes(pdf_bytes("Notulen rakor PPK se-Kabupaten Solok"))
    return {"sk": sk, "minutes": minutes}


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("current-user")).to_have_text(user.full_name)


def check(page, key):
    return page.get_by_test_id("readiness").locator(f"li[data-check='{key}']")


def assert_fits_the_screen(page):
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]}px wide on a {width[1]}px screen"


def test_commissioner_forms_a_team_records_a_rakor_and_the_checklist_changes(phone, people, files, evidence_dir):
    commissioner, election = people["commissioner"], people["election"]
    page = phone()
    log_in(page, commissioner)

    # Through the menu to the teams page, and from there to the office by its code.
    page.locator("nav .navbar-toggler").tap()
    page.locator("#nav a[href='/teams/']").tap()
    expect(page).to_have_url(re.compile(r"/teams/$"))
    page.get_by_test_id("my-offices").locator(f"a[href='/teams/office/{OFFICE}/']").tap()
    expect(page).to_have_url(re.compile(rf"/teams/office/{re.escape(OFFICE)}/$"))
    office_url = page.url
    for key in ("team", "rakor", "outreach"):
        expect(check(page, key)).to_have_attribute("data-ok", "false")
    assert_fits_the_screen(page)

    # --- Form the team: SK number, date, the scanned SK, activated ----------------------------
    page.get_by_test_id("form-team").tap()
    form = page.get_by_test_id("team-form")
    form.locator("[name=election]").select_option(str(election.pk))
    form.locator("[name=sk_number]").fill(SK_NUMBER)
    form.locator("[name=sk_date]").fill("2024-11-20")
    form.locator("[name=period_start]").fill("2024-11-20")
    form.locator("input[type=file][name=sk_file]").set_input_files(files["sk"])
    form.locator("[name=activate]").check()
    assert_fits_the_screen(page)
    form.locator("button[type=submit]").tap()

    expect(page).to_have_url(re.compile(r"/teams/\d+/$"))
    team = TaskTeam.objects.get()
    assert (team.office_id, team.election, team.status, team.sk_number) == (
        OFFICE,
        election,
        TeamStatus.ACTIVE,
        SK_NUMBER,
    )
    expect(page.get_by_test_id("team-status")).to_have_attribute("data-status", "active")
    expect(page.get_by_test_id("sk-sha256")).to_have_text(sha(files["sk"]))
    assert (evidence_dir / team.sk_file.name).read_bytes() == files["sk"].read_bytes()
    team_url = page.url

    # --- Add members: a colleague with an account, and an outside academic ---------------------
    page.get_by_test_id("add-member").tap()
    form = page.get_by_test_id("member-form")
    form.locator("[name=user]").fill("hukum.solok")
    form.locator("[name=position]").select_option(Position.KETUA.value)
    form.locator("[name=division]").select_option("hukum")
    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(rf"^{re.escape(team_url)}(#members)?$"))
    page.get_by_test_id("add-member").tap()
    form = page.get_by_test_id("member-form")
    form.locator("[name=name]").fill("Prof. Dr. Elvi Susanti, S.H., M.Hum.")
    form.locator("[name=institution]").fill("Fakultas Hukum Universitas Andalas")
    form.locator("[name=phone]").fill("0813-7400-2003")
    form.locator("[name=position]").select_option(Position.NARASUMBER.value)
    form.locator("button[type=submit]").tap()
    members = page.get_by_test_id("members").locator("li[data-member]")
    expect(members).to_have_count(2)
    expect(members.first).to_contain_text("Divisi Hukum Solok")  # the chair before the resource person
    expect(members.last).to_contain_text("Prof. Dr. Elvi Susanti")
    assert_fits_the_screen(page)

    # The checklist now has the team.
    page.goto(office_url)
    expect(check(page, "team")).to_have_attribute("data-ok", "true")
    expect(check(page, "rakor")).to_have_attribute("data-ok", "false")

    # --- Record the rakor with the PPK of every kecamatan ----------------------------------------
    page.get_by_test_id("new-activity").first.tap()
    form = page.get_by_test_id("activity-form")
    form.locator("[name=kind]").select_option(ActivityKind.RAKOR.value)
    form.locator("[name=title]").fill("Rakor persiapan PHP bersama PPK se-Kabupaten Solok")
    form.locator("[name=starts_at]").fill("2024-12-04T09:00")
    form.locator("[name=place]").fill("Aula KPU Kabupaten Solok, Arosuka")
    districts = form.get_by_test_id("districts").locator("input[type=checkbox]")
    expected = Region.objects.filter(parent_id=OFFICE).count()
    expect(districts).to_have_count(expected)
    for box in districts.all():
        box.check()
    form.locator("[name=with_bawaslu]").check()
    for box in form.get_by_test_id("attendees").locator("input[type=checkbox]").all():
        box.check()
    form.locator("[name=agenda]").fill("Persiapan alat bukti dari PPK.")
    assert_fits_the_screen(page)
    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/teams/activities/\d+/$"))
    activity = Activity.objects.get()
    assert activity.bodies.count() == expected and activity.attendees.count() == 2
    assert activity.election == election and activity.created_by == commissioner

    # Upload the minutes PDF; its SHA-256 is shown.
    upload = page.get_by_test_id("file-form")
    upload.locator("[name=kind]").select_option("minutes")
    upload.locator("input[type=file][name=file]").set_input_files(files["minutes"])
    upload.locator("button[type=submit]").tap()
    expect(page.get_by_test_id("activity-files").get_by_test_id("sha256")).to_have_text(sha(files["minutes"]))
    record = ActivityFile.objects.get()
    assert (record.activity, record.kind, record.mime_type) == (activity, "minutes", "application/pdf")
    assert (evidence_dir / record.file.name).read_bytes() == files["minutes"].read_bytes()

    # --- The checklist changed: rakor held; the kecamatan still wait for a supervision ----------
    page.goto(office_url)
    expect(check(page, "team")).to_have_attribute("data-ok", "true")
    expect(check(page, "rakor")).to_have_attribute("data-ok", "true")
    expect(check(page, "outreach")).to_have_attribute("data-ok", "false")
    expect(check(page, "outreach").locator("a[data-testid^='supervise-']")).to_have_count(expected)
    assert_fits_the_screen(page)

    # One of them is supervised from the checklist's link: the form comes prefilled.
    check(page, "outreach").locator("a[data-testid='supervise-13.02.03']").tap()
    form = page.get_by_test_id("activity-form")
    expect(form.locator("[name=kind]")).to_have_value(ActivityKind.SUPERVISI.value)
    expect(form.locator("input[name=districts][value='13.02.03']")).to_be_checked()
    form.locator("[name=title]").fill("Supervisi PPK Pantai Cermin")
    form.locator("[name=starts_at]").fill("2024-12-05T10:00")
    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/teams/activities/\d+/$"))
    page.goto(office_url)
    expect(check(page, "outreach").locator("a[data-testid^='supervise-']")).to_have_count(expected - 1)
    expect(check(page, "outreach").locator("a[data-testid='supervise-13.02.03']")).to_have_count(0)
