"""Deadline reminders: the people working on a case hear about every deadline due within 72 hours: in
the app, and by e-mail when the server can send mail. Celery beat runs this each morning (cases/tasks.py).

Who: the case's assigned team members (`Case.members`) and the assignees of its claims who, at the
time of the run, see the whole case through a live assignment, as the page that shows its deadlines
asks (cases.selectors.CaseSight): an assignment that expired or moved elsewhere ends the reminders, and
a PPK assignee, who sees the case only through its claim, is not told the hearings' times. What: the
deadlines the engine computes (cases.deadlines) that are not met yet, and ordered actions (PSU,
recount ...) not done and due within three days by the period their ruling sets. An ordered action
whose period is not entered has no due date (there is no default period): its reminder says that the
period is missing instead of inventing a date. Idempotent per day: each person gets one reminder per
deadline per (office-local) day, however often it runs."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.models import Assignment
from accounts.permissions import roles_with
from accounts.scoping import Reach
from cases.choices import CaseStatus
from cases.deadlines import Calendar, case_deadlines, order_due, period_entered, zone_for
from cases.models import Case, CaseOrder, Claim, DeadlineRule
from core.dates import format_day
from notifications.services import notify
from regions import tree

HORIZON = timedelta(hours=72)
ORDER_HORIZON = timedelta(days=3)
# Cases past these stages have nothing left to remind of (ordered actions have their own due dates).
FINISHED = (CaseStatus.CLOSED,)

# (idempotency key, what is due, the reminder's text)
Item = tuple[str, str, str]


def _candidates(case) -> dict:
    people = {user.pk: user for user in case.members.all() if user.is_active}
    for claim in case.claims.all():
        if claim.assignee_id and claim.assignee.is_active:
            people.setdefault(claim.assignee_id, claim.assignee)
    return people


def _live_reach(people: dict, now: datetime) -> dict[int, Reach]:
    """Each person's view reach by the assignments live at `now`: one query for the whole run (as
    accounts.scoping.reach_of builds it for one person)."""
    codes: dict[int, list] = defaultdict(list)
    live = Assignment.objects.live(at=now).filter(user_id__in=people, role__in=roles_with(Action.VIEW))
    for user_id, code in live.values_list("user_id", "region_id"):
        codes[user_id].append(code)
    return {
        pk: Reach(everything=True)
        if person.is_superuser or None in codes[pk]
        else Reach(everything=False, prefixes=tree.outermost(codes[pk]))
        for pk, person in people.items()
    }


def _sees_whole(reach: Reach, case) -> bool:
    """Whether the reach holds the case's Termohon office or another respondent office
    (cases.selectors.reaches_office, on the loaded case)."""
    offices = [case.respondent_office_id, *(o.pk for o in case.other_respondent_offices.all())]
    return any(reach.contains(code) for code in offices)


def _recipients(case, reach: dict[int, Reach]) -> list:
    return [person for pk, person in _candidates(case).items() if _sees_whole(reach[pk], case)]


def _left(delta: timedelta) -> str:
    hours = max(int(delta.total_seconds() // 3600), 0)
    if hours < 24:
        return _("in %(hours)d hours") % {"hours": hours}
    return _("in %(days)d days %(hours)d hours") % {"days": hours // 24, "hours": hours % 24}


def _open_cases():
    return (
        Case.objects.exclude(status__in=FINISHED)
        .select_related("respondent_office")
        .prefetch_related(
            "hearings",
            "members",
            "other_respondent_offices",
            Prefetch("claims", queryset=Claim.objects.select_related("assignee")),
            Prefetch("orders", queryset=CaseOrder.objects.filter(done_at__isnull=True).order_by("id")),
        )
    )


def _deadline_items(case, *, now: datetime, day: date, rules, calendar) -> list[Item]:
    items = []
    for deadline in case_deadlines(case, rules=rules, calendar=calendar, hearings=case.hearings.all()):
        if deadline.due_at is None or deadline.met_at is not None or not (now <= deadline.due_at <= now + HORIZON):
            continue
        key = f"deadline:{case.pk}:{deadline.rule_key}:{deadline.hearing_id or ''}:{day.isoformat()}"
        body = _("%(what)s is due %(due)s (%(left)s).") % {
            "what": deadline.label,
            "due": deadline.due_display,
            "left": _left(deadline.due_at - now),
        }
        items.append((key, deadline.label, body))
    return items


def _order_item(order, *, day: date, calendar) -> Item | None:
    what = order.get_kind_display()
    if not period_entered(order):
        body = _("%(what)s ordered by the MK: the period set by the ruling is not entered, so it has no due date.") % {
            "what": what
        }
        return (f"order-period:{order.pk}:{day.isoformat()}", what, body)
    due = order_due(order, calendar=calendar)  # the ruling's period from the day it is read
    if due is None or not (day <= due <= day + ORDER_HORIZON):
        return None
    body = _("%(what)s ordered by the MK is due %(due)s.") % {"what": what, "due": format_day(due)}
    return (f"order:{order.pk}:{day.isoformat()}", what, body)


def _send(case, people: list, items: list[Item]) -> int:
    url = reverse("case_detail", args=[case.pk])
    sent = 0
    for key, label, body in items:
        title = _("Deadline: %(what)s · %(case)s") % {"what": label, "case": case.register_number}
        for person in people:
            if notify(user=person, title=title, body=body, url=url, key=key) is not None:
                sent += 1
    return sent


def deadline_reminders(*, now: datetime | None = None) -> int:
    """Send today's reminders; returns how many notifications were new (0 when run again the same day)."""
    now = now or timezone.now()
    rules = list(DeadlineRule.objects.filter(active=True))
    calendar = Calendar.load()  # the admin-entered days off, all years: one query for the whole run
    sent = 0
    cases = list(_open_cases())
    reach = _live_reach({pk: p for case in cases for pk, p in _candidates(case).items()}, now)
    for case in cases:
        people = _recipients(case, reach)
        if not people:
            continue
        day = now.astimezone(zone_for(case.respondent_office_id)).date()
        items = _deadline_items(case, now=now, day=day, rules=rules, calendar=calendar)
        orders = (_order_item(order, day=day, calendar=calendar) for order in case.orders.all())
        items += [item for item in orders if item is not None]
        sent += _send(case, people, items)
    return sent
