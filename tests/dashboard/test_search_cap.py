"""Search counts stop at a cap: past it the page and the API say "more than", below it they are exact,
and rows outside the reach never count towards it. Top hits are ranked among the newest matches."""

import re

import pytest
from django.db import connection
from django.utils.html import strip_tags

from accounts.choices import Role
from dashboard import search as search_module
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.django_db

CAP = 3


@pytest.fixture(autouse=True)
def small_cap(monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", CAP)


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


def problems(code, n, title="Kotak suara rusak"):
    return [ProblemFactory(region_id=code, title=title, description="Segel kotak suara terbuka.") for _ in range(n)]


MORE_THAN = ("more than", "lebih dari")  # the page speaks the user's language


def page_counts(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()

    def text(testid):
        [inner] = re.findall(rf'data-testid="{testid}">(.*?)</', page, re.DOTALL)
        return " ".join(strip_tags(inner).split())

    return text("count-problem"), text("search-total")


def test_past_the_cap_the_count_reads_more_than(client, ppk):
    problems("13.02.03.2001", CAP + 2)
    client.force_login(ppk)
    badge, total = page_counts(client, "kotak")
    assert badge.lower() in {f"{words} {CAP}" for words in MORE_THAN}
    assert total.lower().startswith(tuple(f"{words} {CAP} " for words in MORE_THAN))
    body = client.get("/api/search/", {"q": "kotak"}).json()
    assert body["counts"]["problem"] == CAP
    assert body["capped"] == ["problem"] and body["count_cap"] == CAP
    assert len(body["hits"]["problem"]) == CAP + 2  # the hits are not capped by the count


def test_below_the_cap_the_count_is_exact(client, ppk):
    problems("13.02.03.2001", CAP - 1)
    client.force_login(ppk)
    badge, total = page_counts(client, "kotak")
    assert badge == str(CAP - 1)
    assert total.startswith(f"{CAP - 1} ") and not total.lower().startswith(MORE_THAN)
    body = client.get("/api/search/", {"q": "kotak"}).json()
    assert body["counts"]["problem"] == CAP - 1 and body["capped"] == []


def test_rows_outside_the_reach_do_not_count_towards_the_cap(client, ppk):
    problems("13.02.03.2001", CAP - 1)
    problems("13.02.04.2001", CAP + 5)  # a neighbouring kecamatan
    problems("11.01", CAP + 5)
    results = search_module.search(user=ppk, query="kotak")
    assert results.counts["problem"] == CAP - 1
    assert not results.capped


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL full-text search")
def test_top_hits_are_ranked_among_the_newest_matches(monkeypatch, ppk):
    monkeypatch.setattr(search_module, "RANK_POOL", 2)
    [old_title_match] = problems("13.02.03.2001", 1, title="Intimidasi saksi")
    body_matches = [
        ProblemFactory(region_id="13.02.03.2001", title="Keterlambatan", description="ada intimidasi") for _ in range(2)
    ]
    [new_title_match] = problems("13.02.03.2001", 1, title="Intimidasi pemilih")
    hits = [hit.key for hit in search_module.search(user=ppk, query="intimidasi").hits["problem"]]
    # Past the cap the newest two are ranked (the title match first); the older ones are not weighed.
    assert hits == [str(new_title_match.pk), str(body_matches[-1].pk)]
    assert str(old_title_match.pk) not in hits


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL full-text search")
def test_below_the_cap_every_match_is_ranked(monkeypatch, ppk):
    monkeypatch.setattr(search_module, "RANK_POOL", 1)
    [old_title_match] = problems("13.02.03.2001", 1, title="Intimidasi saksi")
    ProblemFactory(region_id="13.02.03.2001", title="Keterlambatan", description="ada intimidasi")
    hits = [hit.key for hit in search_module.search(user=ppk, query="intimidasi").hits["problem"]]
    assert hits[0] == str(old_title_match.pk)
