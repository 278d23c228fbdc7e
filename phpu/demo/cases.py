"""The demo MK case of Kabupaten Solok (13.02), loaded by `manage.py load_demo` after the inventory.

A PHP Bupati case of the Pilkada 2024: pair 2 (the applicant) against KPU Kabupaten Solok, pair 1 as
Pihak Terkait. It is coherent as a filing: every exhibit is evidence of the Bupati contest; the
foundation exhibits come first (T-1 the result decree, T-2 the regency's D.Hasil, T-3 the minutes of
its recapitulation) and their numbers are the case's official votes; every exhibit has its own title,
number (or form code), date and keterangan; the office's chair, letterhead, Surat Kuasa Khusus and two
advocates are named. Its claims (dalil) sit at the TPS, villages and kecamatan of the demo inventory's
Bupati problems; each answer states the KPU's numbers from the forms and cites its exhibits; the
numbers per TPS are the demo C.Hasil-KWK figures (the KPU's) against the applicant's shifted ones.

Its calendar is live (phpu.demo.live): the decree a few days before the demo was loaded, the
petition on time by the deadline engine, registration the last working day, hearings in the coming
days. Everything goes through cases.services, acting as the demo legal division. All people are
fictional. Idempotent: when the case exists it does nothing (its dates stay those of the first load).
"""

import time

from django.db import transaction

from accounts.models import User
from cases import services, services_exhibits
from cases.choices import CaseKind, CertifiedCopy, ExhibitKind, FoundationExhibit, HearingAgenda, Metric, PresentedAs
from cases.deadlines import WIB
from cases.models import Case, Exhibit
from cases.register import int_to_roman
from elections.choices import ContestType
from elections.models import Contest, Participant
from inventory.choices import EvidenceKind, FollowUp, Verification
from inventory.models import Evidence, Problem
from phpu.demo.documents import tally
from phpu.demo.inventory import BUPATI_BALLOTS, data, demo_day, district_lines, identity, regency_result
from phpu.demo.live import Live, live_calendar
from regions import tree
from regions.choices import Level
from regions.models import Region

# The MK numbers its register years from 2003 (XXIII: 2025); the demo's number follows the year the
# live calendar registers the case in, so the number and the registration date agree.
REGISTER_PREFIX = "87/PHPU.BUP-"


def register_number(year: int) -> str:
    return f"{REGISTER_PREFIX}{int_to_roman(year - 2002)}/{year}"


def demo_cases():
    """The demo case (one at most), whatever year it was registered in."""
    return Case.objects.filter(register_number__startswith=REGISTER_PREFIX, contest__election__name=data.PILKADA)


MAX_CLAIMS = 8
APPLICANT_NUMBER, WINNER_NUMBER = 2, 1
SHIFT = 37  # votes the applicant says were moved from it to the winner at each TPS
AUDIOVISUAL = {EvidenceKind.PHOTO, EvidenceKind.VIDEO}
FOUNDATION_FILES = {  # the demo inventory's foundation documents, by their file names
    FoundationExhibit.RESULT_DECREE: ("decree", "keputusan-penetapan-hasil-kwk.pdf"),
    FoundationExhibit.RECAPITULATION: ("d_hasil_kabko", None),
    FoundationExhibit.RECAP_MINUTES: ("berita_acara", "ba-rekapitulasi-kabupaten-kwk.pdf"),
}


# The form that states the KPU's numbers at each level.
FORM_AT = {
    Level.TPS: "Model C.Hasil-KWK",
    Level.DISTRICT: "Model D.Hasil Kecamatan-KWK",
    Level.REGENCY: "Model D.Hasil Kabupaten/Kota-KWK",
}


