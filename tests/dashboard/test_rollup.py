"""The dashboard's rollup (PostgreSQL triggers): after any sequence of changes, through the services or
around them, every cell equals the raw aggregate of the same definitions; the dashboard reads it and shows
a change on the next view; `manage.py rollup --verify` finds a corrupted cell and `--rebuild` mends it;
concurrent writers neither deadlock nor lose a count."""

import datetime
import io
import random
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import ProtectedError
from django.utils import timezone

from accounts.choices import Role
from core.errors import ApplicationError
from dashboard import rollup
from dashboard.selectors import dashboard
from elections.choices import Stage
from inventory.choices import STATUS_FLOW, EvidenceKind, Risk, Status
from inventory.models import Evidence, Problem
from inventory.services import evidence_upload, evidence_verify, problem_create, problem_set_status, problem_update
from regions.choices import Level
from regions.models import Region
from teams.models import MemberAssignment
from teams.services import assignment_complete, assignment_create
from tests.factories import UserFactory
from tests.inventory.factories import evidence_dir, jpeg_bytes, uploaded  # noqa: F401 - evidence_dir: fixture
from tests.inventory.service_helpers import problem_fields
from tests.teams.factories import MemberFactory, TeamFactory

pytestmark = [
    pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL triggers"),
    pytest.mark.usefixtures("evidence_dir"),
]

PLACES = ["13.02", "13.02.03", "13.02.04", "13.01", "11.01", "13.02.03.2002", "13"]
_seq = iter(range(10**6))


def tps_codes():
    return list(Region.objects.filter(level=Level.TPS, code__startswith="13.02.").values_list("code", flat=True))


def upload(code, kind=EvidenceKind.C_HASIL, problem=None, replaces=None):
    n = next(_seq)
    evidence, _created = evidence_upload(
        actor=None,
        file=uploaded(jpeg_bytes(900_000 + n), f"scan-{n}.jpg"),
        kind=kind,
        region=Region.objects.get(code=code),
        problem=problem,
        replaces=replaces,
    )
    return evidence


def newest(queryset):
    return queryset.current().order_by("?").first()


def step_create(rng, tps):
    code = rng.choice(tps + PLACES)
    problem = problem_create(actor=None, **problem_fields(region=Region.objects.get(code=code)))
    problem_update(actor=None, problem=problem, risk=rng.choice(Risk.values))


def step_status(rng, tps):
    problem = Problem.objects.order_by("?").first()
    if problem is not None:
        target = rng.choice(sorted(STATUS_FLOW[problem.status]))
        if target != Status.READY:  # ready needs verified evidence: the blockers are the services' business
            problem_set_status(actor=None, problem=problem, status=target)


def step_stage_or_move(rng, tps):
    problem = Problem.objects.order_by("?").first()
    if problem is not None:
        fields = {"stage": rng.choice(Stage.values)} if rng.random() < 0.5 else {}
        fields["region"] = Region.objects.get(code=rng.choice(tps + PLACES))
        problem_update(actor=None, problem=problem, **fields)


def step_evidence(rng, tps):
    problem = Problem.objects.order_by("?").first() if rng.random() < 0.6 else None
    code = problem.region_id if problem is not None else rng.choice(tps)
    upload(
        code, kind=rng.choice([EvidenceKind.C_HASIL, EvidenceKind.C_HASIL_SALINAN, EvidenceKind.PHOTO]), problem=problem
    )


def step_replace(rng, tps):
    old = newest(Evidence.objects.all())
    if old is not None:
        upload(old.region_id, kind=old.kind, replaces=old)


def step_verify(rng, tps):
    evidence = newest(Evidence.objects.filter(verification="pending"))
    if evidence is not None:
        evidence_verify(actor=None, evidence=evidence, verified=rng.random() < 0.7, reason="Blurred")


def step_delete(rng, tps):
    if rng.random() < 0.5:
        problem = Problem.objects.order_by("?").first()
        if problem is not None:
            problem.delete()  # as the admin does
    else:
        evidence = newest(Evidence.objects.all())
        if evidence is not None:  # the newest version: the one it replaced counts again
            evidence.problems.clear()
            evidence.delete()


def step_bulk(rng, tps):
    """Around the services: a queryset update, as an import or a data fix would do."""
    Problem.objects.filter(pk__in=Problem.objects.order_by("?").values("pk")[:3]).update(
        status=rng.choice(Status.values), stage=rng.choice(Stage.values)
    )


