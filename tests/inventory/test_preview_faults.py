"""Previews survive faults: an upload made while the broker is unreachable gets its preview from the
periodic sweep, and a preview whose row cannot be saved (the database went away) leaves no stored file
behind and is tried again."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.models import QuerySet

from inventory import tasks
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from inventory.previews import preview_name
from phpu.celery import app
from tests.inventory import hostile
from tests.inventory.factories import evidence_dir, jpeg_bytes, make_evidence, pdf_bytes
from tests.inventory.service_helpers import ppk, upload

pytestmark = pytest.mark.django_db

__all__ = ["evidence_dir", "ppk"]

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def previews_in(evidence_dir) -> list[str]:
    folder = evidence_dir / "previews"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def age(*evidence) -> None:
    """Older than the sweep's grace period, as an upload from before a broker outage is."""
    Evidence.objects.filter(pk__in=[e.pk for e in evidence]).update(
        uploaded_at=Evidence.objects.get(pk=evidence[0].pk).uploaded_at - tasks.SWEEP_GRACE - timedelta(seconds=1)
    )


@pytest.fixture(autouse=True)
def _fresh_cursor():
    from django.core.cache import cache

    cache.delete(tasks.SWEEP_CURSOR)
    yield
    cache.delete(tasks.SWEEP_CURSOR)


def test_an_upload_with_the_broker_down_gets_its_preview_from_the_sweep(
    ppk, evidence_dir, monkeypatch, django_capture_on_commit_callbacks
):
    dead = app.connection_for_write(NOTHING_LISTENS)
    tried = []

    def to_the_dead_broker(evidence_id):
        tried.append(evidence_id)
        return tasks.evidence_preview.apply_async(
            args=[evidence_id],
            connection=dead,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.2},
        )

    monkeypatch.setattr(tasks.evidence_preview, "delay", to_the_dead_broker)
    with django_capture_on_commit_callbacks(execute=True):
        evidence, created = upload(ppk, jpeg_bytes(71), "foto.jpg")

    assert created and tried == [evidence.pk]
    evidence.refresh_from_db()
    assert not evidence.preview and previews_in(evidence_dir) == []

    age(evidence)
    assert tasks.sweep_missing_previews.apply().get() == 1

    evidence.refresh_from_db()
    assert evidence.preview.name == preview_name(evidence.sha256)
    assert (evidence_dir / evidence.preview.name).is_file()


def test_the_sweep_is_bounded_oldest_first_and_skips_what_needs_no_preview(evidence_dir, monkeypatch):
    monkeypatch.setattr(tasks, "SWEEP_BATCH", 2)
    # make_evidence queues no preview outside a committed transaction: all three lack one.
    oldest, middle, newest = (make_evidence(content=jpeg_bytes(80 + n)) for n in range(3))
    video = make_evidence(kind=EvidenceKind.VIDEO, content=hostile.mp4_bytes(), name="rekaman.mp4")
    # Within the grace period: its own preview task is on its way.
    fresh = make_evidence(kind=EvidenceKind.C_HASIL, content=pdf_bytes("C.Hasil baru"))
    age(oldest, middle, newest, video)

    assert tasks.sweep_missing_previews.apply().get() == 2
    have = set(Evidence.objects.exclude(preview="").values_list("pk", flat=True))
    assert have == {oldest.pk, middle.pk}

    assert tasks.sweep_missing_previews.apply().get() == 1
    assert set(Evidence.objects.exclude(preview="").values_list("pk", flat=True)) == have | {newest.pk}
    assert not Evidence.objects.get(pk=video.pk).preview
    assert not Evidence.objects.get(pk=fresh.pk).preview


def test_the_sweep_is_scheduled():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.sweep_missing_previews.name]
    assert len(entries) == 1
    assert entries[0]["options"]["expires"] <= entries[0]["schedule"]  # runs do not pile up while no worker runs
    assert tasks.sweep_missing_previews.name in app.tasks


def failing_preview_save(monkeypatch, times: int) -> list:
    """The database goes away when the preview's row is saved, `times` times."""
    failures = []
    update = QuerySet.update

    def update_or_fail(self, **fields):
        if "preview" in fields and len(failures) < times:
            failures.append(fields["preview"])
            raise OperationalError("server closed the connection unexpectedly")
        return update(self, **fields)

    monkeypatch.setattr(QuerySet, "update", update_or_fail)
    return failures


def test_a_failed_preview_save_leaves_no_file_and_is_retried(evidence_dir, monkeypatch):
    evidence = make_evidence(content=jpeg_bytes(91))
    failures = failing_preview_save(monkeypatch, times=1)

    assert tasks.evidence_preview.apply(args=[evidence.pk]).successful()

    assert len(failures) == 1  # the first try failed, the retry made it
    evidence.refresh_from_db()
    assert evidence.preview.name == preview_name(evidence.sha256)
    assert previews_in(evidence_dir) == [f"{evidence.sha256}.jpg"]


def test_a_preview_save_that_keeps_failing_leaves_no_orphan_file(evidence_dir, monkeypatch):
    evidence = make_evidence(content=jpeg_bytes(92))
    failures = failing_preview_save(monkeypatch, times=100)

    result = tasks.evidence_preview.apply(args=[evidence.pk])

    assert isinstance(result.result, OperationalError)
    assert len(failures) == 1 + tasks.evidence_preview.max_retries
    assert not Evidence.objects.get(pk=evidence.pk).preview
    assert previews_in(evidence_dir) == []  # nothing stored that no row names


def test_a_preview_another_row_uses_is_kept_when_the_save_fails(evidence_dir, monkeypatch):
    """The same bytes in two regions share one preview file: a failed save for one keeps the other's."""
    content = jpeg_bytes(93)
    here = make_evidence("13.02.03.2002.001", content=content)
    there = make_evidence("13.02.03.2002.002", content=content)
    tasks.evidence_preview.apply(args=[here.pk], throw=True)
    failing_preview_save(monkeypatch, times=100)

    tasks.evidence_preview.apply(args=[there.pk])

    here.refresh_from_db()
    assert (evidence_dir / here.preview.name).is_file()
