"""The demo task team of KPU Kabupaten Solok (13.02) for Pilkada 2024 and its preparation activities,
loaded by `manage.py load_demo` after the demo inventory.

Everything goes through teams.services acting as the office's commissioner, so the rules (an active
team needs its SK; files sniffed and hashed; everything in the office's area) hold for the demo as for
real data. The checklist shows real gaps on purpose: only some kecamatan had a supervision, one
follow-up is past due, several problems have nobody on them. Idempotent: when the team exists it does
nothing. Names, numbers and documents are fictional.
"""

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from elections.models import Election
from inventory.models import Problem
from phpu.demo.inventory import acting, data, documents, long_date
from regions import tree
from regions.models import Region
from teams import services
from teams.choices import ActivityFileKind, ActivityKind, Division, Position
from teams.models import TaskTeam

WIB = ZoneInfo("Asia/Jakarta")
SK_NUMBER = "1187/HK.03.1-Kpt/1302/KPU-Kab/XI/2024"
SK_DATE = date(2024, 11, 20)
TEAM_NAME = "Tim Penyelesaian Perselisihan Hasil Pemilihan KPU Kabupaten Solok"
SUPERVISED = 6  # kecamatan (of 14) with a supervision: the checklist shows the other 8 as missing

# username or None, name, institution, phone, position, division
MEMBERS = [
    (data.KOMISIONER, "", "", "", Position.PENANGGUNG_JAWAB, Division.HUKUM),
    (data.HUKUM, "", "", "", Position.KETUA, Division.HUKUM),
    (data.TEKNIS, "", "", "", Position.WAKIL_KETUA, Division.TEKNIS),
    (
        None,
        "Yusnidar, S.E.",
        "Sekretariat KPU Kabupaten Solok",
        "0812-6600-1001",
        Position.SEKRETARIS,
        Division.SEKRETARIAT,
    ),
    (
        None,
        "Nofrianti, S.H.",
        "Subbagian Hukum KPU Kabupaten Solok",
        "0812-6600-1002",
        Position.ANGGOTA,
        Division.HUKUM,
    ),
    (
        None,
        "Hendri Saputra, S.Kom.",
        "Subbagian Teknis KPU Kabupaten Solok",
        "0812-6600-1003",
        Position.ANGGOTA,
        Division.TEKNIS,
    ),
    (
        None,
        "Irwan Effendi",
        "Subbagian Umum KPU Kabupaten Solok",
        "0812-6600-1004",
        Position.ANGGOTA,
        Division.SEKRETARIAT,
    ),
    (
        None,
        "Zulkifli, S.H., M.H.",
        "Kejaksaan Negeri Kabupaten Solok (Jaksa Pengacara Negara)",
        "0813-7400-2001",
        Position.KUASA_HUKUM,
        Division.HUKUM,
    ),
    (
        None,
        "Dr. Afrizal Ramadhan, S.H., M.H.",
        "Kantor Hukum Afrizal & Rekan",
        "0813-7400-2002",
        Position.KUASA_HUKUM,
        Division.HUKUM,
    ),
    (
        None,
        "Prof. Dr. Elvi Susanti, S.H., M.Hum.",
        "Fakultas Hukum Universitas Andalas",
        "0813-7400-2003",
        Position.NARASUMBER,
        Division.OTHER,
    ),
]


@dataclass
class TeamsSummary:
    members: int
    activities: int
    follow_ups: int
    assignments: int
    seconds: float

    def __str__(self):
        return (
            f"Demo team for Kabupaten Solok: {self.members} members, {self.activities} activities, "
            f"{self.follow_ups} follow-ups, {self.assignments} assignments in {self.seconds:.1f}s."
        )


