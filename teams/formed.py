"""The one definition of "the office's task team is formed", used by the office's readiness checklist
(teams/selectors.py) and by the dashboard's team column and readiness score (dashboard/selectors.py):
for the election the checklist is about (that of the office's latest team not ended), a team that is
active, has its SK scan, and whose period of duty includes today."""

import datetime

from django.db.models import OuterRef, Q, Subquery

from teams.choices import TeamStatus
from teams.models import TaskTeam


def formed_q(today: datetime.date) -> Q:
    """Active, with the SK scan, and `today` inside the period of duty (an open end is no limit)."""
    in_period = (Q(period_start__isnull=True) | Q(period_start__lte=today)) & (
        Q(period_end__isnull=True) | Q(period_end__gte=today)
    )
    return Q(status=TeamStatus.ACTIVE) & ~Q(sk_file="") & in_period


def live_teams():
    """Teams not ended, the latest election first: the first one's election is the office's election
    (readiness_election in teams/selectors.py)."""
    return TaskTeam.objects.exclude(status=TeamStatus.ENDED).order_by("-election__voting_date", "-created_at")


def offices_with_formed_team(*, user, offices: list[str | None], today: datetime.date) -> set[str | None]:
    """Which of `offices` (region codes; None is KPU RI) have a formed team the user may see. Two
    queries at most, whatever the number of offices."""
    live = live_teams()
    formed = TaskTeam.objects.visible_to(user).filter(formed_q(today))
    found: set[str | None] = set()
    codes = [code for code in offices if code is not None]
    if codes:
        latest = live.filter(office=OuterRef("office")).values("election")[:1]
        found |= set(formed.filter(office__in=codes, election=Subquery(latest)).values_list("office_id", flat=True))
    if None in offices:
        latest_national = live.filter(office__isnull=True).values("election")[:1]
        if formed.filter(office__isnull=True, election=Subquery(latest_national)).exists():
            found.add(None)
    return found