# What was done about an incident, as the answer says it (when the inventory has no notes).
FOLLOW_UP = {
    FollowUp.PSU: "pemungutan suara ulang",
    FollowUp.PSL: "pemungutan suara lanjutan",
    FollowUp.PSS: "pemungutan suara susulan",
    FollowUp.RECOUNT: "penghitungan suara ulang",
    FollowUp.RETALLY: "rekapitulasi ulang",
    FollowUp.CORRECTION: "pembetulan dalam rapat pleno",
    FollowUp.CLARIFICATION: "klarifikasi dan penjelasan kepada saksi dalam rapat pleno",
}


def _votes(n: int) -> str:
    return f"{n:,}".replace(",", ".")


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
    return list(Region.objects.filter(tree.descendants_q(region.code), level=Level.TPS).order_by("code")[:limit])


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
    if demo_cases().exists():
        if stdout is not None:
            stdout.write("Demo MK case: already there.")
        return None
    contest = (
        Contest.objects.filter(election__name=data.PILKADA, contest_type=ContestType.BUPATI, region_id=data.REGENCY)
        .select_related("region", "election")
        .first()
    )
    if contest is None:
        if stdout is not None:
            stdout.write("Demo MK case: skipped (no demo Pilkada contest).")
        return None
    started = time.monotonic()
    with transaction.atomic():
        case = _seed(contest, live_calendar(demo_day()))
    if stdout is not None:
        stdout.write(
            f"Demo MK case {case.register_number}: {case.claims.count()} claims, {case.exhibits.count()} exhibits, "
            f"{case.hearings.count()} hearings in {time.monotonic() - started:.1f}s."
        )
    return case


def _seed(contest: Contest, live: Live) -> Case:
    users = {u.username: u for u in User.objects.filter(username__in=[data.HUKUM, data.KOMISIONER, data.TEKNIS])}
    legal = users.get(data.HUKUM)
    pairs = list(Participant.objects.filter(contest=contest).order_by("ballot_number"))
    applicant = next(p for p in pairs if p.ballot_number == APPLICANT_NUMBER)
    winner = next(p for p in pairs if p.ballot_number == WINNER_NUMBER)
    result = regency_result()
    year = live.decree_at.year
    fields = {
        "register_number": register_number(live.registered_at.astimezone(WIB).year),
        "kind": CaseKind.PHP_BUPATI,
        "contest": contest,
        "applicant": applicant,
        "related_party": winner,
        "respondent_office": contest.region,
        "applicant_counsel": data.APPLICANT_COUNSEL,
        "summary": (
            "Pemohon (pasangan calon nomor urut 2) memohon pembatalan Keputusan KPU Kabupaten Solok tentang "
            f"{data.DECREE_TITLE}, mendalilkan pengurangan suaranya dan penggelembungan suara Pihak Terkait di "
            "sejumlah TPS di Kecamatan Pantai Cermin dan Lembah Gumanti, serta meminta pemungutan suara ulang."
        ),
        "result_decree_number": data.decree_number(year),
        "result_decree_title": data.DECREE_TITLE,
        "result_decree_at": live.decree_at,
        "petition_filed_at": live.petition_filed_at,
        "ebrpk_registered_at": live.registered_at,
        "total_valid_votes": result.valid,
        "applicant_votes": result.votes[APPLICANT_NUMBER],
        "winner_votes": result.votes[WINNER_NUMBER],
        "respondent_chair": data.KPU_CHAIR,
        "respondent_address": data.KPU_ADDRESS,
        "answer_place": data.KPU_PLACE,
        "answer_date": live.answer_day,
        "power_of_attorney_number": data.power_of_attorney_number(live.power_of_attorney_day.year),
        "power_of_attorney_date": live.power_of_attorney_day,
        "counsel_office": data.COUNSEL_OFFICE,
        "counsel_address": data.COUNSEL_ADDRESS,
    }
    members = [u for u in (legal, users.get(data.KOMISIONER)) if u is not None]
    if not contest.region.populations.exists():  # Pasal 158: 398k is the 250k-500k bracket (1.5%)
        services.region_population_set(
            actor=legal, region=contest.region, year=2024, population=398_311, source="DAK2 Kemendagri 2024 (demo)"
        )
    case = services.case_create(actor=legal, members=members, **fields)
    for name, kind in data.COUNSEL:
        services.counsel_add(actor=legal, case=case, name=name, kind=kind)

    for starts, agenda, place, others in (
        (live.preliminary_at, HearingAgenda.PRELIMINARY, "Ruang Sidang Panel 2 Gedung MK", "Kuasa hukum Termohon"),
        (
            live.answer_at,
            HearingAgenda.ANSWER,
            "Ruang Sidang Panel 2 Gedung MK",
            "Kuasa hukum; Bawaslu Kabupaten Solok",
        ),
        (live.ruling_at, HearingAgenda.DECISION, "Ruang Sidang Pleno Gedung MK", ""),
    ):
        services.hearing_add(
            actor=legal,
            case=case,
            attendees=members,
            starts_at=starts,
            agenda=agenda,
            place=place,
            other_attendees=others,
        )

    bupati = Evidence.objects.filter(contest=contest).exclude(verification=Verification.REJECTED)
    bupati = bupati.select_related("region", "contest__election").order_by("pk")
    used: set[int] = set()
    foundation = []
    for role, (kind, name) in FOUNDATION_FILES.items():
        evidence = bupati.filter(kind=kind, region_id=data.REGENCY)
        evidence = (evidence.filter(original_name=name) if name else evidence).first()
        if evidence is not None:
            used.add(evidence.pk)
            foundation.append(_exhibit(case, legal, evidence, live, foundation=role))

    problems = list(
        Problem.objects.filter(contest=contest)
        .select_related("region__parent", "category")
        .prefetch_related("evidence")
        .order_by("pk")[:MAX_CLAIMS]
    )
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
        for evidence in bupati.filter(problems=problem):
            if evidence.pk not in used:
                used.add(evidence.pk)
                exhibits.append(_exhibit(case, legal, evidence, live))
        answered.append((claim, problem, exhibits))
        rows = [row for tps in _tps_under(region) for row in _figures(tps, pairs, applicant, winner)]
        if rows:
            services.claim_set_figures(actor=legal, claim=claim, rows=rows)

    # The rest of the office's evidence of this contest completes the Daftar Alat Bukti.
    for evidence in bupati.exclude(pk__in=used):
        _exhibit(case, legal, evidence, live)
    _answer(case, legal, answered, foundation)
    return case


