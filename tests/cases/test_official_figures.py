"""A claim's KPU numbers from the official results store: with the Sirekap figures of Pantai Cermin
(13.02.03) imported, the claim page shows the store's number with its source and version, the typed
number where the store has none (marked typed), both where they disagree (flagged); the brief's
side-by-side table uses the store's number; a reader never gets a figure outside their reach."""

import html as entities
import json
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.choices import Role
from cases.choices import CaseKind, Metric
from cases.official import with_official
from dossiers.content import brief_plan
from results.sirekap import sirekap_import
from tests.cases.factories import CaseFactory, ClaimFactory, ClaimFigureFactory
from tests.results.helpers import FIXTURES, make_ppwp, pair, upload

pytestmark = pytest.mark.django_db

HERE = "13.02.03.2001.001"  # its figures have a second version (pair 02: 120, then 125)
THERE = "13.02.03.2002.001"  # another village of the kecamatan


@pytest.fixture(autouse=True)
def _english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


def _import(contest):
    name = "pantai_cermin.json"
    result, _stored = sirekap_import(actor=None, contest=contest, file=upload(name), name=name)
    assert result.ok, result.errors
    data = json.loads((FIXTURES / name).read_text())
    data["1302032001001"]["chart"]["100026"] = 125  # a corrected count: version 2 of that TPS
    content = json.dumps(data).encode()
    result, _stored = sirekap_import(actor=None, contest=contest, file=upload("fix.json", content), name="fix.json")
    assert result.ok, result.errors


@pytest.fixture
def claim():
    """A claim at two TPS of Pantai Cermin: numbers the store has (typed or not, agreeing or not), and
    one it has not (ballots received: Sirekap does not publish them)."""
    contest = make_ppwp()
    _import(contest)
    case = CaseFactory(
        contest=contest, kind=CaseKind.PHPU_PRESIDEN, applicant=pair(contest, 1), related_party=pair(contest, 2)
    )
    claim = ClaimFactory(case=case, number="7")
    claim.locations.set([HERE, THERE])

    def figure(region, metric=Metric.VOTES, number=None, **values):
        who = pair(contest, number) if number else None
        return ClaimFigureFactory(claim=claim, region_id=region, metric=metric, participant=who, **values)

    figure(HERE, number=2, applicant_value=150, official_value=None)  # store: 125, v2
    figure(HERE, number=1, applicant_value=60, official_value=40)  # store agrees: 40
    figure(HERE, Metric.DPK, applicant_value=10, official_value=None)  # store's voters_dpk: 4
    figure(HERE, Metric.BALLOTS_RECEIVED, applicant_value=300, official_value=280)  # store has none
    figure(THERE, number=1, applicant_value=120, official_value=90)  # store: 100
    return claim


def _text(markup: str) -> str:
    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _rows(html: str, region: str) -> dict[str, str]:
    """The side-by-side rows of one location on the claim page: label -> the row's text."""
    table = re.search(rf'<table[^>]*data-region="{region}"[^>]*>(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>\s*<th[^>]*>(.*?)</th>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return {_text(label): _text(label + " " + rest) for label, rest in rows}


def test_claim_page_shows_the_store_numbers_with_source_and_version(client, make_user, claim):
    client.force_login(make_user(Role.LEGAL, "13.02"))
    response = client.get(reverse("claim_detail", args=[claim.pk]))
    html = response.content.decode()
    here = _rows(html, HERE)
    assert here["2. Pasangan 02"].startswith("2. Pasangan 02 150 125 Sirekap (published per TPS) v2, 15 Feb 2024 +25")
    assert "Typed" not in here["2. Pasangan 02"]
    assert here["1. Pasangan 01"] == "1. Pasangan 01 60 40 Sirekap (published per TPS) v2, 15 Feb 2024 +20"
    assert here["Special voters (DPK)"] == "Special voters (DPK) 10 4 Sirekap (published per TPS) v2, 15 Feb 2024 +6"
    assert here["Ballots received"] == "Ballots received 300 280 typed +20"
    there = _rows(html, THERE)["1. Pasangan 01"]
    assert there == "1. Pasangan 01 120 100 Sirekap (published per TPS) v1, 15 Feb 2024 ⚠ Typed on the claim: 90 +20"


def test_brief_table_uses_the_store_numbers(make_user, claim):
    legal = make_user(Role.LEGAL, None)
    plan = brief_plan(SimpleNamespace(requested_by=legal, case_id=claim.case_id, region_id=None, pk=None))
    html = "".join(s.html for s in plan.sections if s.name.startswith("claims"))
    rows = [_text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)]
    there = next(r for r in rows if THERE in r and "Pasangan 01" in r)
    assert " 100 " in there and " 90 " not in there and there.endswith(" 20")
    here = next(r for r in rows if HERE in r and "Pasangan 02" in r)
    assert " 125 " in here and "v2" in here and here.endswith(" 25")


def test_a_reader_never_gets_a_figure_outside_their_reach(client, make_user, claim):
    village = make_user(Role.PPK, "13.02.03.2001")  # reaches HERE, not THERE
    figures = {
        (f.region_id, f.metric, f.participant_id): f
        for f in with_official(claim.figures.all(), user=village, contest=claim.case.contest_id)
    }
    there = next(f for f in figures.values() if f.region_id == THERE)
    assert there.store is None and there.official_value == 90
    here = next(f for (code, metric, _p), f in figures.items() if code == HERE and metric == Metric.DPK)
    assert here.official_value == 4
    nobody = make_user(Role.LEGAL, "13.01")
    assert all(f.store is None for f in with_official(claim.figures.all(), user=nobody, contest=claim.case.contest_id))
    client.force_login(village)
    html = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Sirekap (published per TPS) v2" in html and f'data-region="{THERE}"' not in html
