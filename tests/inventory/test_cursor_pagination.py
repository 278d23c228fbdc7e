"""The problem and evidence API lists page by cursor: following `next` visits every row in reach exactly
once and in order, even while rows are written between the requests, and no page shows a row out of reach."""

import itertools

import pytest
from rest_framework.test import APIClient

from accounts.choices import Action, Role
from core.pagination import TwoStepPaginator
from inventory.models import Evidence, Problem
from inventory.selectors import problem_queryset
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.django_db

MINE = "13.02.03.2001.001"  # in the PPK's kecamatan
OTHERS = ("13.02.04.2001.001", "11.01")  # a neighbouring kecamatan, another province
_n = itertools.count(1)


@pytest.fixture
def ppk_api(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.PPK, "13.02.03"))
    return client


def evidence(code):
    n = next(_n)
    return Evidence.objects.create(
        file=f"e/{n}.pdf", sha256=f"{n:064x}", size=1, mime_type="application/pdf",
        original_name=f"{n}.pdf", kind="photo", region_id=code,
    )  # fmt: skip


def flat(pages):
    return list(itertools.chain.from_iterable(pages))


def walk(api, url, params, between=lambda: None):
    """Every page from the first by its `next` link, calling `between` after each; the ids in order."""
    pages = []
    response = api.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body  # nothing counts the whole reach
        pages.append([row["id"] for row in body["results"]])
        if not body["next"]:
            return pages
        between()
        response = api.get(body["next"])


def test_problem_pages_visit_every_row_once_in_order_while_rows_are_added(ppk_api):
    for _ in range(7):
        ProblemFactory(region_id=MINE)
        for code in OTHERS:
            ProblemFactory(region_id=code)
    mine = Problem.objects.filter(region_id=MINE)
    newest_first = list(mine.order_by("-created_at", "-id").values_list("id", flat=True))
    added = []

    def add():  # newer than every row already listed: it belongs before the cursor, never on a later page
        added.append(ProblemFactory(region_id=MINE).pk)
        ProblemFactory(region_id=OTHERS[0])

    pages = walk(ppk_api, "/api/problems/", {"page_size": 3}, add)
    assert [len(page) for page in pages] == [3, 3, 1]
    assert flat(pages) == newest_first
    assert added  # rows were written while paging

    # Oldest first, the rows added meanwhile come at the end, each once, and the walk reaches them.
    pages = walk(ppk_api, "/api/problems/", {"page_size": 3, "ordering": "oldest"}, add)
    listed = flat(pages)
    assert listed == list(mine.order_by("created_at", "id").values_list("id", flat=True))
    assert len(listed) == len(set(listed))
    assert set(listed) >= set(added[:-1])


def test_filters_hold_on_every_page(ppk_api):
    for risk in ("high", "low") * 4:
        ProblemFactory(region_id=MINE, risk=risk)
        ProblemFactory(region_id=OTHERS[0], risk=risk)
    pages = walk(ppk_api, "/api/problems/", {"page_size": 2, "risk": "high"})
    listed = flat(pages)
    assert len(pages) == 2
    assert listed == list(
        Problem.objects.filter(region_id=MINE, risk="high").order_by("-created_at", "-id").values_list("id", flat=True)
    )


def test_previous_link_goes_back_to_the_same_rows(ppk_api):
    for _ in range(5):
        ProblemFactory(region_id=MINE)
    first = ppk_api.get("/api/problems/", {"page_size": 2}).json()
    second = ppk_api.get(first["next"]).json()
    assert first["previous"] is None and second["previous"]
    back = ppk_api.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]


def test_evidence_pages_visit_every_row_once_newest_first_and_only_in_reach(ppk_api):
    for _ in range(5):
        evidence(MINE)
        for code in OTHERS:
            evidence(code)

    def add():
        evidence(MINE)
        evidence(OTHERS[1])

    pages = walk(ppk_api, "/api/evidence/", {"page_size": 2}, add)
    listed = flat(pages)
    before = Evidence.objects.filter(region_id=MINE).order_by("-uploaded_at", "-id").values_list("id", flat=True)
    assert listed == list(before)[-5:]  # the five there when the walk began, each once, newest first
    out_of_reach = set(Evidence.objects.exclude(region_id=MINE).values_list("id", flat=True))
    assert not set(listed) & out_of_reach


def test_html_pages_read_in_two_steps_hold_the_same_rows_in_the_same_order(make_user):
    ppk = make_user(Role.PPK, "13.02.03")
    for risk in ("high", "low", "medium") * 3:
        ProblemFactory(region_id=MINE, risk=risk)
        ProblemFactory(region_id=OTHERS[0], risk=risk)
    problems = problem_queryset(user=ppk, action=Action.VIEW).order_by("-risk_rank", "-created_at", "-id")
    expected = list(problems.values_list("id", flat=True))
    paginator = TwoStepPaginator(problems, 4)
    pages = [paginator.page(n) for n in paginator.page_range]
    assert [[p.pk for p in page.object_list] for page in pages] == [expected[:4], expected[4:8], expected[8:]]
    assert all(hasattr(p, "verified_evidence") for page in pages for p in page.object_list)
