"""Nothing is lost when a part fails under an upload: storage full or not writable, and the database
connection dropped mid-upload (what a PostgreSQL restart does to a request). The uploader gets a clear
answer (503: try again), no row points at a missing file, no orphan file is left, and a retry works."""

import errno
import hashlib
import os

import psycopg2
import pytest
from django.db import connection
from django.db.models.signals import pre_save

from accounts.choices import Role
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from tests.inventory.factories import evidence_dir, jpeg_bytes

__all__ = ["evidence_dir"]

TPS = "13.02.03.2002.001"


def upload(client, content: bytes, name="foto.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/api/evidence/",
        {"file": SimpleUploadedFile(name, content, "image/jpeg"), "kind": EvidenceKind.PHOTO, "region": TPS},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def files_in(directory) -> list:
    return sorted(p for p in directory.rglob("*") if p.is_file())


@pytest.mark.django_db
@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EACCES, errno.EROFS], ids=["full", "denied", "read-only"])
def test_storage_that_cannot_write_refuses_clearly_and_keeps_no_row(
    client, make_user, evidence_dir, monkeypatch, error
):
    client.force_login(make_user(Role.PPK, "13.02.03"))

    real_open = os.open

    def cannot_write(path, flags, *args, **kwargs):
        # Where the operating system refuses it: opening a file for writing in the evidence folder.
        if flags & (os.O_WRONLY | os.O_RDWR) and str(path).startswith(str(evidence_dir)):
            raise OSError(error, "simulated by the test")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", cannot_write)
    response = upload(client, jpeg_bytes(7))
    assert response.status_code == 503, response.content
    assert "nothing was saved" in response.json()["message"]
    assert not Evidence.objects.exists()
    assert files_in(evidence_dir) == []

    monkeypatch.undo()  # the disk has room again: the same file goes through
    client.force_login(make_user(Role.PPK, "13.02.03"))
    assert upload(client, jpeg_bytes(7)).status_code == 201
    assert Evidence.objects.count() == 1


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="drops a PostgreSQL connection")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_database_connection_lost_mid_upload_leaves_no_orphan_and_a_retry_works(client, make_user, evidence_dir):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()
    try:
        client.force_login(make_user(Role.PPK, "13.02.03"))
        content = jpeg_bytes(11)

        def drop_my_connection(sender, instance, **kwargs):
            # The server ends this backend, as a restart or a failover does, just before the insert.
            pid = connection.connection.info.backend_pid
            settings = connection.settings_dict
            other = psycopg2.connect(
                dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
            )
            other.autocommit = True
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            other.close()

        pre_save.connect(drop_my_connection, sender=Evidence, dispatch_uid="drop")
        try:
            response = upload(client, content)
        finally:
            pre_save.disconnect(dispatch_uid="drop", sender=Evidence)
        assert response.status_code == 503, response.content
        assert "database could not be reached" in response.json()["message"]
        assert files_in(evidence_dir) == []  # the bytes were taken back out
        assert not Evidence.objects.exists()

        retry = upload(client, content)
        assert retry.status_code == 201, retry.content
        evidence = Evidence.objects.get()
        assert evidence.sha256 == hashlib.sha256(content).hexdigest()
        assert [p.read_bytes() for p in files_in(evidence_dir)] == [content]
    finally:
        restore_session_data()


@pytest.mark.django_db
def test_with_redis_down_pages_and_uploads_keep_working(
    client, make_user, evidence_dir, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """Redis gone (cache and broker): the pages answer, an upload is stored and answered 201; only its
    preview task cannot be sent, which is logged (the preview is made later, or shown as missing)."""
    from inventory import tasks
    from phpu.celery import app

    nothing_there = "redis://127.0.0.1:1/0"
    settings.CACHES = {"default": {"BACKEND": "core.cache.ForgivingRedisCache", "LOCATION": nothing_there}}
    dead = app.connection_for_write(nothing_there)
    sent = []

    def to_the_dead_broker(evidence_id):
        sent.append(evidence_id)
        return tasks.evidence_preview.apply_async(
            args=[evidence_id],
            connection=dead,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.2},
        )

    monkeypatch.setattr(tasks.evidence_preview, "delay", to_the_dead_broker)
    client.force_login(make_user(Role.PPK, "13.02.03"))

    for page in ("/dashboard/13.02.03/", "/inventory/problems/", "/search/?q=suara", "/api/problems/"):
        assert client.get(page).status_code == 200, page
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, jpeg_bytes(31))

    assert response.status_code == 201, response.content[:300]
    stored = Evidence.objects.get(pk=response.json()["id"])
    assert (evidence_dir / stored.file.name).is_file()
    assert sent == [stored.pk]  # it was tried, and its failure did not fail the upload
    assert any("evidence_preview" in r.getMessage() or r.exc_info for r in caplog.records if r.levelname == "ERROR")
