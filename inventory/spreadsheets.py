"""The problem inventory in and out of spreadsheets: offices keep these lists in Excel today.

- `problem_template_xlsx` / `problem_template_csv`: an empty sheet with the right header, plus sheets
  listing the valid codes and what each column means.
- `problem_import`: reads an uploaded XLSX or CSV (sniffed, size-limited), validates every row, and
  stores all rows or none; errors come back per row and column, numbered as the spreadsheet shows
  them (the header is row 1).
- `export_csv_chunks` / `export_xlsx`: the filtered list (from `selectors.problem_list`, so scoped
  like every other read) in one pass over the rows.
"""

import contextlib
import csv
import io
import itertools
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

import magic
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import Action
from accounts.scoping import reach_of
from core.errors import ApplicationError
from elections.choices import Stage
from inventory.choices import FollowUp, Risk, Source
from inventory.models import Category, Problem
from inventory.uploads import check_name
from regions.models import Region

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
MAX_ROWS = 10_000
MAX_ERRORS = 1_000
CHUNK_ROWS = 1_000
# An XLSX is a ZIP of XML: refuse ones that unpack to far more than any honest inventory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


def max_import_bytes() -> int:
    return getattr(settings, "INVENTORY_IMPORT_MAX_MB", 10) * 1024 * 1024


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    field: str = ""  # the Problem field it fills (the same name when empty)

    @property
    def target(self) -> str:
        return self.field or self.name


