"""The demo MK case of Kabupaten Solok (13.02), loaded by `manage.py load_demo` after the inventory.

A PHP Bupati case of the Pilkada 2024: pair 2 (the applicant) against KPU Kabupaten Solok, pair 1 as
Pihak Terkait. Its claims (dalil) sit at the TPS, villages and kecamatan of the demo inventory's
Bupati problems; each answer cites those problems and exhibits made of their evidence; the numbers
per TPS are the demo C.Hasil-KWK figures (the KPU's) against the applicant's shifted ones; hearings
follow the MK's January 2025 calendar. Everything goes through cases.services, acting as the demo
legal division. Idempotent: when the case exists it does nothing.
"""

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from cases import services
from cases.choices import CaseKind, CertifiedCopy, ExhibitKind, HearingAgenda, Metric
from cases.models import Case
from elections.choices import ContestType
from elections.models import Contest, Participant
from inventory.choices import Verification
from inventory.demo import data
from inventory.demo.documents import tally
from inventory.models import Evidence, Problem
from regions.choices import Level
from regions.models import Region

REGISTER_NUMBER = "87/PHPU.BUP-XXIII/2025"
WIB = ZoneInfo("Asia/Jakarta")
MAX_CLAIMS = 8
MIN_EXHIBITS = 16
APPLICANT_NUMBER, WINNER_NUMBER = 2, 1
SHIFT = 37  # votes the applicant says were moved from it to the winner at each TPS


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=WIB)


def _place(region: Region) -> str:
    """How the answer names a place: TPS 003 Nagari Surian, Nagari Lolo, Kecamatan Pantai Cermin."""
    if region.level == Level.TPS:
        return f"{region.name} Nagari {region.parent.name.title()}"
    if region.level == Level.VILLAGE:
        return f"Nagari {region.name.title()}"
    if region.level == Level.DISTRICT:
        return f"Kecamatan {region.name.title()}"
    return region.name


def _tps_under(region: Region, limit: int = 2) -> list[Region]:
    if region.level == Level.TPS:
        return [region]
    return list(Region.objects.filter(code__startswith=region.code + ".", level=Level.TPS).order_by("code")[:limit])


def _figures(region: Region, pairs: list[Participant], applicant: Participant, winner: Participant) -> list[dict]:
    """The KPU's numbers from the demo C.Hasil-KWK of the TPS, and the applicant's version of them."""
    numbers = tally(region.code, "bupati", [(p.ballot_number, p.name, []) for p in pairs])
    votes = {int(number): n for number, _name, n, subtotal in numbers.rows if not subtotal}
    rows = []
    for pair in pairs:
        official = votes.get(pair.ballot_number, 0)
        claimed = official + SHIFT if pair == applicant else max(official - SHIFT, 0) if pair == winner else official
        rows.append(
            {
                "region": region,
                "participant": pair,
                "metric": Metric.VOTES,
                "applicant_value": claimed,
                "official_value": official,
            }
        )
    rows += [
        {"region": region, "metric": Metric.VALID, "applicant_value": numbers.valid, "official_value": numbers.valid},
        {
            "region": region,
            "metric": Metric.INVALID,
            "applicant_value": numbers.invalid,
            "official_value": numbers.invalid,
        },
        {"region": region, "metric": Metric.DPT, "applicant_value": None, "official_value": numbers.dpt},
    ]
    return rows


def seed_demo_cases(stdout=None):
    """Create the demo case unless it exists; return it (None: skipped or the inventory demo is missing)."""
    if Case.objects.filter(register_number=REGISTER_NUMBER).exists():
        if stdout is not None:
            stdout.write("Demo MK case: already there.")
        return None
    contest = (
        Contest.objects.filter(election__name=data.PILKADA, contest_type=ContestType.BUPATI, region_id=data.REGENCY)
        .select_related("region")
        .first()
    )
    if contest is None:
        if stdout is not None:
            stdout.write("Demo MK case: skipped (no demo Pilkada contest).")
        return None
    started = time.monotonic()
    with transaction.atomic():
        case = _seed(contest)
    if stdout is not None:
        stdout.write(
            f"Demo MK case {case.register_number}: {case.claims.count()} claims, {case.exhibits.count()} exhibits, "
            f"{case.hearings.count()} hearings in {time.monotonic() - started:.1f}s."
        )
    return case


