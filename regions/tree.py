"""The region tree as pure functions over official dotted codes.

A code is its own materialised path: `13.02.01.2001` lies under `13.02.01`, `13.02` and `13`. The subtree
of `P` is `code == P or code.startswith(P + ".")`; in SQL `code = 'P' OR code LIKE 'P.%'`, one indexed
range scan (Region's `varchar_pattern_ops` index on `code`, the region indexes of the rows hanging on
it). A prefix without its dot never counts: `13.021` is not under `13.02`.

A root of `None` is the whole country (KPU RI); a `None` code (a national row, such as a KPU RI team)
lies only within the whole country.

This module imports nothing from the project's apps, so every app may use it.
"""

from collections.abc import Iterable

from django.db.models import Q

SEP = "."


def depth(code: str) -> int:
    """How many segments: 1 for a province, 5 for a TPS."""
    return code.count(SEP) + 1


def parent(code: str) -> str | None:
    """The code one level up; None for a province."""
    return code.rsplit(SEP, 1)[0] if SEP in code else None


def lineage(code: str) -> list[str]:
    """The code's ancestors from the top, then the code itself: `13.02.01` -> [`13`, `13.02`, `13.02.01`]."""
    parts = code.split(SEP)
    return [SEP.join(parts[:i]) for i in range(1, len(parts) + 1)]


def ancestors(code: str) -> list[str]:
    """The code's ancestors from the top, without the code itself: `13.02.01` -> [`13`, `13.02`]."""
    return lineage(code)[:-1]


def truncate(code: str, levels: int) -> str:
    """The code cut to its first `levels` segments (itself when it has no more): the province of a code
    is `truncate(code, 1)`, its kecamatan (when it lies under one) `truncate(code, 3)`."""
    return SEP.join(code.split(SEP)[:levels])


def within(code: str | None, root: str | None) -> bool:
    """Whether `code` is `root` or lies under it."""
    if root is None:
        return True
    if code is None:
        return False
    return code == root or code.startswith(root + SEP)


def below(code: str | None, root: str) -> bool:
    """Whether `code` lies strictly under `root` (not `root` itself)."""
    return code is not None and code.startswith(root + SEP)


def covers(roots: Iterable[str | None], code: str | None) -> bool:
    """Whether `code` lies within any of `roots` (a `None` root is the whole country; no roots, nothing)."""
    return any(within(code, root) for root in roots)


def outermost(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes in order, without those that lie within another one of them: each row then lies under
    exactly one of them."""
    kept: list[str] = []
    for code in sorted(set(codes)):
        if not covers(kept, code):
            kept.append(code)
    return tuple(kept)


def subtree_q(root: str | None, lookup: str = "code") -> Q:
    """The rows whose region code at `lookup` lies within `root` (no filter for the whole country).

    Always `lookup = root OR lookup LIKE 'root.%'`: on PostgreSQL each half is an index scan.
    """
    if root is None:
        return Q()
    return Q(**{lookup: root}) | Q(**{f"{lookup}__startswith": root + SEP})


def subtree_q_any(roots: Iterable[str | None], lookup: str = "code") -> Q:
    """The rows within any of `roots`: no filter when one of them is the whole country, no rows when
    there are none."""
    roots = tuple(roots)
    if None in roots:
        return Q()
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for root in roots:
        q |= subtree_q(root, lookup)
    return q


def descendants_q(root: str, lookup: str = "code") -> Q:
    """The rows whose region code at `lookup` lies strictly under `root`: `lookup LIKE 'root.%'`."""
    return Q(**{f"{lookup}__startswith": root + SEP})
