"""Spreadsheets that people fill in by hand (Excel or CSV), read safely, and lists written back out.

Reading: `Table` declares the columns of an import (names, aliases, required or not, how a cell is
converted and with which message it is refused); `Table.read` sniffs the upload (.xlsx or .csv by
its bytes, size-limited, no macros, no archive bombs), checks the header (row 1) and returns each
non-empty row as `(row number as the spreadsheet shows it, {column: raw value})`. Errors gather in an
`ImportResult` by row and column; a file that cannot be read at all raises `ApplicationError` on the
field `file`. Formulas are never evaluated: a workbook gives the value Excel last computed (nothing
for a formula never calculated), a CSV gives the text as typed.

Writing: every exported value goes through `neutral`, which defuses what a spreadsheet would run
(CSV/formula injection): `csv_chunks` streams a CSV, `csv_text` writes a small one at once,
`xlsx_append` writes a row on any worksheet and `xlsx_tempfile` a whole workbook in streaming mode.
tests/core/test_export_injection.py produces every export with hostile text and finds any writer
that bypasses them.

The app-specific parts (which columns, lookups in the database, where rows go) stay in the apps."""

import contextlib
import csv
import io
import itertools
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from pathlib import PurePath
from typing import Any, NoReturn, Protocol

import magic
from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.errors import ApplicationError

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
MAX_ROWS = 10_000
MAX_ERRORS = 1_000
CHUNK_BYTES = 64 * 1024
# An XLSX is a ZIP of XML: refuse ones that unpack to far more than any honest list.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XML_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DATETIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def max_import_bytes() -> int:
    # The setting is named after the first import (the inventory); it bounds every spreadsheet upload.
    return getattr(settings, "INVENTORY_IMPORT_MAX_MB", 10) * 1024 * 1024


def refuse(message) -> NoReturn:
    """The whole file is refused: the message goes on the upload field."""
    raise ApplicationError(message, {"file": [message]})


# Errors -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    row: int  # as the spreadsheet shows it (the header is row 1); 0 for the file as a whole
    column: str
    message: str
    letter: str = ""  # the template's column letter, "" for a column not in the template


@dataclass
class ImportResult:
    columns: Sequence[str] = field(default=(), repr=False)  # the template's, for the letters
    rows: int = 0
    errors: list[CellError] = field(default_factory=list)
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, column: str, message) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        letter = ""
        if column in self.columns:
            from openpyxl.utils import get_column_letter

            letter = get_column_letter(list(self.columns).index(column) + 1)
        self.errors.append(CellError(row, column, str(message), letter))


class Errors(Protocol):
    """Where row errors go: an `ImportResult`, or anything else with the same `add`."""

    def add(self, row: int, column: str, message) -> None: ...


# Cells --------------------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as the text a person typed: stripped, 12.0 as 12, our exports' formula guard taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Our exports defuse formulas with a leading apostrophe; take it back off.
    if text.startswith("'") and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def code_text(value) -> str:
    """A dotted official code (13.02.03) from a cell. Codes typed into a cell formatted as a number
    lose their text: 13 stays 13, 13.02 reads back as the float 13.02 (the parts after the first
    always have two digits)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:02d}"
    if isinstance(value, float):
        return f"{value:05.2f}" if not value.is_integer() else f"{int(value):02d}"
    return cell_text(value)


def whole_number(value) -> int:
    """0 or more, from a number cell or digits (spaces allowed); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        number = int(value)
    else:
        text = cell_text(value).replace(" ", "")
        if not text.isdigit():
            raise ValueError(text)
        number = int(text)
    if number < 0:
        raise ValueError(number)
    return number


def _strptime(text: str, formats, *, date_only: bool):
    for fmt in formats:
        try:
            parsed = datetime.strptime(text, fmt)  # noqa: DTZ007 - local office time, made aware below
        except ValueError:
            continue
        return datetime.combine(parsed.date(), time()) if date_only else parsed
    return None


def moment(value) -> datetime:
    """An aware datetime in office time from a date/datetime cell or text (YYYY-MM-DD HH:MM, a date
    alone is midnight); ValueError otherwise."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time()))
    text = cell_text(value)
    parsed = _strptime(text, DATETIME_FORMATS, date_only=False) or _strptime(text, DATE_FORMATS, date_only=True)
    if parsed is None:
        raise ValueError(text)
    return timezone.make_aware(parsed)


def choice_spellings(choices) -> dict[str, str]:
    """Every spelling a person might use for a choice: its code, its English and Indonesian labels."""
    keys: dict[str, str] = {}
    for value, label in choices.choices:
        keys[value.lower()] = value
        for language in ("en", "id"):
            with translation.override(language):
                keys[str(label).strip().lower()] = value
    return keys


class Invalid(ValueError):
    """A cell refused, with the message shown for it (row and column are added by the table)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def checked(function: Callable[[Any], Any], message) -> Callable[[Any], Any]:
    """`function` (raising ValueError) as a converter refusing with `message`, in which %(value)s is
    the cell as written."""

    def convert(value):
        try:
            return function(value)
        except Invalid:
            raise
        except ValueError:
            raise Invalid(str(message) % {"value": cell_text(value)}) from None

    return convert


