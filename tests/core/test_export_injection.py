"""Every spreadsheet the product hands out, produced with hostile text in every field a person can type,
opened as a spreadsheet program would open it: no cell may be a formula, nor start with what Excel,
LibreOffice or Google Sheets would run (= + - @, a tab or CR).

The list of exports is checked against the code, so a new export cannot be left out of it:

- every URL (pages and API) whose name says export, template, download, csv or xlsx, or whose view
  names a spreadsheet content type, is in EXPORTS or in NOT_SPREADSHEETS (with the reason);
- every module that writes a spreadsheet (openpyxl, csv.writer, or core.spreadsheets' writers) is in
  WRITERS, which EXPORTS exercise, or in NOT_EXPORTS (with the reason).

Hostile text goes into every text field (no choices, not a key) of every row an export reads, by
walking the model's fields: a field added to a model and to an export is covered without a change here.
"""

import csv
import inspect
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from accounts.choices import Role
from inventory.models import Category
from regions.models import Region
from tests.cases.factories import CaseFactory, ClaimFactory, ParticipantFactory
from tests.factories import UserFactory
from tests.inventory.factories import ProblemFactory
from tests.teams.factories import ActivityFactory, AssignmentFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db

PAYLOADS = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(1)", "\t=1", "\r=1")
RUNS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet program takes for the start of a formula
TPS = "13.02.03.2002.001"


@dataclass(frozen=True)
class Export:
    route: str  # URL name, or "manage.py <command>" for a file a command writes
    kind: str  # csv or xlsx
    shows_user_text: bool = True  # an empty template shows none


EXPORTS = [
    Export("problem_export", "csv"),
    Export("problem_export", "xlsx"),
    Export("problem_import_template", "csv", shows_user_text=False),  # the header alone
    Export("problem_import_template", "xlsx"),  # category names on the Codes sheet
    Export("claim_figures_template", "csv", shows_user_text=False),  # codes and ballot numbers
    Export("claim_figures_template", "xlsx"),  # region and participant names on the Codes sheet
    Export("case_figures_export", "xlsx"),  # the applicant's name in its caption
    Export("team_export", "xlsx"),
    Export("activity_export", "xlsx"),
    Export("manage.py import_users", "csv"),  # the links file: the usernames it was given
    Export("results_template", "csv", shows_user_text=False),  # the header and the codes of the reach
    Export("results_template", "xlsx"),  # with participant names in the column help
]

NOT_SPREADSHEETS = {
    "evidence_download": "an evidence file, as stored",
    "team_sk_download": "the SK scan, as stored",
    "activity_file_download": "an activity file, as stored",
    "dossier_download": "a dossier PDF",
    "dossier-download": "a dossier PDF",
}

WRITERS = {
    "core/spreadsheets.py": "the writers every export uses",
    "inventory/spreadsheets.py": "problem_export, problem_import_template",
    "cases/figures_io.py": "claim_figures_template",
    "cases/figures_export.py": "case_figures_export",
    "teams/exports.py": "team_export, activity_export",
    "accounts/management/commands/import_users.py": "manage.py import_users",
    "results/dhasil.py": "results_template",
}
NOT_EXPORTS = {
    "regions/services.py": "a COPY feed into PostgreSQL, never handed to a person",
    "bench/run.py": "benchmark results of the developers' own runs",
    "bench/results_import.py": "generated rows for a COPY in the benchmark",
    "results/store.py": "a COPY feed of imported figures into PostgreSQL, never handed to a person",
    "results/bulk.py": "the bulk load of the store (COPY or executemany), never handed to a person",
}