COLUMNS = [
    Column("region_code", True, gettext_lazy("Official region code, e.g. 13.02.03.2001.001 (a TPS)."), "region"),
    Column("stage", True, gettext_lazy("Voting stage: a code or label from the Codes sheet.")),
    Column("category", True, gettext_lazy("Problem category: a code or name from the Codes sheet.")),
    Column("title", True, gettext_lazy("Short title, at most 200 characters.")),
    Column("description", True, gettext_lazy("What happened (uraian).")),
    Column("chronology", False, gettext_lazy("Chronology of events.")),
    Column("source", True, gettext_lazy("Where the report came from: a code or label from the Codes sheet.")),
    Column("follow_up", False, gettext_lazy("Follow-up taken (tindak lanjut); empty means none yet.")),
    Column("follow_up_notes", False, gettext_lazy("Notes on the follow-up.")),
    Column("bawaslu_reference", False, gettext_lazy("Bawaslu recommendation reference number.")),
    Column("affected_votes", False, gettext_lazy("Number of votes affected: a whole number, no separators.")),
    Column("risk", False, gettext_lazy("Dispute risk: low, medium or high; empty means low.")),
    Column("occurred_at", False, gettext_lazy("When it happened: YYYY-MM-DD HH:MM, or a date YYYY-MM-DD.")),
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

CHOICE_COLUMNS = {"stage": Stage, "source": Source, "follow_up": FollowUp, "risk": Risk}
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str

    @property
    def letter(self) -> str:
        """The spreadsheet column letter of a template column ('' for file-level errors)."""
        if self.column not in COLUMN_NAMES:
            return ""
        from openpyxl.utils import get_column_letter

        return get_column_letter(COLUMN_NAMES.index(self.column) + 1)


@dataclass
class ImportResult:
    rows: int = 0
    created: list[int] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        self.errors.append(CellError(row, column, str(message)))


# Reading files ------------------------------------------------------------------------------------


def _refuse(message: str):
    raise ApplicationError(message, {"file": [message]})


def sniff_spreadsheet(fileobj, name: str) -> str:
    """'xlsx' or 'csv', from what the bytes really are (not the name or the browser's header)."""
    name = check_name(name)
    size = fileobj.size
    limit = max_import_bytes()
    if getattr(fileobj, "too_large", False) or size > limit:
        _refuse(_("The file is larger than %(mb)d MB; split it into several files.") % {"mb": limit // (1024 * 1024)})
    if not size:
        _refuse(_("The file %(name)s is empty.") % {"name": name})
    fileobj.seek(0)
    head = fileobj.read(64 * 1024)
    fileobj.seek(0)
    mime = magic.from_buffer(head, mime=True)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        if mime not in (XLSX_MIME, "application/zip", "application/octet-stream"):
            _refuse(_("%(name)s is not an Excel workbook (.xlsx).") % {"name": name})
        _check_ooxml(fileobj, name)
        return "xlsx"
    if suffix in (".csv", ".txt"):
        if not (mime.startswith("text/") or mime in ("application/csv", "application/octet-stream")) or mime in (
            "text/html",
            "text/xml",
        ):
            _refuse(_("%(name)s is not a text CSV file (it looks like %(mime)s).") % {"name": name, "mime": mime})
        if b"\x00" in head:
            _refuse(_("%(name)s is not a text CSV file.") % {"name": name})
        return "csv"
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
        _refuse(_("Save %(name)s as an Excel workbook (.xlsx) or CSV (UTF-8) and upload that.") % {"name": name})
    _refuse(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    return ""  # unreachable: _refuse raises


def _check_ooxml(fileobj, name: str) -> None:
    """A real workbook: a ZIP holding the OOXML parts, no macros, no archive bomb."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        _refuse(_("%(name)s could not be read as an Excel workbook; it may be damaged.") % {"name": name})
    finally:
        fileobj.seek(0)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        _refuse(_("%(name)s is not an Excel workbook (.xlsx).") % {"name": name})
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        _refuse(_("%(name)s contains macros; save it as a plain .xlsx workbook.") % {"name": name})
    unpacked = sum(i.file_size for i in infos)
    bomb = any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos)
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        _refuse(_("%(name)s unpacks to far more than its size; it is refused.") % {"name": name})


def _xlsx_rows(fileobj):
    from openpyxl import load_workbook

    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        _refuse(_("The workbook could not be read; it may be damaged. Save it again as .xlsx."))
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()


def _csv_rows(fileobj):
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        # Excel in an Indonesian locale separates with ';' (the decimal mark is ',').
        delimiter = max((";", ",", "\t"), key=first.count) if first.strip() else ","
        yield from enumerate(csv.reader(itertools.chain([first], text), delimiter=delimiter), start=1)
    except UnicodeDecodeError:
        _refuse(_("The CSV file is not UTF-8 text. In Excel choose 'CSV UTF-8' when saving."))
    except csv.Error as exc:
        _refuse(_("The CSV file could not be read: %(error)s") % {"error": exc})
    finally:
        with contextlib.suppress(ValueError):  # already closed along with the upload
            text.detach()


def read_rows(fileobj, kind: str):
    return _xlsx_rows(fileobj) if kind == "xlsx" else _csv_rows(fileobj)


# Parsing values ---------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Our exports defuse formulas with a leading apostrophe; take it back off.
    if text.startswith("'") and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def _region_code(value) -> str:
    """Codes typed into a cell formatted as a number lose their text: 13 stays 13, 13.02 reads back
    as the float 13.02 (regency parts always have two digits)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:02d}"
    if isinstance(value, float):
        return f"{value:05.2f}" if not value.is_integer() else f"{int(value):02d}"
    return _text(value)


def _lookup(choices) -> dict[str, str]:
    """Every spelling a person might use for a choice: its code, its English and Indonesian labels."""
    keys: dict[str, str] = {}
    for value, label in choices.choices:
        keys[value.lower()] = value
        for language in ("en", "id"):
            with translation.override(language):
                keys[str(label).strip().lower()] = value
    return keys


def _category_lookup() -> dict[str, Category]:
    keys: dict[str, Category] = {}
    for category in Category.objects.all():
        keys[category.slug.lower()] = category
        keys.setdefault(category.name.strip().lower(), category)
    return keys


def _parse_datetime(value):
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time()))
    text = _text(value)
    for fmt in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(text, fmt))  # noqa: DTZ007 - local office time
        except ValueError:
            pass
    for fmt in DATE_FORMATS:
        try:
            return timezone.make_aware(datetime.combine(datetime.strptime(text, fmt).date(), time()))  # noqa: DTZ007
        except ValueError:
            pass
    raise ValueError(text)


def _parse_count(value) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        number = int(value)
    else:
        text = _text(value).replace(" ", "")
        if not text.isdigit():
            raise ValueError(text)
        number = int(text)
    if number < 0:
        raise ValueError(number)
    return number


