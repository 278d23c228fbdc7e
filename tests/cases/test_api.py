"""The cases API: filters, writes through the services, the error shape, exhibit numbering through the
endpoints, the PPK's read-only view of its area's claims, numbers and consistency, deadlines,
warnings, and pinned query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Assignment, User
from cases.choices import CaseKind, CaseStatus, ClaimStatus, Metric
from cases.deadlines import WIB
from cases.models import Case, Citation, Claim, ClaimFigure, Exhibit
from elections.choices import ContestType
from regions.models import Region
from tests.cases.factories import CaseFactory, ClaimFactory, ContestFactory, ExhibitFactory, ParticipantFactory
from tests.factories import UserFactory
from tests.inventory.factories import evidence_dir, make_evidence

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
OTHER_TPS = "13.02.04.2001.001"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


def client_for(user):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_authenticate(user)
    return client


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02", username="legal.solok")


@pytest.fixture
def legal_api(legal):
    return client_for(legal)


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantai.cermin")


@pytest.fixture
def ppk_api(ppk):
    return client_for(ppk)


@pytest.fixture
def case():
    return CaseFactory(register_number="45/PHPU.BUP-XXIII/2025")


def region(code):
    return Region.objects.get(code=code)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Cases


def test_case_create_and_the_error_shape(make_user, legal):
    province = make_user(Role.LEGAL, "13", username="legal.sumbar")  # reaches the co-respondent office 13
    api = client_for(province)
    contest = ContestFactory()
    a, b = ParticipantFactory(contest=contest), ParticipantFactory(contest=contest)
    payload = {
        "register_number": "45/PHPU.BUP-XXIII/2025",
        "kind": CaseKind.PHP_BUPATI,
        "contest": contest.pk,
        "applicant": a.pk,
        "related_party": b.pk,
        "respondent_office": "13.02",
        "other_respondent_offices": ["13"],
        "members": [legal.username],
        "result_decree_at": dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB).isoformat(),
    }
    response = api.post(reverse("case-list"), payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == CaseStatus.RECEIVED
    assert body["other_respondent_offices"] == ["13"]
    assert body["members"] == [legal.username]
    assert body["applicant_name"] == a.name
    assert Case.objects.get().created_by == province

    again = api.post(reverse("case-list"), {**payload, "register_number": "45/PHPU.GUB-XXIII/2025"}, format="json")
    assert again.status_code == 400
    assert set(again.json()) == {"message", "extra"}
    assert "register_number" in again.json()["extra"]


def test_case_list_filters(legal_api, case):
    other = CaseFactory(register_number="46/PHPU.BUP-XXIII/2025", summary="Politik uang")
    url = reverse("case-list")
    assert ids(legal_api.get(url)) == {case.pk, other.pk}
    legal_api.post(reverse("case-status", args=[other.pk]), {"status": CaseStatus.ANSWER_FILED}, format="json")
    assert ids(legal_api.get(url, {"status": CaseStatus.ANSWER_FILED})) == {other.pk}
    assert ids(legal_api.get(url, {"kind": CaseKind.PHP_BUPATI})) == {case.pk, other.pk}
    assert ids(legal_api.get(url, {"kind": CaseKind.PHP_GUBERNUR})) == set()
    assert ids(legal_api.get(url, {"office": "13"})) == {case.pk, other.pk}
    assert ids(legal_api.get(url, {"office": "13.01"})) == set()
    assert ids(legal_api.get(url, {"q": "politik"})) == {other.pk}
    assert ids(legal_api.get(url, {"contest": case.contest_id})) == {case.pk, other.pk}
    bad = legal_api.get(url, {"status": "nonsense"})
    assert bad.status_code == 400 and "status" in bad.json()["extra"]


def test_other_offices_do_not_see_the_case(make_user, case):
    assert ids(client_for(make_user(Role.LEGAL, "13.01")).get(reverse("case-list"))) == set()
    assert client_for(make_user(Role.LEGAL, "13.01")).get(reverse("case-detail", args=[case.pk])).status_code == 404


def case_payload(**overrides):
    contest = ContestFactory()
    a, b = ParticipantFactory(contest=contest), ParticipantFactory(contest=contest)
    return {
        "register_number": "46/PHPU.BUP-XXIII/2025",
        "kind": CaseKind.PHP_BUPATI,
        "contest": contest.pk,
        "applicant": a.pk,
        "related_party": b.pk,
        "respondent_office": "13.02",
        "result_decree_at": dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB).isoformat(),
        **overrides,
    }


def test_a_co_respondent_office_out_of_reach_is_refused(legal_api, case, make_user):
    """Listing an office as co-respondent lets it manage the case: 13.02's legal division may not list 13.01."""
    created = legal_api.post(reverse("case-list"), case_payload(other_respondent_offices=["13.01"]), format="json")
    assert created.status_code == 400, created.content
    assert created.json()["extra"]["other_respondent_offices"]
    assert not Case.objects.filter(register_number="46/PHPU.BUP-XXIII/2025").exists()

    changed = legal_api.patch(
        reverse("case-detail", args=[case.pk]),
        {"summary": "Handed over", "other_respondent_offices": ["13.01"]},
        format="json",
    )
    assert changed.status_code == 400, changed.content
    assert changed.json()["extra"]["other_respondent_offices"]
    case.refresh_from_db()
    assert (case.summary, case.other_respondent_offices.count()) == ("", 0)
    # 13.01 still does not see the case.
    assert client_for(make_user(Role.LEGAL, "13.01")).get(reverse("case-detail", args=[case.pk])).status_code == 404