def _exhibit(case, legal, evidence, live: Live, foundation: str = "") -> Exhibit:
    """One exhibit of one evidence file, described as the Daftar Alat Bukti lists it: its own title,
    number (or form code) and date; a legalised copy, a copy true to the original, or (photos, other
    evidence) the original file."""
    doc = identity(evidence, live)
    audiovisual = evidence.kind in AUDIOVISUAL
    if evidence.certified_copy:
        presented, certified = PresentedAs.CERTIFIED, CertifiedCopy.CERTIFIED
    elif audiovisual:
        presented, certified = PresentedAs.ORIGINAL, CertifiedCopy.NOT_NEEDED
    else:
        presented, certified = PresentedAs.TRUE_COPY, CertifiedCopy.PENDING
    return services_exhibits.exhibit_create(
        actor=legal,
        case=case,
        evidence=[evidence],
        description=doc.title,
        kind=ExhibitKind.OTHER if audiovisual else ExhibitKind.DOCUMENT,
        document_number=doc.number,
        document_date=doc.day,
        presented_as=presented,
        foundation=foundation,
        certified_copy=certified,
        physical_ready=evidence.certified_copy,
    )


def _official(region: Region) -> str:
    """The KPU's numbers at a place, as its forms state them: per TPS from the C.Hasil-KWK; a village,
    kecamatan or the regency from the sum of its forms (D.Hasil)."""
    if region.level == Level.TPS:
        numbers = tally(region.code, "bupati", BUPATI_BALLOTS)
        votes = {int(n): v for n, _name, v, subtotal in numbers.rows if not subtotal}
        valid = numbers.valid
    elif region.level == Level.REGENCY:
        result = regency_result()
        votes, valid = result.votes, result.valid
    else:
        district = region if region.level == Level.DISTRICT else region.parent
        lines = district_lines(district, "bupati", BUPATI_BALLOTS)
        if region.level == Level.VILLAGE:
            lines = [line for line in lines if line[0] == region.name]
        votes = {n: sum(line[1][i] for line in lines) for i, (n, _name, _c) in enumerate(BUPATI_BALLOTS)}
        valid = sum(line[2] for line in lines)
    pairs = ", ".join(
        f"Pasangan Calon Nomor Urut {n}: {_votes(votes.get(n, 0))} suara" for n, _name, _c in BUPATI_BALLOTS
    )
    return f"{pairs}; jumlah suara sah {_votes(valid)}"