class RowParser:
    """Turns one spreadsheet row into the keyword arguments of `services.problem_create`, or errors.

    Lookups (regions, categories, contests, the reach) are loaded once for the whole file."""

    def __init__(self, *, actor, rows: list[tuple[int, dict]]):
        from elections.models import Contest
        from elections.selectors import contest_queryset

        region_codes = {_region_code(row.get("region_code")) for _number, row in rows}
        contest_ids = set()
        for _number, row in rows:
            with contextlib.suppress(ValueError):
                contest_ids.add(_parse_count(row.get("contest_id")))

        self.reach = reach_of(actor, Action.EDIT_INVENTORY)
        self.regions = {r.code: r for r in Region.objects.filter(code__in=region_codes)}
        self.categories = _category_lookup()
        self.choices = {name: _lookup(choices) for name, choices in CHOICE_COLUMNS.items()}
        contests = contest_queryset(user=actor) if actor is not None else Contest.objects.select_related("region")
        self.contests = {c.pk: c for c in contests.filter(pk__in=contest_ids)} if contest_ids else {}
        self.labels = {name: ", ".join(ch.values) for name, ch in CHOICE_COLUMNS.items()}

    def parse(self, number: int, row: dict, result: ImportResult) -> dict | None:
        before = len(result.errors)
        fields: dict = {}

        for column in COLUMNS:
            if column.required and not _text(row.get(column.name)):
                result.add(number, column.name, _("Required."))

        code = _region_code(row.get("region_code"))
        if code:
            if code not in self.regions:
                result.add(number, "region_code", _("Unknown region code %(code)s.") % {"code": code})
            elif not self.reach.contains(code):
                result.add(number, "region_code", _("Region %(code)s is outside your area.") % {"code": code})
            else:
                fields["region"] = self.regions[code]

        for name, lookup in self.choices.items():
            text = _text(row.get(name))
            if not text:
                continue
            value = lookup.get(text.lower())
            if value is None:
                result.add(
                    number,
                    name,
                    _("Unknown value %(value)s; use one of: %(codes)s.") % {"value": text, "codes": self.labels[name]},
                )
            else:
                fields[name] = value
        fields.setdefault("follow_up", FollowUp.NONE)
        fields.setdefault("risk", Risk.LOW)

        category = _text(row.get("category"))
        if category:
            found = self.categories.get(category.lower())
            if found is None:
                result.add(number, "category", _("Unknown category %(value)s.") % {"value": category})
            else:
                fields["category"] = found

        for name in ("title", "description", "chronology", "follow_up_notes", "bawaslu_reference"):
            fields[name] = _text(row.get(name))

        raw = row.get("affected_votes")
        if _text(raw):
            try:
                fields["affected_votes"] = _parse_count(raw)
            except ValueError:
                result.add(
                    number, "affected_votes", _("%(value)s is not a whole number of votes.") % {"value": _text(raw)}
                )

        raw = row.get("occurred_at")
        if _text(raw):
            try:
                occurred = _parse_datetime(raw)
            except ValueError:
                result.add(
                    number,
                    "occurred_at",
                    _("%(value)s is not a date; write YYYY-MM-DD HH:MM or YYYY-MM-DD.") % {"value": _text(raw)},
                )
            else:
                if occurred > timezone.now():
                    result.add(number, "occurred_at", _("This date lies in the future."))
                fields["occurred_at"] = occurred

        raw = row.get("contest_id")
        if _text(raw):
            try:
                contest_id = _parse_count(raw)
            except ValueError:
                contest_id = None
            if contest_id not in self.contests:
                result.add(number, "contest_id", _("Unknown contest %(value)s.") % {"value": _text(raw)})
            else:
                fields["contest"] = self.contests[contest_id]

        return fields if len(result.errors) == before else None


# Import -----------------------------------------------------------------------------------------


def _header(values, result: ImportResult) -> list[str | None]:
    names = [_text(v).lower().replace(" ", "_") or None for v in values]
    known = set(COLUMN_NAMES) | set(EXPORT_ONLY)
    for name in names:
        if name is not None and name not in known:
            result.add(1, name, _("Unknown column; the template's columns are: %s.") % ", ".join(COLUMN_NAMES))
    for column in COLUMNS:
        if column.required and column.name not in names:
            result.add(1, column.name, _("The column is missing."))
    seen = set()
    for name in names:
        if name is not None and name in seen:
            result.add(1, name, _("The column appears twice."))
        seen.add(name)
    return names


