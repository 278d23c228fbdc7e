"""The home page after sign-in (phpu/home.py): each role sees the sections of its own daily work and no
other's, every count on it is the number of rows of the list its link opens, a PPK never sees a sibling
kecamatan's problems there, and its queries do not grow with the rows."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.choices import Role
from cases.deadlines import WIB
from dossiers.models import DossierJob
from inventory.choices import Status
from phpu.home import home_of
from tests.cases.factories import CaseFactory
from tests.factories import AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory, evidence_dir, make_evidence  # noqa: F401
from tests.scoping.base import ScopedRouteTests

PANTAI_CERMIN = "13.02.03"  # kecamatan A
LEMBAH_GUMANTI = "13.02.04"  # its sibling B
TPS_A = "13.02.03.2002.001"
TPS_B = "13.02.04.2001.001"

SECTIONS = ("home-field", "home-verify", "home-legal", "home-overview")
EXPECTED = {
    Role.PPK: {"home-field"},
    Role.PPS: {"home-field"},
    Role.TECHNICAL: {"home-verify"},
    Role.LEGAL: {"home-legal"},
    Role.COMMISSIONER: {"home-overview"},
}
WHERE = {Role.PPK: PANTAI_CERMIN, Role.PPS: "13.02.03.2002"}


def sections_shown(page: str) -> set[str]:
    return {name for name in SECTIONS if f'data-testid="{name}"' in page}


def link(page: str, testid: str) -> tuple[str, int]:
    """The href and data-count of the link marked `testid`."""
    match = re.search(rf'<a [^>]*href="([^"]+)" data-testid="{testid}" data-count="(\d+)"', page)
    assert match, f"no link {testid}"
    return unescape(match.group(1)), int(match.group(2))


def rows_behind(client, url: str, key: str) -> int:
    """How many rows the list page at `url` shows (all on its first page here)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return len(response.context[key])


@pytest.fixture
def area(db, evidence_dir):  # noqa: F811
    """Open problems in A (one assigned, one resolved) and in B, pending evidence in both, a case and a dossier."""
    ppk_a = UserFactory(username="ppk.a")
    AssignmentFactory(user=ppk_a, role=Role.PPK, region_id=PANTAI_CERMIN)
    problems = {
        "a_open": ProblemFactory(region_id=TPS_A, title="Kotak suara rusak di Surian", status=Status.NEW),
        "a_assigned": ProblemFactory(region_id=TPS_A, title="Saksi ditolak masuk", assignee=ppk_a),
        "a_resolved": ProblemFactory(region_id=TPS_A, title="Sudah selesai di Surian", status=Status.RESOLVED),
        "b_open": ProblemFactory(region_id=TPS_B, title="Rahasia Lembah Gumanti", status=Status.NEW),
    }
    uploader = UserFactory(username="uploader")
    evidence = [make_evidence(region_code=code, uploaded_by=uploader) for code in (TPS_A, TPS_A, TPS_B)]
    case = CaseFactory()
    legal = UserFactory(username="hukum")
    AssignmentFactory(user=legal, role=Role.LEGAL, region_id="13.02")
    job = DossierJob.objects.create(kind="inventory", region_id="13.02", requested_by=legal)
    return {"ppk_a": ppk_a, "problems": problems, "evidence": evidence, "case": case, "legal": legal, "job": job}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_own_sections_and_no_others(client, make_user, area, role):
    client.force_login(make_user(role, WHERE.get(role, "13.02")))
    page = client.get(reverse("home")).content.decode()
    assert sections_shown(page) == EXPECTED[role]


def test_a_user_with_several_roles_sees_the_section_of_each(client, make_user, area):
    user = make_user(Role.TECHNICAL, "13.02")
    AssignmentFactory(user=user, role=Role.LEGAL, region_id="13.02")
    client.force_login(user)
    assert sections_shown(client.get(reverse("home")).content.decode()) == {"home-verify", "home-legal"}


def test_the_superuser_sees_every_section(client, superuser, area):
    client.force_login(superuser)
    assert sections_shown(client.get(reverse("home")).content.decode()) == set(SECTIONS)


def test_the_field_home_offers_the_three_actions_and_the_open_problems_of_the_list(client, area):
    client.force_login(area["ppk_a"])
    page = client.get(reverse("home")).content.decode()
    for testid, name in (("home-record", "problem_create"), ("home-upload", "evidence_upload")):
        assert f'href="{reverse(name)}" data-testid="{testid}"' in page
    assert f'href="{reverse("offline_capture")}" data-testid="home-capture"' in page
    url, count = link(page, "home-open-problems-all")
    assert count == 2 == rows_behind(client, url, "problems")  # new and assigned; not the resolved one
    assert "Kotak suara rusak di Surian" in page
    assert "Sudah selesai di Surian" not in page


