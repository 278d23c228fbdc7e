"""Factories for the teams tests (shared by model, service, readiness and API tests; the pages owner
may import them too). Files always go through the services, so every SK scan and minutes file in a
test was sniffed, hashed and stored like a real upload (use the `evidence_dir` fixture)."""

import datetime
import itertools

import factory
from django.utils import timezone

from elections.choices import ElectionKind
from elections.models import Election
from teams.choices import ActivityKind, Division, Position, TeamStatus
from teams.models import Activity, ActivityFollowUp, MemberAssignment, TaskTeam, TeamMember
from tests.inventory.factories import pdf_bytes, uploaded

_counter = itertools.count(1)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Pilkada test {n}")
    kind = ElectionKind.PILKADA
    voting_date = datetime.date(2024, 11, 27)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskTeam

    office_id = "13.02"
    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"Tim Penyelesaian PHP {n}")
    status = TeamStatus.DRAFT


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Anggota {n}")
    institution = "KPU Kabupaten Solok"
    position = Position.ANGGOTA
    division = Division.HUKUM


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberAssignment

    member = factory.SubFactory(MemberFactory)
    region_id = "13.02.03"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    office_id = "13.02"
    kind = ActivityKind.RAKOR
    title = factory.Sequence(lambda n: f"Rakor {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    place = "Aula KPU Kabupaten Solok"

    @factory.post_generation
    def bodies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.bodies.set(extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityFollowUp

    activity = factory.SubFactory(ActivityFactory)
    description = factory.Sequence(lambda n: f"Tindak lanjut {n}")


def sk_pdf(name: str | None = None):
    """A fresh SK scan (a PDF whose bytes no other call in the run has used)."""
    n = next(_counter)
    return uploaded(pdf_bytes(f"SK KPU nomor {n} {timezone.now().isoformat()}"), name or f"sk-{n}.pdf")


def make_active_team(office="13.02", election=None, **fields) -> TaskTeam:
    """A team with SK number, date, scan and a period covering today, activated through the services."""
    from teams.services import team_activate, team_sk_upload

    today = timezone.localdate()
    team = TeamFactory(
        office_id=office,
        election=election or ElectionFactory(),
        sk_number=fields.pop("sk_number", "12/PP.01-Kpt/1302/2024"),
        sk_date=fields.pop("sk_date", today - datetime.timedelta(days=30)),
        period_start=fields.pop("period_start", today - datetime.timedelta(days=30)),
        period_end=fields.pop("period_end", today + datetime.timedelta(days=90)),
        **fields,
    )
    team = team_sk_upload(actor=None, team=team, file=sk_pdf())
    return team_activate(actor=None, team=team)
