"""Sirekap's public per-TPS JSON (2024), as KPU published it for every TPS:

    {"chart": {"100025": 52, "100026": 110, "100027": 31, "null": null},
     "images": ["https://.../3173011006272-....jpg", ...],
     "administrasi": {"suara_sah": 193, "suara_tidak_sah": 4, "suara_total": 197, "pemilih_dpt_j": 241,
                      "pengguna_dpt_j": 190, "pengguna_dptb_j": 5, "pengguna_non_dpt_j": 2,
                      "pengguna_total_j": 197, ... the same split by sex (_l, _p)},
     "psu": null, "ts": "2024-02-15 10:21:05", "status_suara": true, "status_adm": true}

A file is either one TPS (named after its code, `3173011006272.json`, as Sirekap serves it) or an object
of many, keyed by the codes. Codes come without dots: 3173011006272 is TPS 31.73.01.1006.272.
`chart` keys are Sirekap's participant ids, mapped to ours by `ParticipantCode`; a null value (and
the "null" key) is a figure not yet entered: unknown, never zero. `ts` is the time in Jakarta (WIB).
`status_suara`, `status_adm` (true, false or null) and `images` (the C.Hasil page images, null for a
page without one) are kept with the TPS's version and shown beside its findings.
"""

import hashlib
import json
import re
from datetime import datetime
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from core.spreadsheets import ImportResult, max_import_bytes, refuse
from elections.models import Contest
from files.inspect import check_name
from results.choices import Source
from results.models import ParticipantCode
from results.store import Row, Stored, check_rows, store_rows

# Sirekap's administrative keys (the totals, `_j`) and the figures they are.
ADMINISTRATION = {
    "pemilih_dpt_j": "dpt",
    "pengguna_dpt_j": "voters_dpt",
    "pengguna_dptb_j": "voters_dptb",
    "pengguna_non_dpt_j": "voters_dpk",
    "pengguna_total_j": "voters",
    "suara_sah": "valid",
    "suara_tidak_sah": "invalid",
    "suara_total": "counted",
}
TPS_CODE = re.compile(r"[0-9]{13}")
WEB_ADDRESS = re.compile(r"https?://[^\s\x00-\x1f\x7f]{1,1000}")
WIB = ZoneInfo("Asia/Jakarta")
FILE_FACTOR = 20  # a JSON file may be this many times the spreadsheet limit (a kabupaten's TPS in one file)


def dotted(code: str) -> str:
    """3173011006272 -> 31.73.01.1006.272."""
    return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:10]}.{code[10:]}"


def is_tps_payload(value) -> bool:
    return isinstance(value, dict) and ("chart" in value or "administrasi" in value)


def entries(data, name: str) -> list[tuple[str, dict]]:
    """(13-digit code, payload) of each TPS in the file."""
    if is_tps_payload(data):
        stem = PurePath(name).stem
        if not TPS_CODE.fullmatch(stem):
            refuse(_("Name a single TPS file after its code, as Sirekap does: 3173011006272.json."))
        return [(stem, data)]
    if not isinstance(data, dict) or not data:
        refuse(_("This is not a Sirekap TPS file: expected an object keyed by TPS codes."))
    return list(data.items())


