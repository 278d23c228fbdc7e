"""The timeline of a problem for its detail page: every change from the audit history (who, when, which
fields, old and new values) and every piece of evidence attached to it, newest first. A fixed number of
queries whatever the length of the history."""

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.models import User
from elections.models import Contest
from inventory.models import Category, Evidence, Problem

# Bookkeeping columns that change on every save and say nothing to a reader.
SKIPPED = frozenset({"created_at", "updated_at", "version"})
UPLOAD_WINDOW = timedelta(minutes=1)
RELATED = {"category": Category, "contest": Contest, "assignee": User, "reported_by": User}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime
    user: object
    kind: str  # created | changed | evidence
    changes: list[Change] = field(default_factory=list)
    evidence: object = None
    uploaded: bool = False


def _display(name: str, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    model_field = Problem._meta.get_field(name)
    if name in RELATED:
        return names.get((name, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _related_names(deltas) -> dict:
    """One query per related model that actually appears in the changes: id -> readable name."""
    wanted: dict[str, set] = {}
    for delta in deltas:
        for change in delta.changes:
            if change.field in RELATED:
                wanted.setdefault(change.field, set()).update(v for v in (change.old, change.new) if v is not None)
    names = {}
    for name, ids in wanted.items():
        model = RELATED[name]
        queryset = model.objects.filter(pk__in=ids)
        if model is Contest:
            queryset = queryset.select_related("election", "region", "dapil")
        for obj in queryset:
            names[(name, obj.pk)] = obj.username if model is User else str(obj)
    return names


def problem_timeline(*, user, problem: Problem, limit: int = 100) -> list[Entry]:
    records = list(problem.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    pairs = list(itertools.pairwise(records))
    deltas = [newer.diff_against(older, excluded_fields=SKIPPED) for newer, older in pairs]
    names = _related_names(deltas)
    entries = []
    for (newer, _older), delta in zip(pairs, deltas, strict=True):
        if not delta.changes:
            continue
        changes = [
            Change(
                label=str(Problem._meta.get_field(c.field).verbose_name),
                old=_display(c.field, c.old, names),
                new=_display(c.field, c.new, names),
            )
            for c in delta.changes
        ]
        entries.append(Entry(at=newer.history_date, user=newer.history_user, kind="changed", changes=changes))
    if records and len(records) <= limit:
        first = records[-1]
        entries.append(Entry(at=first.history_date, user=first.history_user, kind="created"))
    entries.extend(_evidence_entries(user=user, problem=problem))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _evidence_entries(*, user, problem: Problem) -> list[Entry]:
    """When each piece of evidence (that the user may see) was first attached to the problem, and by whom."""
    through = Evidence.history.model.problems.model  # simple-history's record of the links
    rows = (
        through.objects.filter(
            problem_id=problem.pk,
            evidence_id__in=models.Subquery(Evidence.objects.visible_to(user, Action.VIEW).values("pk")),
        )
        .select_related("history__history_user")
        .order_by("history__history_date", "m2m_history_id")
    )
    seen: set[int] = set()
    entries = []
    for row in rows:
        if row.evidence_id in seen:
            continue
        seen.add(row.evidence_id)
        record = row.history
        entries.append(
            Entry(
                at=record.history_date,
                user=record.history_user,
                kind="evidence",
                evidence=record,
                # Attached in the same moment it was stored: uploaded for this problem, not linked later.
                uploaded=abs(record.history_date - record.uploaded_at) < UPLOAD_WINDOW,
            )
        )
    return entries


def entry_title(entry: Entry) -> str:
    return {
        "created": _("Problem recorded"),
        "changed": _("Changed"),
        "evidence": _("Evidence uploaded") if entry.uploaded else _("Evidence attached"),
    }[entry.kind]
