"""On a 390x844 phone (issue 21, items 10 and 11): the problem and evidence lists are compact cards (several
on the first screen, not one 830 px card per problem), the primary action of a list page comes first and is on
the first screen, the dashboard's region table stacks into blocks of "label: value" lines instead of running
off the side, no page of the daily walk scrolls sideways, and a status has one colour in badges and charts.

Heights and widths are the browser's own measures (bounding boxes, scrollWidth) at the phone's size.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.choices import Role
from elections.choices import Stage
from inventory.choices import Risk, Status
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import PHONE
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory, make_evidence

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"  # Pantai Cermin, Kabupaten Solok
TPS = "13.02.03.2002.001"
REGENCY = "13.02"
CARD_MAX_PX = 200  # a compact card; the table rows stacked on a phone were ~830 px each
LONG_TITLE = (
    "Kotak suara tiba di PPK dengan segel rusak dan berita acara serah terima tidak ditandatangani saksi "
    "pasangan calon nomor urut 2, sehingga saksi menolak menandatangani D.Hasil kecamatan"
)


@pytest.fixture
def world(regions):
    """A PPK member of Pantai Cermin with a dozen problems and files there, and a commissioner of the regency."""
    ppk = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=ppk, role=Role.PPK, region_id=DISTRICT)
    commissioner = UserFactory(username="komisioner.solok", full_name="Komisioner KPU Kabupaten Solok")
    AssignmentFactory(user=commissioner, role=Role.COMMISSIONER, region_id=REGENCY)
    statuses = list(Status.values)
    problems = [
        ProblemFactory(
            region_id=TPS,
            title=f"{LONG_TITLE} ({n})",
            status=statuses[n % len(statuses)],
            risk=Risk.HIGH if n % 3 == 0 else Risk.MEDIUM,
            stage=Stage.REKAP_PPK if n % 2 else Stage.PENGHITUNGAN,
        )
        for n in range(12)
    ]
    evidence = [
        make_evidence(
            region_code=TPS,
            problem=problems[n],
            uploaded_by=ppk,
            name=f"foto-kotak-suara-segel-rusak-tps-001-pantai-cermin-kabupaten-solok-{n:02}.jpg",
        )
        for n in range(8)
    ]
    return {"ppk": ppk, "commissioner": commissioner, "problems": problems, "evidence": evidence}


def log_in(page, user):
    # Straight on to a page that has the menu (the home page is not what these tests are about).
    page.goto("/accounts/login/?next=/notifications/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("current-user")).to_have_text(user.full_name)


def scroll_width(page) -> tuple[int, int]:
    return tuple(page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]"))


def assert_fits_the_screen(page):
    wide, screen = scroll_width(page)
    assert wide <= screen, f"{page.url} is {wide}px wide on a {screen}px phone"


def first_button(page) -> dict:
    """The first button (or button-styled link) of the page's content that can be seen, and its box."""
    return page.evaluate(
        """() => {
            const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
            const button = [...document.querySelectorAll("main .btn, main button")].find(shown);
            const box = button.getBoundingClientRect();
            return {testid: button.dataset.testid || null, text: button.textContent.trim(),
                    top: box.top, bottom: box.bottom, left: box.left, right: box.right};
        }"""
    )


def assert_primary_first(page, testid):
    button = first_button(page)
    assert button["testid"] == testid, f"{page.url}: the first button is {button['text']!r}"
    width, height = PHONE["viewport"]["width"], PHONE["viewport"]["height"]
    assert button["top"] >= 0 and button["bottom"] <= height and button["right"] <= width, button


def card_boxes(page, testid) -> list[dict]:
    return page.get_by_test_id(testid).evaluate_all(
        """cards => cards.map(card => {
            const box = card.getBoundingClientRect();
            return {top: box.top, bottom: box.bottom, height: box.height};
        })"""
    )


def in_page_language(page, text) -> str:
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text)


@pytest.mark.parametrize(
    ("path", "card", "primary", "count"),
    [
        ("/inventory/problems/", "problem-card", "new-problem", 12),
        ("/inventory/evidence/", "evidence-card", "upload-evidence", 8),
    ],
)
def test_a_list_is_compact_cards_with_the_primary_action_first(phone, world, path, card, primary, count):
    page = phone()
    log_in(page, world["ppk"])
    page.goto(path)
    cards = page.get_by_test_id(card)
    expect(cards).to_have_count(count)

    boxes = card_boxes(page, card)
    tallest = max(box["height"] for box in boxes)
    assert tallest <= CARD_MAX_PX, f"a card is {tallest:.0f}px tall on the phone"
    # The filters are folded away; at least three cards are on the first screen, under the header and filters.
    expect(page.locator("details.filters")).not_to_have_attribute("open", re.compile(".*"))
    expect(page.locator("details.filters form")).to_be_hidden()
    assert boxes[2]["bottom"] <= PHONE["viewport"]["height"], f"the third card ends at {boxes[2]['bottom']:.0f}px"

    assert_primary_first(page, primary)
    assert_fits_the_screen(page)
    assert serious_violations(page) == []


