"""The applicant's claimed numbers of a claim (dalil) from a spreadsheet, and the template for it.

Petitions come with tables of "correct" numbers per TPS or kecamatan; the legal division types them
into a sheet (one number per row) and uploads it here:

- `figures_template_xlsx` / `figures_template_csv`: the columns, prefilled with the claim's locations
  and the ballot's participants (the claimed value left empty), plus the valid codes;
- `figures_import`: reads an XLSX or CSV (sniffed and size-limited: core.spreadsheets), checks
  every row and stores all of them or none through `services.claim_set_figures`, with the errors
  per row and column (the header is row 1). Only the applicant's numbers are written; the KPU's
  official numbers already entered are kept.

A row whose claimed value is empty is skipped (the prefilled template lists more than is claimed).
"""

import contextlib
import io
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.choices import Metric
from cases.models import Claim, ClaimFigure
from core import spreadsheets
from core.errors import ApplicationError
from core.spreadsheets import Column, OneOf, cell_text, checked, code_text, refuse, whole_number, xlsx_append
from elections.models import Participant
from files.inspect import check_name
from regions import tree
from regions.models import Region

TEMPLATE_ROWS = 2_000  # at most this many prefilled rows in a template

COLUMNS = [
    Column(
        "location_code",
        True,
        gettext_lazy("Official region code of the location (TPS, village, kecamatan ...), e.g. 13.02.03.2002.001."),
    ),
    Column(
        "participant",
        False,
        gettext_lazy("Ballot number or name of the participant; for votes only, empty for the other metrics."),
    ),
    Column(
        "metric",
        False,
        # The codes from Metric itself, so a new metric (the ballots) is never missing from the help.
        format_lazy(
            gettext_lazy("What is counted: votes (the default when empty), {codes}."),
            codes=", ".join(code for code in Metric.values if code != Metric.VOTES),
        ),
        parse=OneOf(Metric),
        default=Metric.VOTES,
    ),
    Column(
        "claimed_value",
        True,
        gettext_lazy("The applicant's number: a whole number, no separators."),
        field="applicant_value",
        parse=checked(whole_number, gettext_lazy("%(value)s is not a whole number (0 or more).")),
    ),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
TABLE = spreadsheets.Table(COLUMNS)


@dataclass
class ImportResult(spreadsheets.ImportResult):
    stored: int = 0


# Checking -----------------------------------------------------------------------------------------


def claim_area(claim: Claim) -> list[str | None]:
    """Where the claim's numbers may lie: inside one of its locations, or (without locations) the
    contest's area; the whole country (`[None]`) for a national contest without locations."""
    return [r.code for r in claim.locations.all()] or [claim.case.contest.region_id]


class RowParser:
    """One row to a `claim_set_figures` row, or errors; lookups are loaded once per file."""

    def __init__(self, *, claim: Claim, rows: list[tuple[int, dict]]):
        codes = {code_text(row.get("location_code")) for _n, row in rows}
        self.regions = {r.code: r for r in Region.objects.filter(code__in=codes - {""})}
        self.area = claim_area(claim)
        participants = list(Participant.objects.filter(contest_id=claim.case.contest_id))
        self.by_number = {p.ballot_number: p for p in participants if p.party_id is None}
        self.by_name: dict[str, list[Participant]] = {}
        for p in participants:
            self.by_name.setdefault(p.name.strip().lower(), []).append(p)
        self.seen: dict[tuple, int] = {}

    def parse(self, number: int, row: dict, result: ImportResult) -> dict | None:
        before = len(result.errors)
        fields = self._location(number, row, result)
        # The metric first: whether a participant belongs in the row depends on it.
        fields["metric"] = TABLE.convert(number, row, result, ["metric"]).get("metric")
        fields.update(self._participant(number, fields["metric"], cell_text(row.get("participant")), result))
        fields.update(TABLE.convert(number, row, result, ["claimed_value"]))
        if len(result.errors) != before:
            return None
        return self._first_of_its_kind(number, fields, result)

    def _location(self, number: int, row: dict, result: ImportResult) -> dict:
        code = code_text(row.get("location_code"))
        if not code:
            result.add(number, "location_code", _("Required."))
        elif code not in self.regions:
            result.add(number, "location_code", _("Unknown region code %(code)s.") % {"code": code})
        elif not tree.covers(self.area, code):
            result.add(number, "location_code", _("%(code)s is not a location of this claim.") % {"code": code})
        else:
            return {"region": self.regions[code]}
        return {}

    def _participant(self, number: int, metric, text: str, result: ImportResult) -> dict:
        if metric == Metric.VOTES:
            if not text:
                result.add(number, "participant", _("Votes are counted for a participant."))
                return {}
            return {"participant": self._find_participant(number, text, result)}
        if metric is not None and text:
            result.add(number, "participant", _("Only votes belong to a participant; leave it empty."))
        return {}

    def _find_participant(self, number: int, text: str, result: ImportResult):
        if text.isdigit():
            found = self.by_number.get(int(text))
            if found is None:
                result.add(number, "participant", _("No participant has ballot number %(n)s.") % {"n": text})
            return found
        matches = self.by_name.get(text.lower(), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            result.add(number, "participant", _("%(name)s is ambiguous; use the ballot number.") % {"name": text})
        else:
            result.add(number, "participant", _("%(name)s is not on the ballot of this contest.") % {"name": text})
        return None

    def _first_of_its_kind(self, number: int, fields: dict, result: ImportResult) -> dict | None:
        participant = fields.get("participant")
        key = (fields["region"].code, participant.pk if participant else None, fields["metric"])
        if key in self.seen:
            result.add(
                number, "location_code", _("The same number is already given in row %(row)d.") % {"row": self.seen[key]}
            )
            return None
        self.seen[key] = number
        return fields


def _has_value(row: dict) -> bool:
    return bool(cell_text(row.get("claimed_value")))


def _report_refusal(result: ImportResult, valid: list[tuple[int, dict]], exc: ApplicationError) -> None:
    """The service's refusal: an error naming `rows[i]` goes on that row of the file, others on the file."""
    extra = exc.extra or {}
    if not extra:
        result.add(0, "", exc.message)
    for target, messages in extra.items():
        row_number = 0
        if target.startswith("rows[") and target.endswith("]"):
            with contextlib.suppress(ValueError, IndexError):
                row_number = valid[int(target[5:-1])][0]
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            result.add(row_number, "" if row_number else target, message)


def _store(*, actor, claim: Claim, valid: list[tuple[int, dict]], result: ImportResult) -> None:
    """The rows through `claim_set_figures`, each with the KPU's official number already entered."""
    from cases.services import claim_set_figures

    official = {
        (f.region_id, f.participant_id, f.metric): f.official_value
        for f in ClaimFigure.objects.filter(claim=claim).only("region_id", "participant_id", "metric", "official_value")
    }
    service_rows = []
    for _number, fields in valid:
        participant = fields.get("participant")
        key = (fields["region"].code, participant.pk if participant else None, fields["metric"])
        service_rows.append({**fields, "official_value": official.get(key)})
    try:
        claim_set_figures(actor=actor, claim=claim, rows=service_rows)
    except ApplicationError as exc:
        _report_refusal(result, valid, exc)
        return
    result.stored = len(service_rows)


def figures_import(*, actor, claim: Claim, file, name: str) -> ImportResult:
    """Import the applicant's numbers of `claim`: every row valid, or nothing stored.

    The KPU's official numbers already entered for the same location, participant and metric are
    passed through unchanged, so only the applicant's side changes."""
    result = ImportResult(columns=COLUMN_NAMES)
    parsed = TABLE.read(file, check_name(name), result)
    if not result.ok:
        return result
    parsed = [(n, row) for n, row in parsed if _has_value(row)]
    if not parsed:
        refuse(_("The file holds no claimed numbers."))

    claim = Claim.objects.select_related("case__contest").get(pk=claim.pk)
    parser = RowParser(claim=claim, rows=parsed)
    valid = []
    for number, row in parsed:
        fields = parser.parse(number, row, result)
        if fields is not None:
            valid.append((number, fields))
    if result.ok:
        _store(actor=actor, claim=claim, valid=valid, result=result)
    return result


# Templates ----------------------------------------------------------------------------------------


def template_rows(claim: Claim) -> list[list]:
    """The claim's locations times the top-level participants (votes), the claimed value empty."""
    locations = [r.code for r in claim.locations.order_by("code")]
    if not locations and claim.case.contest.region_id:
        locations = [claim.case.contest.region_id]
    participants = list(
        Participant.objects.filter(contest_id=claim.case.contest_id, party__isnull=True).order_by("ballot_number")
    )
    rows = [[code, p.ballot_number, Metric.VOTES.value, None] for code in locations for p in participants]
    return rows[:TEMPLATE_ROWS]


def code_lists(claim: Claim) -> list[tuple[str, str, str]]:
    rows = [("location_code", r.code, f"{r.kind_label} {r.name}") for r in claim.locations.order_by("code")]
    rows += [
        ("participant", str(p.ballot_number), p.name)
        for p in Participant.objects.filter(contest_id=claim.case.contest_id, party__isnull=True).order_by(
            "ballot_number"
        )
    ]
    rows += [("metric", value, str(label)) for value, label in Metric.choices]
    return rows


def figures_template_xlsx(claim: Claim) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Numbers"
    # Every row through xlsx_append: region and participant names are typed by people.
    xlsx_append(sheet, COLUMN_NAMES)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter in "ABCD":
        sheet.column_dimensions[letter].width = 24
    sheet.column_dimensions["A"].number_format = "@"  # codes are text: 13.10 must not become 13.1
    for row in template_rows(claim):
        xlsx_append(sheet, row)
        sheet.cell(row=sheet.max_row, column=1).number_format = "@"
    sheet.freeze_panes = "A2"

    codes = workbook.create_sheet("Codes")
    xlsx_append(codes, [_("list"), _("code"), _("label")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for row in code_lists(claim):
        xlsx_append(codes, row)
    codes.column_dimensions["B"].width = 24
    codes.column_dimensions["C"].width = 50

    help_sheet = workbook.create_sheet("Columns")
    xlsx_append(help_sheet, [_("column"), _("required"), _("meaning")])
    for column in COLUMNS:
        xlsx_append(help_sheet, [column.name, _("yes") if column.required else _("no"), column.help])
    help_sheet.column_dimensions["C"].width = 90

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figures_template_csv(claim: Claim) -> str:
    return spreadsheets.csv_text(COLUMN_NAMES, template_rows(claim))
