"""One Indonesian format for a day (`12 Des 2024`) and one for a moment (`12 Des 2024 23.59 WIB`), on every
page (core/dates.py). The pages of tests/scoping/world.py (problems, evidence, cases with deadlines and
hearings, teams, activities, notifications, dossiers) are crawled in Indonesian, from an English browser, and
every date in their visible text must have the one shape: no English month, no `12/12/2024`, no `2024-12-12`,
no time with a colon, no time without its zone."""

import re
from datetime import date, datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.test import Client
from django.utils import translation

from core.dates import format_day, format_moment
from tests.scoping.test_linked import crawled_routes, urls_of, world

__all__ = ["world"]

MONTHS_ID = "Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des"
ONE_DAY = re.compile(rf"^\d{{1,2}} (?:{MONTHS_ID}) \d{{4}}$")
ONE_MOMENT_TAIL = re.compile(r"^ \d{2}\.\d{2} (?:WIB|WITA|WIT)\b")
MONTH_WORDS = (
    "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember|Agu|Okt|Des|"
    "January|February|March|May|June|July|August|October|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
# Anything that looks like a date: a day, a month by name, a year; day-month-year in numbers (not a region code
# such as 13.02.04.2001); ISO; month first.
DATE_LIKE = re.compile(
    rf"\b\d{{1,2}}[ ./-](?:{MONTH_WORDS})\.?[ ./-]\d{{4}}\b"
    r"|(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d{4}(?![\d.]\d)"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b(?:{MONTH_WORDS})\.? \d{{1,2}}, \d{{4}}\b"
)
ENGLISH_MONTHS = re.compile(
    r"\b(?:January|February|March|June|July|August|October|December|Aug|Oct|Dec)\b|\bMay \d", re.IGNORECASE
)
CLOCK_WITH_COLON = re.compile(r"\b\d{1,2}:\d{2}\b")


class _VisibleText(HTMLParser):
    """The text a person reads: no tags, attributes (`<time datetime>` holds ISO on purpose), scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style", "template") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def date_problems(text: str) -> list[str]:
    """Every date in `text` that is not in the one shape, with a little context."""
    found = [f"English month: {m.group(0)!r}" for m in ENGLISH_MONTHS.finditer(text)]
    for match in DATE_LIKE.finditer(text):
        if not ONE_DAY.match(match.group(0)):
            found.append(f"other date format: {text[max(match.start() - 20, 0) : match.end() + 20]!r}")
            continue
        after = text[match.end() : match.end() + 20]
        if re.match(r"^,? \d{1,2}[.:]\d{2}(?![.\d])", after) and not ONE_MOMENT_TAIL.match(after):
            found.append(f"other time format: {text[match.start() : match.end() + 20]!r}")
    found += [
        f"time with a colon: {text[max(m.start() - 25, 0) : m.end() + 5]!r}" for m in CLOCK_WITH_COLON.finditer(text)
    ]
    return found


def test_the_two_formats():
    moment = datetime(2024, 12, 12, 16, 59, tzinfo=ZoneInfo("UTC"))
    with translation.override("id"):
        assert format_day(date(2024, 12, 12)) == "12 Des 2024"
        assert format_day(moment) == "12 Des 2024"
        assert format_moment(moment) == "12 Des 2024 23.59 WIB"
        assert format_moment(moment, ZoneInfo("Asia/Jayapura")) == "13 Des 2024 01.59 WIT"
        assert format_moment(None) == ""
    with translation.override("en"):
        assert format_moment(moment) == "12 Dec 2024 23:59 WIB"
        assert format_moment(moment, ZoneInfo("Asia/Makassar")) == "13 Dec 2024 00:59 WITA"
    assert not date_problems("Dicetak 12 Des 2024 23.59 WIB, tenggat 3 Agu 2025 · 3 × 24 jam")
    for wrong in (
        "12 Dec 2024 23:59 WIB",
        "12-12-2024",
        "2024-12-12",
        "Dec 12, 2024",
        "12 Des 2024 23.59",
        "9 Mei 2024, 14.00",
    ):
        assert date_problems(wrong), wrong


def test_the_filters_and_the_zone_a_page_sets():
    template = engines["django"].from_string(
        "{% load tz %}{{ at|moment }} · {{ at|day }} · {{ at|clock }} · "
        "{% timezone 'Asia/Makassar' %}{{ at|moment }}{% endtimezone %}"
        " · {{ nothing|moment|default:'—' }}"
    )
    at = datetime(2024, 8, 3, 7, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
    with translation.override("id"):
        assert (
            template.render({"at": at, "nothing": None})
            == "3 Agu 2024 07.05 WIB · 3 Agu 2024 · 07.05 · 3 Agu 2024 08.05 WITA · —"
        )


@pytest.mark.django_db
def test_every_page_shows_dates_in_the_one_indonesian_format(world):
    # The office's legal division reads the most: problems, evidence, cases, teams. An English phone: pages
    # stay Indonesian. A page that fails is tests/scoping/test_linked.py's to report.
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9", raise_request_exception=False)
    for name, value in world.sessions["legal_corespondent"].items():
        client.cookies[name] = value.value
    problems, dates_seen = [], 0
    for name, params in crawled_routes():
        for url in urls_of(world, name, params)[:2]:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
                continue
            text = visible_text(response.content.decode())
            dates_seen += len(DATE_LIKE.findall(text))
            problems += [f"{url}: {p}" for p in date_problems(text)]
    assert dates_seen > 10  # the crawl did reach pages with dates
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_inventory_dossier_and_its_manifest_show_the_one_format(world):
    """The PDF's text is the HTML of its sections (WeasyPrint lays it out); asked for from English pages."""
    from dossiers.content import inventory_plan, manifest_sections
    from dossiers.models import DossierJob

    legal = world.viewers["legal_corespondent"]
    job = DossierJob.objects.create(kind="inventory", region_id="13.02", requested_by=legal)
    with translation.override("en"):
        plan = inventory_plan(job)
        sections = [*plan.sections, *manifest_sections(job, plan, {"sha256": "0" * 64, "size": 1, "pages": 1})]
    text = " ".join(visible_text(section.html) for section in sections)
    assert "Dicetak " in text
    assert "Diminta pada" in text
    assert len(DATE_LIKE.findall(text)) >= 3
    assert not date_problems(text)
