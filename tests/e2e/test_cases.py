"""On a phone: the legal division of KPU Kabupaten Solok registers an MK case, enters two claims
(dalil) with the applicant's and the KPU's numbers, links exhibits made of stored evidence, and sees
the computed deadlines (in WIB) with their countdown.

Selectors are data-testid, names, values and URLs, so the test holds whatever language the UI speaks.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from cases.models import Case, Citation, ClaimFigure
from tests.cases.factories import ContestFactory, ParticipantFactory
from tests.e2e.test_inventory_phone import assert_fits_the_screen, log_in
from tests.factories import AssignmentFactory, UserFactory
from tests.inventory.factories import make_evidence

pytestmark = pytest.mark.e2e

REGENCY = "13.02"
TPS_ONE = "13.02.03.2002.001"  # TPS 001 Surian, Pantai Cermin
TPS_TWO = "13.02.04.2001.001"  # TPS 001 Alahan Panjang, Lembah Gumanti
REGISTER_NUMBER = "45/PHPU.BUP-XXIII/2025"


@pytest.fixture
def setting(regions):
    legal = UserFactory(username="hukum.solok", full_name="Sri Wahyuni")
    AssignmentFactory(user=legal, role=Role.LEGAL, region_id=REGENCY)
    contest = ContestFactory()
    pairs = [
        ParticipantFactory(contest=contest, name=name, ballot_number=n)
        for n, name in ((1, "Hendra Gunawan – Yulmaini"), (2, "Irfandi Dt. Bandaro – Afrizon"), (3, "Nofrizal – Rahmi"))
    ]
    evidence = [make_evidence(region_code=TPS_ONE), make_evidence(region_code=TPS_TWO)]
    return {"legal": legal, "contest": contest, "pairs": pairs, "evidence": evidence}


def enter_claim(page, *, number, location, applicant, official):
    page.get_by_test_id("new-claim").tap()
    form = page.get_by_test_id("claim-form")
    form.locator("[name=number]").fill(number)
    form.locator("[name=summary]").fill(f"Pemohon mendalilkan suaranya dikurangi di {location}.")
    form.locator("[name=locations]").fill(location)
    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/cases/claims/\d+/$"))
    page.get_by_test_id("enter-figures").tap()
    figures = page.get_by_test_id("figures-form")
    # The first rows come prefilled with the location and each pair on the ballot (1, 2, 3).
    for row, (claimed, kpu) in enumerate(zip(applicant, official, strict=True)):
        figures.locator(f"[name=fig-{row}-applicant_value]").fill(str(claimed))
        figures.locator(f"[name=fig-{row}-official_value]").fill(str(kpu))
    page.get_by_test_id("save-figures").tap()
    expect(page).to_have_url(re.compile(r"/cases/claims/\d+/#numbers$"))
    table = page.get_by_test_id("side-by-side")
    expect(table).to_have_attribute("data-region", location)
    return int(re.search(r"/claims/(\d+)/", page.url).group(1))


def test_legal_division_registers_a_case_with_claims_exhibits_and_deadlines(phone, setting):
    page = phone()
    log_in(page, setting["legal"])
    page.goto("/cases/")
    page.get_by_test_id("new-case").tap()

    form = page.get_by_test_id("case-form")
    contest, (winner, applicant, _third) = setting["contest"], setting["pairs"]
    form.locator("[name=register_number]").fill(REGISTER_NUMBER)
    form.locator("[name=kind]").select_option("php_bupati")
    form.locator("[name=contest]").select_option(str(contest.pk))
    form.locator("[name=applicant]").select_option(str(applicant.pk))
    form.locator("[name=related_party]").select_option(str(winner.pk))
    form.locator("[name=respondent_office]").fill(REGENCY)
    form.locator("[name=result_decree_at]").fill("2024-12-09T15:30")
    form.locator("[name=petition_filed_at]").fill("2024-12-11T16:42")
    form.locator("[name=ebrpk_registered_at]").fill("2025-01-03T10:00")
    form.locator("button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_test_id("register-number")).to_have_text(REGISTER_NUMBER)
    case = Case.objects.get(register_number=REGISTER_NUMBER)
    case_url = page.url

    # Two claims with numbers: the applicant says 60 of the winner's votes were its own.
    first = enter_claim(page, number="1", location=TPS_ONE, applicant=[90, 210, 12], official=[150, 150, 12])
    expect(page.get_by_test_id("side-by-side").get_by_test_id("difference").first).to_have_text("-60")

    # Link an exhibit made of stored evidence to the first claim.
    page.get_by_test_id("new-exhibit-for-claim").tap()
    exhibit_form = page.get_by_test_id("exhibit-form")
    exhibit_form.locator("[name=description]").fill("Model C.Hasil-KWK TPS 001 Nagari Surian")
    exhibit_form.locator(f"input[name=evidence][value='{setting['evidence'][0].pk}']").check()
    exhibit_form.locator("button[type=submit]").tap()
    expect(page.get_by_test_id("citations")).to_contain_text("T-1")

    page.goto(case_url)
    second = enter_claim(page, number="2", location=TPS_TWO, applicant=[100, 180, 20], official=[140, 140, 20])
    # The second claim cites the same exhibit and a new one of its own.
    cite = page.get_by_test_id("cite-form")
    cite.locator("[name=exhibit]").select_option(str(case.exhibits.get(sequence=1).pk))
    cite.locator("button[type=submit]").tap()
    expect(page.get_by_test_id("citations")).to_contain_text("T-1")
    page.get_by_test_id("new-exhibit-for-claim").tap()
    exhibit_form = page.get_by_test_id("exhibit-form")
    exhibit_form.locator("[name=description]").fill("Model C.Hasil-KWK TPS 001 Nagari Alahan Panjang")
    exhibit_form.locator(f"input[name=evidence][value='{setting['evidence'][1].pk}']").check()
    exhibit_form.locator("button[type=submit]").tap()
    expect(page.get_by_test_id("citations")).to_contain_text("T-2")
    assert_fits_the_screen(page)

    # The case page: both claims, both exhibits, and the deadlines with their countdown in WIB.
    page.goto(case_url)
    expect(page.get_by_test_id("claims").locator("tr[data-claim]")).to_have_count(2)
    expect(page.get_by_test_id("exhibits").get_by_test_id("label")).to_have_text(["T-1", "T-2"])
    deadlines = page.get_by_test_id("deadlines")
    filing = deadlines.locator("[data-rule=filing-pilkada]")
    expect(filing.get_by_test_id("due")).to_contain_text("WIB")
    expect(filing.get_by_test_id("countdown")).to_be_visible()
    expect(deadlines.locator("[data-rule=decision-pilkada]").get_by_test_id("due")).to_contain_text("2025")
    expect(page.get_by_test_id("filing")).to_be_visible()
    assert_fits_the_screen(page)

    assert ClaimFigure.objects.filter(claim_id__in=[first, second]).count() == 6
    assert Citation.objects.filter(claim__case=case).count() == 3
    assert list(case.exhibits.values_list("sequence", flat=True)) == [1, 2]
