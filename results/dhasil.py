"""The D.Hasil figures of a recapitulation level from a spreadsheet, and the template for it.

One row per recapitulated region (kecamatan, kabupaten/kota or province, by its official code, or
`nasional` for the national recapitulation): the administrative figures, then one `votes_<ballot
number>` column per participant. An empty cell is a figure not on the form: unknown, never zero.
Every row valid and in reach, or nothing stored (results.store); errors by row and column.
"""

import hashlib
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets
from core.spreadsheets import Column, ImportResult, checked, code_text, refuse, whole_number, xlsx_append
from elections.models import Contest, Participant
from files.inspect import check_name
from regions import tree
from regions.choices import Level
from regions.models import Region
from results.choices import Figure, Source
from results.store import Row, Stored, check_rows, contest_area, store_rows

NATIONAL = "nasional"
RECAP_LEVELS = {Level.DISTRICT: 3, Level.REGENCY: 2, Level.PROVINCE: 1, NATIONAL: 0}
TEMPLATE_ROWS = 2_000
COUNT = checked(whole_number, gettext_lazy("%(value)s is not a whole number (0 or more)."))


def participants(contest: Contest) -> list[Participant]:
    """The participants with a column: pairs or parties (candidates count within their party)."""
    return list(Participant.objects.filter(contest=contest, party__isnull=True).order_by("ballot_number"))


def table_for(contest: Contest) -> tuple[spreadsheets.Table, dict[str, int]]:
    """The columns for this contest, and each votes column's participant."""
    votes = {f"votes_{p.ballot_number}": p.pk for p in participants(contest)}
    columns = [
        Column(
            "location_code",
            True,
            gettext_lazy("Official code of the recapitulated region (13.02.03), or nasional."),
        ),
        *(Column(value, False, label, parse=COUNT) for value, label in Figure.choices),
        *(Column(name, False, gettext_lazy("Votes of this ballot number."), parse=COUNT) for name in votes),
    ]
    return spreadsheets.Table(columns), votes


def _location(number: int, row: dict, result: ImportResult) -> tuple[bool, str | None]:
    code = code_text(row.get("location_code"))
    if code.lower() == NATIONAL:
        return True, None
    if tree.depth(code) not in (1, 2, 3) or not all(part.isdigit() for part in code.split(".")):
        result.add(
            number, "location_code", _("%(code)s is not a kecamatan, kabupaten/kota or province.") % {"code": code}
        )
        return False, None
    return True, code


def dhasil_import(*, actor, contest: Contest, file, name: str) -> tuple[ImportResult, Stored | None]:
    """Import a filled D.Hasil sheet for `contest`."""
    table, votes_columns = table_for(contest)
    result = ImportResult(columns=table.names)
    name = check_name(name)
    parsed = table.read(file, name, result)
    if not result.ok:
        return result, None
    if not parsed:
        refuse(_("The file holds no rows."))
    rows = []
    for number, raw in parsed:
        table.check_required(number, raw, result)
        ok, code = _location(number, raw, result)
        values = table.convert(number, raw, result, table.names[1:])
        if ok:
            figures = {f: values.get(f) for f in Figure.values}
            votes = {votes_columns[c]: values[c] for c in votes_columns if values.get(c) is not None}
            rows.append(Row(line=number, region=code, figures=figures, votes=votes))
    check_rows(actor=actor, contest=contest, rows=rows, result=result, column="location_code")
    if not result.ok:
        return result, None
    file.seek(0)
    sha256 = hashlib.sha256(file.read()).hexdigest()
    stored = store_rows(
        actor=actor, contest=contest, source=Source.D_HASIL, name=name, sha256=sha256, rows=rows, result=result
    )
    return result, stored


# Templates ----------------------------------------------------------------------------------------


def template_codes(*, contest: Contest, level: str, reach) -> list[str]:
    """The regions of `level` in the contest's area and the reach, to prefill the template."""
    if level == NATIONAL:
        return [NATIONAL] if reach.everything and contest.region_id is None and not contest.dapil_id else []
    regions = Region.objects.filter(level=level).filter(reach.q("code"))
    area = [code for code in contest_area(contest) if code is not None]
    if area:
        regions = regions.filter(tree.subtree_q_any(area, "code"))
    return list(regions.order_by("code").values_list("code", flat=True)[:TEMPLATE_ROWS])


def template_csv(*, contest: Contest, level: str, reach) -> str:
    table, _votes = table_for(contest)
    codes = template_codes(contest=contest, level=level, reach=reach)
    return spreadsheets.csv_text(table.names, [[code] for code in codes])


def template_xlsx(*, contest: Contest, level: str, reach) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    table, _votes = table_for(contest)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "D.Hasil"
    xlsx_append(sheet, table.names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 18
    for code in template_codes(contest=contest, level=level, reach=reach):
        xlsx_append(sheet, [code])
        sheet.cell(row=sheet.max_row, column=1).number_format = "@"  # 13.10 must stay text
    sheet.freeze_panes = "B2"
    help_sheet = workbook.create_sheet("Columns")
    xlsx_append(help_sheet, [_("column"), _("required"), _("meaning")])
    for column in table.columns:
        xlsx_append(help_sheet, [column.name, _("yes") if column.required else _("no"), column.help])
    for p in participants(contest):
        xlsx_append(help_sheet, [f"votes_{p.ballot_number}", _("no"), p.name])
    help_sheet.column_dimensions["C"].width = 70
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
