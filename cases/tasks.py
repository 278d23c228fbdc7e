"""Deadline reminders: each morning (Celery beat, 06:00 WIB) the people working on a case hear about
every deadline due within 72 hours: in the app, and by e-mail when the server can send mail.

Who: the case's assigned team members (`Case.members`) and the assignees of its claims. What: the
deadlines the engine computes (cases.deadlines) that are not met yet, and ordered actions (PSU,
recount ...) not done and due within three days by the period their ruling sets. An ordered action
whose period is not entered has no due date (there is no default period): its reminder says that the
period is missing instead of inventing a date. Idempotent per day: each person gets one reminder per
deadline per (office-local) day, however often the task runs."""

from datetime import datetime, timedelta

from celery import shared_task
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import CaseStatus
from cases.deadlines import Calendar, case_deadlines, order_due, period_entered, zone_for
from cases.models import Case, CaseOrder, Claim, DeadlineRule
from notifications.services import notify

HORIZON = timedelta(hours=72)
# Cases past these stages have nothing left to remind of (ordered actions have their own due dates).
FINISHED = (CaseStatus.CLOSED,)


def _recipients(case) -> list:
    people = {user.pk: user for user in case.members.all() if user.is_active}
    for claim in case.claims.all():
        if claim.assignee_id and claim.assignee.is_active:
            people.setdefault(claim.assignee_id, claim.assignee)
    return list(people.values())


def _left(delta: timedelta) -> str:
    hours = max(int(delta.total_seconds() // 3600), 0)
    if hours < 24:
        return _("in %(hours)d hours") % {"hours": hours}
    return _("in %(days)d days %(hours)d hours") % {"days": hours // 24, "hours": hours % 24}


def deadline_reminders(*, now: datetime | None = None) -> int:
    """Send today's reminders; returns how many notifications were new (0 when run again the same day)."""
    now = now or timezone.now()
    rules = list(DeadlineRule.objects.filter(active=True))
    calendar = Calendar.load()  # the admin-entered days off, all years: one query for the whole run
    cases = (
        Case.objects.exclude(status__in=FINISHED)
        .select_related("respondent_office")
        .prefetch_related(
            "hearings",
            "members",
            Prefetch("claims", queryset=Claim.objects.select_related("assignee")),
            Prefetch("orders", queryset=CaseOrder.objects.filter(done_at__isnull=True).order_by("id")),
        )
    )
    sent = 0
    for case in cases:
        people = _recipients(case)
        if not people:
            continue
        day = now.astimezone(zone_for(case.respondent_office_id)).date()
        url = reverse("case_detail", args=[case.pk])
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
        for order in case.orders.all():
            if not period_entered(order):
                key = f"order-period:{order.pk}:{day.isoformat()}"
                body = _(
                    "%(what)s ordered by the MK: the period set by the ruling is not entered, so it has no due date."
                ) % {"what": order.get_kind_display()}
                items.append((key, order.get_kind_display(), body))
                continue
            due = order_due(order, calendar=calendar)  # the ruling's period from the day it is read
            if due is not None and day <= due <= day + timedelta(days=3):
                key = f"order:{order.pk}:{day.isoformat()}"
                body = _("%(what)s ordered by the MK is due %(due)s.") % {
                    "what": order.get_kind_display(),
                    "due": due.strftime("%d %b %Y"),
                }
                items.append((key, order.get_kind_display(), body))
        for key, label, body in items:
            title = _("Deadline: %(what)s · %(case)s") % {"what": label, "case": case.register_number}
            for person in people:
                if notify(user=person, title=title, body=body, url=url, key=key) is not None:
                    sent += 1
    return sent


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=300, time_limit=600)
def send_deadline_reminders(now: str | datetime | None = None) -> int:
    """The beat entry point. `now` (ISO text or datetime) lets tests and reruns fix the clock."""
    if isinstance(now, str):
        now = datetime.fromisoformat(now)
    return deadline_reminders(now=now)
