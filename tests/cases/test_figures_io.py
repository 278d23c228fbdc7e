"""Import of the applicant's claimed numbers from a spreadsheet, its template, and the per-case
side-by-side table (content, scoping, a fixed number of queries)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from accounts.choices import Role
from cases import figures_io
from cases.choices import Metric
from cases.models import ClaimFigure
from tests.cases.factories import CaseFactory, ClaimFactory, ClaimFigureFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

TPS1 = "13.02.03.2002.001"
TPS2 = "13.02.03.2002.002"
HEADER = ["location_code", "participant", "metric", "claimed_value"]


@pytest.fixture
def case():
    return CaseFactory()


@pytest.fixture
def claim(case):
    return ClaimFactory(case=case, locations=[TPS1, TPS2])


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


def csv_upload(rows, *, sep=",", header=HEADER, name="numbers.csv"):
    lines = [sep.join(header)] + [sep.join(str(v) for v in row) for row in rows]
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode(), content_type="text/csv")


def xlsx_upload(rows, *, header=HEADER, name="numbers.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def post(client, claim, upload):
    return client.post(reverse("claim_figures_import", args=[claim.pk]), {"file": upload})


def errors_of(response) -> set[tuple[int, str]]:
    result = response.context["result"]
    assert result is not None and not result.ok
    return {(e.row, e.column) for e in result.errors}


def good_rows(case):
    return [
        [TPS1, case.applicant.ballot_number, "votes", 250],
        [TPS1, case.related_party.name, "", 90],
        [TPS1, "", "dpt", 400],
        [TPS2, case.applicant.ballot_number, "Votes", 180],
        ["13.02.03", "", "valid", 1000],  # the kecamatan is not a location ...
    ]


def test_good_csv_imports_every_row_and_keeps_official_numbers(client, legal, case, claim):
    claim.locations.add("13.02.03")  # ... until it is
    ClaimFigureFactory(claim=claim, region_id=TPS1, participant=case.applicant, applicant_value=1, official_value=130)
    client.force_login(legal)
    response = post(client, claim, csv_upload(good_rows(case), sep=";"))
    assert response.status_code == 302, response.context and response.context["result"]
    figures = {(f.region_id, f.participant_id, f.metric): f for f in ClaimFigure.objects.filter(claim=claim)}
    assert len(figures) == 5
    kept = figures[(TPS1, case.applicant.pk, Metric.VOTES)]
    assert (kept.applicant_value, kept.official_value) == (250, 130)
    assert figures[(TPS1, case.related_party.pk, Metric.VOTES)].applicant_value == 90
    assert figures[(TPS1, None, Metric.DPT)].official_value is None
    assert figures[("13.02.03", None, Metric.VALID)].applicant_value == 1000


def test_good_xlsx_imports_every_row(client, legal, case, claim):
    rows = good_rows(case)[:4]
    rows[0][1] = float(rows[0][1])  # a number cell
    client.force_login(legal)
    response = post(client, claim, xlsx_upload(rows))
    assert response.status_code == 302
    assert ClaimFigure.objects.filter(claim=claim).count() == 4
    assert ClaimFigure.history.filter(claim_id=claim.pk, history_user=legal).count() == 4


def test_ballot_numbers_import_by_code_or_label_and_are_checked(legal, case, claim):
    rows = [
        [TPS1, "", "ballots_received", 300],
        [TPS1, "", "BALLOTS_USED", 250],
        [TPS1, "", "Ballots damaged or misused", 2],  # the English label
        [TPS1, "", "ballots_unused", 40],  # 250 + 2 + 40 = 292, not 300
        [TPS1, "", "voters", 251],
    ]
    with translation.override("en"):
        result = figures_io.figures_import(actor=legal, claim=claim, file=csv_upload(rows), name="b.csv")
    assert result.ok and result.stored == 5, result.errors
    stored = dict(ClaimFigure.objects.filter(claim=claim).values_list("metric", "applicant_value"))
    assert stored == {
        Metric.BALLOTS_RECEIVED: 300,
        Metric.BALLOTS_USED: 250,
        Metric.BALLOTS_DAMAGED: 2,
        Metric.BALLOTS_UNUSED: 40,
        Metric.VOTERS: 251,
    }
    from cases.consistency import Rule
    from cases.selectors import SYSTEM_SIGHT, claim_consistency

    assert {(f.rule, f.expected, f.actual) for f in claim_consistency(claim=claim, sight=SYSTEM_SIGHT)} == {
        (Rule.BALLOTS_BALANCE, 292, 300),
        (Rule.VOTERS_BALLOTS_USED, 250, 251),
    }


def test_a_ballot_number_has_no_participant(legal, case, claim):
    rows = [[TPS1, case.applicant.ballot_number, "ballots_used", 250]]
    with translation.override("en"):
        result = figures_io.figures_import(actor=legal, claim=claim, file=csv_upload(rows), name="b.csv")
    assert [(e.row, e.column) for e in result.errors] == [(2, "participant")]
    assert not ClaimFigure.objects.exists()


def test_the_template_names_the_ballot_metrics(case, claim):
    codes = {code for list_, code, _label in figures_io.code_lists(claim) if list_ == "metric"}
    assert set(Metric.values) == codes
    assert {"ballots_received", "ballots_used", "ballots_damaged", "ballots_unused"} <= codes
    with translation.override("en"):
        help_ = str(next(c.help for c in figures_io.COLUMNS if c.name == "metric"))
        workbook = load_workbook(io.BytesIO(figures_io.figures_template_xlsx(claim)))
    for code in Metric.values:
        assert code in help_
    assert ("metric", "ballots_unused", "Ballots unused") in set(workbook["Codes"].iter_rows(values_only=True))


def test_rows_without_a_claimed_value_are_skipped(client, legal, case, claim):
    client.force_login(legal)
    response = post(client, claim, csv_upload([[TPS1, case.applicant.ballot_number, "", 5], [TPS2, 1, "", ""]]))
    assert response.status_code == 302
    assert ClaimFigure.objects.filter(claim=claim).count() == 1


def test_bad_file_imports_nothing_and_reports_each_row_and_column(client, legal, case, claim):
    other_contest_participant = ParticipantFactory(contest__region_id="13.01")
    rows = [
        [TPS1, case.applicant.ballot_number, "votes", 250],  # row 2: fine
        ["13.02.03.2002.999", case.applicant.ballot_number, "votes", 1],  # 3: unknown location
        ["13.02.04", case.applicant.ballot_number, "votes", 1],  # 4: outside the claim
        [TPS1, "Nobody", "votes", 1],  # 5: unknown participant
        [TPS1, other_contest_participant.name, "votes", 1],  # 6: another contest's participant
        [TPS2, case.applicant.ballot_number, "votes", -3],  # 7: negative
        [TPS2, case.related_party.ballot_number, "votes", "banyak"],  # 8: not a number
        [TPS1, case.applicant.name, "votes", 7],  # 9: duplicate of row 2
        [TPS1, "", "turnout", 7],  # 10: unknown metric
        [TPS1, case.applicant.ballot_number, "dpt", 7],  # 11: a participant on an aggregate
        [TPS1, 999, "votes", 7],  # 12: unknown ballot number
    ]
    client.force_login(legal)
    response = post(client, claim, csv_upload(rows))
    assert response.status_code == 200
    assert errors_of(response) == {
        (3, "location_code"),
        (4, "location_code"),
        (5, "participant"),
        (6, "participant"),
        (7, "claimed_value"),
        (8, "claimed_value"),
        (9, "location_code"),
        (10, "metric"),
        (11, "participant"),
        (12, "participant"),
    }
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page and 'data-row="9"' in page
    with translation.override("id"):  # the page speaks the default language
        duplicate = translation.gettext("The same number is already given in row %(row)d.") % {"row": 2}
    assert duplicate in page  # the duplicate names the first one
    assert not ClaimFigure.objects.exists()


def test_missing_column_imports_nothing(client, legal, case, claim):
    client.force_login(legal)
    response = post(client, claim, xlsx_upload([[TPS1, 1, "votes"]], header=HEADER[:3]))
    assert response.status_code == 200
    assert errors_of(response) == {(1, "claimed_value")}
    assert not ClaimFigure.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("numbers.xlsx", b"%PDF-1.4 not a workbook" * 10),
        ("numbers.pdf", b"%PDF-1.4\n" * 10),
        ("numbers.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 10),
        ("numbers.xls", b"anything"),
    ],
)
def test_a_non_spreadsheet_is_refused(client, legal, claim, name, content):
    client.force_login(legal)
    response = post(client, claim, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["result"] is None
    assert not ClaimFigure.objects.exists()


def test_import_straight_through_the_function(legal, case, claim):
    result = figures_io.figures_import(
        actor=legal, claim=claim, file=csv_upload([[TPS2, case.applicant.ballot_number, "", 12]]), name="a.csv"
    )
    assert result.ok and result.stored == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_lists_locations_and_participants_and_imports_back(client, legal, case, claim, fmt):
    client.force_login(legal)
    response = client.get(reverse("claim_figures_template", args=[claim.pk]), {"format": fmt})
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode("utf-8-sig").splitlines()
        assert text[0] == ",".join(HEADER)
        assert f"{TPS1},{case.applicant.ballot_number},votes," in text
        filled = "\r\n".join(line + ("5" if line.startswith(TPS1) else "") for line in text)
        upload = SimpleUploadedFile("t.csv", filled.encode())
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        rows = list(workbook["Numbers"].iter_rows(values_only=True))
        assert list(rows[0]) == HEADER
        assert (TPS2, case.related_party.ballot_number, "votes", None) in rows
        assert "Codes" in workbook.sheetnames
        sheet = workbook["Numbers"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == TPS1:
                row[3].value = 5
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = SimpleUploadedFile("t.xlsx", buffer.getvalue())
    response = post(client, claim, upload)
    assert response.status_code == 302
    assert ClaimFigure.objects.count() == 2  # the rows left empty are not claimed
    assert ClaimFigure.objects.filter(region_id=TPS1, applicant_value=5).count() == 2


def test_a_file_without_any_claimed_value_is_refused(client, legal, case, claim):
    client.force_login(legal)
    response = post(client, claim, csv_upload([[TPS1, case.applicant.ballot_number, "", ""]]))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_template_refuses_an_unknown_format(client, legal, claim):
    client.force_login(legal)
    assert client.get(reverse("claim_figures_template", args=[claim.pk]), {"format": "pdf"}).status_code == 400


def test_only_case_managers_import(client, make_user, case, claim):
    client.force_login(make_user(Role.PPK, "13.02.03"))  # sees the claim, may not change it
    assert client.get(reverse("claim_detail", args=[claim.pk])).status_code == 200
    assert post(client, claim, csv_upload(good_rows(case)[:1])).status_code == 404
    assert not ClaimFigure.objects.exists()


# The case table -----------------------------------------------------------------------------------


def test_case_table_groups_by_claim_and_location_and_flags_findings(client, legal, case, claim):
    ClaimFigureFactory(claim=claim, region_id=TPS1, participant=case.applicant, applicant_value=250, official_value=130)
    ClaimFigureFactory(
        claim=claim, region_id=TPS1, participant=case.related_party, applicant_value=90, official_value=200
    )
    # valid votes smaller than the sum of the participants on the applicant's side: a broken rule
    ClaimFigureFactory(claim=claim, region_id=TPS1, metric=Metric.VALID, applicant_value=100, official_value=330)
    second = ClaimFactory(case=case, locations=["13.02.04"])
    client.force_login(legal)
    response = client.get(reverse("case_figures", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-claim="{claim.pk}"' in page and f'data-claim="{second.pk}"' in page
    assert page.index(f'data-claim="{claim.pk}"') < page.index(f'data-claim="{second.pk}"')
    assert f'data-region="{TPS1}"' in page
    assert "+120" in page and "-110" in page
    assert 'data-flagged="1"' in page
    assert 'data-testid="finding"' in page
    assert reverse("claim_figures_import", args=[claim.pk]) in page


def test_case_table_ppk_sees_only_claims_in_their_area(client, make_user, case, claim):
    elsewhere = ClaimFactory(case=case, locations=["13.02.04"])
    ClaimFigureFactory(claim=claim, region_id=TPS1)
    ClaimFigureFactory(claim=elsewhere, region_id="13.02.04")
    client.force_login(make_user(Role.PPK, "13.02.03"))
    response = client.get(reverse("case_figures", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-claim="{claim.pk}"' in page
    assert f'data-claim="{elsewhere.pk}"' not in page
    assert 'data-region="13.02.04"' not in page
    assert reverse("claim_figures_import", args=[claim.pk]) not in page


def test_case_table_out_of_reach_is_404(client, make_user, case):
    client.force_login(make_user(Role.LEGAL, "13.01"))
    assert client.get(reverse("case_figures", args=[case.pk])).status_code == 404


def _queries_for(client, case, claims: int) -> int:
    for n in range(claims):
        claim = ClaimFactory(case=case, locations=[TPS1, "13.02.04"])
        ClaimFigureFactory(claim=claim, region_id=TPS1)
        ClaimFigureFactory(claim=claim, region_id="13.02.04", participant=case.related_party, applicant_value=n)
        ClaimFigureFactory(claim=claim, region_id=TPS1, metric=Metric.VALID, applicant_value=1, official_value=2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("case_figures", args=[case.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="claim-numbers"') == claims
    return len(queries)


def test_case_table_query_count_does_not_grow_with_claims(client, legal):
    client.force_login(legal)
    small = _queries_for(client, CaseFactory(), 2)
    large = _queries_for(client, CaseFactory(), 10)
    assert small == large
