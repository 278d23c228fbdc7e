"""The demo's official results: the KPU's own figures for the presidential contest in kecamatan Pantai
Cermin (13.02.03), as Sirekap would publish them per TPS and as the PPK's D.Hasil gives the kecamatan,
with a few deliberate inconsistencies so the discrepancy report and the dashboard's "inconsistencies in
your area" have something to show:

- one TPS whose pairs' votes add up to 5 more than its valid votes;
- one TPS with more voters from the DPT than the DPT holds;
- the D.Hasil of the kecamatan gives pair 02 twelve votes more than its TPS add up to (so its votes,
  like those of the TPS above, exceed its valid votes, the sum of its TPS' valid votes).

Everything else adds up. Written through `results.store` like an import (on SQLite too), so a second
run changes nothing.
"""

import hashlib

from elections.choices import ContestType
from elections.models import Contest, Participant
from phpu.demo import data
from regions.models import Region
from results.choices import Source
from results.models import ParticipantCode, Tally
from results.store import Row, store_rows

DISTRICT = "13.02.03"
SIREKAP_IDS = {1: "100025", 2: "100026", 3: "100027"}  # the 2024 presidential pairs at Sirekap
VOTES_OFF = 1  # the TPS (position in the kecamatan) whose votes exceed its valid votes
DPT_OFF = 4  # the TPS with more DPT voters than its DPT
ROLLUP_EXTRA = 12  # votes the D.Hasil adds to pair 02


def _tps_row(line: int, code: str, pairs: list[int]) -> Row:
    """Figures that add up (voters = DPT + DPTb + DPK users = valid + invalid, DPT under the TPS
    maximum of 300), but for the chosen TPS."""
    votes = {pk: 20 + (line * 17 + 23 * number) % 60 for number, pk in enumerate(pairs, start=1)}
    valid = sum(votes.values())
    invalid = 2 + line % 5
    voters = valid + invalid
    from_dptb, dpk = line % 3, (line + 1) % 2
    dpt = voters + 20 + line % 30
    from_dpt = voters - from_dptb - dpk
    if line == VOTES_OFF:
        votes[pairs[0]] += 5
    if line == DPT_OFF:
        dpt = from_dpt - 3
    figures = {
        "dpt": dpt,
        "voters_dpt": from_dpt,
        "voters_dptb": from_dptb,
        "voters_dpk": dpk,
        "voters": voters,
        "valid": valid,
        "invalid": invalid,
        "counted": voters,
    }
    digits = code.replace(".", "")
    return Row(
        line=line,
        region=code,
        figures=figures,
        votes=votes,
        status_suara=line % 6 != 5,  # a few TPS not yet confirmed at Sirekap
        status_adm=True,
        images=tuple(f"https://sirekap.example/c-hasil/{digits}-{page}.jpg" for page in (1, 2, 3)),
    )


def _district_row(tps: list[Row], pairs: list[int]) -> Row:
    """The kecamatan's D.Hasil: the sums of its TPS, but for the votes of pair 02."""
    figures = {name: sum(row.figures[name] for row in tps) for name in tps[0].figures}
    votes = {pk: sum(row.votes[pk] for row in tps) for pk in pairs}
    votes[pairs[1]] += ROLLUP_EXTRA
    return Row(line=2, region=DISTRICT, figures=figures, votes=votes)


def seed_demo_results(stdout=None) -> None:
    """Import the demo figures (nothing new when they are there already)."""
    contest = Contest.objects.filter(election__name=data.PEMILU, contest_type=ContestType.PPWP).first()
    if contest is None:
        if stdout is not None:
            stdout.write("Demo official results: the presidential contest is missing; skipped.")
        return
    pairs = list(Participant.objects.filter(contest=contest).order_by("ballot_number").values_list("pk", flat=True))
    for number, pk in enumerate(pairs, start=1):
        ParticipantCode.objects.get_or_create(
            contest=contest, participant_id=pk, source=Source.SIREKAP, defaults={"code": SIREKAP_IDS[number]}
        )
    codes = Region.objects.filter(level="tps", code__startswith=DISTRICT + ".").order_by("code")
    tps = [_tps_row(line, code, pairs) for line, code in enumerate(codes.values_list("code", flat=True), start=1)]
    if not tps:
        return
    for source, rows, name in (
        (Source.SIREKAP, tps, "sirekap-pantai-cermin.json"),
        (Source.D_HASIL, [_district_row(tps, pairs)], "d-hasil-pantai-cermin.xlsx"),
    ):
        sha256 = hashlib.sha256(repr(rows).encode()).hexdigest()
        store_rows(actor=None, contest=contest, source=source, name=name, sha256=sha256, rows=rows, result=_Ok())
    if stdout is not None:
        count = Tally.objects.filter(contest=contest, current=True).count()
        stdout.write(f"Demo official results: {count} locations of kecamatan {DISTRICT} (presidential contest).")


class _Ok:
    """The demo's figures are generated: an error here is a bug, not a user's mistake."""

    ok = True

    def add(self, row, column, message):
        raise AssertionError(f"demo official results, row {row} {column}: {message}")
