"""The demo `make run` loads (SQLite when DATABASE_URL is unset, PostgreSQL in CI) has official results:
the figures of kecamatan Pantai Cermin for the presidential contest, their deliberate inconsistencies in
the report and on the dashboard, and nothing new on a second run."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from elections.models import Contest
from phpu.management.commands import load_demo
from regions.services import LoadResult
from results import selectors
from results.consistency import VOTES, Rule
from results.models import ResultImport, Tally
from tests.inventory.factories import evidence_dir  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, evidence_dir, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)  # the session has the demo's regions
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_official_results_and_their_inconsistencies(demo, client):
    contest = Contest.objects.get(election__name="Pemilu 2024", contest_type="ppwp")
    tps = Tally.objects.filter(contest=contest, current=True, region__level="tps")
    assert tps.count() >= 8 and not tps.exclude(region__code__startswith="13.02.03.").exists()
    assert Tally.objects.filter(contest=contest, current=True, region_id="13.02.03").exists()
    assert "Demo official results" in demo

    komisioner = User.objects.get(username="komisioner.solok")
    report = selectors.contest_report(user=komisioner, contest=contest)
    found = {(f.region, f.rule, f.participant is not None) for f in report.findings}
    first, fourth = tps.order_by("region_id").values_list("region_id", flat=True)[:4:3]
    assert found == {
        (first, Rule.VOTES_VALID, False),
        (fourth, Rule.DPT_USERS, False),
        ("13.02.03", Rule.ROLLUP, True),
        ("13.02.03", Rule.VOTES_VALID, False),
    }
    rollup = next(f for f in report.findings if f.rule == Rule.ROLLUP)
    assert (rollup.metric, rollup.actual - rollup.expected) == (VOTES, 12)
    assert rollup.participant == contest.participants.get(ballot_number=2).pk

    # The PPK of the kecamatan sees them on the dashboard and in the report page.
    ppk = User.objects.get(username="ppk.pantaicermin")
    assert selectors.findings_within(ppk) == 4
    client.force_login(ppk)
    page = client.get(reverse("results_report"))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="open-problem"') == 4
    # Lembah Gumanti has no figures: nothing there.
    assert selectors.findings_within(User.objects.get(username="ppk.lembahgumanti")) == 0


def test_a_second_demo_run_changes_no_official_figure(demo, settings):
    before = (Tally.objects.count(), ResultImport.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Tally.objects.count(), ResultImport.objects.count()) == before == (before[0], 2)
