"""The demo team `make run` loads: KPU Kabupaten Solok's team for Pilkada 2024 with its SK, 8-10
members (an outside academic and a kuasa hukum among them), a rakor with the PPK of all 14 kecamatan
and its minutes, a bimtek, supervisions of some kecamatan; the checklist shows real gaps; a second run
adds nothing."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from phpu.demo.teams import seed_demo_teams
from phpu.management.commands import load_demo
from regions.services import LoadResult
from teams.choices import ActivityKind, Position, TeamStatus
from teams.models import Activity, ActivityFile, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from teams.selectors import office_readiness
from tests.inventory.factories import evidence_dir  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, evidence_dir, monkeypatch):  # noqa: F811 - the fixture imported above
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (TaskTeam, TeamMember, MemberAssignment, Activity, ActivityFollowUp, ActivityFile)
    }


def test_demo_team_with_sk_members_activities_and_real_gaps(demo, evidence_dir, client):  # noqa: F811
    assert "Demo team for Kabupaten Solok" in demo
    team = TaskTeam.objects.get()
    assert (team.office_id, team.election.name, team.status) == ("13.02", "Pilkada 2024", TeamStatus.ACTIVE)
    stored = evidence_dir / team.sk_file.name
    assert stored.read_bytes().startswith(b"%PDF")
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == team.sk_sha256
    assert team.sk_number and team.sk_date

    members = list(team.members.all())
    assert 8 <= len(members) <= 10
    positions = {m.position for m in members}
    assert {Position.NARASUMBER, Position.KUASA_HUKUM, Position.KETUA} <= positions
    assert any(m.is_outside and "Universitas" in m.institution for m in members)
    assert any(m.user and m.user.username == "komisioner.solok" for m in members)

    rakor = Activity.objects.get(kind=ActivityKind.RAKOR)
    districts = sorted(rakor.bodies.values_list("code", flat=True))
    assert len(districts) == 14 and all(code.startswith("13.02.") and code.count(".") == 2 for code in districts)
    assert rakor.files.filter(kind="minutes", mime_type="application/pdf").exists()
    assert Activity.objects.filter(kind=ActivityKind.BIMTEK).exists()
    supervisions = Activity.bodies.through.objects.filter(activity__kind=ActivityKind.SUPERVISI)
    supervised = set(supervisions.values_list("region_id", flat=True))
    assert 0 < len(supervised) < 14
    for record in ActivityFile.objects.all():
        assert hashlib.sha256((evidence_dir / record.file.name).read_bytes()).hexdigest() == record.sha256

    # The checklist, as the commissioner sees it: team, rakor and bimtek ok; real gaps elsewhere.
    commissioner = User.objects.get(username="komisioner.solok")
    checks = {c.key: c for c in office_readiness(user=commissioner, office_region=team.office)}
    assert checks["team"].ok and checks["rakor"].ok and checks["bimtek"].ok
    assert not checks["outreach"].ok and checks["outreach"].count == 14 - len(supervised)
    assert not checks["followups"].ok and checks["followups"].count == 1
    assert MemberAssignment.objects.filter(problem__isnull=False).exists()

    client.force_login(commissioner)
    for url in (
        reverse("office_detail", args=["13.02"]),
        reverse("team_detail", args=[team.pk]),
        reverse("activity_list", args=["13.02"]),
        reverse("activity_detail", args=[rakor.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_demo_teams_run_twice_adds_nothing(demo, evidence_dir):  # noqa: F811
    before = counts()
    out = io.StringIO()
    assert seed_demo_teams(stdout=out) is None
    assert "already there" in out.getvalue()
    assert counts() == before
