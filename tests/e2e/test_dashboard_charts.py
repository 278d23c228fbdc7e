"""The dashboard's charts: a chart with nothing to draw says so in a sentence instead of drawing an empty
axis, and each status has the badges' colour (one set of CSS variables)."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.choices import Status
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def commissioner(regions):
    user = UserFactory(username="komisioner.solok", full_name="Komisioner KPU Kabupaten Solok")
    AssignmentFactory(user=user, role=Role.COMMISSIONER, region_id="13.02")
    return user


def open_charts(page, user, path):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("current-user")).to_have_text(user.full_name)
    page.goto(path)
    page.get_by_test_id("tab-charts").click()


def test_an_empty_chart_says_so(new_page, commissioner):
    page = new_page(viewport={"width": 1366, "height": 768})
    open_charts(page, commissioner, "/dashboard/13.02.03/")  # no problems, no cases there
    with translation.override(page.locator("html").get_attribute("lang")):
        nothing, no_deadlines = (
            translation.gettext("No problems are recorded here yet."),
            translation.gettext("No upcoming deadlines in the open cases."),
        )
    expect(page.get_by_test_id("chart-stages-empty")).to_have_text(nothing)
    expect(page.get_by_test_id("chart-deadlines-empty")).to_have_text(no_deadlines)
    expect(page.locator("#chart-stages")).to_have_count(0)
    expect(page.locator("#chart-coverage")).to_be_visible()  # TPS there: 0 % is a measure, drawn


def test_status_colours_are_the_badges(new_page, commissioner):
    for status in Status.values:
        ProblemFactory(region_id="13.02.03", status=status)
    page = new_page(viewport={"width": 1366, "height": 768})
    open_charts(page, commissioner, "/dashboard/13.02/")
    expect(page.locator("#chart-stages")).to_be_visible()
    # Chart.js arrives when the tab opens (static/js/dashboard.js): wait for the drawn chart, not the canvas.
    page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-stages')")
    colours = page.evaluate(
        """(statuses) => {
            const chart = window.Chart.getChart("chart-stages");
            const badge = (status) => {
                const span = document.createElement("span");
                span.className = "badge status-" + status;
                document.body.append(span);
                const colour = getComputedStyle(span).backgroundColor;
                span.remove();
                return colour;
            };
            const probe = document.createElement("canvas").getContext("2d");
            const rgb = (colour) => {
                probe.fillStyle = colour;
                return probe.fillStyle;
            };
            return chart.data.datasets.map((d, i) => [rgb(d.backgroundColor), rgb(badge(statuses[i]))]);
        }""",
        list(Status.values),
    )
    assert len(colours) == len(Status.values)
    assert all(chart == badge for chart, badge in colours), colours
    assert len({chart for chart, _badge in colours}) == len(Status.values)  # one colour per status
