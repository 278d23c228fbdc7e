"""A disk that fills up while a finished dossier is being stored (issue 19, item 4): the job fails
naming the full disk, and neither a zero-byte or partial PDF nor a temporary file stays in the dossier
storage, nor the job's work folder. "Full" is injected at `os.write` on files under the dossier storage,
after part of the PDF went through; the render itself is real."""

import errno
import os

import pytest
from django.utils import translation

from dossiers import jobs
from dossiers.choices import JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_disk_fills_up(storage, monkeypatch):
    _evidence_dir, dossier_dir = storage
    real_write = os.write
    written = []

    def write(fd, data):
        if not os.readlink(f"/proc/self/fd/{fd}").startswith(str(dossier_dir)):
            return real_write(fd, data)
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(fd)
        return real_write(fd, bytes(data[: max(1, len(data) // 2)]))

    monkeypatch.setattr(os, "write", write)
    return dossier_dir


def test_a_disk_full_while_storing_the_pdf_leaves_nothing_behind(
    legal, dossier_case, request_job, dossier_disk_fills_up, tmp_path, settings
):
    settings.DOSSIER_WORK_DIR = str(tmp_path / "work")
    (tmp_path / "work").mkdir()
    job = request_job(legal, "exhibit_list", case=dossier_case)

    assert jobs.render_job(job.pk, last_try=True) == "failed"

    job.refresh_from_db()
    with translation.override(settings.LANGUAGE_CODE):
        assert job.status == JobStatus.FAILED and str(jobs.STORAGE_REFUSALS[errno.ENOSPC]) in job.error
    assert not job.output.name
    assert [path for path in dossier_disk_fills_up.rglob("*") if path.is_file()] == []
    assert list((tmp_path / "work").iterdir()) == []