def test_a_ppk_never_sees_a_sibling_kecamatans_problems_on_the_home(client, make_user, area):
    client.force_login(area["ppk_a"])
    page = client.get(reverse("home")).content.decode()
    assert "Rahasia Lembah Gumanti" not in page
    assert 'data-testid="home-open-count">2<' in page
    other = make_user(Role.PPK, LEMBAH_GUMANTI)
    client.force_login(other)
    page = client.get(reverse("home")).content.decode()
    assert "Rahasia Lembah Gumanti" in page
    assert "Kotak suara rusak di Surian" not in page
    assert 'data-testid="home-open-count">1<' in page


def test_the_technical_counts_are_the_queue_and_the_list_they_link_to(client, make_user, area):
    client.force_login(make_user(Role.TECHNICAL, "13.02"))
    page = client.get(reverse("home")).content.decode()
    url, count = link(page, "home-queue-all")
    assert url == reverse("verification_queue")
    assert count == 3 == rows_behind(client, url, "evidence")
    for evidence in area["evidence"]:  # each waiting file opens in the viewer, where it is verified
        assert reverse("evidence_viewer", args=[evidence.pk]) in page
    url, count = link(page, "home-unassigned-all")
    assert count == 2 == rows_behind(client, url, "problems")  # A's and B's new ones; not the assigned one


def test_a_verifier_of_one_kecamatan_counts_only_its_own(client, make_user, area):
    user = make_user(Role.TECHNICAL, "13.02")
    user.assignments.update(region_id=PANTAI_CERMIN)  # an office role where a test needs a narrow reach
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert link(page, "home-queue-all")[1] == 2
    assert link(page, "home-unassigned-all")[1] == 1
    assert "Rahasia Lembah Gumanti" not in page


def test_the_legal_home_counts_the_case_list_and_the_dossiers(client, area):
    client.force_login(area["legal"])
    page = client.get(reverse("home")).content.decode()
    url, count = link(page, "home-cases-all")
    assert count == 1 == rows_behind(client, url, "cases")
    assert area["case"].register_number in page
    url, count = link(page, "home-dossiers-all")
    assert count == 1 == rows_behind(client, url, "jobs")


def test_the_legal_home_shows_each_cases_next_deadline_with_its_countdown(area):
    # The factory's case: results decreed 16 December 2024 14:00 WIB; the petition runs three working days.
    now = dt.datetime(2024, 12, 17, 9, 0, tzinfo=WIB)
    legal = home_of(area["legal"], now=now).legal
    assert [row["case"] for row in legal["deadlines"]] == [area["case"]]
    row = legal["deadlines"][0]
    assert row["deadline"].due_at > now
    assert row["countdown"]["past"] is False
    assert row["countdown"]["days"] == (row["deadline"].due_at - now).days


def test_the_commissioner_sees_the_dashboards_score_and_attention_with_their_lists(client, make_user, area):
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    page = client.get(reverse("home")).content.decode()
    board = client.get(reverse("dashboard_region", args=["13.02"])).context["board"]
    assert f'data-testid="home-score">{board.total.score}<' in page
    url, count = link(page, "home-attention-unassigned")
    assert count == board.attention.counts["unassigned_problems"] == rows_behind(client, url, "problems") == 2
    assert 'href="/dashboard/" data-testid="open-dashboard"' in page


def test_the_commissioners_unverified_count_is_the_evidence_list_it_opens(client, make_user, area):
    from inventory.models import Evidence

    Evidence.objects.update(uploaded_at=dt.datetime(2024, 12, 1, tzinfo=WIB))  # waiting for more than a day
    client.force_login(make_user(Role.COMMISSIONER, "13.02"))
    page = client.get(reverse("home")).content.decode()
    url, count = link(page, "home-attention-unverified")
    assert count == 3 == rows_behind(client, url, "evidence")


def test_the_homes_queries_do_not_grow_with_the_rows(client, superuser, area, django_assert_max_num_queries):
    client.force_login(superuser)
    client.get(reverse("home"))  # warm: sessions, content types
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("home"))
    for n in range(20):
        ProblemFactory(region_id=TPS_A if n % 2 else TPS_B, title=f"Lagi {n}")
        CaseFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home")).content.decode()
    assert sections_shown(page) == set(SECTIONS)


class TestHomeScoping(ScopedRouteTests):
    """The home's open problems: a PPK of 13.02.03 sees one of its kecamatan, one of 13.02.04 never does."""

    url_name = "home"
    kind = "list"
    role = Role.PPK

    def make_object(self, make_user):
        return ProblemFactory(region_id=TPS_A, status=Status.NEW, title="Dugaan politik uang di TPS 001")

    def listed(self, response, obj):
        return obj.title in response.content.decode()
