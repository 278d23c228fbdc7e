"""What the inventory service tests share: three TPS of Kabupaten Solok, the actors, English messages,
and helpers that upload a file or build a problem's fields."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.choices import Role
from elections.choices import Stage
from inventory.choices import EvidenceKind, FollowUp, Source
from inventory.models import Category
from inventory.services import evidence_upload
from regions.models import Region

TPS = "13.02.03.2002.001"  # Pantai Cermin (13.02.03)
TPS_2 = "13.02.03.2002.002"
OTHER_TPS = "13.02.04.2001.001"  # Lembah Gumanti (13.02.04)


# Autouse: every test of a module that imports it stores evidence in a temporary folder (evidence_dir, which
# that module imports too) and reads the messages in English.
@pytest.fixture(autouse=True)
def in_english(settings, evidence_dir):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture
def ppk(make_user):
    return make_user(Role.PPK, "13.02.03")


@pytest.fixture
def technical(make_user):
    return make_user(Role.TECHNICAL, "13.02")


@pytest.fixture
def technical_2(make_user):
    return make_user(Role.TECHNICAL, "13.02")


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


def region(code):
    return Region.objects.get(code=code)


def upload(actor, content, name, kind=EvidenceKind.PHOTO, code=TPS, **kwargs):
    return evidence_upload(
        actor=actor, file=SimpleUploadedFile(name, content), kind=kind, region=region(code), **kwargs
    )


def files_in(directory) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def problem_fields(**overrides):
    fields = {
        "region": region(TPS),
        "stage": Stage.PENGHITUNGAN,
        "category": Category.objects.get(slug="lainnya"),
        "title": "Ballot box opened before the count",
        "description": "The KPPS opened the box before the witnesses arrived.",
        "source": Source.WITNESS,
        "follow_up": FollowUp.NONE,
    }
    fields.update(overrides)
    return fields
