"""The demo MK case: a PHP Bupati case against KPU Kabupaten Solok built on the demo inventory,
through the services, idempotent; its pages open for the demo legal division and PPK."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.management.commands import load_demo
from accounts.models import User
from cases.choices import CaseKind
from cases.demo import REGISTER_NUMBER, seed_demo_cases
from cases.models import Case, Citation, ClaimFigure, Exhibit
from regions.choices import Level
from regions.services import LoadResult
from tests.inventory.factories import evidence_dir

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, evidence_dir, monkeypatch):
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_case(demo, client):
    assert f"Demo MK case {REGISTER_NUMBER}" in demo
    case = Case.objects.select_related("contest__election", "applicant", "related_party").get(
        register_number=REGISTER_NUMBER
    )
    assert case.kind == CaseKind.PHP_BUPATI
    assert case.respondent_office_id == "13.02"
    assert case.contest.election.name == "Pilkada 2024"
    assert case.applicant.contest_id == case.contest_id and case.applicant.ballot_number == 2
    claims = list(case.claims.prefetch_related("locations", "problems"))
    assert 6 <= len(claims) <= 8
    levels = {r.level for c in claims for r in c.locations.all()}
    assert Level.TPS in levels and Level.DISTRICT in levels
    assert all(c.problems.exists() and c.response for c in claims)
    assert all("Bukti T-" in c.response for c in claims)
    assert Exhibit.objects.filter(case=case).count() >= 15
    assert list(case.exhibits.values_list("sequence", flat=True)) == list(range(1, case.exhibits.count() + 1))
    assert all(e.evidence.exists() for e in case.exhibits.all())
    assert Citation.objects.filter(claim__case=case).count() >= len(claims)
    assert {h.starts_at.year for h in case.hearings.all()} == {2025}
    assert ClaimFigure.objects.filter(claim__case=case, region__level=Level.TPS).exists()

    client.force_login(User.objects.get(username="hukum.solok"))
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert REGISTER_NUMBER in page and "T-15" in page
    claim = claims[0]
    page = client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'data-testid="side-by-side"' in page

    client.force_login(User.objects.get(username="ppk.pantaicermin"))
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="exhibits"' not in page
    visible = [c for c in claims if any(r.code.startswith("13.02.03") for r in c.locations.all())]
    hidden = [c for c in claims if not any(r.code.startswith("13.02.03") for r in c.locations.all())]
    assert visible and hidden
    assert client.get(reverse("claim_detail", args=[visible[0].pk])).status_code == 200
    assert client.get(reverse("claim_detail", args=[hidden[0].pk])).status_code == 404


def test_demo_case_is_idempotent(demo):
    counts = (Case.objects.count(), Exhibit.objects.count(), ClaimFigure.objects.count())
    out = io.StringIO()
    assert seed_demo_cases(stdout=out) is None
    assert "already there" in out.getvalue()
    assert (Case.objects.count(), Exhibit.objects.count(), ClaimFigure.objects.count()) == counts
