"""The HTML problem list reads the rows in reach once for its numbers: the per-status counts, and the
pages from their sum (issue 22: for a PPK whose kecamatan holds 10,000 problems each count reads all
10,000 rows; bench/lists.py). The page count and the status counts still agree with the list, filtered
or not."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from elections.choices import Stage
from inventory.choices import Status
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.django_db

MINE = "13.02.03.2002.001"  # Pantai Cermin (13.02.03)
OTHER = "13.02.04.2001.001"  # Lembah Gumanti, out of reach


@pytest.fixture
def ppk_client(client, make_user, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    client.force_login(make_user(Role.PPK, "13.02.03"))
    return client


def aggregates_over_problems(queries) -> list[str]:
    return [q["sql"] for q in queries if re.search(r'COUNT\(.*FROM "inventory_problem"', q["sql"], re.S)]


def test_the_rows_in_reach_are_counted_once(ppk_client):
    ProblemFactory.create_batch(3, region_id=MINE)
    with CaptureQueriesContext(connection) as ctx:
        response = ppk_client.get(reverse("problem_list"))
    assert response.status_code == 200
    assert len(aggregates_over_problems(ctx.captured_queries)) == 1


def test_pages_and_status_counts_follow_the_filtered_list(ppk_client):
    ProblemFactory.create_batch(48, region_id=MINE, stage=Stage.DPT, status=Status.NEW)
    ProblemFactory.create_batch(5, region_id=MINE, stage=Stage.DPT, status=Status.RESOLVED)
    ProblemFactory.create_batch(4, region_id=MINE, stage=Stage.LOGISTIK, status=Status.NEW)
    ProblemFactory.create_batch(30, region_id=OTHER, stage=Stage.DPT)

    everything = ppk_client.get(reverse("problem_list")).content.decode()
    assert "1 / 2" in everything  # 57 in reach, 50 a page
    assert 'data-status="new">New (baru): 52<' in everything
    assert 'data-status="resolved">Resolved (selesai): 5<' in everything

    second = ppk_client.get(reverse("problem_list"), {"stage": Stage.DPT, "page": 2}).content.decode()
    assert "2 / 2" in second  # 53 of the DPT stage
    assert second.count('data-problem="') == 3

    logistics = ppk_client.get(reverse("problem_list"), {"stage": Stage.LOGISTIK}).content.decode()
    assert logistics.count('data-problem="') == 4
    assert "1 / 2" not in logistics
    assert 'data-status="new">New (baru): 4<' in logistics