def _seed(contest: Contest) -> Case:
    users = {u.username: u for u in User.objects.filter(username__in=[data.HUKUM, data.KOMISIONER, data.TEKNIS])}
    legal = users.get(data.HUKUM)
    pairs = list(Participant.objects.filter(contest=contest).order_by("ballot_number"))
    applicant = next(p for p in pairs if p.ballot_number == APPLICANT_NUMBER)
    winner = next(p for p in pairs if p.ballot_number == WINNER_NUMBER)
    accepted = services.CASE_FIELDS
    fields = {
        "register_number": REGISTER_NUMBER,
        "kind": CaseKind.PHP_BUPATI,
        "contest": contest,
        "applicant": applicant,
        "related_party": winner,
        "respondent_office": contest.region,
        "applicant_counsel": "Dr. H. Rizal Effendi, S.H., M.H. dan rekan, Kantor Hukum Effendi & Partners, Padang",
        "summary": (
            "Pemohon (pasangan calon nomor urut 2) memohon pembatalan Keputusan KPU Kabupaten Solok tentang "
            "penetapan hasil Pemilihan Bupati dan Wakil Bupati Solok 2024, mendalilkan pengurangan suaranya dan "
            "penggelembungan suara Pihak Terkait di sejumlah TPS di Kecamatan Pantai Cermin dan Lembah Gumanti, "
            "serta meminta pemungutan suara ulang."
        ),
        "result_decree_number": "1485 Tahun 2024",
        "result_decree_at": _at("2024-12-09 15:30"),
        "petition_filed_at": _at("2024-12-11 16:42"),
        "ebrpk_registered_at": _at("2025-01-03 10:00"),
        "total_valid_votes": 231_874,
        "applicant_votes": 82_407,
        "winner_votes": 98_116,
    }
    members = [u for u in (legal, users.get(data.KOMISIONER)) if u is not None]
    if not contest.region.populations.exists():  # Pasal 158: 398k is the 250k-500k bracket (1.5%)
        services.region_population_set(
            actor=legal, region=contest.region, year=2024, population=398_311, source="DAK2 Kemendagri 2024 (demo)"
        )
    case = services.case_create(actor=legal, members=members, **{k: v for k, v in fields.items() if k in accepted})

    for starts, agenda, place, others in (
        ("2025-01-09 13:30", HearingAgenda.PRELIMINARY, "Ruang Sidang Panel 2 Gedung MK", "Kuasa hukum Termohon"),
        (
            "2025-01-17 09:00",
            HearingAgenda.ANSWER,
            "Ruang Sidang Panel 2 Gedung MK",
            "Kuasa hukum; Bawaslu Kabupaten Solok",
        ),
        ("2025-02-04 13:00", HearingAgenda.DECISION, "Ruang Sidang Pleno Gedung MK", ""),
    ):
        services.hearing_add(
            actor=legal,
            case=case,
            attendees=members,
            starts_at=_at(starts),
            agenda=agenda,
            place=place,
            other_attendees=others,
        )

    problems = list(
        Problem.objects.filter(contest=contest)
        .select_related("region__parent", "category")
        .prefetch_related("evidence")
        .order_by("pk")[:MAX_CLAIMS]
    )
    used: set[int] = set()
    answered = []
    for number, problem in enumerate(problems, start=1):
        region = problem.region
        claim = services.claim_create(
            actor=legal,
            case=case,
            number=str(number),
            summary=(
                f"Pemohon mendalilkan di {_place(region)} ({region.code}) terjadi pelanggaran yang merugikan "
                f"Pemohon: {problem.title[0].lower()}{problem.title[1:]}. Menurut Pemohon suaranya dikurangi "
                f"{SHIFT} suara di setiap TPS dan dialihkan kepada Pihak Terkait."
            ),
            category=problem.category,
            assignee=legal if number % 2 else users.get(data.KOMISIONER) or legal,
            locations=[region],
        )
        services.claim_link_problem(actor=legal, claim=claim, problem=problem)
        exhibits = []
        for evidence in problem.evidence.all():
            if evidence.pk in used or evidence.verification == Verification.REJECTED:
                continue
            used.add(evidence.pk)
            exhibits.append(
                services.exhibit_create(
                    actor=legal,
                    case=case,
                    evidence=[evidence],
                    description=evidence.description or evidence.original_name,
                    kind=ExhibitKind.DOCUMENT,
                    certified_copy=CertifiedCopy.CERTIFIED if evidence.certified_copy else CertifiedCopy.PENDING,
                    physical_ready=evidence.certified_copy,
                )
            )
        answered.append((claim, problem, exhibits))
        rows = [row for tps in _tps_under(region) for row in _figures(tps, pairs, applicant, winner)]
        if rows:
            services.claim_set_figures(actor=legal, claim=claim, rows=rows)

    # The rest of the office's Pilkada evidence (D.Hasil, berita acara ...) completes the Daftar Alat Bukti.
    extra = (
        Evidence.objects.filter(contest=contest)
        .exclude(pk__in=used)
        .exclude(verification=Verification.REJECTED)
        .order_by("pk")
    )
    for evidence in extra:
        services.exhibit_create(
            actor=legal,
            case=case,
            evidence=[evidence],
            description=evidence.description or evidence.original_name,
            kind=ExhibitKind.DOCUMENT,
            certified_copy=CertifiedCopy.CERTIFIED if evidence.certified_copy else CertifiedCopy.PENDING,
        )
    if case.exhibits.count() < MIN_EXHIBITS:
        _complete(case, legal, used)
    _answer(case, legal, answered)
    return case


