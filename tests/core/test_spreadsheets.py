"""The one spreadsheet reader (core.spreadsheets): header checks by name, errors by row and column,
the same rows from .xlsx and .csv, formulas never run, and the writers' formula guard."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core import spreadsheets
from core.errors import ApplicationError
from core.spreadsheets import Column, ImportResult, Table, checked, whole_number

TABLE = Table(
    [
        Column("code", True, aliases=("kode", "Kode Wilayah")),
        Column("count", True, field="number", parse=checked(whole_number, "%(value)s is not a whole number.")),
        Column("note", default=""),
    ],
    ignored=["exported_at"],
)
NAMES = ["code", "count", "note"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def xlsx_upload(rows, *, header=NAMES, name="list.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_upload(rows, *, header=NAMES, name="list.csv", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + buffer.getvalue()).encode())


def read(upload):
    result = ImportResult(columns=NAMES)
    records = TABLE.read(upload, upload.name, result)
    return result, records


def converted(records, result):
    return [(n, TABLE.convert(n, row, result, NAMES)) for n, row in records]


def test_an_unknown_column_is_named_and_the_template_columns_listed():
    result, _records = read(csv_upload([["13.02", "4", ""]], header=[*NAMES, "colour"]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "colour")]
    assert result.errors[0].message == "Unknown column; the template's columns are: code, count, note."
    assert result.errors[0].letter == ""


def test_a_missing_required_column_is_named():
    result, _records = read(xlsx_upload([["13.02", ""]], header=["code", "note"]))
    assert [(e.row, e.column, e.message) for e in result.errors] == [(1, "count", "The column is missing.")]
    assert result.errors[0].letter == "B"  # where the template has it


def test_a_doubled_column_is_reported():
    result, _records = read(csv_upload([["13.02", "1", "2"]], header=["code", "count", "Count"]))
    assert [(e.row, e.column, e.message) for e in result.errors] == [(1, "count", "The column appears twice.")]


def test_header_case_spaces_aliases_and_ignored_columns():
    result, records = read(
        csv_upload([["13.02", "4", "x", "2024-01-01"]], header=["KODE WILAYAH", "Count", "note", "exported_at"])
    )
    assert result.ok, result.errors
    assert records == [(2, {"code": "13.02", "count": "4", "note": "x", "exported_at": "2024-01-01"})]


def test_a_bad_cell_names_its_row_and_column():
    result, records = read(
        csv_upload([["13.02", "4", ""], [], ["13.03", "banyak", ""], ["", "", ""], ["13.04", "", ""]])
    )
    assert result.ok
    rows = converted(records, result)
    for number, row in records:
        TABLE.check_required(number, row, result)
    assert [(e.row, e.column, e.message, e.letter) for e in result.errors] == [
        (4, "count", "banyak is not a whole number.", "B"),
        (6, "count", "Required.", "B"),
    ]
    assert rows[0] == (2, {"code": "13.02", "number": 4, "note": ""})  # the value under its target name
    assert result.rows == 3  # the empty rows are skipped but counted in the numbering


def test_xlsx_and_csv_give_the_same_rows():
    rows = [["13.02", 4, "satu"], ["13.02.03", 12, ""], ["13.71", 0, "tiga; empat, lima"]]
    from_xlsx = read(xlsx_upload(rows))
    from_csv = read(csv_upload(rows, delimiter=";"))
    assert converted(from_xlsx[1], from_xlsx[0]) == converted(from_csv[1], from_csv[0])
    assert [n for n, _row in from_xlsx[1]] == [2, 3, 4]
    assert from_xlsx[0].ok and from_csv[0].ok


def test_a_formula_is_never_run_nor_read_as_text():
    """A workbook gives the value Excel stored with a formula (none here: never calculated), never the
    formula; a CSV gives the text as typed, and our exports' guarding apostrophe comes off."""
    result, records = read(xlsx_upload([["13.02", "=2+2", '=HYPERLINK("http://evil.example","x")']]))
    assert result.ok
    assert records == [(2, {"code": "13.02", "count": None, "note": None})]

    result, records = read(csv_upload([["13.02", "1", "'=1+1"], ["13.03", "2", "=1+1"]]))
    assert [row["note"] for _n, row in converted(records, result)] == ["=1+1", "=1+1"]


def test_files_that_are_not_spreadsheets_are_refused_whole():
    upload = csv_upload([["13.02", "1", ""]], name="list.xlsx")
    with pytest.raises(ApplicationError) as refused:
        read(upload)
    assert "not an Excel workbook" in refused.value.message
    assert refused.value.extra == {"file": [refused.value.message]}
    with pytest.raises(ApplicationError, match="column names"):
        read(SimpleUploadedFile("x.csv", b"\n\n13.02,1,x\n"))


def test_too_many_rows_are_refused():
    upload = csv_upload([["13.02", str(n), ""] for n in range(4)])
    with pytest.raises(ApplicationError, match="At most 3 rows"):
        TABLE.read(upload, upload.name, ImportResult(), max_rows=3)


def test_errors_stop_being_kept_after_the_limit(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ERRORS", 2)
    result = ImportResult()
    for row in range(3):
        result.add(row, "code", "bad")
    assert len(result.errors) == 2 and result.truncated


def test_the_writers_defuse_formulas_and_read_back_as_typed():
    text = spreadsheets.csv_text(["a", "b"], [["=1+1", "- poin"], [None, True]])
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [["a", "b"], ["'=1+1", "'- poin"], ["", "true"]]
    assert spreadsheets.cell_text("'=1+1") == "=1+1"

    output = spreadsheets.xlsx_tempfile("Sheet", ["a"], [['=HYPERLINK("http://evil.example","x")'], ["ok\x07"]])
    sheet = load_workbook(output).active
    assert sheet["A1"].font.bold
    # The same guard as in a CSV: text, with the apostrophe that the importer takes back off.
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '\'=HYPERLINK("http://evil.example","x")'
    assert sheet["A3"].value == "ok"
