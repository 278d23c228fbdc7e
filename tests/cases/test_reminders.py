"""Deadline reminders: the real task function, with the clock fixed through its `now` parameter."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.choices import Role
from cases.choices import CaseStatus, DeadlineUnit, HearingAgenda, OrderKind
from cases.deadlines import WIB
from cases.models import CaseOrder
from cases.tasks import send_deadline_reminders
from notifications.models import Notification
from tests.cases.factories import CaseFactory, ClaimFactory, HearingFactory

pytestmark = pytest.mark.django_db

# Decree 16 Dec 2024 14:00 WIB (a Monday): the Pilkada filing deadline is the end of Wed 18 Dec, the third
# working day counting the Monday.
DECREE = dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def people(make_user):
    return make_user(Role.LEGAL, "13.02"), make_user(Role.COMMISSIONER, "13.02"), make_user(Role.LEGAL, "13.02")


@pytest.fixture
def case(people):
    member, assignee, _bystander = people
    case = CaseFactory(result_decree_at=DECREE)
    case.members.add(member)
    ClaimFactory(case=case, assignee=assignee)
    return case


def test_members_and_assignees_hear_of_deadlines_within_72_hours(case, people):
    member, assignee, bystander = people
    sent = send_deadline_reminders(now=dt.datetime(2024, 12, 17, 6, 0, tzinfo=WIB))
    assert sent >= 2
    for person in (member, assignee):
        notes = Notification.objects.filter(user=person)
        assert notes.exists()
        assert all(case.register_number in n.title for n in notes)
        assert all(n.url == f"/cases/{case.pk}/" for n in notes)
        assert any("WIB" in n.body for n in notes)
    assert not Notification.objects.filter(user=bystander).exists()
    assert Notification.objects.filter(user=member, key__contains=":filing-pilkada:").exists()


def test_idempotent_per_day_and_again_next_day(case, people):
    member, _assignee, _ = people
    first = send_deadline_reminders(now=dt.datetime(2024, 12, 17, 6, 0, tzinfo=WIB))
    again = send_deadline_reminders(now=dt.datetime(2024, 12, 17, 9, 30, tzinfo=WIB))
    assert first > 0 and again == 0
    before = Notification.objects.filter(user=member).count()
    assert send_deadline_reminders(now="2024-12-18T06:00:00+07:00") > 0  # ISO text, as beat may pass it
    assert Notification.objects.filter(user=member).count() > before


def test_nothing_far_away_or_already_met(case, people):
    member, _assignee, _ = people
    assert send_deadline_reminders(now=dt.datetime(2024, 12, 1, 6, 0, tzinfo=WIB)) == 0  # decree not yet
    case.petition_filed_at = dt.datetime(2024, 12, 18, 10, 0, tzinfo=WIB)  # the filing deadline is met
    case.save()
    send_deadline_reminders(now=dt.datetime(2024, 12, 17, 6, 0, tzinfo=WIB))
    assert not Notification.objects.filter(user=member, key__contains="filing-pilkada").exists()


def test_hearing_witness_deadline(people):
    member = people[0]
    case = CaseFactory(result_decree_at=None)
    case.members.add(member)
    HearingFactory(case=case, agenda=HearingAgenda.EVIDENCE, starts_at=dt.datetime(2025, 1, 22, 9, 0, tzinfo=WIB))
    send_deadline_reminders(now=dt.datetime(2025, 1, 20, 6, 0, tzinfo=WIB))
    assert Notification.objects.filter(user=member).exists()


RULING = dt.datetime(2025, 2, 24, 15, 0, tzinfo=WIB)


@pytest.fixture
def decided(people):
    """A case ruled on 24 Feb 2025, its first person a member."""
    case = CaseFactory(result_decree_at=None, status=CaseStatus.DECISION, decision_at=RULING)
    case.members.add(people[0])
    return case


def test_an_ordered_psu_is_reminded_by_the_period_the_ruling_sets(decided, people):
    member = people[0]
    CaseOrder.objects.create(case=decided, kind=OrderKind.PSU, period_amount=60, period_unit=DeadlineUnit.DAYS)
    assert send_deadline_reminders(now=dt.datetime(2025, 4, 20, 6, 0, tzinfo=WIB)) == 0  # due 25 Apr: 5 days away
    send_deadline_reminders(now=dt.datetime(2025, 4, 23, 6, 0, tzinfo=WIB))
    note = Notification.objects.get(user=member, key__startswith="order:")
    assert "25 Apr 2025" in note.body
    assert decided.register_number in note.title


def test_an_order_without_a_period_gets_no_invented_date(decided, people):
    """No default period: no due date is made up (the old default was 10 days, 6 Mar 2025), and a date
    typed into due_date without a period is not trusted either; the reminder asks for the period."""
    member = people[0]
    order = CaseOrder.objects.create(case=decided, kind=OrderKind.PSU, due_date=dt.date(2025, 3, 6))
    sent = send_deadline_reminders(now=dt.datetime(2025, 3, 4, 6, 0, tzinfo=WIB))
    assert sent == 1
    note = Notification.objects.get(user=member)
    assert note.key.startswith(f"order-period:{order.pk}:")
    assert (
        "the period set by the ruling is not entered" in note.body
        or "jangka waktu yang ditetapkan putusan belum diisi" in note.body
    )
    assert not re.search(r"\d{1,2} \w{3} \d{4}", note.body)  # no date in it
    assert not Notification.objects.filter(key__startswith="order:").exists()
    assert send_deadline_reminders(now=dt.datetime(2025, 3, 4, 9, 0, tzinfo=WIB)) == 0  # once a day


def test_an_order_with_a_period_but_no_ruling_time_is_quiet(people):
    case = CaseFactory(result_decree_at=None, status=CaseStatus.DECISION, decision_at=None)
    case.members.add(people[0])
    CaseOrder.objects.create(case=case, kind=OrderKind.RECOUNT, period_amount=30, period_unit=DeadlineUnit.DAYS)
    assert send_deadline_reminders(now=dt.datetime(2025, 3, 24, 6, 0, tzinfo=WIB)) == 0


def test_done_orders_are_quiet(decided):
    CaseOrder.objects.create(
        case=decided,
        kind=OrderKind.PSU,
        period_amount=30,
        period_unit=DeadlineUnit.DAYS,
        done_at=dt.datetime(2025, 3, 20, 12, 0, tzinfo=WIB),
    )
    CaseOrder.objects.create(case=decided, kind=OrderKind.RETALLY, done_at=dt.datetime(2025, 3, 1, tzinfo=WIB))
    assert send_deadline_reminders(now=dt.datetime(2025, 3, 24, 6, 0, tzinfo=WIB)) == 0


def test_penetapan_after_the_ruling_is_reminded_until_it_is_made(decided, people):
    member = people[0]
    send_deadline_reminders(now=dt.datetime(2025, 2, 25, 6, 0, tzinfo=WIB))
    assert Notification.objects.filter(user=member, key__contains=":penetapan-after-ruling:").exists()
    decided.elected_determined_at = dt.datetime(2025, 2, 25, 10, 0, tzinfo=WIB)
    decided.save()
    send_deadline_reminders(now=dt.datetime(2025, 2, 26, 6, 0, tzinfo=WIB))
    assert not Notification.objects.filter(key__contains=":penetapan-after-ruling:2025-02-26").exists()


def test_closed_cases_are_quiet(case):
    case.status = CaseStatus.CLOSED
    case.save()
    assert send_deadline_reminders(now=dt.datetime(2024, 12, 17, 6, 0, tzinfo=WIB)) == 0


def test_email_when_configured(case, people, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "smtp.kpu.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_deadline_reminders(now=dt.datetime(2024, 12, 17, 6, 0, tzinfo=WIB))
    assert {m.to[0] for m in mail.outbox} >= {people[0].email, people[1].email}


def test_beat_schedule_runs_each_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-reminders"]
    assert entry["task"] == "cases.tasks.send_deadline_reminders"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
