"""files.store: bytes go in under their hash through a temporary name (a failure leaves neither a
temporary file nor part of a file under the final name), and `discard` takes back only what no row of
any model uses, whichever app's upload failed."""

import hashlib
import io
import os

import pytest
from django.core.files import File

from files.store import content_name, discard, put, walk
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from inventory.storage import evidence_storage
from regions.models import Region
from teams.models import TaskTeam
from teams.services import team_sk_upload
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes, uploaded
from tests.teams.factories import TeamFactory

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def stored_names() -> list[str]:
    return list(walk(evidence_storage()))


class BreaksWhileRead(io.BytesIO):
    """A stream that fails after its first chunk, as a client that disconnects mid-upload."""

    def __init__(self, content: bytes):
        super().__init__(content)
        self.reads = 0

    def read(self, size=-1):
        self.reads += 1
        if self.reads > 1:
            raise OSError("the connection was reset")
        return super().read(size)


def test_put_stores_the_bytes_once_under_their_hash(evidence_dir):
    content = jpeg_bytes(900)
    first = put(uploaded(content, "a.jpg"), storage_key="evidence", sha256=sha(content), extension=".jpg")
    again = put(uploaded(content, "b.jpg"), storage_key="evidence", sha256=sha(content), extension=".jpg")
    assert (first.name, first.wrote) == (content_name(sha(content), ".jpg"), True)
    assert (again.name, again.wrote) == (first.name, False)
    assert stored_names() == [first.name]
    assert (evidence_dir / first.name).read_bytes() == content


def test_the_final_name_appears_only_whole(evidence_dir, monkeypatch):
    content = pdf_bytes("utuh") * 50
    final = evidence_dir / content_name(sha(content), ".pdf")
    real_replace = os.replace
    seen = []

    def replace(src, dst):
        seen.append((os.path.basename(src), os.path.getsize(src), os.path.exists(dst)))
        real_replace(src, dst)

    monkeypatch.setattr("files.store.os.replace", replace)
    put(uploaded(content, "a.pdf"), storage_key="evidence", sha256=sha(content), extension=".pdf")
    [(temporary, size, existed)] = seen
    assert temporary.startswith(".") and temporary.endswith(".part")
    assert size == len(content) and not existed
    assert final.read_bytes() == content
    assert stored_names() == [content_name(sha(content), ".pdf")]


def test_a_write_that_fails_midway_leaves_no_temporary_and_no_partial_file(evidence_dir):
    content = os.urandom(300 * 1024)  # several chunks: the first is written before the stream breaks
    with pytest.raises(OSError, match="reset"):
        put(File(BreaksWhileRead(content), name="a.mp4"), storage_key="evidence", sha256=sha(content), extension=".mp4")
    assert stored_names() == []


def test_a_rename_that_fails_leaves_no_temporary_file(evidence_dir, monkeypatch):
    def cannot_rename(src, dst):
        raise OSError("read-only file system")

    monkeypatch.setattr("files.store.os.replace", cannot_rename)
    content = jpeg_bytes(901)
    with pytest.raises(OSError, match="read-only"):
        put(uploaded(content, "a.jpg"), storage_key="evidence", sha256=sha(content), extension=".jpg")
    assert stored_names() == []


def test_discard_removes_a_file_no_row_uses(evidence_dir):
    content = jpeg_bytes(902)
    stored = put(uploaded(content, "a.jpg"), storage_key="evidence", sha256=sha(content), extension=".jpg")
    assert discard("evidence", stored.name) is True
    assert stored_names() == []


def test_discard_keeps_a_file_another_models_row_uses(evidence_dir):
    """The same bytes as evidence and as a team's SK scan: one stored file, two rows of two apps."""
    content = pdf_bytes("SK dan bukti sekaligus")
    team = team_sk_upload(actor=None, team=TeamFactory(), file=uploaded(content, "sk.pdf"))
    evidence = make_evidence(TPS, kind=EvidenceKind.DECREE, content=content)
    assert team.sk_file.name == evidence.file.name

    Evidence.objects.filter(pk=evidence.pk).delete()
    assert discard("evidence", team.sk_file.name) is False  # the team still points at it
    assert stored_names() == [team.sk_file.name]

    TaskTeam.objects.filter(pk=team.pk).update(sk_file="")
    assert discard("evidence", team.sk_file.name) is True


def test_a_failed_evidence_upload_keeps_the_bytes_a_team_took_meanwhile(evidence_dir, monkeypatch):
    """An evidence upload writes new bytes; before its row is in, a team's SK upload of the same bytes
    finds them and points at them; then the evidence insert fails. Taking its bytes back must look at
    every model, not only evidence: the team's scan stays."""
    from inventory import services

    content = pdf_bytes("SK yang juga dijadikan bukti")
    team = TeamFactory()
    real_put = services.put

    def put_then_the_team_takes_it(fileobj, **kwargs):
        stored = real_put(fileobj, **kwargs)
        TaskTeam.objects.filter(pk=team.pk).update(sk_file=stored.name, sk_sha256=kwargs["sha256"])
        return stored

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "put", put_then_the_team_takes_it)
    monkeypatch.setattr(Evidence, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.evidence_upload(
            actor=None,
            file=uploaded(content, "sk.pdf"),
            kind=EvidenceKind.DECREE,
            region=Region.objects.get(code=TPS),
        )
    team.refresh_from_db()
    assert team.sk_file.name == content_name(sha(content), ".pdf")
    assert (evidence_dir / team.sk_file.name).read_bytes() == content
    assert not Evidence.objects.exists()


def test_a_damaged_copy_is_replaced_by_the_right_bytes_under_the_same_name(evidence_dir):
    """Cut off by a full disk or tampered with: the next put of the bytes repairs the name, rather than
    storing them a second time under a suffixed name."""
    content = jpeg_bytes(903)
    first = put(uploaded(content, "a.jpg"), storage_key="evidence", sha256=sha(content), extension=".jpg")
    (evidence_dir / first.name).write_bytes(b"tampered")
    second = put(uploaded(content, "a.jpg"), storage_key="evidence", sha256=sha(content), extension=".jpg")
    assert second.wrote and second.name == first.name
    assert (evidence_dir / first.name).read_bytes() == content
    assert stored_names() == [first.name]
