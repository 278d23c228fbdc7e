"""Broker outage at upload time, end to end: the upload commits while its preview task cannot be sent;
once the broker is back, a real worker running the beat's preview sweep makes the preview. The test
measures how long that takes from the first sweep (printed; the README's fault table quotes it)."""

import time
import uuid

import pytest
from django.core.cache import cache

from inventory import tasks
from inventory.models import Evidence
from tests.dossiers.test_worker import forget_queue, logs, postgresql_or_skip, skip_unless_postgresql, worker_env
from tests.e2e.conftest import restore_session_data
from tests.inventory.factories import evidence_dir, jpeg_bytes
from tests.inventory.service_helpers import ppk, upload
from tests.phpu.test_worker import Worker

pytestmark = [pytest.mark.worker, skip_unless_postgresql, pytest.mark.django_db(transaction=True)]

__all__ = ["evidence_dir", "ppk"]

TIMEOUT = 90  # seconds, worker start included


@pytest.fixture(autouse=True)
def _session_data(transactional_db, django_db_blocker):
    postgresql_or_skip()
    restore_session_data()
    yield
    with django_db_blocker.unblock():
        restore_session_data()


def test_a_preview_lost_to_a_broker_outage_is_made_by_the_sweep(ppk, evidence_dir, monkeypatch, tmp_path):
    def broker_down(evidence_id):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.evidence_preview, "delay", broker_down)
    evidence, _ = upload(ppk, jpeg_bytes(77), "foto.jpg")  # commits: on_commit runs, and fails quietly
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=evidence.uploaded_at - 2 * tasks.SWEEP_GRACE)
    evidence.refresh_from_db()
    assert not evidence.preview

    queue = f"pytest-previews-{uuid.uuid4().hex}"
    cache.delete(tasks.SWEEP_CURSOR)
    worker = Worker(worker_env(evidence_dir.parent, tmp_path / "work"), tmp_path / "worker.log", queue)
    try:
        started = time.monotonic()
        # What beat does every few minutes; here each second, until the preview is there.
        while not Evidence.objects.get(pk=evidence.pk).preview:
            worker.assert_alive()
            if time.monotonic() - started > TIMEOUT:
                pytest.fail(f"No preview within {TIMEOUT} s\n{logs([worker])}")
            tasks.sweep_missing_previews.apply_async(queue=queue, expires=5)
            time.sleep(1)
        print(f"preview made {time.monotonic() - started:.1f} s after the first sweep was sent (worker start included)")
    finally:
        worker.stop()
        forget_queue(queue)
        cache.delete(tasks.SWEEP_CURSOR)

    evidence.refresh_from_db()
    assert (evidence_dir / evidence.preview.name).is_file()