class OneOf:
    """A converter to one of a Django `choices` class, by code or label (any case, either language)."""

    def __init__(self, choices):
        self.choices = choices

    @cached_property
    def spellings(self) -> dict[str, str]:
        return choice_spellings(self.choices)

    def __call__(self, value) -> str:
        text = cell_text(value)
        found = self.spellings.get(text.lower())
        if found is None:
            raise Invalid(
                _("Unknown value %(value)s; use one of: %(codes)s.")
                % {"value": text, "codes": ", ".join(self.choices.values)}
            )
        return found


# Columns and tables -------------------------------------------------------------------------------

NOTHING = object()  # a column without a default: an empty cell gives no value at all


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False  # the column must be there and the cell hold something
    help: str = ""
    field: str = ""  # the name of the value it gives (the column's own name when empty)
    _: KW_ONLY
    aliases: tuple[str, ...] = ()  # other header spellings accepted
    parse: Callable[[Any], Any] | None = None  # raw cell -> value, or Invalid
    default: Any = NOTHING  # the value of an empty cell

    @property
    def target(self) -> str:
        return self.field or self.name


def header_key(value) -> str:
    """How a header cell is matched: case and spaces do not matter ("Region code" is region_code)."""
    return cell_text(value).lower().replace(" ", "_")


class Table:
    """The columns of an import. `ignored`: names accepted in the header but not read (the extra
    columns of an export, so that an exported file imports again)."""

    def __init__(self, columns: Iterable[Column], *, ignored: Iterable[str] = ()):
        self.columns = tuple(columns)
        self.names = tuple(c.name for c in self.columns)
        self.by_name = {c.name: c for c in self.columns}
        self.known = set(self.names) | set(ignored)
        self.spellings = {header_key(alias): c.name for c in self.columns for alias in c.aliases}

    def header(self, values, result: Errors) -> list[str | None]:
        """The column name of each header cell (None for an empty one); unknown, missing and doubled
        columns are errors on row 1."""
        names = [self.spellings.get(key, key) if (key := header_key(v)) else None for v in values]
        for name in names:
            if name is not None and name not in self.known:
                result.add(1, name, _("Unknown column; the template's columns are: %s.") % ", ".join(self.names))
        for column in self.columns:
            if column.required and column.name not in names:
                result.add(1, column.name, _("The column is missing."))
        seen = set()
        for name in names:
            if name is not None and name in seen:
                result.add(1, name, _("The column appears twice."))
            seen.add(name)
        return names

    def records(self, rows, result: ImportResult, *, max_rows: int = MAX_ROWS) -> list[tuple[int, dict]]:
        """The header (the first row) checked, then each non-empty row as {column: value} with its number;
        `result.rows` counts them."""
        header = None
        records: list[tuple[int, dict]] = []
        for number, values in rows:
            blank = not any(cell_text(v) for v in values)
            if header is None:
                if blank:
                    refuse(_("The first row must hold the column names (download the template)."))
                header = self.header(values, result)
                continue
            if blank:
                continue
            if result.rows >= max_rows:
                refuse(_("At most %(n)d rows per file; split it into several files.") % {"n": max_rows})
            result.rows += 1
            records.append((number, {h: v for h, v in zip(header, values, strict=False) if h is not None}))
        if header is None:
            refuse(_("The file holds no rows."))
        return records

    def read(self, file, name: str, result: ImportResult, *, max_rows: int = MAX_ROWS) -> list[tuple[int, dict]]:
        """The records of an uploaded .xlsx or .csv. `name` is the upload's name as the caller's upload
        rules accepted it (inventory.uploads.check_name); only its suffix and the messages use it."""
        kind = sniff_spreadsheet(file, name)
        with contextlib.closing(read_rows(file, kind)) as rows:
            return self.records(rows, result, max_rows=max_rows)

    def check_required(self, number: int, row: dict, result: Errors) -> None:
        for column in self.columns:
            if column.required and not cell_text(row.get(column.name)):
                result.add(number, column.name, _("Required."))

    def convert(self, number: int, row: dict, result: Errors, names: Iterable[str]) -> dict:
        """The values of the named columns, in that order, by their targets. An empty cell gives the
        column's default (or nothing: a required one is reported by `check_required`); a refused cell
        gives nothing and an error at its row and column."""
        values = {}
        for name in names:
            column = self.by_name[name]
            raw = row.get(name)
            if not cell_text(raw):
                if column.default is not NOTHING:
                    values[column.target] = column.default
                continue
            try:
                values[column.target] = column.parse(raw) if column.parse else cell_text(raw)
            except Invalid as exc:
                result.add(number, name, exc.message)
        return values


# Reading files ------------------------------------------------------------------------------------


