"""The case pages: list, register, case page (deadlines, eksepsi, claims, exhibits, hearings, team),
claim page (side-by-side numbers, findings, citations), numbers entry, exhibits, reorder, PPK view."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.choices import Role
from cases.choices import CaseKind, CaseStatus, ClaimStatus, Metric
from cases.deadlines import WIB
from cases.models import Case, Citation, Claim, ClaimFigure, Exhibit, RegionPopulation
from cases.services import case_set_status
from cases.services_exhibits import exhibit_create
from tests.cases.factories import (
    CaseFactory,
    CitationFactory,
    ClaimFactory,
    ClaimFigureFactory,
    ContestFactory,
    ExhibitFactory,
    HearingFactory,
    ParticipantFactory,
)
from tests.inventory.factories import evidence_dir, make_evidence

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


@pytest.fixture
def legal_client(client, legal):
    client.force_login(legal)
    return client


@pytest.fixture
def case():
    return CaseFactory(
        petition_filed_at=dt.datetime(2024, 12, 19, 10, 0, tzinfo=WIB),
        ebrpk_registered_at=dt.datetime(2025, 1, 3, 9, 0, tzinfo=WIB),
        total_valid_votes=180_000,
        applicant_votes=60_000,
        winner_votes=70_000,
    )


def test_case_list_filters(legal_client, case):
    other = CaseFactory(status=CaseStatus.CLOSED)
    page = legal_client.get(reverse("case_list")).content.decode()
    assert case.register_number in page and other.register_number in page
    page = legal_client.get(reverse("case_list"), {"status": CaseStatus.CLOSED}).content.decode()
    assert case.register_number not in page and other.register_number in page
    page = legal_client.get(reverse("case_list"), {"q": case.applicant.name}).content.decode()
    assert case.register_number in page


def test_register_a_case(legal_client, legal):
    contest = ContestFactory()
    applicant, winner = ParticipantFactory(contest=contest), ParticipantFactory(contest=contest)
    response = legal_client.post(
        reverse("case_create"),
        {
            "register_number": "45/PHPU.BUP-XXIII/2025",
            "kind": CaseKind.PHP_BUPATI,
            "contest": contest.pk,
            "applicant": applicant.pk,
            "related_party": winner.pk,
            "respondent_office": "13.02",
            "result_decree_at": "2024-12-16T14:00",
            "petition_filed_at": "2024-12-18T09:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(register_number="45/PHPU.BUP-XXIII/2025")
    assert case.created_by == legal
    assert case.result_decree_at == dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB)


def test_register_refuses_a_bad_number_on_the_field(legal_client):
    contest = ContestFactory()
    response = legal_client.post(
        reverse("case_create"),
        {
            "register_number": "45/PHPU.BUP/2025",
            "kind": CaseKind.PHP_BUPATI,
            "contest": contest.pk,
            "applicant": ParticipantFactory(contest=contest).pk,
            "respondent_office": "13.02",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("register_number")
    assert not Case.objects.exists()


def test_case_page_shows_deadlines_eksepsi_and_parts(legal_client, case, legal):
    RegionPopulation.objects.create(region_id="13.02", year=2024, population=400_000)
    claim = ClaimFactory(case=case, locations=["13.02.03.2002.001"], assignee=legal)
    exhibit = ExhibitFactory(case=case, description="Model C.Hasil-KWK TPS 001 Nagari Surian")
    CitationFactory(claim=claim, exhibit=exhibit)
    HearingFactory(case=case, place="Ruang Sidang Panel 2")
    case.members.add(legal)
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="deadlines"' in page
    assert "WIB" in page
    assert 'data-rule="filing-pilkada"' in page
    assert 'data-testid="filing"' in page  # filed vs deadline
    assert 'data-testid="standing"' in page  # 400k: 1.5% of 180,000 = 2,700 < gap 10,000
    assert "exceeds the threshold" in page or "melebihi" in page
    assert claim.summary[:40] in page
    assert "T-1" in page and "Ruang Sidang Panel 2" in page
    assert str(legal) in page


def test_claim_page_side_by_side_and_findings(legal_client, case):
    claim = ClaimFactory(case=case, locations=[TPS])
    ClaimFigureFactory(claim=claim, region_id=TPS, participant=case.applicant, applicant_value=250, official_value=130)
    ClaimFigureFactory(
        claim=claim, region_id=TPS, participant=None, metric=Metric.VALID, applicant_value=None, official_value=100
    )
    page = legal_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="side-by-side"' in page
    assert "+120" in page
    assert 'data-testid="finding"' in page  # 130 votes for one participant > 100 valid


def test_enter_numbers(legal_client, case):
    claim = ClaimFactory(case=case, locations=[TPS])
    url = reverse("claim_figures", args=[claim.pk])
    page = legal_client.get(url)
    assert page.status_code == 200
    data = {
        "fig-TOTAL_FORMS": "2",
        "fig-INITIAL_FORMS": "0",
        "fig-0-region": TPS,
        "fig-0-participant": str(case.applicant.pk),
        "fig-0-metric": Metric.VOTES,
        "fig-0-applicant_value": "210",
        "fig-0-official_value": "150",
        "fig-1-region": TPS,
        "fig-1-participant": str(case.related_party.pk),
        "fig-1-metric": Metric.VOTES,
        "fig-1-applicant_value": "90",
        "fig-1-official_value": "150",
    }
    response = legal_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ClaimFigure.objects.filter(claim=claim).count() == 2
    # A participant on DPT is refused next to the rows, nothing stored.
    data["fig-1-metric"] = Metric.DPT
    response = legal_client.post(url, data)
    assert response.status_code == 200
    assert ClaimFigure.objects.get(claim=claim, participant=case.related_party).applicant_value == 90


def test_claim_create_and_update(legal_client, case, legal):
    response = legal_client.post(
        reverse("claim_create", args=[case.pk]),
        {
            "number": "7",
            "summary": "Suara Pemohon dikurangi di TPS 001.",
            "locations": TPS,
            "status": ClaimStatus.DRAFT,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get(case=case, number="7")
    assert [r.code for r in claim.locations.all()] == [TPS]
    response = legal_client.post(
        reverse("claim_update", args=[claim.pk]),
        {
            "number": "7",
            "summary": claim.summary,
            "locations": TPS,
            "response": "Dalil Pemohon tidak benar (Bukti T-1).",
            "status": ClaimStatus.REVIEWED,
            "assignee": legal.username,
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED and claim.assignee == legal
    # A location outside the contest is refused on the field.
    response = legal_client.post(
        reverse("claim_create", args=[case.pk]),
        {"number": "8", "summary": "x", "locations": "11.01", "status": ClaimStatus.DRAFT},
    )
    assert response.status_code == 200 and response.context["form"].errors.get("locations")


def test_exhibit_from_evidence_and_cite(legal_client, case, evidence_dir):
    claim = ClaimFactory(case=case, locations=[TPS])
    evidence = make_evidence(region_code=TPS)
    response = legal_client.post(
        reverse("exhibit_create", args=[case.pk]),
        {"description": "Model C.Hasil-KWK TPS 001", "kind": "document", "evidence": [evidence.pk], "claim": claim.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exhibit = Exhibit.objects.get(case=case)
    assert exhibit.label == "T-1" and list(exhibit.evidence.all()) == [evidence]
    assert Citation.objects.filter(claim=claim, exhibit=exhibit).exists()
    legal_client.post(reverse("claim_uncite", args=[claim.pk]), {"exhibit": exhibit.pk})
    assert not Citation.objects.filter(claim=claim).exists()
    legal_client.post(reverse("claim_cite", args=[claim.pk]), {"exhibit": exhibit.pk, "note": "angka resmi"})
    assert Citation.objects.get(claim=claim).note == "angka resmi"


def test_reorder_before_freeze_only(legal_client, case, legal):
    first = exhibit_create(actor=None, case=case, description="A")
    second = exhibit_create(actor=None, case=case, description="B")
    url = reverse("case_exhibit_reorder", args=[case.pk])
    legal_client.post(url, {f"position-{first.pk}": "3", f"position-{second.pk}": "1"})
    first.refresh_from_db(), second.refresh_from_db()
    assert (second.label, first.label) == ("T-1", "T-2")
    case_set_status(actor=None, case=case, status=CaseStatus.ANSWER_FILED)
    response = legal_client.post(url, {f"position-{first.pk}": "0"}, follow=True)
    first.refresh_from_db()
    assert first.label == "T-2"
    assert "frozen" in response.content.decode() or "dibekukan" in response.content.decode()


def test_ppk_sees_only_claims_in_its_area_read_only(client, make_user, case):
    mine = ClaimFactory(case=case, locations=[TPS], summary="Dalil di Surian")
    theirs = ClaimFactory(case=case, locations=["13.02.04.2001"], summary="Dalil di Alahan Panjang")
    ppk = make_user(Role.PPK, "13.02.03")
    client.force_login(ppk)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Dalil di Surian" in page and "Dalil di Alahan Panjang" not in page
    assert 'data-testid="exhibits"' not in page and 'data-testid="new-claim"' not in page
    page = client.get(reverse("claim_detail", args=[mine.pk])).content.decode()
    assert 'data-testid="supply-evidence"' in page
    assert f"{reverse('evidence_upload')}?region={TPS}" in page
    assert 'data-testid="enter-figures"' not in page
    assert client.get(reverse("claim_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("claim_figures", args=[mine.pk])).status_code == 404


# Pinned query counts, measured (the same for 1 and 6 rows): no N+1. The case page reads many small
# things once each: the reach (one read serves every action), claims, exhibits (+ evidence, citations),
# hearings (+ attendees), members, orders, counsel, warnings, deadline rules and holidays, population. The dossier
# section is not among them: the page loads it by htmx (dossiers.views.case_panel). The foundation checklist and
# the exhibits' to-do are read from the exhibits already loaded.
# The legal division signs in with a second factor: one query for the session's device on every page.
CASE_LIST_QUERIES = 6
CASE_DETAIL_QUERIES = 27
CLAIM_DETAIL_QUERIES = 15


@pytest.mark.parametrize("n", [1, 6])
def test_case_list_queries_do_not_grow(legal_client, n, django_assert_max_num_queries):
    for _ in range(n):
        ClaimFactory(case=CaseFactory())
    with django_assert_max_num_queries(CASE_LIST_QUERIES):
        response = legal_client.get(reverse("case_list"))
    assert response.content.decode().count("data-case=") == n


@pytest.mark.parametrize("n", [1, 6])
def test_case_and_claim_pages_queries_do_not_grow(legal_client, case, legal, n, django_assert_max_num_queries):
    claims = [ClaimFactory(case=case, locations=[TPS], assignee=legal) for _ in range(n)]
    for claim in claims:
        ClaimFigureFactory(claim=claim)
        CitationFactory(claim=claim, exhibit=ExhibitFactory(case=case))
        HearingFactory(case=case)
    with django_assert_max_num_queries(CASE_DETAIL_QUERIES):
        response = legal_client.get(reverse("case_detail", args=[case.pk]))
    assert response.content.decode().count("data-claim=") == n
    for _ in range(n):
        ClaimFigureFactory(claim=claims[0], participant=ParticipantFactory(contest=case.contest))
    with django_assert_max_num_queries(CLAIM_DETAIL_QUERIES):
        legal_client.get(reverse("claim_detail", args=[claims[0].pk]))


def test_link_and_unlink_a_problem(legal_client, case):
    from tests.inventory.factories import ProblemFactory

    claim = ClaimFactory(case=case, locations=[TPS])
    problem = ProblemFactory(region_id=TPS, title="Selisih suara sah di TPS 001")
    legal_client.post(reverse("claim_problem", args=[claim.pk]), {"problem": problem.pk})
    assert list(claim.problems.all()) == [problem]
    page = legal_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "Selisih suara sah di TPS 001" in page
    legal_client.post(reverse("claim_problem", args=[claim.pk]), {"problem": problem.pk, "unlink": "1"})
    assert not claim.problems.exists()
    assert legal_client.post(reverse("claim_problem", args=[claim.pk]), {"problem": "x"}).status_code == 404


def test_exhibit_warnings_on_the_case_page(legal_client, case):
    claim = ClaimFactory(case=case, locations=[TPS], status=ClaimStatus.FINAL)
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="exhibit-warning"' in page  # a final claim without any exhibit
    CitationFactory(claim=claim, exhibit=ExhibitFactory(case=case))  # not certified
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert page.count('data-testid="exhibit-warning"') >= 1 and "⚠" in page


def test_status_change_freezes_labels_on_the_page(legal_client, case):
    exhibit = ExhibitFactory(case=case)
    response = legal_client.post(
        reverse("case_status", args=[case.pk]), {"status": CaseStatus.ANSWER_FILED}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("case_detail", args=[case.pk])
    case.refresh_from_db()
    exhibit.refresh_from_db()
    assert case.status == CaseStatus.ANSWER_FILED and exhibit.frozen
    assert [m.level_tag for m in response.context["messages"]] == ["success", "info"]  # the freeze is said
    page = response.content.decode()
    assert 'data-testid="labels-frozen"' in page and "🔒" in page


def test_status_change_refusal_is_a_message(legal_client, case):
    response = legal_client.post(reverse("case_status", args=[case.pk]), {"status": "nonsense"}, follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_viewer_sees_no_status_or_hearing_form(client, make_user, case):
    client.force_login(make_user(Role.VIEWER, "13.02"))
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="status-form"' not in page and 'data-testid="hearing-form"' not in page


def test_add_hearing_in_office_zone_shows_witness_deadline(legal_client, case):
    response = legal_client.post(
        reverse("hearing_create", args=[case.pk]),
        {"starts_at": "2025-01-14T09:00", "agenda": "evidence", "place": "Ruang Sidang Panel 2", "other_attendees": ""},
    )
    assert response.status_code == 302
    hearing = case.hearings.get()
    assert hearing.starts_at == dt.datetime(2025, 1, 14, 9, 0, tzinfo=WIB)  # 13.02 keeps WIB
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'data-hearing="{hearing.pk}"' in page
    assert 'data-rule="witnesses-bupati-walikota"' in page
    assert 'data-testid="hearing-due"' in page and "13 Jan 2025" in page  # one working day before


def test_add_hearing_bad_input_is_a_message(legal_client, case):
    response = legal_client.post(
        reverse("hearing_create", args=[case.pk]), {"starts_at": "soon", "agenda": "evidence"}, follow=True
    )
    assert not case.hearings.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_population_needs_data_then_standing(legal_client, case):
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="needs-population"' in page and 'data-testid="standing"' not in page
    response = legal_client.post(
        reverse("case_population", args=[case.pk]), {"year": 2024, "population": 398_000, "source": "DAK2"}
    )
    assert response.status_code == 302
    assert RegionPopulation.objects.get(region_id="13.02", year=2024).population == 398_000
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="needs-population"' not in page and 'data-testid="standing"' in page


def test_register_with_official_votes(legal_client):
    contest = ContestFactory()
    applicant, winner = ParticipantFactory(contest=contest), ParticipantFactory(contest=contest)
    response = legal_client.post(
        reverse("case_create"),
        {
            "register_number": "77/PHPU.BUP-XXIII/2025",
            "kind": CaseKind.PHP_BUPATI,
            "contest": contest.pk,
            "applicant": applicant.pk,
            "related_party": winner.pk,
            "respondent_office": "13.02",
            "total_valid_votes": "230000",
            "applicant_votes": "90000",
            "winner_votes": "100000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(register_number="77/PHPU.BUP-XXIII/2025")
    assert (case.total_valid_votes, case.applicant_votes, case.winner_votes) == (230_000, 90_000, 100_000)


# The filing data, counsel, the foundation checklist, the exhibits' to-do, orders


def test_edit_the_case_filing_data(legal_client, case, legal):
    url = reverse("case_update", args=[case.pk])
    page = legal_client.get(url).content.decode()
    assert 'name="respondent_chair"' in page and 'name="power_of_attorney_number"' in page
    assert 'value="2024-12-16T14:00"' in page  # the decree's time as the office reads it (WIB)
    data = {
        "register_number": case.register_number,
        "kind": case.kind,
        "contest": case.contest_id,
        "applicant": case.applicant_id,
        "related_party": case.related_party_id,
        "respondent_office": "13.02",
        "result_decree_at": "2024-12-16T14:00",
        "outcome": "none",
        "respondent_chair": "Nofriadi Syahputra, S.H.",
        "respondent_address": "Jalan Koto Baru No. 17, Arosuka",
        "answer_place": "Arosuka",
        "answer_date": "2025-01-16",
        "power_of_attorney_number": "01/PY.02.1-SU/1302/2025",
        "power_of_attorney_date": "2025-01-06",
        "elected_determined_at": "2025-02-10T10:00",
        "obscuur_libel": "on",
        "obscuur_libel_grounds": "",
    }
    response = legal_client.post(url, data)
    assert response.status_code == 200  # obscuur libel without its grounds: refused on the field
    assert response.context["form"].errors.get("obscuur_libel_grounds")
    case.refresh_from_db()
    assert case.respondent_chair == "" and not case.obscuur_libel
    data["obscuur_libel_grounds"] = "Posita dan petitum tidak bersesuaian."
    response = legal_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.respondent_chair == "Nofriadi Syahputra, S.H." and case.answer_date == dt.date(2025, 1, 16)
    assert case.elected_determined_at == dt.datetime(2025, 2, 10, 10, 0, tzinfo=WIB)
    assert case.obscuur_libel and case.history.first().history_user == legal
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Nofriadi Syahputra, S.H." in page and "01/PY.02.1-SU/1302/2025" in page
    assert 'data-testid="obscuur-libel"' in page and "Posita dan petitum tidak bersesuaian." in page
    assert "10 Feb 2025 10.00 WIB" in page  # the penetapan of the elected among the key times


def test_counsel_on_the_case_page(legal_client, case):
    detail = reverse("case_detail", args=[case.pk])
    response = legal_client.post(
        reverse("counsel_create", args=[case.pk]),
        {"counsel-name": "Dr. Arief Wicaksana, S.H., M.H.", "counsel-kind": "advocate"},
    )
    assert response.status_code == 302
    counsel = case.counsel.get()
    assert counsel.position == 1
    page = legal_client.get(detail).content.decode()
    assert f'data-counsel="{counsel.pk}"' in page and "Dr. Arief Wicaksana, S.H., M.H." in page
    prefix = f"counsel-{counsel.pk}"
    legal_client.post(
        reverse("counsel_update", args=[counsel.pk]),
        {
            f"{prefix}-name": "Dr. Arief Wicaksana, S.H., M.H., C.L.A.",
            f"{prefix}-kind": "advocate",
            f"{prefix}-position": "1",
        },
    )
    counsel.refresh_from_db()
    assert counsel.name == "Dr. Arief Wicaksana, S.H., M.H., C.L.A."
    response = legal_client.post(reverse("counsel_create", args=[case.pk]), {"counsel-name": ""}, follow=True)
    assert case.counsel.count() == 1 and any(m.level_tag == "error" for m in response.context["messages"])
    legal_client.post(reverse("counsel_remove", args=[counsel.pk]))
    assert not case.counsel.exists()


def test_the_case_page_lists_the_missing_foundation_exhibits(legal_client, case):
    case.result_decree_number = "1485 Tahun 2024"
    case.save()
    detail = reverse("case_detail", args=[case.pk])
    page = legal_client.get(detail).content.decode()
    assert 'data-testid="foundation"' in page
    for role in ("result_decree", "recapitulation", "recap_minutes"):
        assert f'data-foundation="{role}" data-present="no"' in page
    add = f"{reverse('exhibit_create', args=[case.pk])}?foundation=result_decree"
    assert add in page

    # The button opens the exhibit form with the role and the description the decree would have.
    form = legal_client.get(add).content.decode()
    assert "Keputusan Komisi Pemilihan Umum Kabupaten Solok Nomor 1485 Tahun 2024" in form
    assert 'value="1485 Tahun 2024"' in form and 'value="2024-12-16"' in form
    assert '<option value="result_decree" selected>' in form

    response = legal_client.post(
        reverse("exhibit_create", args=[case.pk]),
        {
            "description": "Keputusan KPU Kabupaten Solok Nomor 1485 Tahun 2024",
            "kind": "document",
            "foundation": "result_decree",
            "document_number": "1485 Tahun 2024",
            "document_date": "2024-12-16",
            "presented_as": "true_copy",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = legal_client.get(detail).content.decode()
    assert 'data-foundation="result_decree" data-present="yes"' in page
    assert 'data-foundation="recapitulation" data-present="no"' in page
    assert 'data-testid="exhibit-gaps"' not in page  # the decree is fully described


def test_exhibits_not_fully_described_are_a_to_do(legal_client, case):
    bare = ExhibitFactory(case=case, description="Model C.Hasil-KWK TPS 001")
    described = ExhibitFactory(
        case=case,
        description="Model D.Hasil Kecamatan-KWK",
        document_number="Model D.Hasil Kecamatan-KWK",
        document_date=dt.date(2024, 11, 30),
        presented_as="certified",
    )
    witness = ExhibitFactory(case=case, description="Saksi: Ketua KPPS 001", kind="witness")
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="exhibit-gaps"' in page
    assert f'data-gap="{bare.pk}"' in page
    assert f'data-gap="{described.pk}"' not in page and f'data-gap="{witness.pk}"' not in page
    assert reverse("exhibit_update", args=[bare.pk]) in page


def test_edit_an_exhibit(legal_client, case, evidence_dir):
    photo = make_evidence(region_code=TPS)
    exhibit = exhibit_create(actor=None, case=case, description="Foto TPS 001", evidence=[photo])
    url = reverse("exhibit_update", args=[exhibit.pk])
    page = legal_client.get(url).content.decode()
    assert "Foto TPS 001" in page and f'value="{photo.pk}"' in page and "checked" in page
    response = legal_client.post(
        url,
        {
            "description": "Foto TPS 001 Nagari Surian",
            "kind": "document",
            "presented_as": "original",
            "evidence": [photo.pk],
        },
        follow=True,
    )
    exhibit.refresh_from_db()
    assert exhibit.description == "Foto TPS 001 Nagari Surian" and exhibit.presented_as == "original"
    assert exhibit.kind == "other"  # a photo is alat bukti lain, and the page says so
    assert any(m.level_tag == "info" for m in response.context["messages"])


def test_the_exhibit_form_warns_of_evidence_of_another_contest(legal_client, case, evidence_dir):
    from elections.models import Contest
    from inventory.models import Evidence
    from tests.cases.factories import ElectionFactory

    pemilu = ElectionFactory(name="Pemilu 2024", kind="pemilu", voting_date=dt.date(2024, 2, 14))
    presidential = Contest.objects.create(election=pemilu, contest_type="ppwp")
    evidence = make_evidence(region_code=TPS, kind="c_hasil")
    Evidence.objects.filter(pk=evidence.pk).update(contest=presidential)
    url = reverse("exhibit_create", args=[case.pk])
    page = legal_client.get(url).content.decode()
    assert 'data-testid="other-contest-warning"' not in page  # nothing to confirm before choosing
    data = {"description": "C.Hasil TPS 001", "kind": "document", "evidence": [evidence.pk]}
    response = legal_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="other-contest-warning"' in page and 'data-testid="confirm-other-contest"' in page
    assert f"#{evidence.pk}" in page and "Pemilu 2024" in page
    assert not Exhibit.objects.filter(case=case).exists()
    response = legal_client.post(url, {**data, "confirm_other_contest": "on"})
    assert response.status_code == 302
    assert Exhibit.objects.get(case=case).other_contest_confirmed


def test_orders_show_their_due_date_or_that_the_period_is_missing(legal_client, case):
    from cases.models import CaseOrder

    with_period = CaseOrder.objects.create(
        case=case,
        kind="psu",
        description="PSU di TPS 001",
        period_amount=30,
        period_unit="days",
        due_date=dt.date(2025, 3, 26),
    )
    without = CaseOrder.objects.create(case=case, kind="recount", description="Hitung ulang di Kecamatan X")
    page = legal_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    start = page.index(f'data-order="{with_period.pk}"')
    assert "26 Mar 2025" in page[start : page.index(f'data-order="{without.pk}"')]
    rest = page[page.index(f'data-order="{without.pk}"') :]
    assert 'data-testid="order-period-missing"' in rest[: rest.index("</li>")]
    assert page.count('data-testid="order-period-missing"') == 1
