"""The home page after sign-in: each role's daily work in a few clicks.

A user sees the sections of each role they hold (a superuser all of them):

- field staff (PPK, PPS, KPPS): record a problem, upload evidence, record offline, their open problems;
- the technical division: evidence waiting for their verification, open problems nobody handles;
- the legal division: the cases with their next deadlines, the latest dossiers;
- commissioners (and the secretariat and viewers): the readiness score and what needs attention.

Every number comes from the selector of the list its link opens (`problem_list` with the same filters, the
verification queue, the case list, the dossier jobs, the dashboard), so a count on the home is the number
of rows behind its link, scoped by `accounts.scoping` like the list. The home reads the inventory, cases,
dossiers and the dashboard, so it lives in `phpu`, above them all (ARCHITECTURE.md). Its queries do not
grow with the rows: each list is a count and a sample of a few.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as default
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Action, Role
from accounts.scoping import has_some_reach, live_grants, reach_of
from accounts.selectors import own_assignments
from cases.selectors import case_list
from dashboard.selectors import ATTENTION_HOURS, dashboard, top_regions
from dossiers.selectors import job_queryset
from inventory.selectors import problem_list, verification_queue

SAMPLE = 5  # the first few rows of each list; the link opens the rest

FIELD = "field"
VERIFY = "verify"
LEGAL = "legal"
OVERVIEW = "overview"
SECTIONS = (FIELD, VERIFY, LEGAL, OVERVIEW)
SECTION_ROLES = {
    FIELD: frozenset({Role.PPK, Role.PPS, Role.KPPS}),
    VERIFY: frozenset({Role.TECHNICAL}),
    LEGAL: frozenset({Role.LEGAL}),
    OVERVIEW: frozenset({Role.COMMISSIONER, Role.SECRETARIAT, Role.VIEWER}),
}


@dataclass
class Listing:
    """A count, the first few rows and the list page that shows all of them."""

    count: int
    items: list
    url: str


@dataclass
class Home:
    sections: list[str]
    assignments: list
    field: dict = default(default_factory=dict)
    verify: dict = default(default_factory=dict)
    legal: dict = default(default_factory=dict)
    overview: dict = default(default_factory=dict)


def sections_of(user) -> list[str]:
    """The sections of the roles the user holds in a live assignment, in page order; all for a superuser."""
    if user.is_superuser:
        return list(SECTIONS)
    roles = {role for _code, role in live_grants(user)}
    return [name for name in SECTIONS if roles & SECTION_ROLES[name]]


def _url(name: str, **query) -> str:
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def listing(queryset, url: str, size: int = SAMPLE) -> Listing:
    """Two queries whatever the rows: how many, and the first `size` in the list's own order."""
    count = queryset.count()
    return Listing(count=count, items=list(queryset[:size]) if count else [], url=url)


def field_section(user) -> dict:
    """The big actions of a PPK or PPS and the open problems of their area (the problem list, `open=true`)."""
    return {
        "can_record": has_some_reach(user, Action.EDIT_INVENTORY),
        "can_upload": has_some_reach(user, Action.UPLOAD_EVIDENCE),
        "open_problems": listing(problem_list(user=user, filters={"open": "true"}), _url("problem_list", open="true")),
    }


def verify_section(user) -> dict:
    """What waits for the user's verification (oldest first, as the queue) and open problems nobody handles."""
    return {
        "queue": listing(verification_queue(user=user), _url("verification_queue")),
        "unassigned": listing(
            problem_list(user=user, filters={"unassigned": "true"}), _url("problem_list", unassigned="true")
        ),
    }


def countdown(due: datetime.datetime, now: datetime.datetime) -> dict:
    """What templates/cases/_countdown.html shows: days and hours left, urgent within the dashboard's 72 hours."""
    seconds = int((due - now).total_seconds())
    days, rest = divmod(abs(seconds), 86400)
    return {"past": seconds < 0, "soon": 0 <= seconds <= ATTENTION_HOURS * 3600, "days": days, "hours": rest // 3600}


def next_deadlines(timeline: list[dict], now: datetime.datetime, size: int = SAMPLE) -> list[dict]:
    """Each open case's next deadline, soonest first, from the dashboard's timeline (sorted by due time)."""
    seen: set[int] = set()
    rows = []
    for item in timeline:
        case = item["case"]
        if case.pk in seen:
            continue
        seen.add(case.pk)
        rows.append({**item, "countdown": countdown(item["deadline"].due_at, now)})
        if len(rows) == size:
            break
    return rows


def legal_section(user, board, now: datetime.datetime) -> dict:
    return {
        "cases": listing(case_list(user=user, filters={}), _url("case_list")),
        "deadlines": next_deadlines(board.deadlines, now),
        "dossiers": listing(job_queryset(user=user), _url("dossier_list"))
        if has_some_reach(user, Action.EXPORT_DOSSIERS)
        else None,
    }


def overview_section(board) -> dict:
    """The readiness score and "needs attention" of the dashboard the link opens, with the lists behind
    the counts that have one (the same filters as the dashboard's own "see all" links)."""
    region = board.total.list_region
    attention = board.attention
    return {
        "board": board,
        "unverified_url": _url(
            "evidence_list",
            region=region,
            verification="pending",
            uploaded_before=attention.unverified_before.isoformat() if attention.unverified_before else "",
        ),
        "unassigned_url": _url("problem_list", region=region, unassigned="true"),
    }


def board_for(user, now: datetime.datetime):
    """The dashboard the menu's "Dashboard" opens: the one assigned region's, or the whole reach's."""
    roots = top_regions(user=user)
    region = roots[0] if not reach_of(user, Action.VIEW).everything and len(roots) == 1 else None
    return dashboard(user=user, region=region, now=now)


def home_of(user, now: datetime.datetime | None = None) -> Home:
    now = now or timezone.now()
    sections = sections_of(user)
    home = Home(sections=sections, assignments=list(own_assignments(user=user)))
    if FIELD in sections:
        home.field = field_section(user)
    if VERIFY in sections:
        home.verify = verify_section(user)
    if LEGAL in sections or OVERVIEW in sections:
        board = board_for(user, now)  # one dashboard for both sections
        if LEGAL in sections:
            home.legal = legal_section(user, board, now)
        if OVERVIEW in sections:
            home.overview = overview_section(board)
    return home


@login_required
def home(request):
    return render(request, "home.html", {"home": home_of(request.user)})
