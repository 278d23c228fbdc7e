"""Search: scoped (nothing outside the reach in hits, counts or snippets), ranked, highlighted and
escaped, current straight after a write; on PostgreSQL through the trigger-kept tsvector columns."""

import pytest
from django.db import connection

from accounts.choices import Role
from dashboard.search import search
from inventory.models import Evidence
from tests.cases.factories import CaseFactory, ClaimFactory
from tests.inventory.factories import ProblemFactory
from tests.teams.factories import ActivityFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


def evidence(code, description, name="bukti.pdf", n=1):
    return Evidence.objects.create(
        file=f"e/{n}.pdf", sha256=f"{n:064x}", size=1, mime_type="application/pdf", original_name=name,
        kind="photo", region_id=code, description=description,
    )  # fmt: skip


def test_finds_every_kind_inside_the_reach_and_nothing_outside(ppk):
    mine = ProblemFactory(
        region_id="13.02.03.2002.001", title="Intimidasi terhadap saksi", description="Saksi diintimidasi."
    )
    ProblemFactory(region_id="13.02.04", title="Intimidasi di Lembah Gumanti", description="rahasia-luar")
    ProblemFactory(region_id="11.01", title="Intimidasi di Aceh Selatan", description="rahasia-aceh")
    evidence("13.02.03.2002", "Foto intimidasi di TPS", n=1)
    evidence("13.02.04.2001", "Foto intimidasi rahasia-luar", n=2)
    results = search(user=ppk, query="intimidasi")
    assert results.counts["problem"] == 1
    assert [h.key for h in results.hits["problem"]] == [str(mine.pk)]
    assert results.counts["evidence"] == 1
    text = " ".join(str(h.snippet) + h.title for hits in results.hits.values() for h in hits)
    assert "rahasia" not in text and "Lembah" not in text and "Aceh" not in text


def test_claims_and_activities_are_searched_within_reach(make_user):
    user = make_user(Role.COMMISSIONER, "13.02")
    case = CaseFactory(respondent_office_id="13.02")
    ClaimFactory(case=case, summary="Pemohon mendalilkan penggelembungan suara di Nagari Surian")
    other = CaseFactory(respondent_office_id="13.01")
    ClaimFactory(case=other, summary="Penggelembungan suara di Pesisir Selatan")
    ActivityFactory(office_id="13.02", title="Rakor penggelembungan suara")
    results = search(user=user, query="penggelembungan")
    assert results.counts["claim"] == 1 and results.counts["activity"] == 1
    assert "Surian" in str(results.hits["claim"][0].snippet)


def test_snippets_mark_the_words_and_escape_the_text(ppk):
    ProblemFactory(region_id="13.02.03", title="Kotak", description="<script>alert(1)</script> kotak suara rusak")
    (hit,) = search(user=ppk, query="kotak").hits["problem"]
    assert "<mark>" in hit.snippet
    # Escaped by us (SQLite) or dropped as markup by ts_headline (PostgreSQL): never a live tag.
    assert "<script" not in hit.snippet and "alert(1)" in hit.snippet


def test_regions_by_name_and_code_inside_the_reach(make_user):
    regency = make_user(Role.COMMISSIONER, "13.02")
    names = search(user=regency, query="Pantai Cermin")
    assert "13.02.03" in [h.key for h in names.hits["region"]]
    codes = search(user=regency, query="13.02.03.2002")
    assert codes.hits["region"][0].key == "13.02.03.2002"
    ppk = make_user(Role.PPK, "13.02.03")
    assert "13.02" not in [h.key for h in search(user=ppk, query="Solok").hits["region"]]
    assert search(user=ppk, query="11.01").counts["region"] == 0


def test_one_kind_gives_more_hits(ppk):
    for i in range(14):
        ProblemFactory(region_id="13.02.03", title=f"Logistik terlambat {i}", description="logistik")
    assert len(search(user=ppk, query="logistik").hits["problem"]) == 10
    only = search(user=ppk, query="logistik", kind="problem")
    assert len(only.hits["problem"]) == 14 and list(only.counts) == ["problem"]


@postgres_only
def test_index_is_current_after_a_write_and_title_words_rank_first(ppk):
    in_body = ProblemFactory(region_id="13.02.03", title="Lain", description="ada penggelembungan di sini")
    in_title = ProblemFactory(region_id="13.02.03", title="Penggelembungan suara", description="lain")
    keys = [h.key for h in search(user=ppk, query="penggelembungan").hits["problem"]]
    assert keys == [str(in_title.pk), str(in_body.pk)]
    in_body.description = "sudah diperbaiki"
    in_body.save()
    assert search(user=ppk, query="penggelembungan").counts["problem"] == 1


@postgres_only
def test_indonesian_stemming_finds_inflected_words(ppk):
    ProblemFactory(region_id="13.02.03", title="Saksi", description="Pemohon menyatakan suaranya dikurangi")
    assert search(user=ppk, query="suara").counts["problem"] == 1


def test_api_refuses_a_missing_query(client, ppk):
    client.force_login(ppk)
    response = client.get("/api/search/")
    assert response.status_code == 400
    assert "q" in response.json()["extra"]
    assert client.get("/api/search/", {"q": "x", "kind": "secret"}).status_code == 400


def test_control_characters_in_the_query_are_a_clear_answer_not_a_server_error(client, make_user):
    """PostgreSQL refuses a NUL in any string (found by the API fuzzing): the box drops control characters."""
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    assert client.get("/search/", {"q": "suara\x00"}).status_code == 200
    assert client.get("/api/search/", {"q": "suara\x00\x1b"}).status_code == 200
    nothing = client.get("/api/search/", {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert nothing.status_code == 400 and "Give the words to find" in nothing.json()["message"]