def test_export_and_import_come_after_the_primary_action(phone, world):
    page = phone()
    log_in(page, world["ppk"])
    page.goto("/inventory/problems/")
    actions = page.get_by_test_id("list-actions")
    order = actions.locator("a, summary").evaluate_all(
        "els => els.map(el => el.dataset.testid || el.textContent.trim())"
    )
    assert order[0] == "new-problem", order
    export = page.get_by_test_id("export-csv")
    expect(export).to_be_hidden()  # in the "More" menu until it is opened
    page.get_by_test_id("more-actions").click()
    expect(export).to_be_visible()
    expect(export).to_have_attribute("href", re.compile(r"format=csv"))
    assert_fits_the_screen(page)  # the opened menu stays on the screen
    assert serious_violations(page) == []


def test_the_notification_list_offers_its_action_first(phone, world):
    page = phone()
    log_in(page, world["ppk"])
    page.goto("/notifications/")
    assert_primary_first(page, "read-all")


def test_the_dashboard_table_stacks_on_a_phone(phone, world):
    page = phone()
    log_in(page, world["commissioner"])
    page.goto(f"/dashboard/{REGENCY}/")
    table = page.get_by_test_id("dashboard-table")
    row = table.locator(f"tr[data-code='{DISTRICT}']")
    expect(row.get_by_test_id("row-problems")).to_have_text("12")
    # Each region is a block, each of its numbers labelled ("label: value"), all within the screen's width.
    layout = row.evaluate(
        """row => ({
            display: getComputedStyle(row).display,
            cells: [...row.cells].map(td => {
                const box = td.getBoundingClientRect();
                return {label: getComputedStyle(td, "::before").content, left: box.left, right: box.right,
                        display: getComputedStyle(td).display};
            }),
        })"""
    )
    # Not a table row of ten columns: a block (laid out as a grid), its cells blocks within the screen.
    assert layout["display"] in ("block", "grid"), layout["display"]
    assert all(cell["display"] == "block" for cell in layout["cells"])
    assert all(cell["left"] >= 0 and cell["right"] <= PHONE["viewport"]["width"] for cell in layout["cells"])
    labels = [cell["label"].strip('"') for cell in layout["cells"][1:]]
    assert in_page_language(page, "Problems") in labels
    assert in_page_language(page, "Without verified evidence") in labels
    stage_row = page.get_by_test_id("stage-table").locator("tbody tr").first
    assert stage_row.evaluate("row => getComputedStyle(row).display") in ("block", "grid")
    assert_fits_the_screen(page)
    assert serious_violations(page) == []

    # The charts on the phone: drawn, within the screen, and an empty one says so in a sentence.
    page.get_by_test_id("tab-charts").click()
    page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-stages')")
    assert_fits_the_screen(page)
    page.goto(f"/dashboard/{TPS.rsplit('.', 1)[0]}.002/")  # another TPS of the village: nothing recorded
    page.get_by_test_id("tab-charts").click()
    expect(page.get_by_test_id("chart-stages-empty")).to_have_text(
        in_page_language(page, "No problems are recorded here yet.")
    )
    expect(page.locator("#chart-stages")).to_have_count(0)
    assert_fits_the_screen(page)


def test_a_status_has_the_same_colour_in_the_list_and_the_chart(phone, world):
    """The count badge on the problem list and the dashboard chart's bars of the same status."""
    page = phone()
    log_in(page, world["commissioner"])
    page.goto("/inventory/problems/")
    # A colour as the canvas writes it, so that "rgb(...)" and "#..." of the same colour compare equal.
    probe = """colour => {
        const canvas = document.createElement("canvas").getContext("2d");
        canvas.fillStyle = colour;
        return canvas.fillStyle;
    }"""
    badges = {}
    for status in Status.values:
        colour = page.locator(f"[data-testid=counts] [data-status={status}]").evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
        badges[status] = page.evaluate(probe, colour)
    page.goto(f"/dashboard/{REGENCY}/")
    page.get_by_test_id("tab-charts").click()
    page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-stages')")
    bars = page.evaluate(
        """() => Object.fromEntries(
            window.Chart.getChart("chart-stages").data.datasets.map(d => [d.label, d.backgroundColor])
        )"""
    )
    with translation.override(page.locator("html").get_attribute("lang")):
        labels = {status: str(label) for status, label in Status.choices}
    charted = {status: page.evaluate(probe, bars[labels[status]]) for status in Status.values}
    assert charted == badges
    assert len(set(badges.values())) == len(Status.values)


def test_the_pages_of_the_walk_fit_the_phone(phone, world):
    problem, evidence = world["problems"][0], world["evidence"][0]
    page = phone()
    log_in(page, world["ppk"])
    for path in (
        "/",
        f"/dashboard/{DISTRICT}/",
        "/inventory/problems/",
        f"/inventory/problems/{problem.pk}/",
        "/inventory/problems/new/",
        f"/inventory/problems/{problem.pk}/edit/",
        "/inventory/evidence/",
        f"/inventory/evidence/{evidence.pk}/",
        f"/inventory/evidence/upload/?problem={problem.pk}",
        "/notifications/",
        "/cases/",
    ):
        page.goto(path)
        assert_fits_the_screen(page)
