"""The dashboard's rollup (dashboard/rollup.py): its numbers per region and each of its ancestors, kept
exact by PostgreSQL triggers in the transaction of every change. Unused on SQLite (demo scale), where
the dashboard counts the raw rows."""

from django.db import models


class RollupCell(models.Model):
    """A compacted count: `node` is a region code ('' the whole country), the count covers its subtree.
    measure "problem": problems by stage x status x risk x `flag` (has current verified evidence);
    measure "tps": TPS by `flag` (has a current, not rejected C.Hasil scan); measures "unassigned" (open
    problems nobody handles) and "pending" (current evidence awaiting verification): plain counts."""

    node = models.CharField(max_length=20)
    measure = models.CharField(max_length=12)
    stage = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    risk = models.CharField(max_length=10, blank=True)
    flag = models.BooleanField()
    n = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["node", "measure", "stage", "status", "risk", "flag"], name="dashboard_rollup_cell_key"
            )
        ]

    def __str__(self):
        return f"{self.node or '(country)'} {self.measure}: {self.n}"


class RollupDelta(models.Model):
    """A change not yet compacted into the cells: insert-only, so concurrent writers never wait on a
    shared counter row (the country's would serialize them all). The count of a cell is its RollupCell
    plus the sum of its deltas; `rollup_compact()` folds the deltas in."""

    node = models.CharField(max_length=20)
    measure = models.CharField(max_length=12)
    stage = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    risk = models.CharField(max_length=10, blank=True)
    flag = models.BooleanField()
    n = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["node"], name="dashboard_rollup_delta_node")]

    def __str__(self):
        return f"{self.node or '(country)'} {self.measure}: {self.n:+}"


class ProblemFact(models.Model):
    """How each problem is counted in the rollup now: a change recounts the problem and moves the
    difference (old cell -1, new cell +1) up its region's ancestors."""

    problem_id = models.BigIntegerField(primary_key=True)
    region_id = models.CharField(max_length=20)
    stage = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    risk = models.CharField(max_length=10)
    verified = models.BooleanField()
    unassigned = models.BooleanField()  # open and nobody handles it

    def __str__(self):
        return f"problem {self.problem_id}"


class TpsFact(models.Model):
    """How each TPS is counted in the rollup now: whether it has a C.Hasil scan."""

    code = models.CharField(max_length=20, primary_key=True)
    scanned = models.BooleanField()

    def __str__(self):
        return self.code


class EvidenceFact(models.Model):
    """The evidence counted as awaiting verification now (current and pending), by region."""

    evidence_id = models.BigIntegerField(primary_key=True)
    region_id = models.CharField(max_length=20)
    uploaded_at = models.DateTimeField()

    class Meta:
        # "For more than a day" = all of them less those uploaded since: an index-only range scan.
        indexes = [models.Index(fields=["uploaded_at", "region_id"], name="dashboard_evidencefact_recent")]

    def __str__(self):
        return f"evidence {self.evidence_id}"