def _complete(case, legal, used) -> None:
    """Exhibits up to MIN_EXHIBITS from the rest of the regency's evidence."""
    if case.exhibits.count() < MIN_EXHIBITS:
        others = Evidence.objects.filter(region__code__startswith=data.REGENCY + ".").exclude(
            pk__in=case.exhibits.values("evidence")
        )
        for evidence in others.order_by("pk")[: MIN_EXHIBITS - case.exhibits.count()]:
            services.exhibit_create(
                actor=legal, case=case, evidence=[evidence], description=evidence.description or evidence.original_name
            )


def _answer(case, legal, answered) -> None:
    """Each answer cites its own exhibits, or else the exhibits of evidence from the same kecamatan."""
    exhibits = list(case.exhibits.prefetch_related("evidence").order_by("sequence"))
    for claim, problem, own in answered:
        region = problem.region
        district = ".".join(region.code.split(".")[:3])
        cited = (
            own
            or [e for e in exhibits if any(ev.region_id.startswith(district) for ev in e.evidence.all())][:2]
            or exhibits[:1]
        )
        for exhibit in cited:
            services.exhibit_cite(actor=legal, claim=claim, exhibit=exhibit, note=problem.title[:255])
        labels = ", ".join(f"Bukti {e.label}" for e in cited)
        follow_up = problem.follow_up_notes or problem.get_follow_up_display()
        services.claim_update(
            actor=legal,
            claim=claim,
            response=(
                f"Dalil Pemohon tidak beralasan menurut hukum. Perolehan suara di {_place(region)} telah dicatat "
                f"sesuai Model C.Hasil-KWK dan direkapitulasi berjenjang tanpa keberatan yang tidak ditindaklanjuti "
                f"({labels}). Kejadian yang didalilkan telah tercatat dalam daftar inventarisasi masalah "
                f"(#{problem.pk}) dan ditindaklanjuti: {follow_up}."
            ),
        )
