"""A damaged workbook (a valid ZIP whose sheet is truncated, missing or nonsense) is refused on the
upload field with one message, through the real import pages, and nothing is stored. openpyxl in
read-only mode parses the sheet while the rows are read, so the damage shows up late."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.choices import Role
from cases.models import ClaimFigure
from inventory.models import Problem
from inventory.spreadsheets import COLUMN_NAMES as PROBLEM_COLUMNS
from tests.cases.factories import CaseFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TPS = "13.02.03.2002.001"
SHEET = "xl/worksheets/sheet1.xml"
UNREADABLE = "The workbook could not be read"


def workbook_bytes(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, part: str, change) -> bytes:
    """The workbook with `part` replaced by change(bytes) (left out when that gives None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == part:
                body = change(body)
                if body is None:
                    continue
            target.writestr(info.filename, body)
    return out.getvalue()


def corrupt_member(data: bytes, part: str) -> bytes:
    """The compressed bytes of `part` flipped in the middle: the ZIP directory is intact, the member's
    CRC (or its deflate stream) is not."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    raw = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + info.compress_size // 3, start + 2 * info.compress_size // 3):
        raw[offset] ^= 0x55
    return bytes(raw)


DAMAGE = {
    "truncated sheet XML": lambda d: with_part(d, SHEET, lambda b: b[: len(b) // 2]),
    "sheet part missing": lambda d: with_part(d, SHEET, lambda b: None),
    "bad cell reference": lambda d: with_part(d, SHEET, lambda b: b.replace(b'r="A2"', b'r="??"')),
    "corrupt member": lambda d: corrupt_member(d, SHEET),
}


def problem_rows():
    values = {
        "region_code": TPS,
        "stage": "penghitungan",
        "category": "lainnya",
        "title": "Keberatan saksi",
        "description": "Saksi keberatan.",
        "source": "witness",
    }
    return [[values.get(name, "") for name in PROBLEM_COLUMNS] for _ in range(40)]


def refusal(response) -> str:
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file", [])
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_problem_workbook_is_refused_on_the_field(client, make_user, damage):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    content = DAMAGE[damage](workbook_bytes(PROBLEM_COLUMNS, problem_rows()))
    upload = SimpleUploadedFile("inventaris.xlsx", content, content_type="application/octet-stream")
    response = client.post(reverse("problem_import"), {"file": upload})
    assert UNREADABLE in refusal(response)
    assert not Problem.objects.exists()


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_figures_workbook_is_refused_on_the_field(client, make_user, damage):
    case = CaseFactory()
    claim = ClaimFactory(case=case, locations=[TPS])
    client.force_login(make_user(Role.LEGAL, "13.02"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch: English pages
    rows = [[TPS, case.applicant.ballot_number, "votes", n] for n in range(40)]
    content = DAMAGE[damage](workbook_bytes(["location_code", "participant", "metric", "claimed_value"], rows))
    upload = SimpleUploadedFile("numbers.xlsx", content, content_type="application/octet-stream")
    response = client.post(reverse("claim_figures_import", args=[claim.pk]), {"file": upload})
    assert UNREADABLE in refusal(response)
    assert not ClaimFigure.objects.filter(claim=claim).exists()
