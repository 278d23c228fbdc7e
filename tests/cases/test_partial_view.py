"""A case seen partially: the PPK of Pantai Cermin (13.02.03) sees a case of KPU Kabupaten Solok through
the claims located in its kecamatan. Through every case and claim page and API endpoint it gets exactly
what the case page shows it: its claims, only their locations and numbers in its kecamatan, the warnings
about those claims, and none of the answer work (exhibits, hearings, counsel, filing, members). Nothing of
the next kecamatan (13.02.04) reaches it: every object there carries a marker string that no answer may
contain. The office sees all of it.
"""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from cases.choices import ClaimStatus
from cases.deadlines import WIB
from cases.services import case_update, claim_set_figures, claim_set_status, counsel_add, hearing_add
from cases.services_exhibits import exhibit_cite, exhibit_create
from regions.models import Region
from tests.cases.factories import CaseFactory, ClaimFactory
from tests.inventory.factories import evidence_dir, make_evidence

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db

HERE = "13.02.03.2002.001"  # a TPS of Pantai Cermin, the PPK's kecamatan
THERE = "13.02.04.2001.001"  # a TPS of the next kecamatan
THERE_VOTES = 918_273
# Planted in the other kecamatan's objects and in the answer work; no partial answer may contain one.
MARKERS = (
    "ZEBRAEVIDENCE",
    "ZEBRAEXHIBIT",
    "ZEBRAHEARING",
    "ZEBRACOUNSEL",
    "ZEBRACHAIR",
    "zebramember",
    "13.02.04",
    "918273",
    "918.273",
    "918,273",
)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02", username="zebramember")


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


@pytest.fixture
def world(legal, evidence_dir):
    """Claim 1 at Pantai Cermin, claim 2 at the next kecamatan, claim 3 at both, claim 4 at Pantai Cermin
    citing nothing; their numbers, exhibits and evidence; a hearing, counsel, the filing and a member."""
    case = CaseFactory()
    here = ClaimFactory(case=case, number="1", locations=[region(HERE)])
    there = ClaimFactory(case=case, number="2", locations=[region(THERE)])
    both = ClaimFactory(case=case, number="3", locations=[region(HERE), region(THERE)])
    votes = {"participant": case.applicant}
    claim_set_figures(
        actor=legal,
        claim=both,
        rows=[
            {"region": region(HERE), **votes, "applicant_value": 250, "official_value": 130},
            {"region": region(THERE), **votes, "applicant_value": THERE_VOTES, "official_value": 7},
        ],
    )
    claim_set_figures(
        actor=legal, claim=there, rows=[{"region": region(THERE), **votes, "applicant_value": THERE_VOTES}]
    )
    mine = make_evidence(HERE, name="c-hasil-pantai-cermin.jpg")
    theirs = make_evidence(THERE, name="ZEBRAEVIDENCE.jpg")
    local = exhibit_create(actor=legal, case=case, description="C.Hasil TPS 001 Pantai Cermin", evidence=[mine])
    exhibit_cite(actor=legal, claim=here, exhibit=local)
    other = exhibit_create(actor=legal, case=case, description="ZEBRAEXHIBIT C.Hasil", evidence=[theirs])
    exhibit_cite(actor=legal, claim=there, exhibit=other)
    shared = exhibit_create(actor=legal, case=case, description="Rekap dua kecamatan", evidence=[mine, theirs])
    exhibit_cite(actor=legal, claim=both, exhibit=shared)
    bare = ClaimFactory(case=case, number="4", locations=[region(HERE)])
    for claim in (here, there, both, bare):
        claim_set_status(actor=legal, claim=claim, status=ClaimStatus.FINAL)
    hearing_add(
        actor=legal, case=case, starts_at=dt.datetime(2025, 1, 13, 8, tzinfo=WIB), agenda="preliminary",
        place="ZEBRAHEARING Ruang Sidang Panel 1",
    )  # fmt: skip
    counsel_add(actor=legal, case=case, name="ZEBRACOUNSEL, S.H.")
    case_update(actor=legal, case=case, respondent_chair="ZEBRACHAIR", members=[legal])
    return {"case": case, "here": here, "there": there, "both": both, "other": other, "shared": shared}


def api(user):
    client = APIClient()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_authenticate(user)
    return client


def read(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def api_answers(user, world) -> dict[str, str]:
    """Every case and claim endpoint a reader may call about the case, by name."""
    client, case = api(user), world["case"].pk
    answers = {name: read(client, name, case) for name in ("case-detail", "case-hearings", "case-counsel")}
    answers |= {name: read(client, name, case) for name in ("case-deadlines", "case-warnings")}
    answers |= {name: read(client, name) for name in ("case-list", "claim-list", "exhibit-list")}
    for key in ("here", "both"):
        for name in ("claim-detail", "claim-figures", "claim-consistency"):
            answers[f"{name} {key}"] = read(client, name, world[key].pk)
    return answers


def page_answers(client, world) -> dict[str, str]:
    case = world["case"].pk
    answers = {"case_list": read(client, "case_list")}
    answers |= {name: read(client, name, case) for name in ("case_detail", "case_figures")}
    for key in ("here", "both"):
        answers[f"claim_detail {key}"] = read(client, "claim_detail", world[key].pk)
    return answers


def leaks(answers: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, marker) for name, text in answers.items() for marker in MARKERS if marker in text]