def _cite(exhibits) -> str:
    return ", ".join(f"Bukti {e.label}" for e in exhibits)


def _answer(case, legal, answered, foundation) -> None:
    """Each answer states the KPU's numbers at the claim's places from the forms and cites its exhibits
    (its own, else those of evidence from the same kecamatan, else the regency's D.Hasil), then what was
    done about the incident the claim rests on."""
    exhibits = list(case.exhibits.prefetch_related("evidence").order_by("sequence"))
    recap = [e for e in foundation if e.foundation == FoundationExhibit.RECAPITULATION]
    for claim, problem, own in answered:
        region = problem.region
        district = tree.truncate(region.code, 3)
        same_area = [
            e
            for e in exhibits
            if not e.foundation and any(tree.within(ev.region_id, district) for ev in e.evidence.all())
        ]
        cited = own or same_area[:2] or recap
        if region.level == Level.REGENCY:
            cited = [*recap, *own]
        for exhibit in cited:
            services_exhibits.exhibit_cite(actor=legal, claim=claim, exhibit=exhibit, note=exhibit.description[:255])
        places = _tps_under(region) if region.level in (Level.TPS, Level.VILLAGE) else [region]
        facts = " ".join(
            f"Perolehan suara di {_place(place)} menurut {FORM_AT.get(place.level, FORM_AT[Level.DISTRICT])} "
            f"adalah: {_official(place)}."
            for place in places or [region]
        )
        if problem.follow_up_notes or problem.follow_up in FOLLOW_UP:
            done = (problem.follow_up_notes or FOLLOW_UP[problem.follow_up]).rstrip(".")
            if done[1:2].islower():  # "Diteruskan ..." continues the sentence; "PSU ..." keeps its capitals
                done = done[:1].lower() + done[1:]
            follow_up = f"Kejadian yang didalilkan telah dicatat dan ditindaklanjuti: {done}."
        elif region.level in (Level.DISTRICT, Level.REGENCY):
            follow_up = (
                "Keberatan yang diajukan dalam rapat pleno rekapitulasi telah dijawab dalam rapat tersebut dan "
                "dicatat dalam berita acaranya."
            )
        else:
            follow_up = (
                "Atas kejadian yang didalilkan tidak terdapat keberatan saksi yang dicatat dalam Model "
                "C.Kejadian Khusus-KWK maupun rekomendasi pengawas di TPS tersebut."
            )
        services.claim_update(
            actor=legal,
            claim=claim,
            response=(
                f"Bahwa dalil Pemohon angka {claim.number} tidak benar dan tidak beralasan menurut hukum. {facts} "
                f"Angka tersebut direkapitulasi secara berjenjang dalam rapat pleno terbuka yang dihadiri saksi "
                f"pasangan calon dan pengawas, tanpa selisih dengan hasil yang ditetapkan ({_cite(cited)}). "
                f"{follow_up} "
                "Dengan demikian tidak terdapat pengurangan suara Pemohon maupun penambahan suara Pihak Terkait "
                "sebagaimana didalilkan."
            ),
        )
