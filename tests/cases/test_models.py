"""The cases models: their rules (clean and constraints) and who sees what (`visible_to`)."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.choices import Action, Role
from cases.choices import CaseKind, CaseStatus, Metric
from cases.models import (
    Case,
    CaseOrder,
    Citation,
    Claim,
    ClaimFigure,
    DeadlineRule,
    Exhibit,
    Hearing,
    RegionPopulation,
)
from tests.cases.factories import (
    CaseFactory,
    CitationFactory,
    ClaimFactory,
    ClaimFigureFactory,
    ContestFactory,
    ExhibitFactory,
    HearingFactory,
    ParticipantFactory,
    pemilu_case,
)

pytestmark = pytest.mark.django_db

TPS_IN_03 = "13.02.03.2002.001"
TPS_IN_04 = "13.02.04.2001.001"


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


# Case rules


def test_a_valid_case_passes_full_clean():
    case = CaseFactory()
    case.full_clean()
    assert str(case) == case.register_number
    assert not case.answer_filed
    case.status = CaseStatus.ANSWER_FILED
    assert case.answer_filed
    case.status = CaseStatus.CLOSED
    assert case.answer_filed


def test_register_number_must_match_the_kind():
    case = CaseFactory.build(register_number="1/PHPU.PRES-XXII/2024", contest=ContestFactory())
    case.applicant = ParticipantFactory(contest=case.contest)
    case.related_party = None
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert "register_number" in excinfo.value.message_dict


def test_a_malformed_register_number_is_a_field_error():
    case = CaseFactory()
    case.register_number = "perkara 45"
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert list(excinfo.value.message_dict) == ["register_number"]


def test_register_numbers_are_unique():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(register_number=case.register_number, contest=case.contest)


def test_the_contest_must_fit_the_kind():
    case = CaseFactory()
    case.kind = CaseKind.PHP_GUBERNUR
    case.register_number = "9/PHPU.GUB-XXIII/2025"
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert "contest" in excinfo.value.message_dict


def test_parties_must_be_on_the_contest_ballot_and_distinct():
    case = CaseFactory()
    case.related_party = ParticipantFactory(contest=ContestFactory(region_id="13.01"))
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert "related_party" in excinfo.value.message_dict
    case.related_party = case.applicant
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert "related_party" in excinfo.value.message_dict


def test_applicant_and_related_party_distinct_in_the_database_too():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(related_party=case.applicant)


def test_termohon_is_a_kpu_office():
    case = CaseFactory()
    case.respondent_office_id = "13.02.03"
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert "respondent_office" in excinfo.value.message_dict


def test_kind_and_status_are_checked_by_the_database():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status="lost")


# Claims, figures, exhibits, citations


def test_claim_numbers_are_unique_per_case():
    claim = ClaimFactory(number="4.2")
    ClaimFactory(number="4.2")  # another case
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(case=claim.case, number="4.2")


def test_figure_difference_and_participant_rules():
    figure = ClaimFigureFactory(applicant_value=250, official_value=130)
    assert figure.difference == 120
    figure.full_clean()
    assert ClaimFigure(applicant_value=None, official_value=3).difference is None
    aggregate = ClaimFigure(claim=figure.claim, region_id=TPS_IN_03, metric=Metric.DPT, participant=figure.participant)
    with pytest.raises(ValidationError):
        aggregate.full_clean()
    votes = ClaimFigure(claim=figure.claim, region_id=TPS_IN_03, metric=Metric.VOTES)
    with pytest.raises(ValidationError):
        votes.full_clean()


def test_figures_are_unique_per_location_participant_and_metric():
    figure = ClaimFigureFactory()
    ClaimFigureFactory(claim=figure.claim, metric=Metric.VALID, participant=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFigureFactory(claim=figure.claim, participant=figure.participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFigureFactory(claim=figure.claim, metric=Metric.VALID, participant=None)


def test_votes_need_a_participant_in_the_database_too():
    figure = ClaimFigureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFigure.objects.filter(pk=figure.pk).update(participant=None)


def test_figure_participant_must_be_on_the_case_ballot():
    figure = ClaimFigureFactory.build(claim=ClaimFactory())
    figure.participant = ParticipantFactory(contest=ContestFactory(region_id="13.01"))
    with pytest.raises(ValidationError) as excinfo:
        figure.full_clean()
    assert "participant" in excinfo.value.message_dict


def test_exhibit_labels_and_unique_sequence():
    case = CaseFactory()
    first, second = ExhibitFactory(case=case), ExhibitFactory(case=case)
    assert (first.label, second.label) == ("T-1", "T-2")
    assert list(case.exhibits.values_list("sequence", flat=True)) == [1, 2]
    with pytest.raises(IntegrityError), transaction.atomic():
        ExhibitFactory(case=case, sequence=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exhibit.objects.filter(pk=first.pk).update(sequence=0)


def test_citations_link_claims_and_exhibits_of_one_case():
    citation = CitationFactory()
    assert list(citation.claim.exhibits.all()) == [citation.exhibit]
    assert list(citation.exhibit.claims.all()) == [citation.claim]
    assert str(citation).endswith("T-1")
    stray = Citation(claim=citation.claim, exhibit=ExhibitFactory())
    with pytest.raises(ValidationError):
        stray.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(claim=citation.claim, exhibit=citation.exhibit)


def test_order_period_is_whole_or_absent():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseOrder.objects.create(case=case, kind="psu", period_amount=30)
    CaseOrder.objects.create(case=case, kind="psu", period_amount=30, period_unit="days")


# Rules table and population


def test_rule_applies_to_lists_only_known_kinds():
    rule = DeadlineRule.objects.get(key="filing-pilkada")
    assert rule.applies(CaseKind.PHP_BUPATI)
    assert not rule.applies(CaseKind.PHPU_DPD)
    rule.full_clean()
    rule.applies_to = ["php_bupati", "php_camat"]
    with pytest.raises(ValidationError):
        rule.full_clean()
    rule.applies_to = []
    rule.full_clean()
    assert rule.applies(CaseKind.PHPU_DPD)
    rule.hearing_agenda = "answer"
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_population_is_for_provinces_and_regencies():
    RegionPopulation(region_id="13.02", year=2024, population=400_000).full_clean()
    with pytest.raises(ValidationError):
        RegionPopulation(region_id="13.02.03", year=2024, population=40_000).full_clean()
    RegionPopulation.objects.create(region_id="13.02", year=2024, population=400_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionPopulation.objects.create(region_id="13.02", year=2024, population=1)


def test_history_is_kept():
    case = CaseFactory()
    case.status = CaseStatus.PRELIMINARY_HEARING
    case.save()
    assert case.history.count() == 2


# Visibility


@pytest.fixture
def solok_case():
    """A PHP Bupati case against KPU Kabupaten Solok with one claim in kecamatan 13.02.03 and one in 13.02.04."""
    case = CaseFactory()
    in_03 = ClaimFactory(case=case, locations=[TPS_IN_03])
    in_04 = ClaimFactory(case=case, locations=[TPS_IN_04, "13.02.04"])
    unlocated = ClaimFactory(case=case)
    hearing = HearingFactory(case=case)
    exhibit = ExhibitFactory(case=case)
    ClaimFigureFactory(claim=in_03, region_id=TPS_IN_03)
    ClaimFigureFactory(claim=in_04, region_id=TPS_IN_04)
    return case, in_03, in_04, unlocated, hearing, exhibit


def test_the_office_sees_its_case_and_every_claim(make_user, solok_case):
    case, in_03, in_04, unlocated, hearing, exhibit = solok_case
    for user in (make_user(Role.LEGAL, "13.02"), make_user(Role.COMMISSIONER, "13"), make_user(Role.VIEWER, None)):
        assert ids(Case.objects.visible_to(user)) == {case.pk}
        assert ids(Claim.objects.visible_to(user)) == {in_03.pk, in_04.pk, unlocated.pk}
        assert ids(Hearing.objects.visible_to(user)) == {hearing.pk}
        assert ids(Exhibit.objects.visible_to(user)) == {exhibit.pk}
        assert ClaimFigure.objects.visible_to(user).count() == 2


def test_a_ppk_sees_only_claims_about_its_kecamatan(make_user, solok_case):
    case, in_03, in_04, *_ = solok_case
    ppk = make_user(Role.PPK, "13.02.03")
    assert ids(Case.objects.visible_to(ppk)) == {case.pk}
    assert ids(Claim.objects.visible_to(ppk)) == {in_03.pk}
    assert set(ClaimFigure.objects.visible_to(ppk).values_list("claim_id", flat=True)) == {in_03.pk}
    # A PPK may not manage cases anywhere.
    assert not Case.objects.visible_to(ppk, Action.MANAGE_CASES).exists()
    pps = make_user(Role.PPS, "13.02.04.2001")
    assert ids(Claim.objects.visible_to(pps)) == {in_04.pk}


def test_a_ppk_with_no_claims_in_its_area_sees_no_case(make_user, solok_case):
    ppk = make_user(Role.PPK, "13.02.05")
    assert not Case.objects.visible_to(ppk).exists()
    assert not Claim.objects.visible_to(ppk).exists()
    assert not Hearing.objects.visible_to(ppk).exists()


def test_other_regions_see_nothing(make_user, solok_case):
    for user in (make_user(Role.LEGAL, "11.01"), make_user(Role.COMMISSIONER, "13.01")):
        assert not Case.objects.visible_to(user).exists()
        assert not Claim.objects.visible_to(user).exists()
        assert not Exhibit.objects.visible_to(user).exists()
        assert not ClaimFigure.objects.visible_to(user).exists()


def test_anonymous_sees_nothing(solok_case):
    from django.contrib.auth.models import AnonymousUser

    assert not Case.objects.visible_to(AnonymousUser()).exists()
    assert not Claim.objects.visible_to(AnonymousUser()).exists()


def test_managing_needs_the_office_in_reach(make_user, solok_case):
    case = solok_case[0]
    assert ids(Case.objects.visible_to(make_user(Role.LEGAL, "13.02"), Action.MANAGE_CASES)) == {case.pk}
    assert not Case.objects.visible_to(make_user(Role.TECHNICAL, "13.02"), Action.MANAGE_CASES).exists()


def test_a_kpu_ri_case_is_national_unless_an_office_is_turut_termohon(make_user):
    case = pemilu_case(result_decree_at=dt.datetime(2024, 3, 20, 15, 19, tzinfo=dt.UTC))
    claim = ClaimFactory(case=case, locations=["13.71"])
    province_legal = make_user(Role.LEGAL, "13")
    assert ids(Case.objects.visible_to(make_user(Role.LEGAL, None))) == {case.pk}
    assert ids(Case.objects.visible_to(province_legal)) == {case.pk}  # through the claim's location
    assert not Case.objects.visible_to(province_legal, Action.MANAGE_CASES).exists()
    assert not Case.objects.visible_to(make_user(Role.LEGAL, "11")).exists()
    case.other_respondent_offices.add("13")
    assert ids(Case.objects.visible_to(province_legal, Action.MANAGE_CASES)) == {case.pk}
    other = ClaimFactory(case=case, locations=["11.01"])
    assert ids(Claim.objects.visible_to(province_legal)) == {claim.pk, other.pk}
    # A claim about the whole city is not "inside" one of its kecamatan.
    assert not Claim.objects.visible_to(make_user(Role.PPK, "13.71.01")).exists()
    claim.locations.add("13.71.01")
    assert ids(Claim.objects.visible_to(make_user(Role.PPK, "13.71.01"))) == {claim.pk}


def test_visibility_returns_each_case_once(make_user, solok_case):
    case = solok_case[0]
    ClaimFactory(case=case, locations=[TPS_IN_03, "13.02.03"])
    case.other_respondent_offices.add("13", "13.01")
    user = make_user(Role.COMMISSIONER, "13")
    assert list(Case.objects.visible_to(user).values_list("pk", flat=True)) == [case.pk]
    assert Claim.objects.visible_to(user).count() == 4


# Admin


@pytest.mark.parametrize("model", ["case", "claim", "exhibit", "deadlinerule", "holiday", "regionpopulation"])
def test_admin_pages_render(client, superuser, solok_case, model):
    client.force_login(superuser)
    assert client.get(f"/admin/cases/{model}/").status_code == 200
    assert client.get(f"/admin/cases/{model}/add/").status_code == 200


def test_admin_edits_a_rule(client, superuser):
    client.force_login(superuser)
    rule = DeadlineRule.objects.get(key="penetapan-after-notice")
    assert client.get(f"/admin/cases/deadlinerule/{rule.pk}/change/").status_code == 200
    case = CaseFactory()
    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code == 200


class _FormFields(HTMLParser):
    """The fields a browser would submit from the page's forms (inputs, checked boxes, selected options)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def admin_form_data(client, url) -> dict:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items() if values}