def test_a_partial_viewer_gets_nothing_of_the_other_kecamatan_through_the_api(ppk, world):
    answers = api_answers(ppk, world)
    assert leaks(answers) == []
    # What the page shows it, it still gets: its claims, its numbers, the warnings about its claims.
    assert "250" in answers["claim-figures both"] and HERE in answers["claim-detail both"]
    assert "Dalil 4 is final but cites no exhibit." in answers["case-warnings"]


def test_a_partial_viewer_gets_none_of_the_answer_work_through_the_api(ppk, world):
    client, case = api(ppk), world["case"].pk
    assert client.get(reverse("case-hearings", args=[case])).json() == []
    assert client.get(reverse("case-counsel", args=[case])).json() == []
    assert client.get(reverse("case-deadlines", args=[case])).json() == {"petition_late": None, "deadlines": []}
    assert client.get(reverse("exhibit-list")).json()["count"] == 0
    assert [w["code"] for w in client.get(reverse("case-warnings", args=[case])).json()] == ["uncited_final_claim"]
    assert client.get(reverse("claim-detail", args=[world["here"].pk])).json()["exhibits"] == []
    detail = client.get(reverse("case-detail", args=[case])).json()
    assert not {"members", "foundation", "respondent_chair", "result_decree_at"} & set(detail)
    assert detail["register_number"] == world["case"].register_number
    # The case list counts what it may see: three claims, no exhibit.
    [row] = client.get(reverse("case-list")).json()["results"]
    assert (row["claim_count"], row["exhibit_count"]) == (3, 0)


def test_a_partial_viewer_cannot_open_what_lies_elsewhere(ppk, world, client):
    client.force_login(ppk)
    assert client.get(reverse("claim_detail", args=[world["there"].pk])).status_code == 404
    for name, pk in (("claim-detail", world["there"].pk), ("exhibit-detail", world["shared"].pk)):
        assert api(ppk).get(reverse(name, args=[pk])).status_code == 404


def test_a_partial_viewer_gets_nothing_of_the_other_kecamatan_through_the_pages(ppk, world, client):
    client.force_login(ppk)
    answers = page_answers(client, world)
    assert leaks(answers) == []
    assert HERE in answers["claim_detail both"] and "130" in answers["claim_detail both"]
    assert "Dalil 4 is final but cites no exhibit." in answers["case_detail"]
    assert "Rekap dua kecamatan" not in answers["claim_detail both"]  # what the office cites stays there


def test_the_office_sees_all_of_it(legal, world, client):
    answers = api_answers(legal, world)
    assert str(THERE_VOTES) in answers["claim-figures both"] and THERE in answers["claim-detail both"]
    assert "ZEBRAHEARING" in answers["case-hearings"] and "ZEBRACOUNSEL" in answers["case-counsel"]
    assert "ZEBRAEVIDENCE" in answers["case-warnings"] and "ZEBRAEXHIBIT" in answers["exhibit-list"]
    assert "ZEBRACHAIR" in answers["case-detail"] and "zebramember" in answers["case-detail"]
    assert '"deadlines":[]' not in answers["case-deadlines"].replace(" ", "")
    client.force_login(legal)
    pages = page_answers(client, world)
    for marker in ("ZEBRAHEARING", "ZEBRACOUNSEL", "ZEBRACHAIR", "ZEBRAEXHIBIT", "ZEBRAEVIDENCE", THERE):
        assert marker in pages["case_detail"] + pages["claim_detail both"], marker
    assert "918.273" in pages["case_figures"] or "918,273" in pages["case_figures"]


def test_warnings_name_no_evidence_out_of_the_viewers_reach(make_user, world):
    """A co-respondent office (KPU Kabupaten Solok Selatan here) sees the whole case, but not the
    evidence of Kabupaten Solok: the warnings still flag the exhibits, naming no file of theirs."""
    world["case"].other_respondent_offices.add(region("13.01"))
    neighbour = make_user(Role.LEGAL, "13.01")
    warnings = api(neighbour).get(reverse("case-warnings", args=[world["case"].pk])).json()
    assert {w["code"] for w in warnings} == {"not_certified", "uncited_final_claim"}
    assert all(w["evidence"] is None for w in warnings)
    assert not any("ZEBRAEVIDENCE" in w["message"] or "pantai-cermin" in w["message"] for w in warnings)
