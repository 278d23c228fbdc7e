"""The demo inventory `make run` loads: real evidence files, the four-eyes and "siap" rules honoured,
scoping intact, and a second run that adds nothing."""

import hashlib
import io

import pytest
from django.core.management import call_command

from accounts.choices import Action
from accounts.management.commands import load_demo
from accounts.models import User
from elections.models import Contest, Election, Participant
from inventory.choices import Status, Verification
from inventory.demo import seed_demo_inventory
from inventory.models import Evidence, Problem, ProblemComment
from regions.services import LoadResult
from tests.inventory.factories import evidence_dir  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, evidence_dir, monkeypatch):  # noqa: F811 - the fixture imported above
    # The session already holds the regions the demo uses (tests/conftest.py); importing the other
    # 90,000 official regions would only slow these tests down.
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Election, Contest, Participant, Problem, Evidence, ProblemComment)
    } | {"history": Problem.history.count() + Evidence.history.count()}


def test_demo_inventory_has_real_evidence_and_honours_the_rules(demo, evidence_dir):  # noqa: F811
    assert "Demo inventory for Kabupaten Solok: 36 problems (8 ready)" in demo
    assert set(Election.objects.values_list("name", flat=True)) == {"Pemilu 2024", "Pilkada 2024"}
    assert Problem.objects.filter(region__code__startswith="13.02.").count() == Problem.objects.count() - 3
    assert set(Problem.objects.values_list("stage", flat=True)) >= {"pemungutan", "penghitungan", "rekap_ppk"}

    evidence = list(Evidence.objects.select_related("uploaded_by", "verified_by"))
    assert len(evidence) >= 40
    assert {e.mime_type for e in evidence} == {"application/pdf", "image/jpeg"}
    for item in evidence:
        stored = evidence_dir / item.file.name
        assert stored.is_file(), item
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == item.sha256 == item.file.name[6:70]
        assert item.uploaded_by is not None
        if item.verification != Verification.PENDING:
            assert item.verified_by not in (None, item.uploaded_by)  # four eyes
    photos = [e for e in evidence if e.kind == "photo"]
    assert all(p.captured_at is not None for p in photos)
    assert len({e.sha256 for e in evidence}) == len(evidence)
    assert Evidence.objects.filter(verification=Verification.REJECTED).count() == 1
    assert Evidence.objects.filter(replaces__isnull=False).count() == 1

    ready = Problem.objects.filter(status=Status.READY)
    assert ready.count() == 8
    for problem in ready:
        assert problem.evidence.filter(verification=Verification.VERIFIED).exists()
        # Reached through the services: the audit history names who did what.
        users = set(problem.history.values_list("history_user__username", flat=True))
        assert {problem.reported_by.username, "komisioner.solok"} <= users
    assert set(Problem.objects.values_list("status", flat=True)) == set(Status.values)

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo inventory: already there." in out.getvalue()
    assert counts() == before
    assert seed_demo_inventory() is None


def test_demo_ppk_sees_only_their_kecamatan(demo):
    ppk = User.objects.get(username="ppk.pantaicermin")
    visible = Problem.objects.visible_to(ppk)
    codes = set(visible.values_list("region__code", flat=True))
    assert codes
    assert all(code == "13.02.03" or code.startswith("13.02.03.") for code in codes)
    inside = (
        Problem.objects.filter(region__code__startswith="13.02.03.").count()
        + Problem.objects.filter(region__code="13.02.03").count()
    )
    assert visible.count() == inside < Problem.objects.count()
    assert not Evidence.objects.visible_to(ppk).exclude(region__code__startswith="13.02.03").exists()
    assert (
        not Problem.objects.visible_to(ppk, Action.EDIT_INVENTORY).filter(region__code__startswith="13.02.04").exists()
    )
