"""Services that write files commit their rows in a durable transaction: called inside a larger one
(which could roll back after the file was kept) they raise RuntimeError and leave no file behind; and
the team form, which forms, scans and activates in one go, keeps no scan when a later step is refused;
and the demo, loaded by a command outside any test transaction, calls them as a user's request does."""

import io

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.choices import Role
from files.registry import referenced
from files.store import walk
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from inventory.services import evidence_upload
from inventory.storage import evidence_storage
from regions.models import Region
from teams.choices import ActivityFileKind, TeamStatus
from teams.models import ActivityFile, TaskTeam
from teams.services import activity_file_upload, team_save, team_sk_upload
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes, uploaded
from tests.teams.factories import ActivityFactory, ElectionFactory, TeamFactory, sk_pdf

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"
OFFICE = "13.02"


def stored_names() -> list[str]:
    return list(walk(evidence_storage()))


def upload_evidence():
    evidence_upload(
        actor=None,
        file=uploaded(jpeg_bytes(950), "a.jpg"),
        kind=EvidenceKind.PHOTO,
        region=Region.objects.get(code=TPS),
    )


def upload_sk():
    team_sk_upload(actor=None, team=TeamFactory(), file=sk_pdf())


def upload_activity_file():
    activity_file_upload(
        actor=None, activity=ActivityFactory(), file=uploaded(jpeg_bytes(951), "foto.jpg"), kind=ActivityFileKind.PHOTO
    )


def save_team_with_sk():
    team_save(
        actor=None, office=Region.objects.get(code=OFFICE), election=ElectionFactory(), name="Tim", sk_file=sk_pdf()
    )


@pytest.mark.parametrize("upload", [upload_evidence, upload_sk, upload_activity_file, save_team_with_sk])
def test_a_file_writing_service_inside_a_transaction_raises_and_keeps_no_file(upload, evidence_dir):
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        upload()
    assert stored_names() == []
    assert not Evidence.objects.exists() and not ActivityFile.objects.exists()
    assert not TaskTeam.objects.exclude(sk_file="").exists()


def test_an_upload_of_bytes_already_here_refuses_a_transaction_too(evidence_dir):
    """Even when nothing would be written: the rule does not depend on what the file turns out to be."""
    content = jpeg_bytes(952)
    existing = make_evidence(TPS, content=content)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        evidence_upload(actor=None, file=uploaded(content, "lagi.jpg"), kind=EvidenceKind.PHOTO, region=existing.region)
    assert stored_names() == [existing.file.name]


@pytest.fixture
def office_client(client, make_user, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(make_user(Role.COMMISSIONER, OFFICE))
    return client


def test_a_team_form_refused_after_its_scan_was_stored_keeps_neither_team_nor_scan(office_client, evidence_dir):
    """Forming a team with its SK scan and "make active", but without the SK number: the activation is
    refused after the scan was stored. The page says why; no team is formed and no scan stays behind
    (check_integrity would list it as an orphan); sent again with the number, everything goes through."""
    election = ElectionFactory()
    form = {
        "election": election.pk,
        "name": "Tim Penyelesaian PHP",
        "sk_date": "2024-11-20",
        "activate": "on",
    }
    scan = pdf_bytes("Keputusan KPU Kabupaten Solok tentang Tim")
    response = office_client.post(reverse("team_create", args=[OFFICE]), {**form, "sk_file": uploaded(scan, "sk.pdf")})
    assert response.status_code == 200
    assert "An active team needs the SK number." in response.content.decode()
    assert not TaskTeam.objects.exists()
    assert stored_names() == []

    again = {**form, "sk_number": "12/PP.01-Kpt/1302/2024", "sk_file": uploaded(scan, "sk.pdf")}
    response = office_client.post(reverse("team_create", args=[OFFICE]), again)
    assert response.status_code == 302
    team = TaskTeam.objects.get()
    assert team.status == TeamStatus.ACTIVE
    assert stored_names() == [team.sk_file.name]


def test_a_team_update_refused_after_its_new_scan_was_stored_keeps_the_old_scan_only(office_client, evidence_dir):
    team = team_sk_upload(actor=None, team=TeamFactory(office_id=OFFICE, sk_date=None), file=sk_pdf())
    response = office_client.post(
        reverse("team_update", args=[team.pk]),
        {"name": "Tim baru", "sk_number": "9/2024", "sk_file": sk_pdf(), "activate": "on"},
    )
    assert response.status_code == 200
    assert "An active team needs the SK date." in response.content.decode()
    before = team.sk_file.name
    team.refresh_from_db()
    assert (team.sk_file.name, team.status) == (before, TeamStatus.DRAFT)
    assert team.name != "Tim baru"  # all or nothing: the new name went with the refused activation
    assert stored_names() == [before]


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_outside_any_transaction(settings, evidence_dir, monkeypatch):
    """The other tests run inside Django's test transaction, which durable blocks accept; a command
    does not. load_demo uploads evidence, an SK scan and activity files: none of them may be wrapped in
    a transaction of the command's own."""
    from django.core.management import call_command

    from phpu.management.commands import load_demo
    from regions.services import LoadResult
    from tests.e2e.conftest import restore_session_data

    restore_session_data()
    try:
        monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
        settings.DEMO_MODE = True
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        call_command("load_demo", stdout=io.StringIO())
        assert Evidence.objects.exists() and ActivityFile.objects.exists()
        assert TaskTeam.objects.filter(status=TeamStatus.ACTIVE).exclude(sk_file="").exists()
        names = stored_names()
        assert referenced("evidence", names) == set(names)  # no file without its row
    finally:
        restore_session_data()
