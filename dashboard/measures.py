"""The one definition of each count of the dashboard's region rows, read two ways: from the raw rows
(`problems`, `tps`, `scanned_tps`, grouped by the dashboard) and from the rollup (dashboard/rollup.py),
whose triggers count the same things (the SQL below is built from these constants) and whose `verify`
compares the two, cell by cell.

- problems by stage x status x risk x "has current verified evidence" (inventory's `with_verified_evidence`);
- TPS, and TPS with a current, not rejected C.Hasil scan;
- for "needs attention": open problems nobody handles (inventory's `unassigned_open`) and current evidence
  awaiting verification (the dashboard takes off those uploaded within the last day, counted raw).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from inventory.choices import EvidenceKind, Verification
from inventory.models import OPEN_STATUSES, Evidence, Problem
from regions.choices import Level
from regions.models import Region

C_HASIL_KINDS = (EvidenceKind.C_HASIL, EvidenceKind.C_HASIL_SALINAN)
PROBLEM_FIELDS = ("stage", "status", "risk", "verified_evidence")


def problems(user=None):
    """Problems (those `user` may see), each with `verified_evidence`."""
    rows = Problem.objects.visible_to(user) if user is not None else Problem.objects.all()
    return rows.with_verified_evidence()


def tps(user=None):
    rows = Region.objects.visible_to(user) if user is not None else Region.objects.all()
    return rows.filter(level=Level.TPS)


def scans(user=None):
    """The evidence that makes its TPS covered: a current C.Hasil scan that was not rejected."""
    rows = Evidence.objects.visible_to(user) if user is not None else Evidence.objects.all()
    return rows.current().filter(kind__in=C_HASIL_KINDS).exclude(verification=Verification.REJECTED)


def scanned_tps(user=None):
    """TPS with a scan, counted over the TPS (a semi-join) rather than as distinct regions over the scans."""
    return tps(user).filter(Exists(scans(user).filter(region=OuterRef("code"))))


def unassigned_problems(user=None):
    rows = Problem.objects.visible_to(user) if user is not None else Problem.objects.all()
    return rows.unassigned_open()


def pending_evidence(user=None):
    rows = Evidence.objects.visible_to(user) if user is not None else Evidence.objects.all()
    return rows.current().filter(verification=Verification.PENDING)


# --- the same definitions in SQL, for the triggers (dashboard/rollup.py) ---------------------------------


def _quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)  # our own choice values, never input


# Our own table names and choice values, never input.
CURRENT_SQL = "NOT EXISTS (SELECT 1 FROM inventory_evidence v WHERE v.replaces_id = {e}.id)"
VERIFIED_SQL = (
    "EXISTS (SELECT 1 FROM inventory_evidence_problems ep JOIN inventory_evidence e ON e.id = ep.evidence_id"  # noqa: S608
    f" WHERE ep.problem_id = p.id AND e.verification = '{Verification.VERIFIED}' AND {CURRENT_SQL.format(e='e')})"
)
C_HASIL_SQL = f"({_quoted(C_HASIL_KINDS)})"
SCANNED_SQL = (
    "EXISTS (SELECT 1 FROM inventory_evidence e WHERE e.region_id = r.code"  # noqa: S608
    f" AND e.kind IN {C_HASIL_SQL} AND e.verification <> '{Verification.REJECTED}' AND {CURRENT_SQL.format(e='e')})"
)
TPS_LEVEL = str(Level.TPS)
UNASSIGNED_SQL = (
    f"(p.status IN ({_quoted(OPEN_STATUSES)}) AND p.assignee_id IS NULL AND NOT EXISTS"  # noqa: S608
    " (SELECT 1 FROM teams_memberassignment m WHERE m.problem_id = p.id AND NOT m.done))"
)
PENDING_SQL = f"(e.verification = '{Verification.PENDING}' AND {CURRENT_SQL.format(e='e')})"