def _with_order(data, **order):
    return {
        **data,
        "orders-TOTAL_FORMS": "1",
        "orders-0-kind": "psu",
        "orders-0-description": "PSU di TPS 001 Nagari Surian",
        "orders-0-done_at_0": "",
        "orders-0-done_at_1": "",
        **{f"orders-0-{key}": value for key, value in order.items()},
    }


def test_the_admin_asks_for_the_period_of_an_ordered_action(client, superuser):
    """No default period: an order without its amount or unit is refused with a message saying so; with it,
    the due date is stored from the ruling's time (24 Feb 2025 + 60 days = 25 Apr 2025)."""
    client.force_login(superuser)
    case = CaseFactory(decision_at=dt.datetime(2025, 2, 24, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    url = f"/admin/cases/case/{case.pk}/change/"
    data = admin_form_data(client, url)
    assert data["orders-TOTAL_FORMS"] == "0"
    for missing in ({"period_amount": "", "period_unit": "days"}, {"period_amount": "60", "period_unit": ""}):
        response = client.post(url, _with_order(data, **missing))
        assert response.status_code == 200
        page = response.content.decode()
        assert "there is no default period" in page or "tidak ada jangka waktu bawaan" in page
        assert not CaseOrder.objects.exists()
    response = client.post(url, _with_order(data, period_amount="0", period_unit="days"))
    assert response.status_code == 200 and not CaseOrder.objects.exists()
    response = client.post(url, _with_order(data, period_amount="60", period_unit="days"))
    assert response.status_code == 302, response.content.decode()[:2000]
    order = CaseOrder.objects.get()
    assert (order.period_amount, order.period_unit, order.due_date) == (60, "days", dt.date(2025, 4, 25))
    # The ruling's time moves: the stored due date follows when the case is saved.
    data = admin_form_data(client, url)
    data["decision_at_0"], data["decision_at_1"] = "2025-02-25", "10:00:00"
    assert client.post(url, data).status_code == 302
    order.refresh_from_db()
    assert order.due_date == dt.date(2025, 4, 26)


def test_a_legacy_order_without_a_period_loses_its_typed_date_when_saved(client, superuser):
    client.force_login(superuser)
    case = CaseFactory(decision_at=dt.datetime(2025, 2, 24, 15, 0, tzinfo=dt.UTC))
    order = CaseOrder.objects.create(case=case, kind="psu", due_date=dt.date(2025, 3, 6))
    url = f"/admin/cases/case/{case.pk}/change/"
    data = admin_form_data(client, url)
    assert client.post(url, data).status_code == 200  # the period is asked for before anything is saved
    data["orders-0-period_amount"], data["orders-0-period_unit"] = "90", "days"
    assert client.post(url, data).status_code == 302
    order.refresh_from_db()
    assert order.due_date == dt.date(2025, 5, 25)


def test_a_case_without_related_party_or_office_is_valid():
    case = pemilu_case(result_decree_at=dt.datetime(2024, 3, 20, 15, 19, tzinfo=dt.UTC))
    assert case.related_party is None
    assert case.respondent_office is None
    case.full_clean()


def test_an_unknown_kind_is_a_field_error_not_a_crash():
    case = CaseFactory()
    case.kind = "php_camat"
    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()
    assert "kind" in excinfo.value.message_dict
