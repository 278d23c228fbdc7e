"""Scoped reads of the official results: the discrepancy report of a contest in a user's reach, and the
count the dashboard shows ("inconsistencies in your area").

The report streams the current tallies of the reach (a server-side cursor, one row per location with
its votes as arrays): each location is checked as it passes and added to the sums of the recapitulation
above it, so memory grows with the number of recapitulations, not of TPS. (SQLite, the demo, has no
arrays: there the votes of each chunk of tallies come in one more query.)
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.db import connection
from django.db.models import BigIntegerField, Count, Exists, F, Func, OuterRef, Q
from django.db.models.functions import Substr

from accounts.choices import Action
from accounts.scoping import reach_of
from elections.models import Contest
from inventory.choices import EvidenceKind, Verification
from inventory.models import Evidence
from regions import tree
from regions.choices import LEVEL_BY_DEPTH
from results import consistency
from results.choices import FIGURES
from results.consistency import LEVEL_BELOW, Location, Outcome, PartSums
from results.models import ResultImport, Tally, TallyVote

CHUNK = 5_000  # tallies read at a time
CACHE_SECONDS = 24 * 3600  # a new import changes the key; this only clears old ones
PAIR = ArrayField(BigIntegerField())
FORMS = {
    5: (EvidenceKind.C_HASIL, EvidenceKind.C_HASIL_SALINAN),
    3: (EvidenceKind.D_HASIL_KECAMATAN,),
    2: (EvidenceKind.D_HASIL_KABKO,),
    1: (EvidenceKind.D_HASIL_PROVINSI,),
}
CODE_LENGTH = {1: 2, 2: 5, 3: 8}  # characters of a province, regency and kecamatan code


@dataclass
class Report:
    contest: Contest
    outcome: Outcome = field(default_factory=Outcome)
    locations: int = 0

    @property
    def findings(self):
        return self.outcome.findings


def roots_for(user, region: str | None = None) -> list[str | None]:
    """The subtrees to report on: the user's reach, or one region inside it."""
    reach = reach_of(user, Action.VIEW)
    if region:
        return [region] if reach.contains(region) else []
    if reach.everything:
        return [None]
    return list(reach.prefixes)


def _current(contest: Contest, roots: list[str | None]):
    return Tally.objects.current().filter(contest=contest).filter(tree.subtree_q_any(roots, "region__code"))


def _tallies(contest: Contest, roots: list[str | None]):
    """(region, [(participant, votes), ...], *figures) of each current tally, streamed."""
    if connection.vendor != "postgresql":
        return _tallies_portable(contest, roots)
    # One probe per tally: its votes as [[participant, votes], ...].
    pair = Func(F("participant_id"), F("votes"), template="ARRAY[%(expressions)s]", output_field=PAIR)
    votes = TallyVote.objects.filter(tally=OuterRef("pk")).order_by().values(pair=pair)
    return (
        _current(contest, roots)
        .annotate(votes_of=ArraySubquery(votes))
        .values_list("region_id", "votes_of", *FIGURES)
        .order_by()
        .iterator(chunk_size=CHUNK)
    )


def _tallies_portable(contest: Contest, roots: list[str | None]):
    """The same rows without arrays (SQLite, the demo): the votes of each chunk of tallies in one query."""
    rows = _current(contest, roots).values_list("pk", "region_id", *FIGURES).order_by().iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        votes = defaultdict(list)
        found = TallyVote.objects.filter(tally_id__in=[row[0] for row in chunk]).order_by()
        for tally, participant, count in found.values_list("tally_id", "participant_id", "votes"):
            votes[tally].append((participant, count))
        for pk, region, *values in chunk:
            yield region, votes[pk], *values


def _expected_parts(uppers: list[str | None]) -> dict[str | None, int]:
    """How many locations of the level below each recapitulation has (TPS of a kecamatan ...)."""
    from regions.models import Region

    counts: dict[str | None, int] = {}
    by_depth = defaultdict(list)
    for code in uppers:
        by_depth[consistency.depth_of(code)].append(code)
    for depth, codes in by_depth.items():
        below = Region.objects.filter(level=LEVEL_BY_DEPTH[LEVEL_BELOW[depth]])
        if depth == 0:
            counts[None] = below.count()
            continue
        rows = (
            below.filter(tree.subtree_q_any(codes, "code"))
            .annotate(up=Substr("code", 1, CODE_LENGTH[depth]))
            .values("up")
            .annotate(n=Count("code"))
            .order_by()
        )
        counts.update({row["up"]: row["n"] for row in rows})
    return counts


def contest_report(*, user, contest: Contest, region: str | None = None) -> Report:
    """Every check over the current official figures of `contest` in the user's reach (or `region`)."""
    return check_contest(contest, roots_for(user, region))


def check_contest(contest: Contest, roots: list[str | None]) -> Report:
    """Every check over the current official figures of `contest` within `roots` ([None]: everywhere).
    Not scoped: callers pass the roots of a reach (contest_report) or filter the findings by one."""
    report = Report(contest=contest)
    if not roots:
        return report
    participants = frozenset(contest.participants.filter(party__isnull=True).values_list("pk", flat=True))
    maximum = consistency.TPS_MAXIMUM.get(contest.election.kind)
    sums: dict[str | None, PartSums] = defaultdict(PartSums)
    uppers: list[Location] = []
    for code, votes, *values in _tallies(contest, roots):
        location = Location(region=code, figures=dict(zip(FIGURES, values, strict=True)), votes=dict(votes))
        report.locations += 1
        consistency.check_location(location, participants=participants, tps_maximum=maximum, out=report.outcome)
        above = consistency.parent_recap(code)
        if above is not False:
            sums[above].add(location)
        if consistency.depth_of(code) in LEVEL_BELOW:
            uppers.append(location)
    expected = _expected_parts([u.region for u in uppers])
    for upper in uppers:
        below = sums.get(upper.region)
        report.outcome.merge(consistency.check_rollup(upper, below, expected_parts=expected.get(upper.region, 0)))
    report.outcome.findings.sort(key=lambda f: (f.region or "", f.rule, f.metric, f.participant or 0))
    return report