def test_a_co_respondent_office_in_reach_is_stored(make_user, case):
    province = client_for(make_user(Role.LEGAL, "13"))
    response = province.patch(
        reverse("case-detail", args=[case.pk]), {"other_respondent_offices": ["13.01"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["other_respondent_offices"] == ["13.01"]
    neighbour = client_for(make_user(Role.LEGAL, "13.01"))
    assert neighbour.get(reverse("case-detail", args=[case.pk])).status_code == 200


def test_a_co_respondent_office_cannot_add_a_third_office_out_of_its_reach(make_user):
    contest = ContestFactory(contest_type=ContestType.GUBERNUR, region_id="13")
    case = CaseFactory(
        register_number="12/PHPU.GUB-XXIII/2025", kind=CaseKind.PHP_GUBERNUR, contest=contest, respondent_office_id="13"
    )
    case.other_respondent_offices.set([region("13.02")])
    regency = client_for(make_user(Role.LEGAL, "13.02"))  # manages cases at 13.02 only
    url = reverse("case-detail", args=[case.pk])

    response = regency.patch(url, {"other_respondent_offices": ["13.02", "13.01"]}, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["extra"]["other_respondent_offices"]
    assert list(case.other_respondent_offices.values_list("code", flat=True)) == ["13.02"]
    assert client_for(make_user(Role.LEGAL, "13.01")).get(url).status_code == 404
    kept = regency.patch(url, {"summary": "Answered", "other_respondent_offices": ["13.02"]}, format="json")
    assert kept.status_code == 200, kept.content


def test_ppk_sees_the_case_through_its_claims_and_counts_only_those(ppk_api, case):
    ClaimFactory(case=case, locations=[region(TPS)])
    ClaimFactory(case=case, locations=[region(OTHER_TPS)])
    ClaimFactory(case=case, locations=[region(OTHER_TPS)])
    [row] = ppk_api.get(reverse("case-list")).json()["results"]
    assert row["claim_count"] == 1
    assert ppk_api.patch(reverse("case-detail", args=[case.pk]), {"summary": "x"}, format="json").status_code == 403


def test_status_and_hearings(legal_api, legal, case):
    response = legal_api.post(reverse("case-status", args=[case.pk]), {"status": "decision"}, format="json")
    assert response.json()["status"] == "decision"
    url = reverse("case-hearings", args=[case.pk])
    created = legal_api.post(
        url,
        {
            "starts_at": dt.datetime(2025, 1, 13, 8, tzinfo=WIB).isoformat(),
            "agenda": "preliminary",
            "attendees": [legal.username],
            "place": "Gedung MK",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert legal_api.get(url).json()[0]["attendees"] == [legal.username]


def test_an_unknown_user_answers_like_one_out_of_reach(legal_api, case):
    """Every endpoint naming people by username (a claim's assignee, the case's members, a hearing's
    attendees) answers a name nobody has exactly as someone who may not see the case: no answer tells
    which usernames exist."""
    claim = ClaimFactory(case=case, number="1")

    def answers():
        calls = [
            ("post", reverse("claim-list"), {"case": case.pk, "number": "7", "summary": "x", "assignee": "orang.luar"}),
            ("patch", reverse("claim-detail", args=[claim.pk]), {"assignee": "orang.luar"}),
            ("patch", reverse("case-detail", args=[case.pk]), {"members": ["orang.luar"]}),
            (
                "post",
                reverse("case-hearings", args=[case.pk]),
                {
                    "starts_at": dt.datetime(2025, 1, 13, 8, tzinfo=WIB).isoformat(),
                    "agenda": "preliminary",
                    "attendees": ["orang.luar"],
                },
            ),
        ]
        return [
            (r.status_code, r.content)
            for r in (getattr(legal_api, method)(url, data, format="json") for method, url, data in calls)
        ]

    unknown = answers()
    UserFactory(username="orang.luar")  # now a real user, with no reach at all
    without_reach = answers()
    Assignment.objects.create(user=User.objects.get(username="orang.luar"), role=Role.LEGAL, region_id="13.01")
    elsewhere = answers()  # a user of a neighbouring regency

    assert unknown == without_reach == elsewhere
    assert {status for status, _ in unknown} == {400}
    assert list(Claim.objects.values_list("assignee", flat=True)) == [None]
    assert (case.members.count(), case.hearings.count()) == (0, 0)


def test_deadlines(legal_api, case):
    body = legal_api.get(reverse("case-deadlines", args=[case.pk])).json()
    assert body["petition_late"] is None  # no filing time entered yet
    keys = {d["rule_key"] for d in body["deadlines"]}
    assert "filing-pilkada" in keys
    filing = next(d for d in body["deadlines"] if d["rule_key"] == "filing-pilkada")
    assert filing["due_at"] and filing["zone"] == "WIB"


# Exhibits through the API


def test_exhibit_numbering_through_the_api(legal_api, case):
    url = reverse("exhibit-list")
    made = [
        legal_api.post(url, {"case": case.pk, "description": f"Bukti {i}"}, format="json").json() for i in range(1, 5)
    ]
    assert [e["label"] for e in made] == ["T-1", "T-2", "T-3", "T-4"]

    reorder = reverse("case-exhibits-reorder", args=[case.pk])
    order = [made[3]["id"], made[0]["id"], made[1]["id"], made[2]["id"]]
    response = legal_api.post(reorder, {"ordered_ids": order}, format="json")
    assert response.status_code == 200, response.content
    assert [e["label"] for e in response.json()["exhibits"]] == ["T-1", "T-2", "T-3", "T-4"]
    assert Exhibit.objects.get(pk=made[3]["id"]).label == "T-1"

    assert legal_api.delete(reverse("exhibit-detail", args=[made[0]["id"]])).status_code == 204
    listed = legal_api.get(url, {"case": case.pk}).json()["results"]
    assert [(e["label"], e["description"]) for e in listed] == [
        ("T-1", "Bukti 4"),
        ("T-2", "Bukti 2"),
        ("T-3", "Bukti 3"),
    ]

    legal_api.post(reverse("case-status", args=[case.pk]), {"status": CaseStatus.ANSWER_FILED}, format="json")
    refused = legal_api.post(reorder, {"ordered_ids": [e["id"] for e in reversed(listed)]}, format="json")
    assert refused.status_code == 400
    assert "frozen" in refused.json()["message"]
    refused = legal_api.delete(reverse("exhibit-detail", args=[listed[0]["id"]]))
    assert refused.status_code == 400 and "T-1" in refused.json()["message"]
    later = legal_api.post(url, {"case": case.pk, "description": "Tambahan"}, format="json").json()
    assert (later["label"], later["frozen"]) == ("T-4", True)

    # The label is not writable.
    attempt = {"sequence": 1, "case": 999, "physical_ready": True}
    patched = legal_api.patch(reverse("exhibit-detail", args=[later["id"]]), attempt, format="json")
    assert patched.status_code == 200, patched.content
    assert (patched.json()["label"], patched.json()["case"], patched.json()["physical_ready"]) == ("T-4", case.pk, True)


def test_cite_and_warnings(legal_api, case):
    claim = ClaimFactory(case=case, number="3")
    exhibit = ExhibitFactory(case=case)
    other_case_exhibit = ExhibitFactory(case=CaseFactory())
    legal_api.post(reverse("claim-status", args=[claim.pk]), {"status": ClaimStatus.FINAL}, format="json")
    warnings = legal_api.get(reverse("case-warnings", args=[case.pk])).json()
    assert [w["code"] for w in warnings] == ["uncited_final_claim"]

    cite = reverse("claim-cite", args=[claim.pk])
    response = legal_api.post(cite, {"exhibit": exhibit.pk, "note": "C.Hasil"}, format="json")
    assert response.json()["exhibits"] == [exhibit.label]
    assert legal_api.post(cite, {"exhibit": other_case_exhibit.pk}, format="json").status_code == 400
    warnings = legal_api.get(reverse("case-warnings", args=[case.pk])).json()
    assert [(w["code"], w["exhibit_label"], w["claim_numbers"]) for w in warnings] == [
        ("not_certified", exhibit.label, ["3"])
    ]
    legal_api.post(cite, {"exhibit": exhibit.pk, "cited": False}, format="json")
    assert not Citation.objects.exists()


# Claims, numbers and consistency


def test_ppk_reads_only_its_areas_claims(ppk_api, case):
    mine = ClaimFactory(case=case, locations=[region(TPS)])
    ClaimFactory(case=case, locations=[region(OTHER_TPS)])
    assert ids(ppk_api.get(reverse("claim-list"))) == {mine.pk}
    assert ppk_api.get(reverse("claim-figures", args=[mine.pk])).status_code == 200
    assert ppk_api.patch(reverse("claim-detail", args=[mine.pk]), {"response": "x"}, format="json").status_code == 403
    put = ppk_api.put(reverse("claim-figures", args=[mine.pk]), [], format="json")
    assert put.status_code == 403
    assert ppk_api.post(reverse("claim-list"), {"case": case.pk, "number": "9", "summary": "x"}).status_code == 403


def test_claim_create_update_and_filters(legal_api, case):
    url = reverse("claim-list")
    created = legal_api.post(
        url, {"case": case.pk, "number": "4.2", "summary": "Suara hilang", "locations": [TPS]}, format="json"
    )
    assert created.status_code == 201, created.content
    claim_id = created.json()["id"]
    updated = legal_api.patch(
        reverse("claim-detail", args=[claim_id]), {"response": "Tidak benar.", "case": 12345}, format="json"
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["response"] == "Tidak benar."
    assert Claim.objects.get().case == case
    ClaimFactory(case=case, locations=[region(OTHER_TPS)], status=ClaimStatus.FINAL)
    assert ids(legal_api.get(url, {"location": "13.02.03"})) == {claim_id}
    assert len(ids(legal_api.get(url, {"case": case.pk}))) == 2
    assert len(ids(legal_api.get(url, {"status": ClaimStatus.FINAL}))) == 1
    outside = legal_api.post(
        url, {"case": case.pk, "number": "5", "summary": "x", "locations": ["13.01"]}, format="json"
    )
    assert outside.status_code == 400 and "locations" in outside.json()["extra"]


def test_figures_put_get_and_consistency(legal_api, case):
    claim = ClaimFactory(case=case, locations=[region("13.02.03")])
    a, b = case.applicant, case.related_party
    rows = [
        {"region": TPS, "participant": a.pk, "applicant_value": 250, "official_value": 130},
        {"region": TPS, "participant": b.pk, "applicant_value": 100, "official_value": 220},
        {"region": TPS, "metric": Metric.VALID, "applicant_value": 350, "official_value": 360},
    ]
    url = reverse("claim-figures", args=[claim.pk])
    response = legal_api.put(url, rows, format="json")
    assert response.status_code == 200, response.content
    assert [(r["participant"], r["difference"]) for r in legal_api.get(url).json()] == [
        (None, -10),
        (a.pk, 120),
        (b.pk, -120),
    ]

    findings = legal_api.get(reverse("claim-consistency", args=[claim.pk])).json()
    # Two participants on the ballot, both entered: the KPU's valid votes (360) are not 130 + 220.
    broken = [f for f in findings if f["rule"] == "valid_sum"]
    assert [(f["side"], f["expected"], f["actual"]) for f in broken] == [("official", 350, 360)]
    assert {(f["metric"], f["delta"]) for f in findings if f["rule"] == "difference"} == {
        ("votes", 120),
        ("votes", -120),
        ("valid", -10),
    }


def test_figures_put_is_all_or_nothing(legal_api, case):
    claim = ClaimFactory(case=case, locations=[region("13.02.03")])
    stranger = ParticipantFactory(contest=ContestFactory(region_id="13.01"))
    url = reverse("claim-figures", args=[claim.pk])
    rows = [
        {"region": TPS, "participant": case.applicant_id, "applicant_value": 1},
        {"region": "99.99", "participant": case.applicant_id, "applicant_value": 1},
        {"region": TPS, "participant": stranger.pk, "applicant_value": 1},
    ]
    response = legal_api.put(url, rows, format="json")
    assert response.status_code == 400
    assert set(response.json()["extra"]) == {"rows[1]", "rows[2]"}
    negative = legal_api.put(
        url, [{"region": TPS, "participant": case.applicant_id, "applicant_value": -1}], format="json"
    )
    assert negative.status_code == 400
    assert not ClaimFigure.objects.exists()


# Query counts: the same for 5 rows as for 50.


def count_queries(client, url) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 500})
    assert response.status_code == 200, response.content
    return len(queries), response.json()


CASE_LIST_QUERIES = 5  # reach (once per request), count, page (with claim/exhibit counts), other offices, members
# reach (once per request), count, page, the cases' other offices (what of each case the caller sees),
# locations, problems, citations with exhibits
CLAIM_LIST_QUERIES = 7


def populate_cases(n, legal):
    for _ in range(n):
        case = CaseFactory()
        case.other_respondent_offices.set([region("13")])
        case.members.set([legal])
        claim = ClaimFactory(case=case, locations=[region(TPS)])
        Citation.objects.create(claim=claim, exhibit=ExhibitFactory(case=case))


@pytest.mark.parametrize("n", [5, 50])
def test_case_list_query_count(legal_api, legal, n, django_assert_max_num_queries):
    populate_cases(n, legal)
    with django_assert_max_num_queries(CASE_LIST_QUERIES):
        queries, body = count_queries(legal_api, reverse("case-list"))
    assert body["count"] == n
    assert all(r["claim_count"] == 1 and r["exhibit_count"] == 1 and r["members"] for r in body["results"])
    assert queries == CASE_LIST_QUERIES


@pytest.mark.parametrize("n", [5, 50])
def test_claim_list_query_count(ppk_api, legal, n, django_assert_max_num_queries):
    from tests.inventory.factories import ProblemFactory

    populate_cases(n, legal)
    problem = ProblemFactory(region_id=TPS)
    for claim in Claim.objects.all():
        claim.problems.add(problem)
    with django_assert_max_num_queries(CLAIM_LIST_QUERIES):
        queries, body = count_queries(ppk_api, reverse("claim-list"))
    assert body["count"] == n
    # A PPK sees the claims of its kecamatan, not the exhibits they cite (the office's answer work).
    assert all(
        r["exhibits"] == [] and r["problems"] == [problem.pk] and r["locations"] == [TPS] for r in body["results"]
    )
    assert queries == CLAIM_LIST_QUERIES


# The filing data, counsel, the foundation checklist, exhibits' columns and the contest confirmation


FILING = {
    "result_decree_title": "Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok Tahun 2024",
    "respondent_chair": "Nofriadi Syahputra, S.H.",
    "respondent_address": "Jalan Koto Baru No. 17, Arosuka",
    "answer_place": "Arosuka",
    "answer_date": "2025-01-16",
    "power_of_attorney_number": "01/PY.02.1-SU/1302/2025",
    "power_of_attorney_date": "2025-01-06",
    "substitution_number": "02/SKS/2025",
    "substitution_date": "2025-01-07",
    "counsel_office": "Kantor Advokat Wicaksana & Rekan",
    "counsel_address": "Jalan Sudirman No. 5, Padang",
    "obscuur_libel": True,
    "obscuur_libel_grounds": "Posita dan petitum tidak bersesuaian.",
}


def test_filing_fields_round_trip(legal_api, case):
    url = reverse("case-detail", args=[case.pk])
    elected = dt.datetime(2025, 2, 10, 10, 0, tzinfo=WIB)
    response = legal_api.patch(url, {**FILING, "elected_determined_at": elected.isoformat()}, format="json")
    assert response.status_code == 200, response.content
    body = legal_api.get(url).json()
    assert {key: body[key] for key in FILING} == FILING
    assert dt.datetime.fromisoformat(body["elected_determined_at"]) == elected
    case.refresh_from_db()
    assert case.power_of_attorney_date == dt.date(2025, 1, 6) and case.history.first().history_user is not None

    refused = legal_api.patch(url, {"obscuur_libel_grounds": " "}, format="json")
    assert refused.status_code == 400
    assert "obscuur_libel_grounds" in refused.json()["extra"]
    case.refresh_from_db()
    assert case.obscuur_libel_grounds == FILING["obscuur_libel_grounds"]


def test_case_detail_has_the_foundation_checklist(legal_api, case):
    ExhibitFactory(case=case, description="Model D.Hasil Kabupaten-KWK", foundation="recapitulation")
    body = legal_api.get(reverse("case-detail", args=[case.pk])).json()
    assert [(f["foundation"], f["present"], f["exhibits"]) for f in body["foundation"]] == [
        ("result_decree", False, []),
        ("recapitulation", True, ["T-1"]),
        ("recap_minutes", False, []),
    ]
    assert body["foundation"][0]["suggestion"].startswith("Keputusan Komisi Pemilihan Umum Kabupaten Solok")
    # Read-only: a write does not set it.
    legal_api.patch(reverse("case-detail", args=[case.pk]), {"foundation": []}, format="json")
    assert len(legal_api.get(reverse("case-detail", args=[case.pk])).json()["foundation"]) == 3


def test_counsel_through_the_api(legal_api, ppk_api, case, make_user):
    url = reverse("case-counsel", args=[case.pk])
    first = legal_api.post(url, {"name": "Dr. Arief Wicaksana, S.H., M.H."}, format="json")
    assert first.status_code == 201, first.content
    second = legal_api.post(url, {"name": "Rini Oktaviani, S.H.", "kind": "advocate"}, format="json").json()
    assert [c["position"] for c in legal_api.get(url).json()] == [1, 2]
    item = reverse("case-counsel-item", args=[case.pk, second["id"]])
    patched = legal_api.patch(item, {"substitute": True, "kind": "state_attorney"}, format="json")
    assert patched.status_code == 200 and patched.json()["kind"] == "state_attorney"
    assert legal_api.patch(item, {"kind": "sheriff"}, format="json").status_code == 400
    # A counsel of another case is not reached through this one.
    elsewhere = CaseFactory()
    assert legal_api.delete(reverse("case-counsel-item", args=[elsewhere.pk, second["id"]])).status_code == 404
    assert legal_api.delete(item).status_code == 204
    assert [c["name"] for c in legal_api.get(url).json()] == ["Dr. Arief Wicaksana, S.H., M.H."]
    # A PPK reads through its claims but names nobody; another office sees nothing.
    ClaimFactory(case=case, locations=[region(TPS)])
    assert ppk_api.post(url, {"name": "x"}, format="json").status_code in (403, 404)
    outsider = client_for(make_user(Role.LEGAL, "13.01"))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"name": "x"}, format="json").status_code == 404
    assert case.counsel.count() == 1


def test_exhibit_columns_round_trip_and_the_contest_confirmation(legal_api, case, evidence_dir):
    from elections.models import Contest
    from inventory.models import Evidence
    from tests.cases.factories import ElectionFactory

    url = reverse("exhibit-list")
    payload = {
        "case": case.pk,
        "description": "Keputusan KPU Kabupaten Solok tentang Penetapan Hasil",
        "document_number": "1485 Tahun 2024",
        "document_date": "2024-12-09",
        "presented_as": "true_copy",
        "foundation": "result_decree",
    }
    created = legal_api.post(url, payload, format="json")
    assert created.status_code == 201, created.content
    body = legal_api.get(reverse("exhibit-detail", args=[created.json()["id"]])).json()
    assert {k: body[k] for k in payload} == payload
    assert body["other_contest_confirmed"] is False and "confirm_other_contest" not in body

    pemilu = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    presidential = Contest.objects.create(election=pemilu, contest_type="ppwp")
    foreign = make_evidence(TPS, kind="c_hasil")
    Evidence.objects.filter(pk=foreign.pk).update(contest=presidential)
    attempt = {"case": case.pk, "description": "C.Hasil-PWP TPS 001", "evidence": [foreign.pk]}
    refused = legal_api.post(url, attempt, format="json")
    assert refused.status_code == 400
    assert "confirm_other_contest" in refused.json()["extra"] and f"#{foreign.pk}" in refused.json()["message"]
    assert Exhibit.objects.filter(case=case).count() == 1
    accepted = legal_api.post(url, {**attempt, "confirm_other_contest": True}, format="json")
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["other_contest_confirmed"] is True
    # Adding it to another exhibit asks again, through PATCH too.
    item = reverse("exhibit-detail", args=[created.json()["id"]])
    assert legal_api.patch(item, {"evidence": [foreign.pk]}, format="json").status_code == 400
    patched = legal_api.patch(item, {"evidence": [foreign.pk], "confirm_other_contest": True}, format="json")
    assert patched.status_code == 200 and patched.json()["other_contest_confirmed"] is True
