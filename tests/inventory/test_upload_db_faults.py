"""The database connection dies at some point of an API upload (a PostgreSQL restart, a failover, an
administrator ending backends). The uploader is told the truth in JSON: 503 "nothing was saved" with a
Retry-After when nothing was, and 201 with the stored evidence once its row was committed, whatever
fails after that. Real PostgreSQL: the test ends its own backend from a second connection."""

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models.signals import pre_save

from accounts.choices import Role
from inventory import services
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from tests.inventory.factories import ProblemFactory, evidence_dir, jpeg_bytes

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="ends a PostgreSQL backend")

TPS = "13.02.03.2002.001"


@pytest.fixture(scope="module", autouse=True)
def _restore_session_data(django_db_setup, django_db_blocker):
    """The transactional tests' flush removes the session's regions: put them back for the tests after."""
    yield
    from tests.e2e.conftest import restore_session_data

    with django_db_blocker.unblock():
        restore_session_data()


@pytest.fixture
def uploader(client, make_user):
    from tests.e2e.conftest import restore_session_data

    restore_session_data()  # an earlier transactional module may have flushed them
    client.force_login(make_user(Role.PPK, "13.02.03"))
    yield client
    if not connection.is_usable():
        connection.close()  # the request's connection was the test's: flushing needs a live one


def end_my_backend(*args, **kwargs):
    """What a restart does to this request's connection: the server ends it."""
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def close_my_connection(*args, **kwargs):
    """The driver already knows the connection is gone: the next query is an InterfaceError."""
    connection.connection.close()


def upload(client, content: bytes, **extra):
    return client.post(
        "/api/evidence/",
        {"file": SimpleUploadedFile("c-hasil.jpg", content, "image/jpeg"), "kind": EvidenceKind.PHOTO, "region": TPS}
        | extra,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def files_in(directory) -> list:
    return sorted(p for p in directory.rglob("*") if p.is_file())


def before_the_duplicate_check(monkeypatch, fault):
    real_inspect = services.inspect_upload

    def inspect_then_fail(*args, **kwargs):
        facts = real_inspect(*args, **kwargs)
        fault()
        return facts

    monkeypatch.setattr(services, "inspect_upload", inspect_then_fail)


def before_the_insert(monkeypatch, fault):
    pre_save.connect(lambda **kwargs: fault(), sender=Evidence, dispatch_uid="fault", weak=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", [end_my_backend, close_my_connection], ids=["ended", "closed"])
@pytest.mark.parametrize("where", ["before-duplicate-check", "before-insert"])
def test_a_connection_lost_before_the_commit_answers_json_503_and_keeps_nothing(
    uploader, evidence_dir, monkeypatch, fault, where
):
    content = jpeg_bytes(606)
    if where == "before-duplicate-check":
        before_the_duplicate_check(monkeypatch, fault)
    else:
        before_the_insert(monkeypatch, fault)
    try:
        response = upload(uploader, content)
    finally:
        pre_save.disconnect(sender=Evidence, dispatch_uid="fault")
    connection.close()  # the test's own connection was the request's

    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) > 0
    assert "nothing was saved" in response.json()["message"]
    assert not Evidence.objects.exists()
    assert files_in(evidence_dir) == []

    monkeypatch.undo()
    assert upload(uploader, content).status_code == 201  # and sending it again works


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fault", [end_my_backend, close_my_connection], ids=["ended", "closed"])
def test_a_connection_lost_right_after_the_commit_still_answers_201(uploader, evidence_dir, fault):
    problem = ProblemFactory(region_id=TPS)
    content = jpeg_bytes(707)

    def fail_after_commit(sender, instance, **kwargs):
        transaction.on_commit(fault)

    pre_save.connect(fail_after_commit, sender=Evidence, dispatch_uid="fault", weak=False)
    try:
        response = upload(uploader, content, problem=problem.pk)
    finally:
        pre_save.disconnect(sender=Evidence, dispatch_uid="fault")
    connection.close()

    assert response.status_code == 201, response.content[:300]
    body = response.json()
    stored = Evidence.objects.get()
    assert body["id"] == stored.pk
    assert body["sha256"] == stored.sha256
    assert body["problems"] == [problem.pk]
    assert body["duplicate"] is False
    assert list(stored.problems.all()) == [problem]
    assert [p.read_bytes() for p in files_in(evidence_dir)] == [content]