def _collect(rows, result: ImportResult) -> list[tuple[int, dict]]:
    """The header (row 1) checked, then each non-empty row as {column: value} with its row number."""
    header = None
    parsed: list[tuple[int, dict]] = []
    for number, values in rows:
        if header is None:
            if not any(_text(v) for v in values):
                _refuse(_("The first row must hold the column names (download the template)."))
            header = _header(values, result)
            continue
        if not any(_text(v) for v in values):
            continue
        if result.rows >= MAX_ROWS:
            _refuse(_("At most %(n)d rows per file; split it into several files.") % {"n": MAX_ROWS})
        result.rows += 1
        parsed.append((number, {h: v for h, v in zip(header, values, strict=False) if h is not None}))
    if header is None:
        _refuse(_("The file holds no rows."))
    return parsed


def problem_import(*, actor, file, name: str) -> ImportResult:
    """Import problems from an XLSX or CSV file: every row valid and in the actor's reach, or nothing.

    Rows go through `services.problem_create` (the same checks, scoping and audit history as a form)
    inside one transaction, which is rolled back if any row fails."""
    from inventory.services import problem_create

    kind = sniff_spreadsheet(file, name)
    result = ImportResult()
    with contextlib.closing(read_rows(file, kind)) as rows:
        parsed = _collect(rows, result)
    if not result.ok:
        return result
    if not parsed:
        _refuse(_("The file holds a header but no problems."))

    parser = RowParser(actor=actor, rows=parsed)
    valid = []
    for number, row in parsed:
        fields = parser.parse(number, row, result)
        if fields is not None:
            valid.append((number, fields))
    if not result.ok:
        return result

    with transaction.atomic():
        for number, fields in valid:
            try:
                problem = problem_create(actor=actor, **fields)
            except ApplicationError as exc:
                for target, messages in (exc.extra or {"": [exc.message]}).items():
                    column = FIELD_TO_COLUMN.get(target, target)
                    for message in messages if isinstance(messages, list | tuple) else [messages]:
                        result.add(number, column, message)
            else:
                result.created.append(problem.pk)
        if not result.ok:
            transaction.set_rollback(True)
            result.created = []
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
    sheet.append(COLUMN_NAMES)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = 40 if column.name in ("description", "chronology") else 20
    sheet.freeze_panes = "A2"
    # Region codes and contest ids are text: as numbers, Excel would turn 13.10 into 13.1.
    for name in ("region_code", "contest_id", "occurred_at"):
        sheet.column_dimensions[get_column_letter(COLUMN_NAMES.index(name) + 1)].number_format = "@"

    codes = workbook.create_sheet("Codes")
    codes.append([_("list"), _("code"), _("label")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    spans: dict[str, list[int]] = {}
    for number, row in enumerate(code_lists(), start=2):
        codes.append(list(row))
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
    help_sheet.append([_("column"), _("required"), _("meaning")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.name, _("yes") if column.required else _("no"), str(column.help)])
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["C"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problem_template_csv() -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(COLUMN_NAMES)
    return buffer.getvalue()


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


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # a spreadsheet must not run what a user typed (CSV injection)
    return value


def export_csv_chunks(queryset):
    """The rows as CSV text in chunks of about 64 KB, for a StreamingHttpResponse: one pass."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer.writerow(EXPORT_COLUMNS)
    for problem in export_queryset(queryset):
        writer.writerow([_csv_value(v) for v in export_row(problem)])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_xlsx(queryset):
    """The rows as an XLSX workbook written in streaming mode to a temporary file; returns it open,
    at the start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Problems")
    bold = Font(bold=True)
    header = []
    for name in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for problem in export_queryset(queryset):
        sheet.append([_xlsx_value(sheet, v) for v in export_row(problem)])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output


def _xlsx_value(sheet, value):
    if not isinstance(value, str):
        return value
    value = ILLEGAL_XML_CHARS.sub("", value)
    if value.startswith("="):
        # Stored as text, never as a formula.
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
