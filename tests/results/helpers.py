"""The presidential contest of Pemilu 2024 with its three pairs and their Sirekap ids, and the
hand-written Sirekap and D.Hasil files of kecamatan Pantai Cermin (13.02.03: six TPS in two villages)."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Contest, Election, Participant
from results.choices import Source
from results.models import ParticipantCode

FIXTURES = Path(__file__).parent / "fixtures"
KECAMATAN = "13.02.03"
SIREKAP_IDS = {1: "100025", 2: "100026", 3: "100027"}


def make_ppwp() -> Contest:
    election, _ = Election.objects.get_or_create(
        name="Pemilu 2024", defaults={"kind": ElectionKind.PEMILU, "voting_date": "2024-02-14"}
    )
    contest = Contest.objects.create(election=election, contest_type=ContestType.PPWP)
    for number, code in SIREKAP_IDS.items():
        pair = Participant.objects.create(
            contest=contest, kind=ParticipantKind.PAIR, name=f"Pasangan {number:02d}", ballot_number=number
        )
        ParticipantCode.objects.create(contest=contest, participant=pair, source=Source.SIREKAP, code=code)
    return contest


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    """A fixture file (or `content` under that name) as an upload."""
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, data)


def pair(contest: Contest, number: int) -> Participant:
    return contest.participants.get(ballot_number=number)
