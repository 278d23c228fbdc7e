"""The team roster and the activity list as XLSX: parsed back, in the SK's order, filtered like the
page, and never holding a row of another office."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Role
from teams.choices import Position
from tests.inventory.factories import evidence_dir
from tests.teams.factories import ActivityFactory, AssignmentFactory, FollowUpFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]


@pytest.fixture(autouse=True)
def _setup(settings, evidence_dir):
    settings.LANGUAGE_CODE = "en"


def rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_roster_export_lists_current_members_in_the_sk_order(client, make_user):
    team = TeamFactory(name="Tim Solok", sk_number="12/2024")
    member = MemberFactory(team=team, name="Anggota Biasa", position=Position.ANGGOTA, phone="0812")
    MemberFactory(team=team, name="Ketua Tim", position=Position.KETUA)
    MemberFactory(team=team, name="Sudah keluar", active=False)
    MemberFactory(team=TeamFactory(office_id="13.01"), name="Tim lain")
    AssignmentFactory(member=member)
    AssignmentFactory(member=member, done=True)
    client.force_login(make_user(Role.VIEWER, "13.02"))  # from below there is no roster (test_from_below.py)
    table = rows(client.get(reverse("team_export", args=[team.pk])))
    assert table[0][:4] == ("Team", "Tim Solok", "SK number", "12/2024")
    header = table[2]
    body = [dict(zip(header, row, strict=True)) for row in table[3:]]
    assert [r["Name"] for r in body] == ["Ketua Tim", "Anggota Biasa"]
    assert body[1]["Phone"] == "0812" and body[1]["Open assignments"] == 1


def test_activity_export_is_scoped_and_filtered(client, make_user):
    now = timezone.now()
    rakor = ActivityFactory(title="Rakor PPK", kind="rakor", bodies=["13.02.03"], with_bawaslu=True)
    FollowUpFactory(activity=rakor)
    FollowUpFactory(activity=rakor, done=True)
    ActivityFactory(title='=HYPERLINK("x")', kind="bimtek", starts_at=now - datetime.timedelta(days=3))
    ActivityFactory(title="Rakor Pesisir Selatan", office_id="13.01")
    client.force_login(make_user(Role.VIEWER, "13.02"))
    url = reverse("activity_export", args=["13.02"])
    table = rows(client.get(url))
    body = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert {r["Title"] for r in body} == {"Rakor PPK", '\'=HYPERLINK("x")'}  # a formula stays text
    row = next(r for r in body if r["Title"] == "Rakor PPK")
    assert row["Open follow-ups"] == 1 and "13.02.03" in row["PPK/PPS involved"] and "Bawaslu" in row["Stakeholders"]
    assert isinstance(row["Starts at"], datetime.datetime)
    filtered = rows(client.get(url, {"kind": "bimtek"}))
    assert [r[3] for r in filtered[1:]] == ['\'=HYPERLINK("x")']
    # Another office's list is not there for this user at all.
    assert client.get(reverse("activity_export", args=["13.01"])).status_code == 404