def step_assign(rng, tps):
    """Someone takes the problem on (or gives it back): it stops (starts) counting as nobody's."""
    problem = Problem.objects.order_by("?").first()
    if problem is None:
        return
    if rng.random() < 0.5:
        assignment = MemberAssignment.objects.filter(problem=problem).first()
        if assignment is None:
            member = MemberFactory(team=TeamFactory(office_id=problem.region_id[:5]), user=None)
            assignment_create(actor=None, member=member, problem=problem)
        else:
            assignment_complete(actor=None, assignment=assignment, done=not assignment.done)
    else:
        assignee = None if problem.assignee_id else UserFactory()
        Problem.objects.filter(pk=problem.pk).update(assignee=assignee)


STEPS = [step_create] * 3 + [step_status, step_stage_or_move, step_evidence, step_evidence, step_replace]
STEPS += [step_verify, step_verify, step_delete, step_bulk, step_assign, step_assign]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_rollup_equals_the_raw_aggregate_after_random_changes(seed):
    rng = random.Random(seed)
    tps = tps_codes()
    assert rollup.verify() == []
    done = []
    for _ in range(40):
        step = rng.choice(STEPS)
        try:
            step(rng, tps)
            done.append(step.__name__)
        except (ApplicationError, ProtectedError):  # refused (a move out of the assignee's reach, a delete
            # of a problem someone is assigned to): nothing changed
            done.append(f"{step.__name__} (refused)")
        assert rollup.verify() == [], done
    assert Problem.objects.exists() and Evidence.objects.filter(replaces__isnull=False).exists()
    # Nothing about this is lost in compaction.
    rollup.compact()
    assert rollup.verify() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dashboard_rollupdelta")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_the_dashboard_shows_a_change_on_the_next_view(make_user):
    user = make_user(Role.COMMISSIONER, None)
    tps = "13.02.04.2001.001"
    kecamatan = Region.objects.get(code="13.02.04")

    def row(region, code):
        return next(r for r in dashboard(user=user, region=region).rows if r.code == code)

    def province_row():
        return row(None, "13")

    before, village_before = province_row(), row(kecamatan, "13.02.04.2001")
    problem = problem_create(actor=None, **problem_fields(region=Region.objects.get(code=tps)))
    after = province_row()
    assert after.problems == before.problems + 1
    assert after.by_stage[(problem.stage, Status.NEW)] == before.by_stage[(problem.stage, Status.NEW)] + 1
    problem_set_status(actor=None, problem=problem, status=Status.IN_PROGRESS)
    moved = province_row()
    assert moved.by_stage[(problem.stage, Status.NEW)] == before.by_stage[(problem.stage, Status.NEW)]
    assert (
        moved.by_stage[(problem.stage, Status.IN_PROGRESS)] == before.by_stage[(problem.stage, Status.IN_PROGRESS)] + 1
    )
    scan = upload(tps)
    village = row(kecamatan, "13.02.04.2001")
    assert village.tps_with_c_hasil == village_before.tps_with_c_hasil + 1
    evidence_verify(actor=None, evidence=scan, verified=False, reason="Not a C.Hasil")
    assert row(kecamatan, "13.02.04.2001").tps_with_c_hasil == village_before.tps_with_c_hasil
    # Moved to Aceh: gone from the province's row at once.
    problem_update(actor=None, problem=problem, region=Region.objects.get(code="11.01"))
    assert province_row().problems == before.problems


