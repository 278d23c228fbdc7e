"""The problem inventory in and out of spreadsheets: offices keep these lists in Excel today.

- `problem_template_xlsx` / `problem_template_csv`: an empty sheet with the right header, plus sheets
  listing the valid codes and what each column means.
- `problem_import`: reads an uploaded XLSX or CSV (sniffed, size-limited: core.spreadsheets), validates
  every row, and stores all rows or none; errors come back per row and column, numbered as the
  spreadsheet shows them (the header is row 1).
- `export_csv_chunks` / `export_xlsx`: the filtered list (from `selectors.problem_list`, so scoped
  like every other read) in one pass over the rows.
"""

import contextlib
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Action
from accounts.scoping import reach_of
from core import spreadsheets
from core.errors import ApplicationError

# The pages read MAX_ROWS, XLSX_MIME and max_import_bytes from here too.
from core.spreadsheets import MAX_ROWS as MAX_ROWS
from core.spreadsheets import XLSX_MIME as XLSX_MIME
from core.spreadsheets import Column, OneOf, cell_text, checked, code_text, refuse, whole_number, xlsx_append
from core.spreadsheets import max_import_bytes as max_import_bytes
from elections.choices import Stage
from files.inspect import check_name
from inventory.choices import FollowUp, Risk, Source
from inventory.models import Category, Problem
from regions.models import Region

CHUNK_ROWS = 1_000


_moment = checked(spreadsheets.moment, gettext_lazy("%(value)s is not a date; write YYYY-MM-DD HH:MM or YYYY-MM-DD."))


def _occurred_at(value):
    occurred = _moment(value)
    if occurred > timezone.now():
        raise spreadsheets.Invalid(_("This date lies in the future."))
    return occurred