def evidence_on_file(*, user, contest: Contest, codes) -> dict[str, dict]:
    """Per location: how many C.Hasil/D.Hasil scans of the contest are on file, and how many verified."""
    codes = [c for c in set(codes) if c is not None]
    kinds = [kind for forms in FORMS.values() for kind in forms]
    rows = (
        Evidence.objects.visible_to(user)
        .current()
        .filter(region_id__in=codes, kind__in=kinds)
        .filter(Q(contest=contest) | Q(contest__isnull=True))
        .values("region_id")
        .annotate(n=Count("pk"), verified=Count("pk", filter=Q(verification=Verification.VERIFIED)))
        .order_by()
    )
    return {row["region_id"]: {"count": row["n"], "verified": row["verified"]} for row in rows}


@dataclass(frozen=True)
class SirekapStatus:
    """What Sirekap said of a location beside its numbers (each None when it did not say)."""

    status_suara: bool | None
    status_adm: bool | None
    images: tuple[tuple[int, str], ...]  # (page number, address) of each page image on file

    @property
    def known(self) -> bool:
        return self.status_suara is not None or self.status_adm is not None or bool(self.images)


def sirekap_status(*, user, contest: Contest, codes) -> dict[str, SirekapStatus]:
    """Per location in the user's reach: the Sirekap status and images of its current tally."""
    rows = (
        Tally.objects.visible_to(user)
        .current()
        .filter(contest=contest, region_id__in=[c for c in set(codes) if c is not None])
        .values_list("region_id", "status_suara", "status_adm", "images")
    )
    return {
        code: SirekapStatus(suara, adm, tuple((page, url) for page, url in enumerate(images or (), start=1) if url))
        for code, suara, adm, images in rows
    }


def contests_with_results(user):
    """The contests that have official figures in the user's reach (one indexed probe per contest)."""
    figures = Tally.objects.visible_to(user).filter(contest=OuterRef("pk"), current=True)
    return Contest.objects.visible_to(user).filter(Exists(figures)).select_related("election", "region", "dapil")


def contest_findings(contest: Contest) -> list:
    """Every finding of the contest in the whole country, cached until the next import of the contest
    (the key holds the latest import): computed once per import, by results.tasks after the import or by
    the first reader, and shared by every user through `findings_in_reach`."""
    # The import's time too: ids start again in a new database (tests, a restore), times do not.
    latest = ResultImport.objects.filter(contest=contest).order_by("-pk").values_list("pk", "imported_at").first()
    if latest is None:
        return []
    key = f"results:findings:{contest.pk}:{latest[0]}:{latest[1].timestamp()}"
    found = cache.get(key)
    if found is None:
        found = check_contest(contest, [None]).findings
        cache.set(key, found, CACHE_SECONDS)
    return found


def findings_in_reach(user, contest: Contest | None = None) -> tuple[int, list]:
    """(how many, which) inconsistencies the official figures show in the user's reach, over one contest
    or every contest with figures in it: the contest's findings, kept to the reach. A finding at a
    location in reach is the same whoever asks (a roll-up uses the locations below it, in reach too)."""
    reach = reach_of(user, Action.VIEW)
    if not reach.somewhere:
        return 0, []
    contests = [contest] if contest is not None else list(contests_with_results(user))
    findings = [f for one in contests for f in contest_findings(one) if reach.contains(f.region)]
    return len(findings), findings


def findings_within(user, code: str | None = None) -> int:
    """How many inconsistencies the dashboard of region `code` (the whole reach without one) shows."""
    _count, findings = findings_in_reach(user)
    if code is None:
        return len(findings)
    return sum(1 for f in findings if f.region == code or f.region.startswith(code + "."))


@dataclass(frozen=True)
class Official:
    """One official figure as a claim's KPU column shows it: the number and where it came from."""

    value: int
    source: str
    version: int
    recorded_at: object  # datetime | None
    imported_at: object  # datetime


def official_values(*, user, contest: Contest, codes) -> dict[tuple[str, str, int | None], Official]:
    """The current official figures of `contest` at `codes` (in the user's reach), keyed as a claim's
    numbers are: (region code, figure name or "votes", participant pk for votes else None). A figure
    the store does not have is simply absent: unknown."""
    tallies = (
        Tally.objects.visible_to(user)
        .current()
        .filter(contest=contest, region_id__in=list(codes))
        .select_related("batch")
        .prefetch_related("votes")
    )
    found = {}
    for tally in tallies:
        for name in FIGURES:
            value = getattr(tally, name)
            if value is not None:
                found[(tally.region_id, name, None)] = _official(tally, value)
        for vote in tally.votes.all():
            found[(tally.region_id, consistency.VOTES, vote.participant_id)] = _official(tally, vote.votes)
    return found


def _official(tally: Tally, value: int) -> Official:
    return Official(value, tally.batch.source, tally.version, tally.recorded_at, tally.batch.imported_at)