ROUTE_NAME = re.compile(r"export|template|download|csv|xlsx|spreadsheet", re.IGNORECASE)
SPREADSHEET_VIEW = re.compile(r"XLSX_MIME|text/csv|spreadsheetml")
WRITING = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bWorkbook\b|\bWriteOnlyCell\b|\bxlsx_\w+\(|\bcsv_(chunks|text)\(")


# --- what the code offers -------------------------------------------------------------------------


def routes(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:" if namespace else "") + pattern.name, pattern.callback


def view_source(callback) -> str:
    """The code behind a URL: a view function, a class-based view, or the viewset methods of a route."""
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: the methods it maps to
        methods = [getattr(callback.cls, name, None) for name in actions.values()]
        return "".join(inspect.getsource(m) for m in methods if m is not None)
    target = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or inspect.unwrap(callback)
    try:
        return inspect.getsource(target)
    except (OSError, TypeError):
        return ""


def spreadsheet_routes() -> set[str]:
    return {
        name
        for name, callback in routes()
        if not name.startswith("admin:") and (ROUTE_NAME.search(name) or SPREADSHEET_VIEW.search(view_source(callback)))
    }


def writing_modules() -> set[str]:
    base = Path(settings.BASE_DIR)
    found = set()
    for path in base.rglob("*.py"):
        relative = path.relative_to(base).as_posix()
        if relative.startswith((".", "tests/")) or "/migrations/" in relative or "/." in relative:
            continue
        if WRITING.search(path.read_text(encoding="utf-8")):
            found.add(relative)
    return found


# --- hostile data ---------------------------------------------------------------------------------

_counter = itertools.count()


def plant(instance, *, keep=()):
    """Every text field a person can fill (no choices, not a key, not in `keep`) set to a payload; a
    unique field gets a number after it (the payload still starts it)."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.primary_key or field.choices or field.name in ("password", *keep):
            continue
        n = next(_counter)
        value = PAYLOADS[n % len(PAYLOADS)]
        setattr(instance, field.name, f"{value} {n}" if field.unique else value)
    instance.save()
    return instance


def hostile_world():
    for code in ("13.02", "13.02.03", "13.02.03.2002", TPS):
        plant(Region.objects.get(code=code))
    category = plant(Category.objects.create(slug="x", name="x", position=1))
    reporter, assignee = plant(UserFactory()), plant(UserFactory())
    case = CaseFactory()
    plant(case.contest.election)
    participants = [plant(ParticipantFactory(contest=case.contest)) for _ in range(2)]
    plant(case.applicant)
    problem = ProblemFactory(
        region_id=TPS, category=category, contest=case.contest, reported_by=reporter, assignee=assignee
    )
    plant(problem)
    claim = ClaimFactory(case=case, locations=[TPS, "13.02.03"])
    plant(claim)

    team = plant(TeamFactory(office_id="13.02"), keep=("sk_sha256", "sk_mime_type", "sk_original_name"))
    named = plant(MemberFactory(team=team, user=plant(UserFactory())))
    unnamed = MemberFactory(team=team, name="", email="", user=plant(UserFactory()))
    AssignmentFactory(member=named)
    activity = plant(ActivityFactory(office_id="13.02", bodies=["13.02.03"]))
    activity.attendees.set([named, unnamed])
    return {"claim": claim, "team": team, "participants": participants}


# --- producing and reading the exports ------------------------------------------------------------


def url_of(export: Export, world) -> tuple[str, dict]:
    args = {
        "claim_figures_template": [world["claim"].pk],
        "case_figures_export": [world["claim"].case.pk],
        "team_export": [world["team"].pk],
        "activity_export": ["13.02"],
    }.get(export.route, [])
    query = {"format": export.kind}
    if export.route == "results_template":  # a contest's D.Hasil sheet, per kecamatan
        query |= {"contest": world["claim"].case.contest.pk, "level": "district"}
    return reverse(export.route, args=args), query


def links_file(tmp_path) -> bytes:
    """manage.py import_users writes the usernames it was given; the validator lets + - @ start one."""
    users = tmp_path / "users.csv"
    rows = [f"{name},Nama,,,viewer,," for name in ("+1", "-1", "@SUM")]
    users.write_text("username,full_name,email,phone,role,region_code,valid_until\n" + "\n".join(rows) + "\n")
    links = tmp_path / "links.csv"
    call_command("import_users", str(users), links_out=str(links), stdout=io.StringIO())
    return links.read_bytes()


def produce(export: Export, client, world, tmp_path) -> bytes:
    if export.route == "manage.py import_users":
        return links_file(tmp_path)
    url, params = url_of(export, world)
    response = client.get(url, params)
    assert response.status_code == 200, (export, response.status_code)
    expected = "text/csv" if export.kind == "csv" else "spreadsheetml"
    assert expected in response["Content-Type"], (export, response["Content-Type"])
    return b"".join(response.streaming_content) if response.streaming else response.content


def cells(kind: str, content: bytes):
    """(where, value, is_formula) of every cell, as a spreadsheet program reads the file."""
    if kind == "csv":
        for r, row in enumerate(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")), start=1):
            for c, value in enumerate(row, start=1):
                yield f"row {r} col {c}", value, False
        return
    workbook = load_workbook(io.BytesIO(content))  # not read-only: data_type "f" marks a formula
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type == "f"


def defused(value) -> bool:
    return isinstance(value, str) and value.startswith("'") and value[1:].startswith(PAYLOADS)


# --- the test -------------------------------------------------------------------------------------


def test_every_export_defuses_hostile_text_and_none_is_left_out(client, make_user, tmp_path):
    offered = {e.route for e in EXPORTS}
    unlisted = spreadsheet_routes() - offered - set(NOT_SPREADSHEETS)
    assert not unlisted, f"routes that may hand out a spreadsheet, missing from EXPORTS: {sorted(unlisted)}"
    unknown = writing_modules() - set(WRITERS) - set(NOT_EXPORTS)
    assert not unknown, f"modules that write spreadsheets, missing from WRITERS: {sorted(unknown)}"

    world = hostile_world()
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    problems = []
    for export in EXPORTS:
        found = list(cells(export.kind, produce(export, client, world, tmp_path)))
        name = f"{export.route} ({export.kind})"
        problems += [
            f"{name} {where}: {value!r}"
            for where, value, formula in found
            if formula or (isinstance(value, str) and value.startswith(RUNS))
        ]
        if export.shows_user_text and not any(defused(value) for _where, value, _f in found):
            problems.append(f"{name}: none of the planted text is in it; is the test still reaching the data?")
    assert not problems, "\n".join(problems)