COLUMNS = [
    Column("region_code", True, gettext_lazy("Official region code, e.g. 13.02.03.2001.001 (a TPS)."), "region"),
    Column("stage", True, gettext_lazy("Voting stage: a code or label from the Codes sheet."), parse=OneOf(Stage)),
    Column("category", True, gettext_lazy("Problem category: a code or name from the Codes sheet.")),
    Column("title", True, gettext_lazy("Short title, at most 200 characters."), default=""),
    Column("description", True, gettext_lazy("What happened (uraian)."), default=""),
    Column("chronology", False, gettext_lazy("Chronology of events."), default=""),
    Column(
        "source",
        True,
        gettext_lazy("Where the report came from: a code or label from the Codes sheet."),
        parse=OneOf(Source),
    ),
    Column(
        "follow_up",
        False,
        gettext_lazy("Follow-up taken (tindak lanjut); empty means none yet."),
        parse=OneOf(FollowUp),
        default=FollowUp.NONE,
    ),
    Column("follow_up_notes", False, gettext_lazy("Notes on the follow-up."), default=""),
    Column("bawaslu_reference", False, gettext_lazy("Bawaslu recommendation reference number."), default=""),
    Column(
        "affected_votes",
        False,
        gettext_lazy("Number of votes affected: a whole number, no separators."),
        parse=checked(whole_number, gettext_lazy("%(value)s is not a whole number of votes.")),
    ),
    Column(
        "risk",
        False,
        gettext_lazy("Dispute risk: low, medium or high; empty means low."),
        parse=OneOf(Risk),
        default=Risk.LOW,
    ),
    Column(
        "occurred_at",
        False,
        gettext_lazy("When it happened: YYYY-MM-DD HH:MM, or a date YYYY-MM-DD."),
        parse=_occurred_at,
    ),
    Column("contest_id", False, gettext_lazy("Contest number as shown in the app or API; may be empty."), "contest"),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
FIELD_TO_COLUMN = {c.target: c.name for c in COLUMNS}

# What the export adds; an exported file can be imported again (these columns are then ignored).
EXPORT_ONLY = [
    "id",
    "region_name",
    "category_name",
    "status",
    "contest",
    "assignee",
    "reported_by",
    "verified_evidence",
    "created_at",
    "updated_at",
]
EXPORT_COLUMNS = [
    "id",
    "region_code",
    "region_name",
    "stage",
    "category",
    "category_name",
    "title",
    "description",
    "chronology",
    "source",
    "follow_up",
    "follow_up_notes",
    "bawaslu_reference",
    "affected_votes",
    "risk",
    "status",
    "occurred_at",
    "contest_id",
    "contest",
    "assignee",
    "reported_by",
    "verified_evidence",
    "created_at",
    "updated_at",
]
TABLE = spreadsheets.Table(COLUMNS, ignored=EXPORT_ONLY)

CHOICE_COLUMNS = {"stage": Stage, "source": Source, "follow_up": FollowUp, "risk": Risk}
# Converted by their column specs, in this order (the order the errors of a row are listed in).
PLAIN_COLUMNS = (
    "title",
    "description",
    "chronology",
    "follow_up_notes",
    "bawaslu_reference",
    "affected_votes",
    "occurred_at",
)


@dataclass
class ImportResult(spreadsheets.ImportResult):
    created: list[int] = field(default_factory=list)


# Import -----------------------------------------------------------------------------------------


def _category_lookup() -> dict[str, Category]:
    keys: dict[str, Category] = {}
    for category in Category.objects.all():
        keys[category.slug.lower()] = category
        keys.setdefault(category.name.strip().lower(), category)
    return keys


class RowParser:
    """Turns one spreadsheet row into the keyword arguments of `services.problem_create`, or errors.

    Lookups (regions, categories, contests, the reach) are loaded once for the whole file."""

    def __init__(self, *, actor, rows: list[tuple[int, dict]]):
        from elections.models import Contest
        from elections.selectors import contest_queryset

        region_codes = {code_text(row.get("region_code")) for _number, row in rows}
        contest_ids = set()
        for _number, row in rows:
            with contextlib.suppress(ValueError):
                contest_ids.add(whole_number(row.get("contest_id")))

        self.reach = reach_of(actor, Action.EDIT_INVENTORY)
        self.regions = {r.code: r for r in Region.objects.filter(code__in=region_codes)}
        self.categories = _category_lookup()
        contests = contest_queryset(user=actor) if actor is not None else Contest.objects.select_related("region")
        self.contests = {c.pk: c for c in contests.filter(pk__in=contest_ids)} if contest_ids else {}

    def parse(self, number: int, row: dict, result: ImportResult) -> dict | None:
        before = len(result.errors)
        TABLE.check_required(number, row, result)
        fields = self._region(number, row, result)
        fields.update(TABLE.convert(number, row, result, CHOICE_COLUMNS))
        fields.update(self._category(number, row, result))
        fields.update(TABLE.convert(number, row, result, PLAIN_COLUMNS))
        fields.update(self._contest(number, row, result))
        return fields if len(result.errors) == before else None

    def _region(self, number: int, row: dict, result: ImportResult) -> dict:
        code = code_text(row.get("region_code"))
        if not code:
            return {}
        if code not in self.regions:
            result.add(number, "region_code", _("Unknown region code %(code)s.") % {"code": code})
        elif not self.reach.contains(code):
            result.add(number, "region_code", _("Region %(code)s is outside your area.") % {"code": code})
        else:
            return {"region": self.regions[code]}
        return {}

    def _category(self, number: int, row: dict, result: ImportResult) -> dict:
        category = cell_text(row.get("category"))
        if not category:
            return {}
        found = self.categories.get(category.lower())
        if found is None:
            result.add(number, "category", _("Unknown category %(value)s.") % {"value": category})
            return {}
        return {"category": found}

    def _contest(self, number: int, row: dict, result: ImportResult) -> dict:
        text = cell_text(row.get("contest_id"))
        if not text:
            return {}
        try:
            contest_id = whole_number(row.get("contest_id"))
        except ValueError:
            contest_id = None
        if contest_id not in self.contests:
            result.add(number, "contest_id", _("Unknown contest %(value)s.") % {"value": text})
            return {}
        return {"contest": self.contests[contest_id]}


def _report_refusal(result: ImportResult, number: int, exc: ApplicationError) -> None:
    """A service's refusal of a row, on the columns of the fields it names."""
    for target, messages in (exc.extra or {"": [exc.message]}).items():
        column = FIELD_TO_COLUMN.get(target, target)
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            result.add(number, column, message)


def _create_all(*, actor, valid: list[tuple[int, dict]], result: ImportResult) -> None:
    from inventory.services import problem_create

    with transaction.atomic():
        for number, fields in valid:
            try:
                problem = problem_create(actor=actor, **fields)
            except ApplicationError as exc:
                _report_refusal(result, number, exc)
            else:
                result.created.append(problem.pk)
        if not result.ok:
            transaction.set_rollback(True)
            result.created = []


def problem_import(*, actor, file, name: str) -> ImportResult:
    """Import problems from an XLSX or CSV file: every row valid and in the actor's reach, or nothing.

    Rows go through `services.problem_create` (the same checks, scoping and audit history as a form)
    inside one transaction, which is rolled back if any row fails."""
    result = ImportResult(columns=COLUMN_NAMES)
    parsed = TABLE.read(file, check_name(name), result, max_rows=MAX_ROWS)
    if not result.ok:
        return result
    if not parsed:
        refuse(_("The file holds a header but no problems."))

    parser = RowParser(actor=actor, rows=parsed)
    valid = []
    for number, row in parsed:
        fields = parser.parse(number, row, result)
        if fields is not None:
            valid.append((number, fields))
    if result.ok:
        _create_all(actor=actor, valid=valid, result=result)
    return result


# Templates --------------------------------------------------------------------------------------


def code_lists() -> list[tuple[str, str, str]]:
    """(list, code, label) for every coded column, in the active language."""
    rows = []
    for name, choices in CHOICE_COLUMNS.items():
        rows += [(name, value, str(label)) for value, label in choices.choices]
    rows += [("category", slug, label) for slug, label in Category.objects.values_list("slug", "name")]
    return rows


def problem_template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Problems"
    # Every row through xlsx_append: category names are typed by people.
    xlsx_append(sheet, COLUMN_NAMES)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = 40 if column.name in ("description", "chronology") else 20
    sheet.freeze_panes = "A2"
    # Region codes and contest ids are text: as numbers, Excel would turn 13.10 into 13.1.
    for name in ("region_code", "contest_id", "occurred_at"):
        sheet.column_dimensions[get_column_letter(COLUMN_NAMES.index(name) + 1)].number_format = "@"

    codes = workbook.create_sheet("Codes")
    xlsx_append(codes, [_("list"), _("code"), _("label")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    spans: dict[str, list[int]] = {}
    for number, row in enumerate(code_lists(), start=2):
        xlsx_append(codes, row)
        spans.setdefault(row[0], []).append(number)
    codes.column_dimensions["A"].width = 14
    codes.column_dimensions["B"].width = 34
    codes.column_dimensions["C"].width = 60
    # Drop-downs with the codes (labels are accepted too when typed).
    for name, numbers in spans.items():
        letter = get_column_letter(COLUMN_NAMES.index(name) + 1)
        validation = DataValidation(
            type="list", formula1=f"=Codes!$B${numbers[0]}:$B${numbers[-1]}", allow_blank=True, showErrorMessage=False
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")

    help_sheet = workbook.create_sheet("Columns")
    xlsx_append(help_sheet, [_("column"), _("required"), _("meaning")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        xlsx_append(help_sheet, [column.name, _("yes") if column.required else _("no"), column.help])
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["C"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problem_template_csv() -> str:
    return spreadsheets.csv_text(COLUMN_NAMES)


# Export -----------------------------------------------------------------------------------------


def _local(moment) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def export_row(problem: Problem) -> list:
    """One problem as export values (datetimes in office time, without a zone)."""
    return [
        problem.pk,
        problem.region_id,
        problem.region.name,
        problem.stage,
        problem.category.slug,
        problem.category.name,
        problem.title,
        problem.description,
        problem.chronology,
        problem.source,
        problem.follow_up,
        problem.follow_up_notes,
        problem.bawaslu_reference,
        problem.affected_votes,
        problem.risk,
        problem.status,
        _local(problem.occurred_at),
        problem.contest_id,
        str(problem.contest) if problem.contest_id else "",
        problem.assignee.username if problem.assignee_id else "",
        problem.reported_by.username if problem.reported_by_id else "",
        bool(getattr(problem, "verified_evidence", False)),
        _local(problem.created_at),
        _local(problem.updated_at),
    ]


def export_queryset(queryset):
    return queryset.select_related("reported_by").iterator(chunk_size=CHUNK_ROWS)


def export_csv_chunks(queryset):
    """The rows as CSV text in chunks of about 64 KB, for a StreamingHttpResponse: one pass."""
    yield from spreadsheets.csv_chunks(EXPORT_COLUMNS, map(export_row, export_queryset(queryset)))


def export_xlsx(queryset):
    """The rows as an XLSX workbook written in streaming mode to a temporary file; returns it open,
    at the start."""
    return spreadsheets.xlsx_tempfile("Problems", EXPORT_COLUMNS, map(export_row, export_queryset(queryset)))
