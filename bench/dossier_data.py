"""The dossier benchmark's data (bench/dossiers.py measures it): the official regions and TPS under 13.02,
a presidential election with its two pairs, cases of generated claims, figures, citations and exhibits, and
evidence files (typed letters, grayscale "scans", scanned PDFs) put into evidence storage under their hash.

Every row made here, but the bench user and the regions, hangs on BENCH_USER, BENCH_ELECTION or a case of
BENCH_REGISTERS: that is what clean() deletes, so a run never touches other rows. Django is imported inside the
functions: the entry point sets it up first."""

import io
import random
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REGENCY = "13.02"
BENCH_USER = "bench.dossiers"
BENCH_ELECTION = "Pemilu 2019 (bench dossiers)"
SECTION_CASE, BRIEF_CASE, BUNDLE_CASE_SMALL, BUNDLE_CASE_LARGE = (
    f"{n}/PHPU.PRES-XVII/2019" for n in (9901, 9902, 9903, 9904)
)
BENCH_REGISTERS = (SECTION_CASE, BRIEF_CASE, BUNDLE_CASE_SMALL, BUNDLE_CASE_LARGE)
SCAN_SIZE = (1240, 1754)  # A4 at 150 dpi
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


# --- set-up ---------------------------------------------------------------------------------------------


