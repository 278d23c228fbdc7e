"""What the region picker (static/js/picker.js) suggests: regions in the user's reach for the form's action,
found by part of their name or the start of their code, or the children of one region (drilling down).

The picker is a convenience: the form still takes the code and checks it against the same reach, so this
answers nothing the form would not accept, and nothing outside the reach (the same as a missing region).
"""

import re

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length

from regions import tree
from regions.choices import Level
from regions.models import Region, reach_of

LIMIT = 20
CODE_LIKE = re.compile(r"[0-9][0-9.]*")
DEPTH_OF_LEVEL = {level: depth for depth, level in enumerate(Level.values, start=1)}


def parse_levels(value: str) -> tuple[str, ...]:
    """The levels a field accepts, from `province,district,...`; every level when none is named."""
    levels = tuple(level for level in (value or "").split(",") if level in Level.values)
    return levels or tuple(Level.values)


def _top(user, action: str, regions, within: str | None):
    """With nothing typed: the top of the reach (or the children of `within`, the office of the form)."""
    if within:
        return regions.filter(parent_id=within)
    reach = reach_of(user, action)
    if reach.everything:
        return regions.filter(parent__isnull=True)
    return regions.filter(code__in=reach.prefixes)


def _matching(regions, q: str):
    if CODE_LIKE.fullmatch(q):
        return regions.filter(code__startswith=q)
    for word in q.split()[:5]:
        regions = regions.filter(name__icontains=word)
    return regions


def pick_regions(*, user, action: str, q: str = "", parent: str = "", within: str = "", levels=()) -> list[dict]:
    """Up to LIMIT regions in reach for `action` (within `within` when given), top levels first; with
    `parent`, that region's children. Each with the names of its ancestors in reach (where it lies), and
    whether it has children the field also accepts (so the picker offers to go down)."""
    levels = tuple(levels) or tuple(Level.values)
    regions = Region.objects.visible_to(user, action)
    if within:
        regions = regions.filter(tree.descendants_q(within))
    if parent:
        regions = regions.filter(parent_id=parent)
    elif q:
        regions = _matching(regions, q)
    else:
        regions = _top(user, action, regions, within)
    deepest = max(DEPTH_OF_LEVEL[level] for level in levels)
    rows = list(
        regions.filter(level__in=levels)
        .annotate(has_children=Exists(Region.objects.filter(parent=OuterRef("pk"))))
        .order_by(Length("code"), *(("code",) if CODE_LIKE.fullmatch(q) else ("name", "code")))[:LIMIT]
    )
    return _described(user, action, rows, deepest)


def _described(user, action: str, rows: list[Region], deepest: int) -> list[dict]:
    reach = reach_of(user, action)
    above = {code for row in rows for code in tree.ancestors(row.code) if reach.contains(code)}
    names = dict(Region.objects.filter(code__in=above).values_list("code", "name"))
    return [
        {
            "code": row.code,
            "name": row.name,
            "level": row.level,
            "kind": str(row.kind_label),
            "path": [names[code] for code in tree.ancestors(row.code) if code in names],
            "drill": bool(row.has_children) and tree.depth(row.code) < deepest,
        }
        for row in rows
    ]
