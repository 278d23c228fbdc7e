"""The demo inventory of Kabupaten Solok (13.02), loaded by `manage.py load_demo` (and so by `make run`).

Everything goes through the services, acting as the demo users (a PPS records a problem, uploads
its C.Hasil; the technical division verifies it; the commissioner marks it ready), so the audit
history, the four-eyes rule and the "siap" rule hold for the demo as for real data. Idempotent: when
the demo elections exist it does nothing.
"""

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.dates import MONTHS
from simple_history.models import HistoricalRecords

from accounts.models import User
from elections.choices import ContestType, ElectionKind, ParticipantKind
from elections.models import Election
from elections.services import contest_create, dapil_create, election_create, participant_create
from inventory.choices import Status, Verification
from inventory.integrity import download_record
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
from phpu.demo import data, documents
from phpu.demo.data import long_date
from phpu.demo.live import Live, live_calendar
from regions import tree
from regions.choices import Level
from regions.models import Region

USERNAMES = ("admin", data.KOMISIONER, data.HUKUM, data.TEKNIS, data.PPK_PC, data.PPK_LG, data.PPS_SURIAN)
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

    Not one transaction: evidence uploads commit their own, durable transactions (a file is never kept
    for a row a later rollback takes away), as they do for a user. A run that fails midway leaves part of
    the demo: start again from an empty database."""
    if Election.objects.filter(name__in=[data.PEMILU, data.PILKADA]).exists():
        if stdout is not None:
            stdout.write("Demo inventory: already there.")
        return None
    started = time.perf_counter()
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


BUPATI_BALLOTS = [(n, name, []) for n, name in data.BUPATI_PAIRS]


def district_lines(district: Region, contest: str, ballots, params: dict | None = None) -> list[tuple]:
    """Per village of `district`: (name, votes per participant, valid, invalid, users), the sum of its TPS
    forms (villages whose TPS were not generated count VILLAGE_TPS made-up ones)."""
    params = params or {}
    anomalies = {k: params[k] for k in ("extra_users", "valid_short", "subtotal_off") if k in params}
    villages = list(Region.objects.filter(parent=district).order_by("code"))
    tps: dict[str, list[str]] = {}
    for code, village in Region.objects.filter(parent__in=villages).values_list("code", "parent_id"):
        tps.setdefault(village, []).append(code)
    lines = []
    for village in villages:
        codes = sorted(tps.get(village.code) or [f"{village.code}.{n:03d}" for n in range(1, VILLAGE_TPS + 1)])
        tallies = [documents.tally(code, contest, ballots) for code in codes]
        votes = [
            sum(
                votes
                for t in tallies
                for number, _name, votes, subtotal in t.rows
                if not subtotal and number.split(".")[0] == str(n)
            )
            for n, _name, _c in ballots
        ]
        users = sum(t.users for t in tallies)
        if params.get("village") == village.code:
            users += anomalies.get("extra_users", 0)
        lines.append((village.name, votes, sum(t.valid for t in tallies), sum(t.invalid for t in tallies), users))
    return lines


def regency_lines(regency: Region, contest: str, ballots) -> list[tuple]:
    """Per kecamatan of `regency`: the totals of its D.Hasil Kecamatan (the regency's recapitulation)."""
    lines = []
    for district in Region.objects.filter(parent=regency, level=Level.DISTRICT).order_by("code"):
        rows = district_lines(district, contest, ballots)
        votes = [sum(row[1][i] for row in rows) for i in range(len(ballots))]
        lines.append((district.name, votes, *(sum(row[i] for row in rows) for i in (2, 3, 4))))
    return lines


@dataclass(frozen=True)
class RegencyResult:
    """The regency's official result of a contest, as its D.Hasil Kabupaten/Kota adds it up."""

    votes: dict[int, int]
    valid: int
    invalid: int
    users: int


def regency_result(contest: str = "bupati", ballots=None) -> RegencyResult:
    """The demo regency's result: what the decree, the D.Hasil Kabupaten/Kota-KWK and the case state."""
    ballots = ballots or BUPATI_BALLOTS
    lines = regency_lines(Region.objects.get(code=data.REGENCY), contest, ballots)
    return RegencyResult(
        votes={n: sum(line[1][i] for line in lines) for i, (n, _name, _c) in enumerate(ballots)},
        valid=sum(line[2] for line in lines),
        invalid=sum(line[3] for line in lines),
        users=sum(line[4] for line in lines),
    )


def foundation_docs(live: Live) -> list[data.Doc]:
    """The decree, the regency's D.Hasil and its minutes, with the regency's result (data.foundation_docs)."""
    result = regency_result()
    return data.foundation_docs(live, data.BUPATI_PAIRS, result.votes, result.valid, result.invalid)


def demo_day() -> date:
    """The day the demo inventory was loaded (the day its decree was uploaded), else today: the live
    calendar of the inventory's documents and of the demo case runs from it, so both agree."""
    from inventory.models import Evidence

    decree = Evidence.objects.filter(original_name="keputusan-penetapan-hasil-kwk.pdf").order_by("pk").first()
    return decree.uploaded_at.astimezone(WIB).date() if decree is not None else datetime.now(WIB).date()


@dataclass(frozen=True)
class Identity:
    """How the Daftar Alat Bukti describes a demo evidence file: its own title, number (or form code) and date."""

    title: str
    number: str
    day: date | None


FORM_WORDS = {
    "HASIL": "Hasil",
    "KECAMATAN": "Kecamatan",
    "KABUPATEN/KOTA": "Kabupaten/Kota",
    "KEJADIAN": "Kejadian",
    "KHUSUS": "Khusus",
    "KAB/KOTA": "Kab/Kota",
}
SMALL_WORDS = {
    "DAN",
    "DAN/ATAU",
    "DI",
    "ATAS",
    "DARI",
    "PADA",
    "DENGAN",
    "ATAU",
    "YANG",
    "UNTUK",
    "KE",
    "TENTANG",
    "DALAM",
}
UPPER_WORDS = {"TPS", "PPK", "PPS", "KPPS", "KPU", "DPRD", "PPWP", "KWK", "PSU", "DPT", "DPTB", "X", "II", "III"}


@cache
def _month_names() -> list[str]:
    """Indonesian month names as Django's catalogue has them (what long_date writes)."""
    with translation.override("id"):
        return [str(MONTHS[n]) for n in range(1, 13)]


def form_name(code: str) -> str:
    """C.HASIL-KWK -> Model C.Hasil-KWK; D.HASIL KECAMATAN-KWK -> Model D.Hasil Kecamatan-KWK."""
    for word, nice in FORM_WORDS.items():
        code = code.replace(word, nice)
    return f"Model {code}"


def title_case(text: str) -> str:
    """BERITA ACARA PENGHITUNGAN SUARA ULANG TPS 004 -> Berita Acara Penghitungan Suara Ulang TPS 004."""
    words = []
    for index, word in enumerate(text.split()):
        if word in UPPER_WORDS or any(ch.isdigit() for ch in word):
            words.append(word)
        elif index and word in SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def _day_in(text: str) -> date | None:
    names = _month_names()
    found = re.search(r"(\d{1,2}) (" + "|".join(names) + r") (\d{4})", text)
    if not found:
        return None
    return date(int(found.group(3)), names.index(found.group(2)) + 1, int(found.group(1)))


CONTEST_KEY = {"ppwp": "ppwp", "dprd_kabko": "dprd", "bupati": "bupati"}


def identity(evidence, live: Live) -> Identity:
    """The demo evidence file's own title, number and date, from the demo data it was made from."""
    docs = {doc.key: doc for entry in data.PROBLEMS for doc in entry.evidence}
    docs.update({doc.key: doc for doc in data.EXTRA_EVIDENCE})
    docs.update({doc.key: doc for doc in data.foundation_docs(live, data.BUPATI_PAIRS, {}, 0, 0)})
    region = evidence.region
    contest = evidence.contest
    key = CONTEST_KEY.get(contest.contest_type, "bupati") if contest is not None else "bupati"
    _election, _title, c_form, d_form = data.CONTESTS[key]
    voting = contest.election.voting_date if contest is not None else None
    doc = docs.get(evidence.original_name.removesuffix(".pdf"))
    names = _names(region)
    if doc is not None and doc.make == "document":
        params = doc.params
        number = title_case(params["number"]) if params.get("number") else ""
        title = title_case(params["title"])
        if evidence.kind == "decree":  # Keputusan ... Nomor 1485 Tahun 2024 tentang Penetapan Hasil ...
            about = title_case(params["paragraphs"][0].removeprefix("TENTANG "))
            title = f"{title} Nomor {number} tentang {about}"
        elif region.level not in (Level.PROVINCE, Level.REGENCY) and region.name.upper() not in params["title"]:
            title = f"{title} di {names}"
        if not number and params.get("form"):
            number = form_name(params["form"])
        return Identity(title, number, _day_in(params["place_date"]))
    if evidence.kind in ("c_hasil", "c_hasil_salinan"):
        prefix = "Salinan " if evidence.kind == "c_hasil_salinan" else ""
        return Identity(f"{prefix}{form_name(c_form)} {names}", form_name(c_form), voting)
    if evidence.kind == "d_hasil_kabko":
        form = form_name(d_form.replace("KECAMATAN", "KABUPATEN/KOTA"))
        return Identity(f"{form} {region.name}", form, live.recap_at.date())
    if evidence.kind == "d_hasil_kec":
        day = voting + timedelta(days=RECAP_DAYS) if voting else None
        return Identity(f"{form_name(d_form)} {names}", form_name(d_form), day)
    captured = evidence.captured_at.astimezone(WIB).date() if evidence.captured_at else None
    caption, _sep, scene = (evidence.description or evidence.original_name).partition(" · ")
    what = f"{caption[:1].lower()}{caption[1:]}{f', {scene}' if scene else ''}"
    return Identity(f"Foto {what}", "", captured)


def _names(region: Region) -> str:
    """TPS 004 Nagari Surian, Kecamatan Pantai Cermin: a place as the filing names it."""
    chain = {r.level: r for r in Region.objects.filter(code__in=tree.lineage(region.code))}
    text = " ".join(
        name
        for name in (
            chain[Level.TPS].name if Level.TPS in chain else "",
            f"Nagari {chain[Level.VILLAGE].name}" if Level.VILLAGE in chain else "",
        )
        if name
    )
    if Level.DISTRICT in chain:
        district = f"Kecamatan {chain[Level.DISTRICT].name}"
        text = f"{text}, {district}" if text else district
    return text or region.name


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
        wanted = {node for code in codes for node in tree.lineage(code)}
        self.regions = Region.objects.in_bulk(sorted(wanted))

    def region(self, code: str) -> Region:
        """The region, or its nearest existing ancestor (when fewer TPS were generated than the demo uses)."""
        while code not in self.regions:
            code = tree.parent(code)
        return self.regions[code]

    def place(self, region: Region) -> documents.Place:
        names = [self.regions[code].name for code in tree.lineage(region.code)]
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
        if doc.make == "d_hasil" and region.level == Level.REGENCY:
            form = d_form.replace("KECAMATAN", "KABUPATEN/KOTA")
            pdf = documents.d_hasil_pdf(
                place=place,
                form=form,
                contest_title=title,
                election=data.ELECTION_TITLES[election],
                date=long_date(date.fromisoformat(params["day"])),
                heads=[(n, name) for n, name, _c in self.ballots[contest]],
                lines=regency_lines(region, contest, self.ballots[contest]),
                signers=["Ketua KPU Kabupaten Solok", *(f"Anggota KPU {i}" for i in range(1, 5)), "Saksi 1", "Saksi 2"],
                level="KABUPATEN/KOTA",
                unit="Kecamatan",
                body="KPU KABUPATEN SOLOK",
                where=data.KPU_PLACE,
            )
            label = f"{form} {place.regency}"
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
            return pdf, f"{doc.key}.pdf", title_case(params["title"])
        taken = params["taken"]
        jpeg = documents.photo_jpeg(seed=doc.key, **params)
        name = f"IMG_{taken[:10].replace(':', '')}_{taken[11:].replace(':', '')}.jpg"
        return jpeg, name, f"{params['caption']} · {title_case(params['banner'])}"

    def district_lines(self, district: Region, contest: str, params: dict):
        """Per village of `district`: votes per participant, valid, invalid, users (sum of its TPS forms)."""
        return district_lines(district, contest, self.ballots[contest], params)

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
                # A verifier looks at the file itself first (the verification requires it): in the viewer.
                download_record(evidence=evidence, user=verifier, intact=True, viewed=True)
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
        # The foundation of the demo dispute's answer: the decree, the regency's D.Hasil and its minutes.
        for doc in foundation_docs(live_calendar()):
            self.upload(doc, region=self.region(doc.region), contest=doc.contest)
