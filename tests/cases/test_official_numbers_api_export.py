"""The KPU's numbers of a claim in the API (claims/{id}/figures/ and /consistency/) and in the case's
numbers workbook, read from the official results store as the claim page reads them: the Sirekap figures
of Pantai Cermin (13.02.03) imported, then a corrected count imported as version 2. A figure the store
does not have is unknown (null, an empty cell marked unknown), never 0; nobody gets a case outside their
reach, and nobody gets an official figure outside their reach through a claim of their own."""

import io
import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.choices import Role
from cases.choices import CaseKind, Metric
from dossiers.content import brief_plan
from results.sirekap import sirekap_import
from tests.cases.factories import CaseFactory, ClaimFactory, ClaimFigureFactory
from tests.results.helpers import FIXTURES, make_ppwp, pair, upload
from tests.scoping.base import ScopedRouteTests

pytestmark = pytest.mark.django_db

HERE = "13.02.03.2001.001"  # Sirekap: pair 01 40, pair 02 120 (125 in version 2), DPK users 4
THERE = "13.02.03.2002.001"  # pair 01 100
BLANK = "13.02.03.2002.003"  # a tally whose pair 02 votes and DPK users Sirekap left null
SIREKAP = "Sirekap (published per TPS)"
# Sirekap's ts, WIB: the workbook writes times in the office's (13.02) zone, without the zone.
FIGURES_AT = datetime(2024, 2, 15, 10, 21, 5)  # noqa: DTZ001


@pytest.fixture(autouse=True)
def _english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


def _sirekap(contest, name: str, content: bytes | None = None) -> None:
    result, _stored = sirekap_import(actor=None, contest=contest, file=upload(name, content), name=name)
    assert result.ok, result.errors


def _second_version(contest) -> None:
    """A corrected count at HERE: pair 02 has 125, not 120 (version 2 of that TPS)."""
    data = json.loads((FIXTURES / "pantai_cermin.json").read_text())
    data["1302032001001"]["chart"]["100026"] = 125
    _sirekap(contest, "fix.json", json.dumps(data).encode())


def _figure(claim, region, metric=Metric.VOTES, number=None, **values):
    who = pair(claim.case.contest, number) if number else None
    return ClaimFigureFactory(claim=claim, region_id=region, metric=metric, participant=who, **values)


@pytest.fixture
def contest():
    contest = make_ppwp()
    _sirekap(contest, "pantai_cermin.json")
    return contest


def _presidential_case(contest, office="13.02"):
    return CaseFactory(
        contest=contest,
        kind=CaseKind.PHPU_PRESIDEN,
        applicant=pair(contest, 1),
        related_party=pair(contest, 2),
        respondent_office_id=office,
    )


@pytest.fixture
def claim(contest):
    """Numbers the applicant typed (the KPU's column left empty, or typed and wrong) at three TPS."""
    claim = ClaimFactory(case=_presidential_case(contest), number="7")
    claim.locations.set([HERE, THERE, BLANK])
    _figure(claim, HERE, number=2, applicant_value=150, official_value=None)
    _figure(claim, HERE, Metric.DPK, applicant_value=10, official_value=None)
    _figure(claim, THERE, number=1, applicant_value=120, official_value=90)
    _figure(claim, BLANK, number=2, applicant_value=80, official_value=None)
    _figure(claim, BLANK, Metric.DPK, applicant_value=3, official_value=None)
    return claim


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_rows(client, claim) -> dict[tuple, dict]:
    response = client.get(reverse("claim-figures", args=[claim.pk]))
    assert response.status_code == 200, response.content
    return {(r["region"], r["metric"], r["participant"]): r for r in response.json()}


def differences(client, claim) -> dict[tuple, int]:
    response = client.get(reverse("claim-consistency", args=[claim.pk]))
    assert response.status_code == 200, response.content
    found = [f for f in response.json() if f["rule"] == "difference"]
    return {(f["region"], f["metric"], f["participant"]): f["delta"] for f in found}


def workbook_rows(client, case) -> dict[tuple, dict]:
    """The export opened as a spreadsheet program would: (code, what is counted) -> {column: cell}."""
    response = client.get(reverse("case_figures_export", args=[case.pk]))
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Numbers"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(values) if row[0] == "Claim (dalil)")
    header = values[start]
    rows = [dict(zip(header, row, strict=True)) for row in values[start + 1 :]]
    return {(r["Location code"], r["What is counted"]): r for r in rows}