@pytest.mark.django_db
def test_attention_counts_follow_writes_at_once(make_user):
    """Evidence awaiting verification for more than a day, open problems nobody handles: the counts
    (from the rollup) match the lists' definitions straight after each change."""
    user = make_user(Role.COMMISSIONER, "13.02")
    region = Region.objects.get(code="13.02")

    def counts():
        return dashboard(user=user, region=region).attention.counts

    before = counts()
    old = upload("13.02.03.2002.001", kind=EvidenceKind.PHOTO)
    fresh = counts()
    assert fresh["unverified_evidence"] == before["unverified_evidence"]  # uploaded just now
    Evidence.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - datetime.timedelta(days=2))
    assert counts()["unverified_evidence"] == before["unverified_evidence"] + 1
    upload("13.02.03.2002.001", kind=EvidenceKind.PHOTO, replaces=Evidence.objects.get(pk=old.pk))
    assert counts()["unverified_evidence"] == before["unverified_evidence"]  # the new version is a day younger
    problem = problem_create(actor=None, **problem_fields(region=Region.objects.get(code="13.02.04.2001.001")))
    assert counts()["unassigned_problems"] == before["unassigned_problems"] + 1
    member = MemberFactory(team=TeamFactory(office_id="13.02"), user=None)
    assignment = assignment_create(actor=None, member=member, problem=problem)
    assert counts()["unassigned_problems"] == before["unassigned_problems"]
    assignment_complete(actor=None, assignment=assignment)
    assert counts()["unassigned_problems"] == before["unassigned_problems"] + 1


@pytest.mark.django_db
def test_the_dashboard_counts_from_the_rollup(make_user):
    """The figures come from the rollup, not from the raw rows: a cell changed behind the triggers' back
    shows (which is why --verify exists)."""
    user = make_user(Role.COMMISSIONER, None)
    before = next(r for r in dashboard(user=user, region=None).rows if r.code == "13")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dashboard_rollupdelta (node, measure, stage, status, risk, flag, n)"
            " VALUES ('13', 'tps', '', '', '', true, 5)"
        )
    after = next(r for r in dashboard(user=user, region=None).rows if r.code == "13")
    assert (after.tps, after.tps_with_c_hasil) == (before.tps + 5, before.tps_with_c_hasil + 5)


@pytest.mark.django_db
def test_verify_names_a_corrupted_cell_and_rebuild_mends_it():
    problem_create(actor=None, **problem_fields(region=Region.objects.get(code="13.02.03.2002.001")))
    upload("13.02.03.2002.002")
    rollup.compact()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE dashboard_rollupcell SET n = n + 1 WHERE node = '13.02.03' AND measure = 'problem'")
        cursor.execute("DELETE FROM dashboard_rollupcell WHERE node = '13.02.03.2002.002' AND measure = 'tps' AND flag")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rollup", "--verify", stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert "13.02.03 problems stage=penghitungan status=new" in err.getvalue()
    assert "13.02.03.2002.002 TPS with C.Hasil: rollup 0, raw 1" in err.getvalue()
    assert "differs from the raw aggregate in 2 cells" in err.getvalue()
    call_command("rollup", "--rebuild", "--verify", stdout=out, stderr=err)
    assert "every cell equals the raw aggregate" in out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def _restore_session_data(django_db_setup, django_db_blocker):
    """The transactional test's flush removes the session's regions: put them back for the tests after it."""
    yield
    from tests.e2e.conftest import restore_session_data

    with django_db_blocker.unblock():
        restore_session_data()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_neither_deadlock_nor_lose_counts():
    """Eight threads at once create problems all over the country (each write adds to the country's
    counts), move them, upload and verify scans at the same TPS: all commit, and the rollup is exact."""
    from tests.e2e.conftest import restore_session_data

    restore_session_data()
    tps = tps_codes()
    barrier = threading.Barrier(8)
    errors = []

    def work(i):
        rng = random.Random(i)
        try:
            barrier.wait()
            for _ in range(6):
                problem = problem_create(actor=None, **problem_fields(region=Region.objects.get(code=rng.choice(tps))))
                problem_update(actor=None, problem=problem, region=Region.objects.get(code=rng.choice(PLACES)))
                scan = upload(tps[i % 2], problem=problem)
                evidence_verify(actor=None, evidence=scan, verified=True)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Problem.objects.count() == 48
    assert rollup.verify() == []


@pytest.mark.django_db
def test_the_beat_task_folds_the_deltas_into_the_cells(settings):
    from dashboard.tasks import rollup_compact

    assert settings.CELERY_BEAT_SCHEDULE["rollup-compact"]["task"] == "dashboard.tasks.rollup_compact"
    problem_create(actor=None, **problem_fields(region=Region.objects.get(code="13.02.03.2002.001")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dashboard_rollupdelta")
        assert cursor.fetchone()[0] > 0
        rollup_compact()
        cursor.execute("SELECT count(*) FROM dashboard_rollupdelta")
        assert cursor.fetchone()[0] == 0
    assert rollup.verify() == []