def _count(value, line: int, where: str, result: ImportResult) -> int | None:
    """A count as Sirekap gives it: a whole number of 0 or more, or null for unknown."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        result.add(line, where, _("%(value)s is not a whole number (0 or more).") % {"value": json.dumps(value)})
        return None
    return value


def _moment(value, line: int, where: str, result: ImportResult) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB)
    except ValueError:
        result.add(line, where, _("%(value)s is not a time like 2024-02-15 10:21:05.") % {"value": value})
        return None


def _flag(value, line: int, where: str, result: ImportResult) -> bool | None:
    """A status as Sirekap gives it: true, false or null (unknown)."""
    if value is None or isinstance(value, bool):
        return value
    result.add(line, where, _("%(value)s is not true, false or null.") % {"value": json.dumps(value)})
    return None


def _images(value, line: int, where: str, result: ImportResult) -> tuple[str | None, ...] | None:
    """The C.Hasil page images: web addresses in page order, null for a page without one."""
    if value is None:
        return None
    if not isinstance(value, list):
        result.add(line, where, _("images must be a list of web addresses."))
        return None
    for number, address in enumerate(value):
        if address is not None and not (isinstance(address, str) and WEB_ADDRESS.fullmatch(address)):
            message = _("%(value)s is not a web address (https://...).") % {"value": json.dumps(address)[:80]}
            result.add(line, f"{where}.{number}", message)
    return tuple(value)


class Parser:
    """Payloads to store rows, with the errors at the TPS (its position in the file) and the key."""

    def __init__(self, contest: Contest):
        self.codes = dict(
            ParticipantCode.objects.filter(contest=contest, source=Source.SIREKAP).values_list("code", "participant_id")
        )

    def row(self, line: int, code: str, payload, result: ImportResult) -> Row | None:
        before = len(result.errors)
        if not TPS_CODE.fullmatch(str(code)):
            result.add(line, str(code), _("Not a TPS code of 13 digits."))
            return None
        if not is_tps_payload(payload):
            result.add(line, code, _("Not a Sirekap TPS record (no chart and no administrasi)."))
            return None
        votes = self._votes(line, code, payload.get("chart"), result)
        figures = self._figures(line, code, payload.get("administrasi"), result)
        recorded_at = _moment(payload.get("ts"), line, f"{code} ts", result)
        status = {key: _flag(payload.get(key), line, f"{code} {key}", result) for key in ("status_suara", "status_adm")}
        images = _images(payload.get("images"), line, f"{code} images", result)
        if len(result.errors) != before:
            return None
        return Row(
            line=line,
            region=dotted(code),
            figures=figures,
            votes=votes,
            recorded_at=recorded_at,
            images=images,
            **status,
        )

    def _votes(self, line: int, code: str, chart, result: ImportResult) -> dict[int, int]:
        if chart is None:
            return {}
        if not isinstance(chart, dict):
            result.add(line, f"{code} chart", _("chart must be an object of participant ids and votes."))
            return {}
        votes = {}
        for key, value in chart.items():
            if key == "null" or value is None:
                continue  # not entered yet: unknown
            where = f"{code} chart.{key}"
            if key not in self.codes:
                result.add(line, where, _("Sirekap participant %(id)s is not linked to a participant.") % {"id": key})
                continue
            count = _count(value, line, where, result)
            if count is not None:
                votes[self.codes[key]] = count
        return votes

    def _figures(self, line: int, code: str, administration, result: ImportResult) -> dict[str, int | None]:
        if administration is None:
            return {}
        if not isinstance(administration, dict):
            result.add(line, f"{code} administrasi", _("administrasi must be an object."))
            return {}
        return {
            figure: _count(administration.get(key), line, f"{code} administrasi.{key}", result)
            for key, figure in ADMINISTRATION.items()
        }


def sirekap_import(*, actor, contest: Contest, file, name: str) -> tuple[ImportResult, Stored | None]:
    """Import one Sirekap JSON file for `contest`: every TPS valid and in reach, or nothing stored."""
    result = ImportResult()
    name = check_name(name)
    limit = max_import_bytes() * FILE_FACTOR
    data = file.read(limit + 1)
    if len(data) > limit:
        refuse(_("The file is larger than %(mb)d MB; split it.") % {"mb": limit // (1024 * 1024)})
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        refuse(_("The file is not JSON."))
    items = entries(parsed, name)
    parser = Parser(contest)
    rows = []
    for line, (code, payload) in enumerate(items, start=1):
        row = parser.row(line, code, payload, result)
        if row is not None:
            rows.append(row)
    result.rows = len(items)
    check_rows(actor=actor, contest=contest, rows=rows, result=result, column="tps")
    if not result.ok:
        return result, None
    stored = store_rows(
        actor=actor,
        contest=contest,
        source=Source.SIREKAP,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=rows,
        result=result,
        column="tps",
    )
    return result, stored
