"""The demo inventory of Kabupaten Solok (13.02), loaded by `manage.py load_demo` (and so by `make run`).

Everything goes through the services, acting as the demo users (a PPS records a problem, uploads
its C.Hasil; the technical division verifies it; the commissioner marks it ready), so the audit
history, the four-eyes rule and the "siap" rule hold for the demo as for real data. Idempotent: when
the demo elections exist it does nothing.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from simple_history.models import HistoricalRecords

from accounts.models import User
from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Election
from elections.services import contest_create, dapil_create, election_create, participant_create
from inventory.choices import Status, Verification
from inventory.demo import data, documents
from inventory.models import Category
from inventory.services import (
    comment_add,
    evidence_link,
    evidence_set_certified,
    evidence_upload,
    evidence_verify,
    problem_create,
    problem_set_status,
)
from regions.models import Region

USERNAMES = ("admin", data.KOMISIONER, data.HUKUM, data.TEKNIS, data.PPK_PC, data.PPK_LG, data.PPS_SURIAN)
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
VILLAGE_TPS = 4  # TPS assumed in a village whose TPS were not generated (D.Hasil numbers only)
RECAP_DAYS = 4  # the kecamatan recapitulation signs its D.Hasil a few days after voting
WIB = ZoneInfo("Asia/Jakarta")


@dataclass
class DemoSummary:
    problems: int
    ready: int
    evidence: int
    verified: int
    seconds: float

    def __str__(self):
        return (
            f"Demo inventory for Kabupaten Solok: {self.problems} problems ({self.ready} ready), "
            f"{self.evidence} evidence files ({self.verified} verified) in {self.seconds:.1f}s."
        )


def seed_demo_inventory(stdout=None) -> DemoSummary | None:
    """Create the demo elections and inventory unless they exist; return what was made (None: skipped).

    One transaction: a failure leaves no half-made demo behind (at most some stored files, which the
    next run finds again by their hash)."""
    if Election.objects.filter(name__in=[data.PEMILU, data.PILKADA]).exists():
        if stdout is not None:
            stdout.write("Demo inventory: already there.")
        return None
    started = time.perf_counter()
    with transaction.atomic():
        seeder = _Seeder()
        seeder.run()
    summary = DemoSummary(
        problems=len(seeder.problems),
        ready=sum(p.status == Status.READY for p in seeder.problems),
        evidence=len(seeder.evidence),
        verified=sum(e.verification == Verification.VERIFIED for e in seeder.evidence.values()),
        seconds=time.perf_counter() - started,
    )
    if stdout is not None:
        stdout.write(str(summary))
    return summary


@contextmanager
def acting(user):
    """Name `user` in the audit history for the writes inside, as their own web request would: the
    services check the actor's reach, simple-history takes the user from the request."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield user
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