def seed_demo_teams(stdout=None) -> TeamsSummary | None:
    """Create the demo team and activities unless they exist; return what was made (None: skipped).
    Not one transaction: the SK scan and activity files commit their own, durable transactions."""

    def say(text):
        if stdout is not None:
            stdout.write(text)

    election = Election.objects.filter(name=data.PILKADA).first()
    if election is None:
        say("Demo team: the demo elections are missing (run the inventory seed first); skipped.")
        return None
    if TaskTeam.objects.filter(office_id=data.REGENCY, election=election).exists():
        say("Demo team: already there.")
        return None
    started = time.perf_counter()
    seeder = _Seeder(election)
    seeder.run()
    summary = TeamsSummary(
        members=len(seeder.members),
        activities=seeder.activities,
        follow_ups=seeder.follow_ups,
        assignments=seeder.assignments,
        seconds=time.perf_counter() - started,
    )
    say(str(summary))
    return summary


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


class _Seeder:
    def __init__(self, election: Election):
        self.election = election
        self.users = {
            u.username: u for u in User.objects.filter(username__in=[data.KOMISIONER, data.HUKUM, data.TEKNIS])
        }
        self.actor = self.users[data.KOMISIONER]
        self.office = Region.objects.get(code=data.REGENCY)
        self.province = Region.objects.get(code=self.office.parent_id)
        self.districts = list(Region.objects.filter(parent=self.office).order_by("code"))
        self.members = []
        self.activities = self.follow_ups = self.assignments = 0

    def place(self, district: str = "") -> documents.Place:
        return documents.Place(self.province.name, self.office.name, district)

    def pdf(self, **kwargs) -> bytes:
        return documents.document_pdf(place=self.place(), institution=data.KPU, **kwargs)

    # ---------------------------------------------------------------------------------- team
    def team(self):
        actor = self.actor
        team = services.team_create(
            actor=actor,
            office=self.office,
            election=self.election,
            name=TEAM_NAME,
            sk_number=SK_NUMBER,
            sk_date=SK_DATE,
            period_start=SK_DATE,
            period_end=None,  # until every dispute of the election is over
        )
        for username, name, institution, phone, position, division in MEMBERS:
            self.members.append(
                services.member_add(
                    actor=actor,
                    team=team,
                    user=self.users[username] if username else None,
                    name=name,
                    institution=institution or ("KPU Kabupaten Solok" if username else ""),
                    phone=phone,
                    position=position,
                    division=division,
                )
            )
        roster = [
            f"{number}. {m.display_name}, {m.institution}: {m.get_position_display()}"
            for number, m in enumerate(self.members, 1)
        ]
        sk = self.pdf(
            title="KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
            number=SK_NUMBER,
            paragraphs=[
                "TENTANG PEMBENTUKAN TIM PENYELESAIAN PERSELISIHAN HASIL PEMILIHAN BUPATI DAN WAKIL BUPATI "
                "SOLOK TAHUN 2024",
                "Menimbang: bahwa untuk menghadapi perselisihan hasil Pemilihan Bupati dan Wakil Bupati Solok "
                "Tahun 2024 di Mahkamah Konstitusi, perlu membentuk Tim Penyelesaian Perselisihan Hasil "
                "Pemilihan dengan Keputusan KPU Kabupaten Solok.",
                "Mengingat: Undang-Undang Nomor 10 Tahun 2016; Peraturan Mahkamah Konstitusi tentang Tata "
                "Beracara dalam Perkara Perselisihan Hasil Pemilihan; Peraturan KPU terkait.",
                "MEMUTUSKAN. Menetapkan: KESATU, membentuk Tim Penyelesaian Perselisihan Hasil Pemilihan KPU "
                "Kabupaten Solok dengan susunan keanggotaan sebagai berikut:",
                *roster,
                "KEDUA: Tim bertugas menginventarisasi permasalahan, menyiapkan jawaban dan alat bukti, serta "
                "mendampingi PPK dan PPS selama persidangan, sejak 20 November 2024 sampai selesainya seluruh "
                "perkara perselisihan hasil pemilihan.",
                "KETIGA: Keputusan ini mulai berlaku pada tanggal ditetapkan.",
            ],
            place_date=f"Ditetapkan di Arosuka, {long_date(SK_DATE)}",
            signers=["", "Ketua KPU Kabupaten Solok"],
        )
        team = services.team_sk_upload(actor=actor, team=team, file=ContentFile(sk, name="SK-Tim-PHP-Solok-2024.pdf"))
        return services.team_activate(actor=actor, team=team)

    # ---------------------------------------------------------------------------- activities
    def activity(self, *, files=(), follow_ups=(), **fields):
        activity = services.activity_create(actor=self.actor, office=self.office, election=self.election, **fields)
        self.activities += 1
        for kind, name, content in files:
            services.activity_file_upload(
                actor=self.actor, activity=activity, file=ContentFile(content, name=name), kind=kind
            )
        for description, owner, due, done in follow_ups:
            follow_up = services.followup_add(
                actor=self.actor, activity=activity, description=description, owner=owner, due_date=due
            )
            self.follow_ups += 1
            if done:
                services.followup_complete(actor=self.actor, follow_up=follow_up)
        return activity

    def activities_(self):
        m = self.members
        ketua, wakil, sekretaris, hukum, teknis, umum, jpn, pengacara, akademisi = m[1:10]
        names = ", ".join(d.name for d in self.districts)
        rakor_day = date(2024, 12, 4)
        minutes = self.pdf(
            title="NOTULEN RAPAT KOORDINASI PERSIAPAN PENYELESAIAN PERSELISIHAN HASIL PEMILIHAN",
            number="045/PY.02.1-Und/1302/2024",
            paragraphs=[
                f"Pada hari Rabu, {long_date(rakor_day)}, bertempat di Aula KPU Kabupaten Solok, Arosuka, "
                "telah dilaksanakan rapat koordinasi Tim Penyelesaian PHP bersama PPK se-Kabupaten Solok, "
                "Bawaslu Kabupaten Solok, Polres Solok dan Kejaksaan Negeri Kabupaten Solok.",
                f"Hadir PPK dari 14 kecamatan: {names}.",
                "Kesimpulan: (1) setiap PPK menyerahkan salinan D.Hasil Kecamatan dan D.Kejadian Khusus dan/atau "
                "Keberatan; (2) PPK Lembah Gumanti melengkapi daftar hadir dan foto rapat pleno; (3) tim hukum "
                "menyiapkan draf Jawaban Termohon bersama kuasa hukum.",
            ],
            place_date=f"Arosuka, {long_date(rakor_day)}",
            signers=["Notulis", "Ketua Tim"],
        )
        self.activity(
            kind=ActivityKind.BIMTEK,
            title="Bimtek penanganan perselisihan hasil bagi PPK se-Kabupaten Solok",
            starts_at=at(date(2024, 11, 14), 9),
            ends_at=at(date(2024, 11, 14), 16),
            place="Aula KPU Kabupaten Solok, Arosuka",
            bodies=self.districts,
            attendees=[ketua, wakil, hukum, teknis, umum, akademisi],
            outside_attendees="Ketua dan anggota divisi hukum PPK se-Kabupaten Solok",
            agenda="Tahapan PHP Kada di MK; inventarisasi masalah per TPS; penyimpanan dan legalisir alat bukti.",
            outcome="PPK memahami kewajiban mencatat kejadian khusus dan menyimpan salinan formulir.",
            files=[
                (
                    ActivityFileKind.MINUTES,
                    "Notulen-Bimtek-PHP-PPK-2024-11-14.pdf",
                    self.pdf(
                        title="NOTULEN BIMBINGAN TEKNIS PENANGANAN PERSELISIHAN HASIL",
                        paragraphs=[
                            "Bimbingan teknis bagi PPK se-Kabupaten Solok tentang penanganan perselisihan hasil "
                            "pemilihan, dengan narasumber dari Fakultas Hukum Universitas Andalas.",
                        ],
                        place_date="Arosuka, 14 November 2024",
                        signers=["Notulis", "Ketua Tim"],
                    ),
                )
            ],
        )
        today = timezone.localdate()
        self.activity(
            kind=ActivityKind.RAKOR,
            title="Rakor persiapan penyelesaian PHP Kada bersama PPK se-Kabupaten Solok",
            starts_at=at(rakor_day, 9),
            ends_at=at(rakor_day, 13),
            place="Aula KPU Kabupaten Solok, Arosuka",
            bodies=self.districts,
            with_bawaslu=True,
            with_police=True,
            with_prosecutors=True,
            other_stakeholders="Polres Solok, Kejaksaan Negeri Kabupaten Solok",
            attendees=[m[0], ketua, wakil, sekretaris, hukum, teknis, jpn, pengacara],
            outside_attendees="Ketua PPK se-Kabupaten Solok (14 orang)\nKetua Bawaslu Kabupaten Solok",
            agenda="Evaluasi rekapitulasi; potensi permohonan PHP; pengumpulan alat bukti dari PPK.",
            outcome="Disepakati pengumpulan salinan D.Hasil dan D.Kejadian Khusus dari seluruh PPK.",
            files=[(ActivityFileKind.MINUTES, "Notulen-Rakor-PHP-2024-12-04.pdf", minutes)],
            follow_ups=[
                (
                    "Setiap PPK menyerahkan salinan D.Hasil Kecamatan dan D.Kejadian Khusus.",
                    hukum,
                    date(2024, 12, 6),
                    True,
                ),
                (
                    "PPK Lembah Gumanti melengkapi daftar hadir dan foto rapat pleno rekapitulasi.",
                    teknis,
                    date(2024, 12, 9),
                    False,
                ),
                ("Siapkan draf Jawaban Termohon bersama kuasa hukum.", ketua, today + timedelta(days=14), False),
            ],
        )
        for number, district in enumerate(self.districts[:SUPERVISED]):
            day = date(2024, 11, 29) + timedelta(days=number)
            self.activity(
                kind=ActivityKind.SUPERVISI,
                title=f"Supervisi PPK {district.name}",
                starts_at=at(day, 10),
                place=f"Kantor PPK {district.name}",
                bodies=[district],
                attendees=[teknis if number % 2 else hukum],
                agenda="Pemeriksaan kelengkapan formulir hasil dan catatan kejadian khusus.",
                outcome="Formulir lengkap; salinan diserahkan ke KPU Kabupaten Solok.",
                follow_ups=[
                    (f"Salinan C.Hasil PPK {district.name} diarsipkan.", sekretaris, day + timedelta(days=3), True)
                ],
            )
        nxt = self.districts[SUPERVISED] if len(self.districts) > SUPERVISED else self.districts[0]
        self.activity(
            kind=ActivityKind.ADVOKASI,
            title=f"Advokasi PPK {nxt.name} menjelang sidang",
            starts_at=timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=7),
            place=f"Kantor PPK {nxt.name}",
            bodies=[nxt],
            attendees=[ketua, pengacara],
            agenda="Persiapan saksi dan alat bukti.",
        )

    # --------------------------------------------------------------------------- assignments
    def assignments_(self):
        m = self.members
        ketua, wakil, hukum, teknis = m[1], m[2], m[4], m[5]
        covers = [(hukum, self.districts[:4]), (teknis, self.districts[4:8])]
        today = timezone.localdate()
        for member, districts in covers:
            for district in districts:
                services.assignment_create(
                    actor=self.actor,
                    member=member,
                    region=district,
                    notes=f"Pendampingan PPK {district.name}",
                    due_date=today + timedelta(days=21),
                )
                self.assignments += 1
        problems = list(
            Problem.objects.filter(tree.descendants_q(data.REGENCY, "region__code"), assignee__isnull=True).order_by(
                "-risk", "id"
            )[:4]
        )
        for number, problem in enumerate(problems):
            services.assignment_create(
                actor=self.actor,
                member=ketua if number % 2 == 0 else wakil,
                problem=problem,
                notes="Siapkan kronologi dan alat bukti.",
                due_date=date(2024, 12, 10) if number == 0 else today + timedelta(days=10),
            )
            self.assignments += 1

    def run(self):
        with acting(self.actor):
            self.team()
            self.activities_()
            self.assignments_()
