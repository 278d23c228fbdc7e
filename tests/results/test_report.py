"""The discrepancy report over the fixture kecamatan: each kind of inconsistency found where the
hand-checked figures break a rule, none invented for the clean and the unknown TPS; the page with its
numbers, evidence and problem links, scoped to the viewer's reach; the dashboard's count."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.choices import Role
from inventory.choices import EvidenceKind, Verification
from inventory.models import Evidence
from results import selectors
from results.consistency import VOTES, Rule
from results.dhasil import dhasil_import
from results.sirekap import sirekap_import
from tests.inventory.factories import evidence_dir, make_evidence, pdf_bytes
from tests.results.helpers import FIXTURES, pair, upload

pytestmark = pytest.mark.django_db
__all__ = ["evidence_dir"]  # the fixture, used by name


def _import(contest, *, late=True, dhasil=True):
    for name in ["pantai_cermin.json"] + (["1302032002003.json"] if late else []):
        result, _stored = sirekap_import(actor=None, contest=contest, file=upload(name), name=name)
        assert result.ok, result.errors
    if dhasil:
        name = "d_hasil_pantai_cermin.csv"
        result, _stored = dhasil_import(actor=None, contest=contest, file=upload(name), name=name)
        assert result.ok, result.errors


def _found(report):
    return sorted((f.region, f.rule, f.metric, f.participant, f.actual, f.expected) for f in report.findings)


def test_each_inconsistency_of_the_kecamatan_and_nothing_else(make_user, ppwp):
    _import(ppwp)
    report = selectors.contest_report(user=make_user(Role.VIEWER, "13.02"), contest=ppwp)
    p2 = pair(ppwp, 2).pk
    assert report.locations == 7
    assert _found(report) == sorted(
        [
            ("13.02.03.2001.002", Rule.VOTES_VALID, "valid", None, 185, 180),
            ("13.02.03.2001.003", Rule.VALID_INVALID, "counted", None, 185, 190),
            ("13.02.03.2002.001", Rule.TPS_MAXIMUM, "dpt", None, 320, 300),
            ("13.02.03.2002.001", Rule.VOTERS_SUM, "voters", None, 300, 295),
            ("13.02.03.2002.002", Rule.DPT_USERS, "voters_dpt", None, 205, 200),
            # D.Hasil: 545 for pair 02 where its six TPS give 540. The recapitulation adds up in itself
            # (300 + 545 + 340 = 1185 valid votes): the 5 votes TPS 2001.002 had too many went to pair 02.
            ("13.02.03", Rule.ROLLUP, VOTES, p2, 545, 540),
        ]
    )
    assert not [f for f in report.findings if f.region == "13.02.03.2001.001"]  # the clean TPS


def test_a_tps_not_entered_yet_makes_the_rollup_uncheckable(make_user, ppwp):
    """With the late TPS still unknown, the D.Hasil sums cannot be checked: no roll-up finding."""
    _import(ppwp, late=False)
    report = selectors.contest_report(user=make_user(Role.VIEWER, "13.02"), contest=ppwp)
    assert not [f for f in report.findings if f.rule == Rule.ROLLUP or f.region == "13.02.03.2002.003"]
    # Pairs 01 and 03 are known at all six TPS (300 and 340, as the D.Hasil says); the rest is not.
    assert report.outcome.checked[Rule.ROLLUP] == 2
    assert report.outcome.unchecked[Rule.ROLLUP] == 4  # DPT, voters, valid votes, pair 02


def test_another_regions_user_sees_nothing(make_user, ppwp):
    _import(ppwp)
    assert selectors.contest_report(user=make_user(Role.VIEWER, "13.02.04"), contest=ppwp).findings == []
    assert selectors.findings_in_reach(make_user(Role.VIEWER, "11.01"))[0] == 0
    assert not selectors.contests_with_results(make_user(Role.VIEWER, "13.02.04")).exists()
    assert list(selectors.contests_with_results(make_user(Role.VIEWER, "13.02.03.2001"))) == [ppwp]


def test_findings_in_reach_counts_for_the_dashboard(make_user, ppwp):
    _import(ppwp, dhasil=False)
    user = make_user(Role.VIEWER, "13.02.03.2002")
    count, findings = selectors.findings_in_reach(user)
    assert count == 3  # the three of village 2002
    assert {f.region for f in findings} == {"13.02.03.2002.001", "13.02.03.2002.002"}
    assert selectors.findings_in_reach(user, contest=ppwp)[0] == 3
    # A new import shows at once (the cache follows the latest import).
    result, _stored = dhasil_import(
        actor=None, contest=ppwp, file=upload("d.csv", b"location_code,valid\n13.02.03,1\n"), name="d.csv"
    )
    assert result.ok
    assert selectors.findings_in_reach(make_user(Role.VIEWER, "13.02.03"))[0] == 5 + 1


def test_the_dashboard_says_how_many_inconsistencies_lie_in_its_area(client, make_user, ppwp):
    _import(ppwp, dhasil=False)
    client.force_login(make_user(Role.VIEWER, "13.02"))

    whole = client.get(reverse("dashboard_region", args=["13.02.03"]), follow=True).content.decode()
    village = client.get(reverse("dashboard_region", args=["13.02.03.2002"])).content.decode()
    elsewhere = client.get(reverse("dashboard_region", args=["13.02.03.2001.001"]))  # the clean TPS
    assert elsewhere.status_code == 200
    elsewhere = elsewhere.content.decode()

    assert 'data-testid="inconsistencies"' in whole and " 5 " in whole.split('data-testid="inconsistencies"')[1][:200]
    assert " 3 " in village.split('data-testid="inconsistencies"')[1][:200]
    assert 'data-testid="inconsistencies"' not in elsewhere


def test_the_page_shows_numbers_evidence_and_a_problem_link(client, make_user, ppwp, evidence_dir):
    _import(ppwp)
    scan = make_evidence("13.02.03.2001.002", kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil TPS 002"))
    Evidence.objects.filter(pk=scan.pk).update(verification=Verification.VERIFIED)
    client.force_login(make_user(Role.VIEWER, "13.02.03"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    response = client.get(reverse("results_report"), {"contest": ppwp.pk})
    assert response.status_code == 200
    body = response.content.decode()
    row = body[body.index('data-region="13.02.03.2001.002"') :]
    row = row[: row.index("</tr>")]
    assert "185" in row and "180" in row
    assert "1 form scan(s), 1 verified" in row
    assert "problems/new/?region=13.02.03.2001.002" in row and "stage=penghitungan" in row
    assert 'data-region="13.02.03.2002.001"' in body
    assert "no form scan" in body


def test_a_finding_shows_what_sirekap_says_of_its_tps(client, make_user, ppwp):
    data = json.loads((FIXTURES / "pantai_cermin.json").read_text())
    data["1302032001002"]["status_suara"] = False
    data["1302032001002"]["images"] = ["https://sirekap.example/p1.jpg", None, "https://sirekap.example/p3.jpg"]
    name = "pantai_cermin.json"
    result, _stored = sirekap_import(actor=None, contest=ppwp, file=upload(name, json.dumps(data).encode()), name=name)
    assert result.ok, result.errors
    client.force_login(make_user(Role.VIEWER, "13.02.03"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("results_report"), {"contest": ppwp.pk}).content.decode()
    row = body[body.index('data-region="13.02.03.2001.002"') :]
    status = row[row.index('data-testid="sirekap-status"') : row.index("</tr>")]
    assert "Votes status: <span" in status and ">no</span>" in status
    assert "Administration status: yes" in " ".join(status.split())
    assert '<a href="https://sirekap.example/p1.jpg"' in status and ">page 1</a>" in status
    assert '<a href="https://sirekap.example/p3.jpg"' in status and ">page 3</a>" in status
    assert "page 2" not in status  # no image of page 2


def test_the_page_out_of_reach_shows_no_finding(client, make_user, ppwp):
    _import(ppwp)
    client.force_login(make_user(Role.VIEWER, "13.02.04"))
    body = client.get(reverse("results_report"), {"contest": ppwp.pk}).content.decode()
    assert "13.02.03.2001.002" not in body
    body = client.get(reverse("results_report"), {"contest": ppwp.pk, "region": "13.02.03"}).content.decode()
    assert "13.02.03.2001.002" not in body


def test_import_page_stores_and_shows_errors(client, make_user, ppwp):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    url = reverse("results_import")
    response = client.post(
        url, {"contest": ppwp.pk, "kind": "dhasil", "file": upload("d.csv", b"location_code,valid\n13.02.03,x\n")}
    )
    assert response.status_code == 200
    assert b'data-row="2" data-column="valid"' in response.content
    response = client.post(url, {"contest": ppwp.pk, "kind": "sirekap", "file": upload("pantai_cermin.json")})
    assert response.status_code == 302
    assert selectors.contest_report(user=None, contest=ppwp).findings == []  # no user, no reach


def test_official_values_for_a_claims_kpu_column(make_user, ppwp):
    """What a claim naming TPS 2002.003 would show as the KPU's numbers: the latest version, with its source."""
    _import(ppwp, dhasil=False)
    tps = "13.02.03.2002.003"
    values = selectors.official_values(user=make_user(Role.VIEWER, "13.02.03"), contest=ppwp, codes=[tps])
    assert values[(tps, VOTES, pair(ppwp, 2).pk)].value == 90
    valid = values[(tps, "valid", None)]
    assert (valid.value, valid.source, valid.version) == (125, "sirekap", 2)
    assert (tps, "dptb", None) not in values  # not given by Sirekap: unknown
    assert selectors.official_values(user=make_user(Role.VIEWER, "13.02.04"), contest=ppwp, codes=[tps]) == {}


def test_the_import_task_checks_the_contest_for_every_reader(make_user, ppwp, django_assert_max_num_queries):
    """After warm_findings (run by the import page), a reader's count needs no checking of its own."""
    from results.tasks import warm_findings

    _import(ppwp, dhasil=False)
    warm_findings(ppwp.pk)
    user = make_user(Role.VIEWER, "13.02.03.2002")
    with django_assert_max_num_queries(4):  # reach, contests with figures, latest import: no tallies read
        count, _findings = selectors.findings_in_reach(user)
    assert count == 3
    warm_findings(0)  # a contest that is gone: nothing to do