def when(text: str) -> datetime:
    """'2024-02-14 19:40', Western Indonesia Time (Kabupaten Solok's), as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=WIB)


def file_name(label: str, extension: str) -> str:
    return label.replace("/", "-") + extension


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class _Seeder:
    """One run of the demo seed: looks up what it needs once, then creates through the services."""

    def __init__(self):
        users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
        missing = set(USERNAMES) - set(users)
        if missing:
            raise ValueError(f"demo users missing ({', '.join(sorted(missing))}): run manage.py load_demo")
        self.users = users
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.regions: dict[str, Region] = {}
        self.contests = {}
        self.ballots = {}  # contest key -> [(number, name, [candidate names])]
        self.evidence = {}
        self.problems = []

    # ------------------------------------------------------------------------------ regions
    def load_regions(self):
        codes = {data.REGENCY, *data.DAPIL_DISTRICTS}
        codes.update(entry.region for entry in data.PROBLEMS)
        codes.update(doc.region for entry in data.PROBLEMS for doc in entry.evidence if doc.region)
        codes.update(doc.region for doc in data.EXTRA_EVIDENCE)
        wanted = {".".join(code.split(".")[:depth]) for code in codes for depth in range(1, code.count(".") + 2)}
        self.regions = Region.objects.in_bulk(sorted(wanted))

    def region(self, code: str) -> Region:
        """The region, or its nearest existing ancestor (when fewer TPS were generated than the demo uses)."""
        while code not in self.regions:
            code = code.rsplit(".", 1)[0]
        return self.regions[code]

    def place(self, region: Region) -> documents.Place:
        parts = region.code.split(".")
        names = [self.regions[".".join(parts[:depth])].name for depth in range(1, len(parts) + 1)]
        names += [""] * (5 - len(names))
        return documents.Place(*names)

    # ---------------------------------------------------------------------------- elections
    def elections(self):
        admin, office = self.users["admin"], self.users[data.KOMISIONER]
        regency = self.regions[data.REGENCY]
        with acting(admin):
            pemilu = election_create(
                actor=admin, name=data.PEMILU, kind=ElectionKind.PEMILU, voting_date=date(2024, 2, 14)
            )
            pilkada = election_create(
                actor=admin, name=data.PILKADA, kind=ElectionKind.PILKADA, voting_date=date(2024, 11, 27)
            )
            ppwp = contest_create(actor=admin, election=pemilu, contest_type=ContestType.PPWP)
            for number, name in data.PPWP_PAIRS:
                participant_create(
                    actor=admin, contest=ppwp, kind=ParticipantKind.PAIR, name=name, ballot_number=number
                )
        with acting(office):
            dapil = dapil_create(
                actor=office,
                election=pemilu,
                contest_type=ContestType.DPRD_KABKO,
                name=data.DAPIL,
                regions=[self.regions[code] for code in data.DAPIL_DISTRICTS],
            )
            dprd = contest_create(
                actor=office, election=pemilu, contest_type=ContestType.DPRD_KABKO, region=regency, dapil=dapil
            )
            for number, name, candidates in data.PARTIES:
                party = participant_create(
                    actor=office, contest=dprd, kind=ParticipantKind.PARTY, name=name, ballot_number=number
                )
                for position, candidate in enumerate(candidates, 1):
                    participant_create(
                        actor=office,
                        contest=dprd,
                        kind=ParticipantKind.CANDIDATE,
                        name=candidate,
                        ballot_number=position,
                        party=party,
                    )
            bupati = contest_create(actor=office, election=pilkada, contest_type=ContestType.BUPATI, region=regency)
            for number, name in data.BUPATI_PAIRS:
                participant_create(
                    actor=office, contest=bupati, kind=ParticipantKind.PAIR, name=name, ballot_number=number
                )
        self.contests = {"ppwp": ppwp, "dprd": dprd, "bupati": bupati}
        self.ballots = {
            "ppwp": [(n, name, []) for n, name in data.PPWP_PAIRS],
            "dprd": data.PARTIES,
            "bupati": [(n, name, []) for n, name in data.BUPATI_PAIRS],
        }

    # ------------------------------------------------------------------------------ evidence
    def tally(self, code: str, contest: str, params: dict) -> documents.Tally:
        anomalies = {k: params[k] for k in ("extra_users", "valid_short", "subtotal_off") if k in params}
        return documents.tally(code, contest, self.ballots[contest], **anomalies)

    def render(self, doc: data.Doc, region: Region, contest: str) -> tuple[bytes, str, str]:
        """(content, file name, description) of one demo file."""
        election, title, c_form, d_form = data.CONTESTS[contest]
        voting_day = self.contests[contest].election.voting_date
        place = self.place(region)
        params = doc.params
        if doc.make == "c_hasil":
            pdf = documents.c_hasil_pdf(
                place=place,
                code=region.code,
                form=c_form,
                contest_title=title,
                election=data.ELECTION_TITLES[election],
                date=long_date(voting_day),
                tally_=self.tally(region.code, contest, params),
                copy=params.get("copy", False),
            )
            label = f"{'Salinan ' if params.get('copy') else ''}{c_form} {place.tps} {place.village}"
            return pdf, file_name(label, ".pdf"), label
        if doc.make == "d_hasil":
            pdf = documents.d_hasil_pdf(
                place=place,
                form=d_form,
                contest_title=title,
                election=data.ELECTION_TITLES[election],
                date=long_date(voting_day + timedelta(days=RECAP_DAYS)),
                heads=[(n, name) for n, name, _c in self.ballots[contest]],
                lines=self.district_lines(region, contest, params),
                signers=["Ketua PPK", *(f"Anggota PPK {i}" for i in range(1, 5)), "Saksi 1", "Saksi 2", "Saksi 3"],
            )
            label = f"{d_form} {place.district}"
            return pdf, file_name(label, ".pdf"), label
        if doc.make == "document":
            pdf = documents.document_pdf(place=place, **params)
            return pdf, f"{doc.key}.pdf", params["title"].capitalize()
        taken = params["taken"]
        jpeg = documents.photo_jpeg(seed=doc.key, **params)
        name = f"IMG_{taken[:10].replace(':', '')}_{taken[11:].replace(':', '')}.jpg"
        return jpeg, name, f"{params['caption']} · {params['banner'].title()}"

    def district_lines(self, district: Region, contest: str, params: dict):
        """Per village of `district`: votes per participant, valid, invalid, users (sum of its TPS forms)."""
        villages = list(Region.objects.filter(parent=district).order_by("code"))
        tps: dict[str, list[str]] = {}
        for code, village in Region.objects.filter(parent__in=villages).values_list("code", "parent_id"):
            tps.setdefault(village, []).append(code)
        lines = []
        for village in villages:
            codes = sorted(tps.get(village.code) or [f"{village.code}.{n:03d}" for n in range(1, VILLAGE_TPS + 1)])
            tallies = [self.tally(code, contest, {}) for code in codes]
            votes = [
                sum(
                    votes
                    for t in tallies
                    for number, _name, votes, subtotal in t.rows
                    if not subtotal and number.split(".")[0] == str(n)
                )
                for n, _name, _c in self.ballots[contest]
            ]
            users = sum(t.users for t in tallies)
            if params.get("village") == village.code:
                users += params.get("extra_users", 0)
            lines.append((village.name, votes, sum(t.valid for t in tallies), sum(t.invalid for t in tallies), users))
        return lines

    def upload(self, doc: data.Doc, *, region: Region, contest: str, problem=None):
        region = self.region(doc.region) if doc.region else region
        contest = doc.contest or contest
        content, name, description = self.render(doc, region, contest)
        uploader = self.users[doc.uploader]
        with acting(uploader):
            evidence, _created = evidence_upload(
                actor=uploader,
                file=ContentFile(content, name=name),
                kind=doc.kind,
                region=region,
                contest=self.contests[contest],
                description=doc.description or description,
                problem=problem,
                replaces=self.evidence[doc.replaces] if doc.replaces else None,
            )
        if doc.verifier:
            with acting(self.users[doc.verifier]) as verifier:
                evidence = evidence_verify(
                    actor=verifier, evidence=evidence, verified=not doc.reject, reason=doc.reject
                )
        if doc.certified_by:
            with acting(self.users[doc.certified_by]) as lawyer:
                evidence = evidence_set_certified(actor=lawyer, evidence=evidence, certified=True)
        self.evidence[doc.key] = evidence
        return evidence

    # ------------------------------------------------------------------------------ problems
    def facts(self, entry: data.Entry) -> dict:
        """The numbers on the problem's own C.Hasil, for its description."""
        for doc in entry.evidence:
            if doc.make == "c_hasil" and not doc.region:
                t = self.tally(self.region(entry.region).code, entry.contest, doc.params)
                rows_sum = sum(votes for _n, _name, votes, subtotal in t.rows if not subtotal)
                return {"users": t.users, "valid": t.valid, "invalid": t.invalid, "cast": t.cast, "rows_sum": rows_sum}
        return {}

    def problem(self, entry: data.Entry):
        region = self.region(entry.region)
        facts = self.facts(entry)
        reporter = self.users[entry.reporter]
        with acting(reporter):
            problem = problem_create(
                actor=reporter,
                region=region,
                contest=self.contests[entry.contest],
                stage=entry.stage,
                category=self.categories[entry.category],
                title=entry.title,
                description=entry.description.format(**facts) if facts else entry.description,
                chronology=entry.chronology,
                source=entry.source,
                follow_up=entry.follow_up,
                follow_up_notes=entry.follow_up_notes,
                bawaslu_reference=entry.bawaslu_reference,
                affected_votes=entry.affected_votes,
                risk=entry.risk,
                assignee=self.users[entry.assignee] if entry.assignee else None,
                occurred_at=when(entry.occurred),
            )
        for doc in entry.evidence:
            self.upload(doc, region=region, contest=entry.contest, problem=problem)
        with acting(reporter):
            for key in entry.links:
                evidence_link(actor=reporter, evidence=self.evidence[key], problem=problem)
        for author, body in entry.comments:
            with acting(self.users[author]) as user:
                comment_add(actor=user, problem=problem, body=body)
        steps = {
            Status.NEW: [],
            Status.IN_PROGRESS: [Status.IN_PROGRESS],
            Status.RESOLVED: [Status.IN_PROGRESS, Status.RESOLVED],
            Status.READY: [Status.IN_PROGRESS, Status.RESOLVED, Status.READY],
        }[entry.status]
        for status in steps:
            # The office marks a problem ready; whoever works on it moves it along before that.
            user = self.users[data.KOMISIONER if status == Status.READY else (entry.assignee or entry.reporter)]
            with acting(user):
                problem = problem_set_status(actor=user, problem=problem, status=status)
        return problem

    def run(self):
        self.load_regions()
        self.elections()
        for entry in data.PROBLEMS:
            self.problems.append(self.problem(entry))
        for doc in data.EXTRA_EVIDENCE:
            self.upload(doc, region=self.region(doc.region), contest=doc.contest)