def test_the_api_and_the_export_show_the_official_numbers_with_source_and_version(make_user, client, claim):
    legal = make_user(Role.LEGAL, "13.02")
    rows = api_rows(api(legal), claim)
    here = rows[(HERE, "votes", pair(claim.case.contest, 2).pk)]
    assert here["applicant_value"] == 150 and here["official_value"] == 120 and here["difference"] == 30
    assert here["official_origin"] == "official" and here["typed_official_value"] is None
    source = here["official_source"]
    assert (source["source"], source["source_label"], source["version"]) == ("sirekap", SIREKAP, 1)
    assert source["recorded_at"].startswith("2024-02-15T")
    assert source["note"] == "Sirekap (published per TPS) v1, 15 Feb 2024"
    assert rows[(HERE, "dpk", None)]["official_value"] == 4
    there = rows[(THERE, "votes", pair(claim.case.contest, 1).pk)]
    assert (there["official_value"], there["typed_official_value"], there["conflict"]) == (100, 90, True)
    # The consistency findings use the same numbers: the disputes are against the store's.
    assert differences(api(legal), claim)[(HERE, "votes", pair(claim.case.contest, 2).pk)] == 30
    assert differences(api(legal), claim)[(THERE, "votes", pair(claim.case.contest, 1).pk)] == 20

    client.force_login(legal)
    sheet = workbook_rows(client, claim.case)
    row = sheet[(HERE, "Pasangan 02")]
    assert row["Claim (dalil)"] == "7" and row["Applicant's number"] == 150 and row["KPU's number"] == 120
    assert row["KPU's number from"] == "official results" and row["Official source"] == SIREKAP
    assert row["Official version"] == 1 and row["Time of the figures at the source"] == FIGURES_AT
    assert isinstance(row["Imported at"], datetime)
    assert row["KPU's number typed on the claim"] is None and row["Difference (applicant - KPU)"] == 30
    there = sheet[(THERE, "Pasangan 01")]
    assert (there["KPU's number"], there["KPU's number typed on the claim"]) == (100, 90)


def test_a_new_version_replaces_the_numbers_in_the_api_and_the_export(make_user, client, claim):
    legal = make_user(Role.LEGAL, "13.02")
    client.force_login(legal)
    key = (HERE, "votes", pair(claim.case.contest, 2).pk)
    assert api_rows(api(legal), claim)[key]["official_value"] == 120
    _second_version(claim.case.contest)
    here = api_rows(api(legal), claim)[key]
    assert (here["official_value"], here["official_source"]["version"], here["difference"]) == (125, 2, 25)
    assert differences(api(legal), claim)[key] == 25
    row = workbook_rows(client, claim.case)[(HERE, "Pasangan 02")]
    assert (row["KPU's number"], row["Official version"], row["Difference (applicant - KPU)"]) == (125, 2, 25)
    # A TPS the new file did not change keeps its version 1.
    assert workbook_rows(client, claim.case)[(THERE, "Pasangan 01")]["Official version"] == 1


def test_a_figure_the_store_does_not_have_is_unknown_never_zero(make_user, client, claim):
    legal = make_user(Role.LEGAL, "13.02")
    rows = api_rows(api(legal), claim)
    for key in ((BLANK, "votes", pair(claim.case.contest, 2).pk), (BLANK, "dpk", None)):
        row = rows[key]
        assert row["official_value"] is None and row["official_origin"] == "unknown", row
        assert row["official_source"] is None and row["difference"] is None
    assert not any(code == BLANK for code, _m, _p in differences(api(legal), claim))

    client.force_login(legal)
    sheet = workbook_rows(client, claim.case)
    for what in ("Pasangan 02", "Special voters (DPK)"):
        row = sheet[(BLANK, what)]
        assert row["KPU's number"] is None and row["KPU's number from"] == "unknown", row
        assert row["Official source"] is None and row["Difference (applicant - KPU)"] is None

    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    table = page.split(f'data-region="{BLANK}"', 1)[1].split("</table>", 1)[0]
    assert table.count('data-origin="unknown"') == 2 and "unknown: not in the official results" in table

    plan = brief_plan(SimpleNamespace(requested_by=legal, case_id=claim.case_id, region_id=None, pk=None))
    brief = "".join(s.html for s in plan.sections if s.name.startswith("claims"))
    # The brief is the filing: in Indonesian whatever the requester's language.
    assert brief.count("tidak diketahui: tidak ada dalam hasil resmi") == 2


def test_nobody_gets_numbers_outside_their_reach(make_user, client, claim):
    contest = claim.case.contest
    # Another office's legal division: the case and its claim are missing to them.
    attacker = make_user(Role.LEGAL, "13.01")
    for name in ("claim-figures", "claim-consistency"):
        assert api(attacker).get(reverse(name, args=[claim.pk])).status_code == 404
    client.force_login(attacker)
    assert client.get(reverse("case_figures_export", args=[claim.case.pk])).status_code == 404

    # Their own case, with a number placed at a TPS of 13.02: the store's figure there stays unread.
    own = ClaimFactory(case=_presidential_case(contest, office="13.01"), number="1")
    _figure(own, HERE, number=2, applicant_value=999, official_value=None)
    [row] = api_rows(api(attacker), own).values()
    assert (row["official_value"], row["official_origin"], row["official_source"]) == (None, "unknown", None)
    exported = workbook_rows(client, own.case)[(HERE, "Pasangan 02")]
    assert exported["KPU's number"] is None and exported["Official source"] is None

    # A PPK of HERE's village sees the claim through HERE only: nothing of the other village.
    ppk = make_user(Role.PPK, "13.02.03.2001")
    assert {code for code, _m, _p in api_rows(api(ppk), claim)} == {HERE}
    client.force_login(ppk)
    sheet = workbook_rows(client, claim.case)
    assert {code for code, _what in sheet} == {HERE}
    assert sheet[(HERE, "Pasangan 02")]["KPU's number"] == 120


class TestCaseFiguresExport(ScopedRouteTests):
    """The scoping base on the workbook: whoever sees the case gets it; another office's users get 404."""

    url_name = "case_figures_export"
    in_region = "13.02"
    out_region = "13.01"

    def make_object(self, make_user):
        return CaseFactory()

    def url_args(self, obj):
        return [obj.pk]
