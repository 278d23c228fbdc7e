"""Hostile file names sent to the real upload endpoints (the evidence page's form and the API), in
multipart bodies built by hand: a browser or the test client would clean the name before sending it.

Django's multipart parser keeps only what follows the last / or \\ and drops characters that do not
print before any of our code sees the name (README, "Evidence"). Whatever a client sends, no NUL,
control character or path part reaches the evidence record, its history or the stored file's name;
what the parser leaves that is still a path ("C:x.pdf") is refused.
"""

import hashlib
import unicodedata

import pytest
from django.urls import reverse

from accounts.choices import Role
from files.store import content_name
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from tests.inventory.factories import evidence_dir, pdf_bytes

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"
BOUNDARY = "----siaga-names"

# The Content-Disposition parameter as sent, and the name the record must end up with.
CLEANED = {
    "parent-folders": (b'filename="../../etc/c_hasil.pdf"', "c_hasil.pdf"),
    "windows-path": (b'filename="C:\\\\Users\\\\ppk\\\\Desktop\\\\c_hasil.pdf"', "c_hasil.pdf"),
    "entity-slashes": (b'filename="..&#x2F;..&#x2F;c_hasil.pdf"', "c_hasil.pdf"),
    "nul": (b'filename="c_hasil\x00.pdf"', "c_hasil.pdf"),
    "control-characters": (b'filename="c_hasil\x01\x1b[2J\x7f\t.pdf"', "c_hasil[2J.pdf"),
    "right-to-left-override": ('filename="c_hasil\u202egpj.pdf"'.encode(), "c_hasilgpj.pdf"),
    "zero-width-and-line-separator": ('filename="c_\u200bhasil\u2028.pdf"'.encode(), "c_hasil.pdf"),
    "rfc2231-encoded": (b"filename*=UTF-8''..%2F..%2Fc_hasil%00%0D%0A.pdf", "c_hasil.pdf"),
}


def multipart(disposition: bytes, content: bytes, file_field: str, **fields) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; '.encode()
        + disposition
        + b"\r\nContent-Type: application/pdf\r\n\r\n"
        + content
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def send(client, endpoint: str, disposition: bytes, content: bytes):
    """POST one file through the page's form or the API, as a hostile client would."""
    url, field = {"page": (reverse("evidence_upload"), "files"), "api": (reverse("evidence-list"), "file")}[endpoint]
    body = multipart(disposition, content, field, kind=EvidenceKind.C_HASIL, region=TPS)
    return client.generic(
        "POST",
        url,
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture(autouse=True)
def _english(settings, evidence_dir):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def ppk_client(client, make_user):
    client.force_login(make_user(Role.PPK, "13.02.03"))
    return client


def hidden_or_path(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch).startswith("C") or ch in "/\\\u2028\u2029"]


@pytest.mark.parametrize("endpoint", ["page", "api"])
@pytest.mark.parametrize("case", sorted(CLEANED))
def test_hostile_names_reach_no_record(case, endpoint, ppk_client, evidence_dir):
    disposition, expected = CLEANED[case]
    content = pdf_bytes(f"C.Hasil {case} {endpoint}")
    response = send(ppk_client, endpoint, disposition, content)
    assert response.status_code in (200, 201), response.content
    evidence = Evidence.objects.get()
    assert evidence.original_name == expected
    recorded = [evidence.original_name, *evidence.history.values_list("original_name", flat=True)]
    assert all(name == expected for name in recorded), recorded
    assert not any(hidden_or_path(name) for name in recorded)
    sha = hashlib.sha256(content).hexdigest()
    assert evidence.file.name == content_name(sha, ".pdf")
    assert [p.relative_to(evidence_dir).as_posix() for p in evidence_dir.rglob("*") if p.is_file()] == [
        evidence.file.name
    ]
    shown = response.json()["original_name"] if endpoint == "api" else response.content.decode()
    assert expected in shown


@pytest.mark.parametrize("endpoint", ["page", "api"])
def test_drive_relative_name_refused(endpoint, ppk_client, evidence_dir):
    """Django keeps "C:c_hasil.pdf" whole; on Windows it is a path on drive C."""
    response = send(ppk_client, endpoint, b'filename="C:c_hasil.pdf"', pdf_bytes("C.Hasil drive"))
    text = response.content.decode()
    assert response.status_code == (200 if endpoint == "page" else 400), text
    assert "C:c_hasil.pdf" in text
    assert "folder path" in text
    assert not Evidence.objects.exists()
    assert not any(p.is_file() for p in evidence_dir.rglob("*"))
