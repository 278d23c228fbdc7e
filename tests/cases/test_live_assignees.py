"""Whoever is named to work on a case (a claim's assignee, a hearing's attendee) must see what they are
named for through a live assignment, and reminders go only to people who still see the case: an
expired assignment, or one that does not reach the case, is refused in the one message a name nobody
has gets, and hears of no deadline."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Assignment
from cases.deadlines import WIB
from cases.models import Claim, Hearing
from cases.reminders import deadline_reminders
from cases.services import claim_create, claim_update, hearing_add
from core.errors import ApplicationError
from notifications.models import Notification
from regions.models import Region
from tests.cases.factories import CaseFactory, ClaimFactory

pytestmark = pytest.mark.django_db

HERE = "13.02.03.2002.001"  # Pantai Cermin
THERE = "13.02.04.2001.001"  # the next kecamatan
NOW = dt.datetime(2024, 12, 17, 6, 0, tzinfo=WIB)  # the filing deadline of a 16 Dec decree is 72 hours away


@pytest.fixture(autouse=True)
def _english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    cache.clear()


def region(code):
    return Region.objects.get(code=code)


def expire(user, when=None):
    when = when or timezone.now() - dt.timedelta(days=1)
    Assignment.objects.filter(user=user).update(valid_until=when)


@pytest.fixture
def legal(make_user):
    return make_user(Role.LEGAL, "13.02")


@pytest.fixture
def case():
    return CaseFactory(result_decree_at=dt.datetime(2024, 12, 16, 14, 0, tzinfo=WIB))


def refusal(call) -> str:
    with pytest.raises(ApplicationError) as raised:
        call()
    return raised.value.extra["assignee"][0].replace("nobody.here", "{user}")


def test_a_claim_assignee_whose_assignment_expired_is_refused(legal, case, make_user):
    former = make_user(Role.LEGAL, "13.02", username="former.legal")
    claim = ClaimFactory(case=case, summary="Suara dipindahkan")
    stranger = refusal(lambda: claim_update(actor=legal, claim=claim, assignee=_person("nobody.here")))
    expire(former)
    expired = refusal(lambda: claim_update(actor=legal, claim=claim, assignee=_person("former.legal"), summary="x"))
    assert expired.replace("former.legal", "{user}") == stranger
    claim.refresh_from_db()
    assert (claim.assignee_id, claim.summary) == (None, "Suara dipindahkan")


def _person(username):
    from accounts.selectors import person_named

    return person_named(username)


def test_a_claim_assignee_must_see_that_claim_not_just_the_case(legal, case, make_user):
    """A PPK sees the case through a claim of its kecamatan; a claim of the next kecamatan it cannot
    open, so it cannot be its assignee; a claim of its own it can."""
    ppk = make_user(Role.PPK, "13.02.03")
    ClaimFactory(case=case, number="1", locations=[region(HERE)])
    with pytest.raises(ApplicationError) as raised:
        claim_create(actor=legal, case=case, number="2", summary="x", locations=[region(THERE)], assignee=ppk)
    assert "assignee" in raised.value.extra
    assert not Claim.objects.filter(number="2").exists()
    mine = claim_create(actor=legal, case=case, number="3", summary="x", locations=[region(HERE)], assignee=ppk)
    with pytest.raises(ApplicationError):  # moving the claim away from its assignee
        claim_update(actor=legal, claim=mine, locations=[region(THERE)])
    assert list(mine.locations.values_list("code", flat=True)) == [HERE]


def test_hearing_attendees_see_the_hearing(legal, case, make_user):
    """A PPK who sees the case through a claim does not see its hearings, so does not attend one."""
    ppk = make_user(Role.PPK, "13.02.03")
    ClaimFactory(case=case, locations=[region(HERE)])
    starts = dt.datetime(2025, 1, 13, 8, tzinfo=WIB)
    with pytest.raises(ApplicationError) as raised:
        hearing_add(actor=legal, case=case, starts_at=starts, agenda="preliminary", attendees=[ppk])
    assert "attendees" in raised.value.extra
    assert not Hearing.objects.exists()
    hearing = hearing_add(actor=legal, case=case, starts_at=starts, agenda="preliminary", attendees=[legal])
    assert list(hearing.attendees.all()) == [legal]


def test_reminders_skip_people_whose_assignment_expired(case, make_user):
    """Reminders go to members and assignees who still see the whole case at the time of the run; not
    after their assignment expired or moved, nor to a PPK assignee (who sees no deadline on the page)."""
    live_member, old_member = make_user(Role.LEGAL, "13.02"), make_user(Role.LEGAL, "13.02")
    live_assignee, old_assignee = make_user(Role.COMMISSIONER, "13.02"), make_user(Role.LEGAL, "13.02")
    moved, ppk = make_user(Role.LEGAL, "13.02"), make_user(Role.PPK, "13.02.03")
    case.members.add(live_member, old_member, moved)
    ClaimFactory(case=case, assignee=live_assignee)
    ClaimFactory(case=case, assignee=old_assignee)
    ClaimFactory(case=case, assignee=ppk, locations=[region(HERE)])
    expire(old_member, NOW - dt.timedelta(days=7))
    expire(old_assignee, NOW - dt.timedelta(hours=1))
    Assignment.objects.filter(user=moved).update(region_id="13.01")  # now at another regency

    assert deadline_reminders(now=NOW) > 0
    told = set(Notification.objects.values_list("user_id", flat=True))
    assert told == {live_member.pk, live_assignee.pk}