def prepare_database() -> None:
    """Migrate if needed; load the official regions and TPS under 13.02 if they are missing."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from regions.choices import Level
    from regions.models import Region
    from regions.services import generate_tps, import_official_regions

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("migrating ...", flush=True)
        call_command("migrate", verbosity=0)
    if not Region.objects.filter(code=REGENCY).exists():
        print("loading the official regions ...", flush=True)
        import_official_regions()
    if Region.objects.filter(code__startswith=REGENCY + ".", level=Level.TPS).count() < 200:
        print(f"generating TPS under {REGENCY} ...", flush=True)
        generate_tps(region_code=REGENCY, per_village=8)


def no_history():
    """Bench data is made and removed without history records (rendering, the thing measured, keeps them)."""
    from django.test import override_settings

    return override_settings(SIMPLE_HISTORY_ENABLED=False)


def clean() -> None:
    """Delete every row an earlier run made, and the history its dossier jobs left."""
    from cases.models import Case
    from dossiers.models import DossierDownload, DossierJob
    from elections.models import Contest, Election, Participant
    from inventory.models import Evidence

    with no_history():
        DossierDownload.objects.filter(job__requested_by__username=BENCH_USER).delete()
        DossierJob.history.filter(requested_by__username=BENCH_USER).delete()
        DossierJob.objects.filter(requested_by__username=BENCH_USER).delete()
        Case.objects.filter(register_number__in=BENCH_REGISTERS).delete()
        Evidence.objects.filter(uploaded_by__username=BENCH_USER).delete()
        Participant.objects.filter(contest__election__name=BENCH_ELECTION).delete()
        Contest.objects.filter(election__name=BENCH_ELECTION).delete()
        Election.objects.filter(name=BENCH_ELECTION).delete()


def bench_user():
    """A national legal-division account (Biro Advokasi Hukum KPU RI): exports dossiers everywhere."""
    from accounts.choices import Role
    from accounts.models import User
    from accounts.services import user_create

    user = User.objects.filter(username=BENCH_USER).first()
    return user or user_create(
        actor=None, username=BENCH_USER, full_name="Biro Advokasi Hukum KPU RI (bench)", role=Role.LEGAL, region=None
    )


@dataclass
class World:
    user: object
    contest: object
    pairs: list
    tps: list  # Region rows of level TPS under 13.02, in code order


def make_world(user) -> World:
    from elections.choices import ContestType, ElectionKind, ParticipantKind
    from elections.models import Contest, Election, Participant
    from regions.choices import Level
    from regions.models import Region

    with no_history():
        election = Election.objects.create(name=BENCH_ELECTION, kind=ElectionKind.PEMILU, voting_date=date(2019, 4, 17))
        contest = Contest.objects.create(election=election, contest_type=ContestType.PPWP, region=None)
        pairs = [
            Participant.objects.create(contest=contest, kind=ParticipantKind.PAIR, ballot_number=n, name=name)
            for n, name in ((1, "Ir. H. Pasangan Satu - Prof. Dr. K.H. Wakil Satu"), (2, "H. Pasangan Dua - Wakil Dua"))
        ]
    tps = list(Region.objects.filter(code__startswith=REGENCY + ".", level=Level.TPS).order_by("code"))
    return World(user, contest, pairs, tps)


LOREM = (
    "bahwa Pemohon mendalilkan telah terjadi pengurangan suara di TPS tersebut karena formulir Model C1 "
    "tidak sesuai dengan hasil penghitungan yang disaksikan saksi pasangan calon dan pengawas TPS sehingga "
    "selisih perolehan suara harus dikoreksi menurut rekapitulasi berjenjang di tingkat kecamatan kabupaten "
    "provinsi serta nasional sebagaimana tercatat dalam berita acara dan sertifikat hasil yang ditandatangani"
)
WORDS = LOREM.split()


def prose(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_case(world: World, register: str, *, claims: int, tps_per_claim, exhibits: int, evidence: list):
    """A presidential case against KPU RI with `claims` claims (figures at `tps_per_claim(i)` TPS each,
    2 to 3 citations) and `exhibits` exhibits; `evidence[i]` (a list of Evidence) goes to exhibit i."""
    with no_history():
        return _make_case(world, register, claims, tps_per_claim, exhibits, evidence)


def _make_case(world: World, register: str, claims: int, tps_per_claim, exhibits: int, evidence: list):
    from cases.choices import CaseKind, CertifiedCopy, ClaimStatus, ExhibitKind, Metric
    from cases.models import Case, Citation, Claim, ClaimFigure, Exhibit

    rng = random.Random(register)
    one, two = world.pairs
    wib = ZoneInfo("Asia/Jakarta")
    case = Case.objects.create(
        register_number=register,
        kind=CaseKind.PHPU_PRESIDEN,
        contest=world.contest,
        applicant=two,
        related_party=one,
        respondent_office=None,
        applicant_counsel="Dr. Kuasa Hukum Pemohon, S.H., M.H. dan rekan",
        summary=prose(rng, 120),
        result_decree_number="987/PL.01.8-Kpt/06/KPU/V/2019",
        result_decree_at=datetime(2019, 5, 21, 1, 46, tzinfo=wib),
        petition_filed_at=datetime(2019, 5, 24, 22, 44, tzinfo=wib),
        ebrpk_registered_at=datetime(2019, 6, 11, 10, 0, tzinfo=wib),
    )
    case.members.add(world.user)
    rows = Claim.objects.bulk_create(
        Claim(
            case=case,
            number=str(i + 1),
            position=i + 1,
            summary=prose(rng, rng.randint(30, 60)),
            response=prose(rng, rng.randint(40, 90)),
            status=ClaimStatus.FINAL,
        )
        for i in range(claims)
    )
    exhibit_rows = Exhibit.objects.bulk_create(
        Exhibit(
            case=case,
            sequence=i + 1,
            description=f"Model C1-PPWP dan lampirannya, {world.tps[i % len(world.tps)].name} "
            f"({world.tps[i % len(world.tps)].code}), salinan yang dilegalisir",
            kind=ExhibitKind.DOCUMENT,
            certified_copy=CertifiedCopy.CERTIFIED if i % 3 else CertifiedCopy.PENDING,
        )
        for i in range(exhibits)
    )
    figures, locations, citations, cursor = [], [], [], 0
    for i, claim in enumerate(rows):
        places = [world.tps[(cursor + k) % len(world.tps)] for k in range(tps_per_claim(i))]
        cursor += len(places)
        for place in places:
            locations.append(Claim.locations.through(claim_id=claim.pk, region_id=place.pk))
            official = [rng.randint(40, 160), rng.randint(40, 160)]
            claimed = [official[0] - 17, official[1] + 17]
            valid = sum(official)
            for pair, got, says in ((one, official[0], claimed[0]), (two, official[1], claimed[1])):
                figures.append(
                    ClaimFigure(
                        claim=claim,
                        region=place,
                        participant=pair,
                        metric=Metric.VOTES,
                        applicant_value=says,
                        official_value=got,
                    )
                )
            figures += [
                ClaimFigure(
                    claim=claim, region=place, metric=Metric.VALID, applicant_value=valid, official_value=valid
                ),
                ClaimFigure(claim=claim, region=place, metric=Metric.INVALID, applicant_value=3, official_value=5),
                ClaimFigure(claim=claim, region=place, metric=Metric.DPT, official_value=rng.randint(200, 300)),
            ]
        if exhibit_rows:
            for exhibit in rng.sample(exhibit_rows, min(len(exhibit_rows), rng.randint(2, 3))):
                citations.append(Citation(claim=claim, exhibit=exhibit, note=prose(rng, 8)[:200]))
    ClaimFigure.objects.bulk_create(figures, batch_size=2000)
    Claim.locations.through.objects.bulk_create(locations, batch_size=2000)
    Citation.objects.bulk_create(citations, batch_size=2000)
    links = [
        Exhibit.evidence.through(exhibit_id=exhibit.pk, evidence_id=item.pk)
        for exhibit, items in zip(exhibit_rows, evidence, strict=False)
        for item in items
    ]
    Exhibit.evidence.through.objects.bulk_create(links, batch_size=2000)
    return case


# --- generated evidence -----------------------------------------------------------------------------------


class Scans:
    """Grayscale A4 'scans' at 150 dpi: a few noisy form pages drawn once, each copy stamped with its own
    number and random digits (so every file is different bytes), JPEG quality 75 (about 300 KB)."""

    def __init__(self, seed: int):
        from PIL import Image, ImageDraw, ImageFont

        self.rng = random.Random(seed)
        self.font = ImageFont.truetype(FONT, 22)
        self.bases = []
        for k in range(4):
            noise = Image.effect_noise(SCAN_SIZE, 18)
            page = noise.point(lambda v: 255 - max(0, 128 - v) // 2)
            draw = ImageDraw.Draw(page)
            draw.text((120, 110), "MODEL C1-PPWP  SERTIFIKAT HASIL PENGHITUNGAN SUARA", fill=15, font=self.font)
            for i in range(38):
                line = f"{i + 1:3d}   Uraian baris {k}-{i:02d}   ......................   {(k * 37 + i * 11) % 500:5d}"
                draw.text((120, 200 + i * 38), line, fill=40, font=self.font)
            self.bases.append(page)

    def jpeg(self, n: int) -> bytes:
        from PIL import ImageDraw

        page = self.bases[n % len(self.bases)].copy()
        draw = ImageDraw.Draw(page)
        draw.text((120, 150), f"Lembar {n:06d}  ·  {self.rng.getrandbits(64):016x}", fill=20, font=self.font)
        out = io.BytesIO()
        page.save(out, "JPEG", quality=75)
        return out.getvalue()

    def pdf(self, n: int, pages: int) -> bytes:
        """A scanned document: `pages` JPEG pages in one PDF (img2pdf, as a scanner writes it)."""
        import img2pdf

        return img2pdf.convert([self.jpeg(n * 100 + i) for i in range(pages)])


def store_evidence(world: World, files) -> list:
    """Put each (name, mime type, make bytes) into evidence storage under its hash, one at a time (nothing
    is kept in memory), and insert the rows in bulk; the upload path is not what is measured here."""
    import hashlib

    from django.core.files.base import ContentFile

    from files.store import content_name
    from inventory.choices import EvidenceKind, Verification
    from inventory.models import Evidence
    from inventory.storage import evidence_storage

    storage = evidence_storage()
    rows = []
    for i, (name, mime, make) in enumerate(files):
        data = make()
        digest = hashlib.sha256(data).hexdigest()
        stored = storage.save(content_name(digest, Path(name).suffix), ContentFile(data))
        rows.append(
            Evidence(
                file=stored,
                sha256=digest,
                size=len(data),
                mime_type=mime,
                original_name=name,
                kind=EvidenceKind.C_HASIL if mime == "application/pdf" else EvidenceKind.C_HASIL_SALINAN,
                region=world.tps[i % len(world.tps)],
                contest=world.contest,
                uploaded_by=world.user,
                verification=Verification.VERIFIED,
            )
        )
    return Evidence.objects.bulk_create(rows, batch_size=1000)


def small_pdf(text: str) -> bytes:
    """A one-page text PDF of a few hundred bytes (a typed letter), made with pikepdf."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica")
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    safe = text.replace("\\", "").replace("(", "").replace(")", "")
    page.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode("latin-1", "replace"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@dataclass
class File:
    name: str
    mime: str
    pages: int
    make: object  # () -> bytes


def bundle_exhibits(scans: Scans, pages: int) -> list[list[File]]:
    """Files per exhibit until about `pages` bundle pages: two exhibits in three hold 2 to 4 JPEG scans,
    the third one scanned PDF of 3 to 8 pages; every exhibit adds its cover page."""
    rng = random.Random(pages)
    exhibits, total, n = [], 0, 0
    while total < pages:
        n += 1
        if n % 3:
            files = [
                File(f"bench-scan-{n:05d}-{i + 1}.jpg", "image/jpeg", 1, lambda k=n * 10 + i: scans.jpeg(k))
                for i in range(rng.randint(2, 4))
            ]
        else:
            count = rng.randint(3, 8)
            files = [File(f"bench-dokumen-{n:05d}.pdf", "application/pdf", count, lambda n=n, c=count: scans.pdf(n, c))]
        exhibits.append(files)
        total += 1 + sum(f.pages for f in files)
    return exhibits