def sniff_spreadsheet(fileobj, name: str) -> str:
    """'xlsx' or 'csv', from what the bytes really are (not the name or the browser's header)."""
    size = fileobj.size
    limit = max_import_bytes()
    if getattr(fileobj, "too_large", False) or size > limit:
        refuse(_("The file is larger than %(mb)d MB; split it into several files.") % {"mb": limit // (1024 * 1024)})
    if not size:
        refuse(_("The file %(name)s is empty.") % {"name": name})
    fileobj.seek(0)
    head = fileobj.read(64 * 1024)
    fileobj.seek(0)
    mime = magic.from_buffer(head, mime=True)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        if mime not in (XLSX_MIME, "application/zip", "application/octet-stream"):
            refuse(_("%(name)s is not an Excel workbook (.xlsx).") % {"name": name})
        _check_ooxml(fileobj, name)
        return "xlsx"
    if suffix in (".csv", ".txt"):
        _check_text(head, mime, name)
        return "csv"
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
        refuse(_("Save %(name)s as an Excel workbook (.xlsx) or CSV (UTF-8) and upload that.") % {"name": name})
    refuse(_("Upload an Excel workbook (.xlsx) or a CSV file."))


def _check_text(head: bytes, mime: str, name: str) -> None:
    text_like = mime.startswith("text/") or mime in ("application/csv", "application/octet-stream")
    if not text_like or mime in ("text/html", "text/xml"):
        refuse(_("%(name)s is not a text CSV file (it looks like %(mime)s).") % {"name": name, "mime": mime})
    if b"\x00" in head:
        refuse(_("%(name)s is not a text CSV file.") % {"name": name})


def _check_ooxml(fileobj, name: str) -> None:
    """A real workbook: a ZIP holding the OOXML parts, no macros, no archive bomb."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        refuse(_("%(name)s could not be read as an Excel workbook; it may be damaged.") % {"name": name})
    finally:
        fileobj.seek(0)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        refuse(_("%(name)s is not an Excel workbook (.xlsx).") % {"name": name})
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        refuse(_("%(name)s contains macros; save it as a plain .xlsx workbook.") % {"name": name})
    unpacked = sum(i.file_size for i in infos)
    bomb = any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos)
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        refuse(_("%(name)s unpacks to far more than its size; it is refused.") % {"name": name})


def _unreadable() -> NoReturn:
    refuse(_("The workbook could not be read; it may be damaged. Save it again as .xlsx."))


def _sheet_rows(workbook):
    # A generator, so that even finding the first sheet happens inside the caller's guard.
    yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)


def _xlsx_rows(fileobj):
    from openpyxl import load_workbook

    fileobj.seek(0)
    # A damaged file makes openpyxl (and zipfile, zlib, the XML parser under it) raise nearly any
    # error: BadZipFile, KeyError, IndexError, ParseError, ValueError ... each means the same to the
    # person uploading it. Read-only mode parses the sheet while the rows are read, so reading the
    # rows is guarded as well as opening the file.
    try:
        # data_only: a formula cell gives the value Excel stored with it, never the formula.
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        _unreadable()
    try:
        rows = _sheet_rows(workbook)
        while True:
            try:
                number, values = next(rows)
            except StopIteration:
                return
            except Exception:
                _unreadable()
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
        refuse(_("The CSV file is not UTF-8 text. In Excel choose 'CSV UTF-8' when saving."))
    except csv.Error as exc:
        refuse(_("The CSV file could not be read: %(error)s") % {"error": exc})
    finally:
        with contextlib.suppress(ValueError):  # already closed along with the upload
            text.detach()


def read_rows(fileobj, kind: str):
    """(row number, [cell values]) of the first sheet, every row counted, empty ones too."""
    return _xlsx_rows(fileobj) if kind == "xlsx" else _csv_rows(fileobj)


# Writing ------------------------------------------------------------------------------------------


def neutral(value):
    """The one guard every exported cell goes through, CSV and XLSX alike: text loses the control
    characters XML forbids, and text a spreadsheet would run as a formula (starting with = + - @, a tab
    or CR) gets a leading apostrophe. `cell_text` takes the apostrophe back off, so an export imports
    again as typed. Numbers, dates and empty cells pass unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    value = ILLEGAL_XML_CHARS.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_cell(value):
    """A value for a CSV cell: empty, true/false, a datetime to the minute, or `neutral`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return neutral(value)


def xlsx_append(sheet, values: Iterable) -> None:
    """One row on a worksheet (write-only or not), every value through `neutral`: openpyxl would store
    text starting with '=' as a formula."""
    sheet.append([neutral(v) for v in values])


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence]):
    """The rows as CSV text in chunks of about 64 KB, for a StreamingHttpResponse: one pass."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        if buffer.tell() > CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence] = ()) -> str:
    """A small CSV at once (a template), with the byte-order mark Excel needs to read UTF-8."""
    return "".join(csv_chunks(header, rows))


def xlsx_tempfile(title: str, header: Sequence[str], rows: Iterable[Sequence]):
    """The rows as an XLSX workbook (a bold header) written in streaming mode to a temporary file;
    returns it open, at the start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=neutral(name))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        xlsx_append(sheet, row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output
