"""What others changed in a problem since someone opened it to edit (version N): read from the audit
history the app keeps anyway, so that a refused stale edit can say who changed what, and the form can be
shown again over the problem as it is now."""

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from inventory.models import Problem
from inventory.timeline import SKIPPED, Change, _display, _related_names


@dataclass
class Edit:
    """One save by someone else since the edit was opened: who, when, and the fields by name."""

    at: datetime
    user: object
    changes: dict[str, Change] = field(default_factory=dict)


@dataclass
class Conflict:
    base: Problem | None  # the problem as the editor opened it; None when the history no longer has it
    edits: list[Edit]  # oldest first

    def latest(self) -> dict[str, tuple[object, Change]]:
        """Each field changed since, with who changed it last and to what."""
        return {name: (edit.user, change) for edit in self.edits for name, change in edit.changes.items()}


def conflict_since(problem: Problem, version: int) -> Conflict:
    """The saves after `version` and the problem as it was at that version. Three queries, plus one per
    related model that appears in the changes."""
    records = list(
        problem.history.filter(version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # The last record still at `version` is what the editor saw (saves outside the services keep it).
    at_base = [r for r in records if r.version == version]
    base = at_base[-1] if at_base else None
    later = [r for r in records if r.version > version]
    if base is None and later:
        base = later[0].prev_record
    if base is None:
        return Conflict(base=None, edits=[])
    pairs = list(itertools.pairwise([base, *later]))
    deltas = [newer.diff_against(older, excluded_fields=SKIPPED) for older, newer in pairs]
    names = _related_names(deltas)
    edits = []
    for (_older, newer), delta in zip(pairs, deltas, strict=True):
        changes = {
            c.field: Change(
                label=str(Problem._meta.get_field(c.field).verbose_name),
                old=_display(c.field, c.old, names),
                new=_display(c.field, c.new, names),
            )
            for c in delta.changes
        }
        if changes:
            edits.append(Edit(at=newer.history_date, user=newer.history_user, changes=changes))
    return Conflict(base=base.instance, edits=edits)
