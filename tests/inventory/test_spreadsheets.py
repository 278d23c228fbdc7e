"""Spreadsheet import and export of the problem inventory: templates, good and bad files (all or
nothing, errors by row and column), sniffing and limits, and export content within the reach."""

import csv
import io
import zipfile
from datetime import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from accounts.choices import Role
from core.errors import ApplicationError
from elections.choices import ContestType, ElectionKind, Stage
from elections.models import Contest, Election
from inventory import spreadsheets
from inventory.choices import FollowUp, Risk, Source, Status
from inventory.models import Category, Problem
from inventory.spreadsheets import COLUMN_NAMES, EXPORT_COLUMNS, problem_import
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
OTHER_TPS = "13.02.04.2001.001"


@pytest.fixture(autouse=True)
def _fast_and_english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03", username="ppk.pantai.cermin")


@pytest.fixture
def ppk_client(client, ppk):
    client.force_login(ppk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    return client


def row(**values):
    base = {
        "region_code": TPS,
        "stage": Stage.PENGHITUNGAN,
        "category": "keberatan-saksi",
        "title": "Keberatan saksi di TPS 001",
        "description": "Saksi keberatan atas penghitungan suara tidak sah.",
        "source": Source.WITNESS,
    }
    base.update(values)
    return [base.get(name, "") for name in COLUMN_NAMES]


def xlsx_file(rows, header=COLUMN_NAMES, name="inventaris.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        if values is None:
            sheet.append([])
        else:
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def csv_file(rows, header=COLUMN_NAMES, delimiter=",", name="inventaris.csv", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for values in rows:
        writer.writerow(values or [])
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), content_type="text/csv")


def run_import(user, upload):
    return problem_import(actor=user, file=upload, name=upload.name)


def cells(result):
    return {(e.row, e.column) for e in result.errors}


# Templates


def test_xlsx_template_has_the_header_and_the_codes(ppk_client):
    response = ppk_client.get(reverse("problem_import_template"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_MIME
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Problems", "Codes", "Columns"]
    assert [c.value for c in workbook["Problems"][1]] == COLUMN_NAMES
    codes = {(r[0], r[1]) for r in workbook["Codes"].iter_rows(min_row=2, values_only=True)}
    assert {("stage", s) for s in Stage.values} <= codes
    assert {("source", s) for s in Source.values} <= codes
    assert {("follow_up", s) for s in FollowUp.values} <= codes
    assert {("risk", s) for s in Risk.values} <= codes
    assert {("category", s) for s in Category.objects.values_list("slug", flat=True)} <= codes
    assert {r[0] for r in workbook["Columns"].iter_rows(min_row=2, values_only=True)} == set(COLUMN_NAMES)


def test_csv_template(ppk_client):
    response = ppk_client.get(reverse("problem_import_template"), {"format": "csv"})
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == COLUMN_NAMES


def test_template_needs_edit_rights(client, make_user):
    client.force_login(make_user(Role.VIEWER, "13.02"))
    assert client.get(reverse("problem_import_template")).status_code == 403
    assert client.get(reverse("problem_import")).status_code == 403


def test_filled_template_imports(ppk):
    """The downloaded template, filled in as an office would, imports as it is."""
    workbook = load_workbook(io.BytesIO(spreadsheets.problem_template_xlsx()))
    sheet = workbook["Problems"]
    for index, value in enumerate(row(), start=1):
        sheet.cell(row=2, column=index, value=value or None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(ppk, SimpleUploadedFile("template.xlsx", buffer.getvalue()))
    assert result.ok, result.errors
    assert len(result.created) == 1


# Good files


def test_good_xlsx_imports_every_row(ppk, make_user):
    pilkada = Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")
    bupati = Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.02")
    upload = xlsx_file(
        [
            row(affected_votes=120, occurred_at=datetime(2024, 11, 27, 14, 30), contest_id=bupati.pk),  # noqa: DTZ001
            row(
                region_code="13.02.03.2001",
                stage="Counting (penghitungan)",  # a label instead of the code
                category="Logistik pemilu",  # the category's name
                source="Media report",
                follow_up="psu",
                risk="HIGH",
                occurred_at="2024-11-28",
                affected_votes="45",
                bawaslu_reference="001/REK/BWSL/XI/2024",
            ),
            None,  # an empty row is skipped
            row(region_code="13.02.03", title="Rekap PPK", stage=Stage.REKAP_PPK, occurred_at="2024-11-29 09:15"),
        ]
    )
    result = run_import(ppk, upload)
    assert result.ok, result.errors
    assert result.rows == 3
    problems = list(Problem.objects.filter(pk__in=result.created).order_by("pk"))
    assert len(problems) == 3
    first, second, third = problems
    assert first.region_id == TPS
    assert first.contest == bupati
    assert first.affected_votes == 120
    assert first.follow_up == FollowUp.NONE
    assert first.risk == Risk.LOW
    assert timezone.localtime(first.occurred_at).strftime("%Y-%m-%d %H:%M") == "2024-11-27 14:30"
    assert first.reported_by == ppk
    assert first.status == Status.NEW
    assert second.stage == Stage.PENGHITUNGAN
    assert second.category.slug == "logistik"
    assert (second.source, second.follow_up, second.risk) == (Source.MEDIA, FollowUp.PSU, Risk.HIGH)
    assert second.affected_votes == 45
    assert timezone.localtime(second.occurred_at).strftime("%Y-%m-%d %H:%M") == "2024-11-28 00:00"
    assert timezone.localtime(third.occurred_at).strftime("%Y-%m-%d %H:%M") == "2024-11-29 09:15"
    # Every imported row has its audit entry, naming the importer.
    assert all(p.history.get().history_user == ppk for p in problems)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_good_csv_imports_every_row(ppk, delimiter):
    upload = csv_file(
        [row(title=f"Masalah {i}", affected_votes=str(i), description="Baris; dengan, tanda baca") for i in range(5)],
        delimiter=delimiter,
    )
    result = run_import(ppk, upload)
    assert result.ok, result.errors
    titles = sorted(Problem.objects.values_list("title", flat=True))
    assert titles == [f"Masalah {i}" for i in range(5)]
    assert set(Problem.objects.values_list("description", flat=True)) == {"Baris; dengan, tanda baca"}


def test_region_codes_typed_as_numbers(make_user):
    """In a cell formatted as a number, Excel keeps 13.02 as the float 13.02 and 13 as the integer 13."""
    office = make_user(Role.COMMISSIONER, "13")
    result = run_import(office, xlsx_file([row(region_code=13.02), row(region_code=13), row(region_code=13.71)]))
    assert result.ok, result.errors
    assert sorted(Problem.objects.values_list("region_id", flat=True)) == ["13", "13.02", "13.71"]


# Bad files: nothing imported, every error by row and column


def bad_rows():
    return [
        row(region_code="13.02.03.9999"),  # row 2: unknown region
        row(region_code=OTHER_TPS),  # row 3: outside the reach
        row(stage="pemilihan"),  # row 4: unknown stage
        row(occurred_at="31/02/2024"),  # row 5: no such date
        row(affected_votes="1.200"),  # row 6: not a whole number as written
        row(title=""),  # row 7: missing required
        row(),  # row 8: fine
        row(category="kerusuhan", source="rumor", risk="extreme", follow_up="maybe"),  # row 9: four errors
        row(affected_votes=-5, occurred_at="2999-01-01"),  # row 10: negative, future
    ]


EXPECTED = {
    (2, "region_code"),
    (3, "region_code"),
    (4, "stage"),
    (5, "occurred_at"),
    (6, "affected_votes"),
    (7, "title"),
    (9, "category"),
    (9, "source"),
    (9, "risk"),
    (9, "follow_up"),
    (10, "affected_votes"),
    (10, "occurred_at"),
}


@pytest.mark.parametrize("make_file", [xlsx_file, csv_file])
def test_bad_rows_import_nothing_and_report_each_cell(ppk, make_file):
    result = run_import(ppk, make_file(bad_rows()))
    assert not result.ok
    assert cells(result) == EXPECTED
    assert not Problem.objects.exists()
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "Unknown region code" in messages[(2, "region_code")]
    assert "outside your area" in messages[(3, "region_code")]
    assert messages[(7, "title")] == "Required."


def test_row_numbers_count_empty_rows(ppk):
    result = run_import(ppk, xlsx_file([row(), None, None, row(stage="x")]))
    assert cells(result) == {(5, "stage")}


def test_missing_and_unknown_columns_are_reported_on_row_1(ppk):
    header = [c for c in COLUMN_NAMES if c != "title"] + ["judul_tambahan"]
    result = run_import(ppk, csv_file([row()], header=header))
    assert cells(result) == {(1, "title"), (1, "judul_tambahan")}
    assert not Problem.objects.exists()


def test_a_service_refusal_rolls_back_the_rows_before_it(ppk):
    """Row 3 passes the sheet checks but not the model's (title too long): row 2, already written
    inside the transaction, is taken back too."""
    result = run_import(ppk, xlsx_file([row(title="Fine"), row(title="x" * 250)]))
    assert cells(result) == {(3, "title")}
    assert result.created == []
    assert not Problem.objects.exists()


def test_contest_must_be_visible_and_cover_the_region(ppk):
    pilkada = Election.objects.create(name="Pilkada 2024", kind=ElectionKind.PILKADA, voting_date="2024-11-27")
    elsewhere = Contest.objects.create(election=pilkada, contest_type=ContestType.BUPATI, region_id="13.01")
    gubernur = Contest.objects.create(election=pilkada, contest_type=ContestType.GUBERNUR, region_id="13")
    result = run_import(
        ppk, xlsx_file([row(contest_id=elsewhere.pk), row(contest_id="abc"), row(contest_id=gubernur.pk)])
    )
    assert cells(result) == {(2, "contest_id"), (3, "contest_id")}
    assert not Problem.objects.exists()


# Sniffing and limits


def refused(user, upload) -> str:
    with pytest.raises(ApplicationError) as error:
        run_import(user, upload)
    assert not Problem.objects.exists()
    return error.value.message


def test_a_csv_named_xlsx_is_refused(ppk):
    upload = csv_file([row()], name="inventaris.xlsx")
    assert "not an Excel workbook" in refused(ppk, upload)


def test_a_zip_named_csv_is_refused(ppk):
    upload = xlsx_file([row()], name="inventaris.csv")
    assert "not a text CSV" in refused(ppk, upload)


def test_a_zip_that_is_not_a_workbook_is_refused(ppk):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not an Excel workbook" in refused(ppk, SimpleUploadedFile("x.xlsx", buffer.getvalue()))


def test_a_workbook_with_macros_is_refused(ppk):
    source = xlsx_file([row()])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source.read())) as original, zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        archive.writestr("xl/vbaProject.bin", b"\x00" * 100)
    assert "macros" in refused(ppk, SimpleUploadedFile("x.xlsx", buffer.getvalue()))


def test_an_archive_bomb_is_refused(ppk):
    source = xlsx_file([row()])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source.read())) as original, zipfile.ZipFile(buffer, "w") as archive:
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        archive.writestr("xl/media/padding.xml", b" " * (20 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED)
    assert "unpacks" in refused(ppk, SimpleUploadedFile("x.xlsx", buffer.getvalue()))


@pytest.mark.parametrize("name", ["old.xls", "macro.xlsm", "sheet.ods"])
def test_other_spreadsheet_formats_are_refused_with_advice(ppk, name):
    assert ".xlsx" in refused(ppk, SimpleUploadedFile(name, b"anything"))


def test_html_named_csv_is_refused(ppk):
    upload = SimpleUploadedFile("x.csv", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert "not a text CSV" in refused(ppk, upload)


def test_a_file_over_the_limit_is_refused(ppk, settings):
    settings.INVENTORY_IMPORT_MAX_MB = 1
    upload = csv_file([row(description="x" * 1000)] * 1100)
    assert upload.size > 1024 * 1024
    assert "larger than 1 MB" in refused(ppk, upload)


def test_empty_and_headerless_files_are_refused(ppk):
    assert "empty" in refused(ppk, SimpleUploadedFile("x.csv", b""))
    assert "column names" in refused(ppk, SimpleUploadedFile("x.csv", b"\n\n" + b",".join([b"13.02.03"] * 3)))
    assert "no problems" in refused(ppk, csv_file([]))


def test_a_csv_that_is_not_utf8_is_refused(ppk):
    upload = csv_file([row(description="Pemilih di luar daftar – café")], encoding="cp1252")
    assert "UTF-8" in refused(ppk, upload)


def test_too_many_rows_are_refused(ppk, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    assert "At most 3 rows" in refused(ppk, csv_file([row()] * 4))


# The pages


def test_import_page_success_redirects_to_the_list(ppk_client):
    response = ppk_client.post(reverse("problem_import"), {"file": xlsx_file([row(), row(title="Kedua")])})
    assert response.status_code == 302
    assert response["Location"] == reverse("problem_list")
    assert Problem.objects.count() == 2
    page = ppk_client.get(response["Location"]).content.decode()
    assert "2 problems imported." in page


def test_import_page_shows_the_errors(ppk_client):
    response = ppk_client.post(reverse("problem_import"), {"file": csv_file(bad_rows())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert 'data-row="3" data-column="region_code"' in page
    assert 'data-row="9" data-column="risk"' in page
    assert not Problem.objects.exists()


def test_import_page_shows_file_refusals_on_the_field(ppk_client):
    response = ppk_client.post(reverse("problem_import"), {"file": SimpleUploadedFile("x.xls", b"old")})
    assert response.status_code == 200
    assert ".xlsx" in response.content.decode()
    assert not Problem.objects.exists()


# Export


def export_csv(client, **params):
    response = client.get(reverse("problem_export"), {"format": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def export_xlsx(client, **params):
    response = client.get(reverse("problem_export"), {"format": "xlsx", **params})
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_MIME
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture
def inventory(ppk):
    mine = [
        ProblemFactory(region_id=TPS, stage=Stage.PEMUNGUTAN, title="Kotak dibuka", affected_votes=30, reported_by=ppk),
        ProblemFactory(region_id="13.02.03.2001.002", stage=Stage.PENGHITUNGAN, risk=Risk.HIGH),
        ProblemFactory(region_id="13.02.03", stage=Stage.REKAP_PPK, occurred_at=timezone.now()),
    ]
    theirs = [ProblemFactory(region_id=OTHER_TPS, title="Lembah"), ProblemFactory(region_id="13.02", title="Kabupaten")]
    return mine, theirs


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
def test_export_has_the_rows_in_reach_and_the_columns(ppk_client, inventory, export):
    mine, _theirs = inventory
    header, rows = export(ppk_client)
    assert header == EXPORT_COLUMNS
    assert sorted(int(r["id"]) for r in rows) == sorted(p.pk for p in mine)
    first = next(r for r in rows if int(r["id"]) == mine[0].pk)
    assert first["region_code"] == TPS
    assert first["stage"] == Stage.PEMUNGUTAN
    assert first["title"] == "Kotak dibuka"
    assert str(first["affected_votes"]) == "30"
    assert first["reported_by"] == "ppk.pantai.cermin"
    assert first["category"] == "lainnya"


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
def test_export_applies_the_filters(ppk_client, inventory, export):
    mine, _theirs = inventory
    _header, rows = export(ppk_client, stage=Stage.PENGHITUNGAN)
    assert [int(r["id"]) for r in rows] == [mine[1].pk]
    _header, rows = export(ppk_client, region="13.02.04")  # another kecamatan: filters never widen the reach
    assert rows == []


@pytest.mark.parametrize("export", [export_csv, export_xlsx])
def test_regency_export_sees_the_whole_regency(client, make_user, inventory, export):
    client.force_login(make_user(Role.VIEWER, "13.02"))
    _header, rows = export(client)
    assert len(rows) == 5


def test_export_refuses_unknown_formats(ppk_client):
    assert ppk_client.get(reverse("problem_export"), {"format": "pdf"}).status_code == 400


def test_export_defuses_formulas_and_round_trips(ppk_client, ppk):
    ProblemFactory(region_id=TPS, title='=HYPERLINK("http://evil.example","klik")', description="- poin satu")
    _header, rows = export_csv(ppk_client)
    assert rows[0]["title"].startswith("'=")
    assert rows[0]["description"] == "'- poin satu"

    response = ppk_client.get(reverse("problem_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    title = sheet.cell(row=2, column=EXPORT_COLUMNS.index("title") + 1)
    assert title.data_type == "s"
    assert title.value.startswith("'=HYPERLINK")  # the guard of the CSV (core.spreadsheets.neutral)

    # The exported CSV imports again as it is (export-only columns are ignored) with the text intact.
    text = b"".join(ppk_client.get(reverse("problem_export"), {"format": "csv"}).streaming_content)
    result = run_import(ppk, SimpleUploadedFile("export.csv", text))
    assert result.ok, result.errors
    again = Problem.objects.get(pk=result.created[0])
    assert again.title == '=HYPERLINK("http://evil.example","klik")'
    assert again.description == "- poin satu"


def test_export_query_count_does_not_grow(ppk_client, ppk, django_assert_max_num_queries):
    for n in (20, 200):
        Problem.objects.all().delete()
        ProblemFactory.create_batch(n, region_id=TPS, reported_by=ppk)
        # Session, user, reach, the rows (one query, iterated in chunks).
        with django_assert_max_num_queries(4):
            _header, rows = export_csv(ppk_client)
        assert len(rows) == n


# Volume (timings belong in bench/, not here)


def test_a_few_hundred_rows_import_all_or_nothing(ppk):
    upload = csv_file([row(title=f"Masalah {i}", affected_votes=str(i)) for i in range(300)])
    result = run_import(ppk, upload)
    assert result.ok, result.errors[:5]
    assert Problem.objects.count() == 300
    assert sorted(Problem.objects.values_list("affected_votes", flat=True)) == list(range(300))


def test_import_page_offers_the_templates(ppk_client):
    response = ppk_client.get(reverse("problem_import"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{reverse('problem_import_template')}?format=xlsx" in page
    assert f"{reverse('problem_import_template')}?format=csv" in page
    assert 'enctype="multipart/form-data"' in page
    assert all(name in page for name in COLUMN_NAMES)
