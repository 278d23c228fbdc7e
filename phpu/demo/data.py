"""What the demo inventory contains: the elections of Kabupaten Solok (13.02) and a few dozen problems
of the kind its KPU office and ad-hoc bodies record, each with the evidence files the demo makes.

All names of candidates, parties and people are fictional. Region codes are the official ones.
Descriptions may use {users}, {valid}, {invalid} and {cast}: the numbers on the problem's own C.Hasil.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.dates import MONTHS

from elections.choices import Stage
from inventory.choices import EvidenceKind as K
from inventory.choices import FollowUp as F
from inventory.choices import Risk as R
from inventory.choices import Source as S
from inventory.choices import Status


def long_date(day) -> str:
    """A date as Indonesian documents write it: "17 Desember 2024"."""
    with translation.override("id"):
        return f"{day.day} {MONTHS[day.month]} {day.year}"


PEMILU = "Pemilu 2024"
PILKADA = "Pilkada 2024"
REGENCY = "13.02"
DAPIL = "Solok 1"
DAPIL_DISTRICTS = ("13.02.03", "13.02.04", "13.02.17", "13.02.19")

PPWP_PAIRS = [
    (1, "Bambang Sutrisno – Nurul Hidayah"),
    (2, "Rudi Hasibuan – Dewi Anggraini"),
    (3, "Andi Firmansyah – Maria Ulfa"),
]
PARTIES = [
    (1, "Partai Amanat Nagari", ["Yusrizal, S.Pd.", "Hj. Nelly Marlina"]),
    (2, "Partai Karya Bangsa", ["Ir. Syafrudin", "Vivi Handayani, S.E."]),
    (3, "Partai Suara Rakyat", ["Dedi Irawan", "Rosmaini"]),
    (4, "Partai Bintang Harapan", ["Fadli Rahman", "Sri Wahyuni, S.H."]),
    (5, "Partai Tani Sejahtera", ["Jonedi", "Meri Andriani"]),
    (6, "Partai Persatuan Minang", ["H. Zulhendri", "Elfi Yanti"]),
]
BUPATI_PAIRS = [
    (1, "Hendra Gunawan – Yulmaini"),
    (2, "Irfandi Dt. Bandaro – Afrizon"),
    (3, "Nofrizal – Rahmi Yuliza, S.Psi."),
]

# Per contest key: election, title on the forms, form codes (C.Hasil, D.Hasil), election title.
CONTESTS = {
    "ppwp": (PEMILU, "PASANGAN CALON PRESIDEN DAN WAKIL PRESIDEN", "C.HASIL-PWP", "D.HASIL KECAMATAN-PWP"),
    "dprd": (PEMILU, "DPRD KABUPATEN SOLOK DAPIL SOLOK 1", "C.HASIL-DPRD KAB/KOTA", "D.HASIL KECAMATAN-DPRD KAB/KOTA"),
    "bupati": (PILKADA, "PASANGAN CALON BUPATI DAN WAKIL BUPATI SOLOK", "C.HASIL-KWK", "D.HASIL KECAMATAN-KWK"),
}
ELECTION_TITLES = {
    PEMILU: "PEMILIHAN UMUM TAHUN 2024",
    PILKADA: "PEMILIHAN BUPATI DAN WAKIL BUPATI SOLOK TAHUN 2024",
}

KPU = ["KOMISI PEMILIHAN UMUM", "KABUPATEN SOLOK"]


def ppk(district: str) -> list[str]:
    return ["PANITIA PEMILIHAN KECAMATAN (PPK)", f"KECAMATAN {district.upper()}"]


def panwascam(district: str) -> list[str]:
    return ["PANITIA PENGAWAS PEMILIHAN UMUM", f"KECAMATAN {district.upper()}", "(DOKUMEN DEMO)"]


@dataclass(frozen=True)
class Doc:
    """One evidence file the demo makes and uploads; `make` says how (c_hasil, d_hasil, document,
    photo) and `params` feed it. `region`/`contest` default to the problem's."""

    key: str
    kind: str
    make: str
    uploader: str
    verifier: str | None = None
    reject: str = ""
    certified_by: str | None = None
    replaces: str | None = None
    region: str | None = None
    contest: str | None = None
    description: str = ""
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One problem of the inventory, with its evidence and how far it has been followed up."""

    region: str
    contest: str
    stage: str
    category: str
    title: str
    description: str
    source: str
    risk: str
    status: str
    reporter: str
    occurred: str
    chronology: str = ""
    follow_up: str = F.NONE
    follow_up_notes: str = ""
    bawaslu_reference: str = ""
    affected_votes: int | None = None
    assignee: str | None = None
    evidence: tuple[Doc, ...] = ()
    links: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()


def c_hasil(key, uploader, verifier=None, *, copy=False, **params) -> Doc:
    kind = K.C_HASIL_SALINAN if copy else K.C_HASIL
    fields = _pop(params)
    return Doc(key, kind, "c_hasil", uploader, verifier, params={"copy": copy, **params}, **fields)


def d_hasil(key, uploader, verifier=None, *, kind=K.D_HASIL_KECAMATAN, **params) -> Doc:
    """A recapitulation: the kecamatan's (per village) or, at a regency, the regency's (per kecamatan)."""
    fields = _pop(params)
    return Doc(key, kind, "d_hasil", uploader, verifier, params=params, **fields)


def document(key, kind, uploader, verifier=None, **params) -> Doc:
    fields = _pop(params)
    return Doc(key, kind, "document", uploader, verifier, params=params, **fields)


def photo(key, uploader, verifier=None, **params) -> Doc:
    fields = _pop(params)
    return Doc(key, K.PHOTO, "photo", uploader, verifier, params=params, **fields)


def _pop(params: dict) -> dict:
    """Move the Doc fields given as keywords out of `params`."""
    names = {"reject", "certified_by", "replaces", "region", "contest", "description"}
    return {name: params.pop(name) for name in names & set(params)}


SURIAN = "13.02.03.2002"
LOLO = "13.02.03.2001"
ALAHAN_PANJANG = "13.02.04.2001"
SUNGAI_NANAM = "13.02.04.2002"
SALIMPAT = "13.02.04.2003"
AIE_DINGIN = "13.02.04.2004"
TEKNIS = "teknis.solok"
HUKUM = "hukum.solok"
KOMISIONER = "komisioner.solok"
PPK_PC = "ppk.pantaicermin"
PPK_LG = "ppk.lembahgumanti"
PPS_SURIAN = "pps.surian"

PROBLEMS: list[Entry] = [
    # ------------------------------------------------------------------ Kecamatan Pantai Cermin (13.02.03)
    Entry(
        region=f"{SURIAN}.003",
        contest="ppwp",
        stage=Stage.PENGHITUNGAN,
        category="ketidaksesuaian-penghitungan",
        title="Selisih jumlah pengguna hak pilih dengan jumlah suara sah dan tidak sah di TPS 003 Nagari Surian",
        description=(
            "Pada Model C.Hasil-PWP TPS 003 Nagari Surian tercatat jumlah seluruh pengguna hak pilih {users} "
            "orang, sedangkan jumlah suara sah ({valid}) ditambah suara tidak sah ({invalid}) hanya {cast}. "
            "Terdapat selisih 3 antara pengguna hak pilih dan surat suara yang digunakan."
        ),
        chronology=(
            "14 Februari 2024 pukul 19.40 WIB penghitungan suara PPWP selesai. Saksi pasangan calon nomor urut 2 "
            "mencatat selisih saat C.Hasil plano dibacakan. KPPS mencocokkan daftar hadir (Model C.Daftar Hadir) "
            "dan menemukan 3 pemilih DPTb tercatat dua kali. 16 Februari 2024 dibetulkan dalam rapat pleno PPK."
        ),
        source=S.WITNESS,
        follow_up=F.CORRECTION,
        follow_up_notes=(
            "Pembetulan jumlah pengguna hak pilih dalam rapat pleno rekapitulasi PPK Pantai Cermin, disaksikan "
            "Panwaslu Kecamatan dan saksi; dituangkan dalam berita acara."
        ),
        affected_votes=3,
        risk=R.MEDIUM,
        status=Status.READY,
        reporter=PPS_SURIAN,
        assignee=PPK_PC,
        occurred="2024-02-14 19:40",
        evidence=(
            c_hasil("chasil-surian-003", PPS_SURIAN, TEKNIS, extra_users=3, certified_by=HUKUM),
            photo(
                "foto-plano-surian-003",
                PPS_SURIAN,
                TEKNIS,
                scene="plano",
                banner="TPS 003 NAGARI SURIAN",
                caption="C.Hasil plano PPWP",
                taken="2024:02:14 19:52:10",
            ),
            document(
                "ba-pembetulan-surian-003",
                K.BERITA_ACARA,
                PPK_PC,
                TEKNIS,
                region="13.02.03",
                institution=ppk("Pantai Cermin"),
                title="BERITA ACARA PEMBETULAN DATA PENGGUNA HAK PILIH TPS 003 NAGARI SURIAN",
                number="07/PL.01.7-BA/1302.03/2024",
                paragraphs=[
                    "Pada hari ini Jumat tanggal enam belas Februari tahun dua ribu dua puluh empat, dalam rapat "
                    "pleno terbuka rekapitulasi hasil penghitungan perolehan suara di tingkat Kecamatan Pantai "
                    "Cermin, PPK melakukan pencocokan Model C.Hasil-PWP TPS 003 Nagari Surian dengan Model "
                    "C.Daftar Hadir Pemilih.",
                    "Hasil pencocokan: tiga orang pemilih DPTb tercatat dua kali dalam daftar hadir. Jumlah "
                    "pengguna hak pilih dibetulkan sehingga sama dengan jumlah suara sah dan tidak sah.",
                    "Pembetulan disaksikan oleh Panwaslu Kecamatan Pantai Cermin dan para saksi, tanpa keberatan.",
                ],
                place_date="Surian, 16 Februari 2024",
                signers=["Ketua PPK Pantai Cermin", "Anggota PPK", "Panwaslu Kecamatan", "Saksi Paslon 2"],
            ),
        ),
        comments=(
            (TEKNIS, "C.Hasil dan berita acara pembetulan sudah dicocokkan; angka akhir sesuai D.Hasil Kecamatan."),
        ),
    ),
    Entry(
        region=f"{SURIAN}.001",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="memilih-tanpa-terdaftar",
        title="Pemilih ber-KTP-el luar daerah memilih tanpa terdaftar di DPTb di TPS 001 Nagari Surian",
        description=(
            "Lima orang pemilih ber-KTP-el luar Provinsi Sumatera Barat (pekerja kebun) dilayani memberikan "
            "suara di TPS 001 Nagari Surian tanpa formulir pindah memilih (Model A) dan tidak terdaftar dalam "
            "DPT maupun DPTb."
        ),
        chronology=(
            "14 Februari 2024 pukul 10.15 WIB lima pemilih datang bersama-sama dan dilayani KPPS. Pengawas TPS "
            "mencatat kejadian. 16 Februari 2024 Panwaslu Kecamatan merekomendasikan pemungutan suara ulang. "
            "PSU dilaksanakan 24 Februari 2024."
        ),
        source=S.BAWASLU,
        follow_up=F.PSU,
        follow_up_notes="PSU PPWP di TPS 001 Nagari Surian dilaksanakan 24 Februari 2024, partisipasi 81%.",
        bawaslu_reference="Rekomendasi Panwaslu Kecamatan Pantai Cermin No. 012/PM.01.02/K.SB-05.03/02/2024",
        affected_votes=5,
        risk=R.HIGH,
        status=Status.READY,
        reporter=PPK_PC,
        assignee=KOMISIONER,
        occurred="2024-02-14 10:15",
        evidence=(
            document(
                "rekomendasi-psu-surian-001",
                K.BAWASLU_LETTER,
                PPK_PC,
                TEKNIS,
                institution=panwascam("Pantai Cermin"),
                title="REKOMENDASI PEMUNGUTAN SUARA ULANG",
                number="012/PM.01.02/K.SB-05.03/02/2024",
                paragraphs=[
                    "Berdasarkan hasil pengawasan di TPS 001 Nagari Surian pada hari pemungutan suara 14 Februari "
                    "2024, terdapat lima orang pemilih yang tidak terdaftar dalam DPT dan DPTb yang memberikan "
                    "suara dengan menggunakan KTP-el dari luar daerah.",
                    "Keadaan tersebut memenuhi syarat pemungutan suara ulang sebagaimana diatur dalam peraturan "
                    "perundang-undangan. Panwaslu Kecamatan merekomendasikan kepada PPK Pantai Cermin untuk "
                    "melaksanakan pemungutan suara ulang PPWP di TPS 001 Nagari Surian.",
                ],
                place_date="Surian, 16 Februari 2024",
                signers=["Ketua Panwaslu Kecamatan Pantai Cermin", ""],
            ),
            document(
                "ba-psu-surian-001",
                K.BERITA_ACARA,
                PPK_PC,
                TEKNIS,
                institution=ppk("Pantai Cermin"),
                title="BERITA ACARA PELAKSANAAN PEMUNGUTAN SUARA ULANG DI TPS 001 NAGARI SURIAN",
                number="09/PL.01.7-BA/1302.03/2024",
                paragraphs=[
                    "Menindaklanjuti rekomendasi Panwaslu Kecamatan Pantai Cermin, pada tanggal 24 Februari 2024 "
                    "telah dilaksanakan pemungutan suara ulang PPWP di TPS 001 Nagari Surian.",
                    "Pemungutan suara dimulai pukul 07.00 WIB dan ditutup pukul 13.00 WIB, dilanjutkan dengan "
                    "penghitungan suara. Hasil dituangkan dalam Model C.Hasil-PWP yang baru.",
                ],
                place_date="Surian, 24 Februari 2024",
                signers=["Ketua PPK Pantai Cermin", "Ketua KPPS TPS 001", "Pengawas TPS", "Saksi"],
            ),
            photo(
                "foto-psu-surian-001",
                PPS_SURIAN,
                TEKNIS,
                scene="tps",
                banner="PSU TPS 001 NAGARI SURIAN",
                caption="Pemungutan suara ulang",
                taken="2024:02:24 08:12:44",
            ),
        ),
        comments=((HUKUM, "Siapkan kronologi tertulis; berpotensi didalilkan di MK oleh paslon 3."),),
    ),
    Entry(
        region=f"{SURIAN}.002",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="kesalahan-prosedur-kpps",
        title="Ketua KPPS tidak menandatangani surat suara PPWP pada jam pertama di TPS 002 Nagari Surian",
        description=(
            "Ketua KPPS TPS 002 tidak membubuhkan tanda tangan pada 37 surat suara PPWP yang diberikan kepada "
            "pemilih antara pukul 07.00 dan 08.00 WIB."
        ),
        source=S.WITNESS,
        follow_up=F.CLARIFICATION,
        follow_up_notes=(
            "Saksi diberi penjelasan; surat suara tetap dinyatakan sah karena tidak ada tanda coblosan yang "
            "meragukan dan jumlahnya tercatat dalam C.Kejadian Khusus."
        ),
        affected_votes=37,
        risk=R.MEDIUM,
        status=Status.RESOLVED,
        reporter=PPS_SURIAN,
        occurred="2024-02-14 08:05",
        evidence=(
            photo(
                "foto-kpps-surian-002",
                PPS_SURIAN,
                scene="tps",
                banner="TPS 002 NAGARI SURIAN",
                caption="Meja KPPS",
                taken="2024:02:14 08:07:31",
            ),
        ),
    ),
    Entry(
        region=f"{LOLO}.002",
        contest="dprd",
        stage=Stage.PENGHITUNGAN,
        category="surat-suara-kurang-tertukar",
        title="Surat suara DPRD Kabupaten dapil lain ikut dicoblos di TPS 002 Nagari Lolo",
        description=(
            "Saat penghitungan suara DPRD Kabupaten ditemukan 12 surat suara untuk dapil lain yang telah "
            "dicoblos pemilih. Surat suara tertukar dalam kotak logistik yang diterima dari PPK."
        ),
        chronology="14 Februari 2024 pukul 21.10 WIB ditemukan saat pembukaan surat suara DPRD Kabupaten/Kota.",
        source=S.INTERNAL,
        follow_up=F.PSU,
        follow_up_notes="Menunggu rekomendasi Panwaslu Kecamatan; logistik PSU disiapkan KPU Kabupaten.",
        affected_votes=12,
        risk=R.HIGH,
        status=Status.IN_PROGRESS,
        reporter=PPK_PC,
        assignee=TEKNIS,
        occurred="2024-02-14 21:10",
        evidence=(
            photo(
                "foto-surat-suara-lolo-002",
                PPK_PC,
                scene="dokumen",
                banner="TPS 002 NAGARI LOLO",
                caption="Surat suara dapil lain",
                taken="2024:02:14 21:18:02",
            ),
            document(
                "kejadian-lolo-002",
                K.C_KEJADIAN,
                PPK_PC,
                TEKNIS,
                form="C.KEJADIAN KHUSUS-DPRD KAB/KOTA",
                institution=["KELOMPOK PENYELENGGARA PEMUNGUTAN SUARA (KPPS)", "TPS 002 NAGARI LOLO"],
                title="CATATAN KEJADIAN KHUSUS DAN/ATAU KEBERATAN SAKSI",
                paragraphs=[
                    "Kejadian khusus: pada saat penghitungan suara DPRD Kabupaten Solok ditemukan 12 (dua belas) "
                    "lembar surat suara untuk daerah pemilihan lain yang telah digunakan pemilih.",
                    "Keberatan saksi: saksi Partai Suara Rakyat meminta agar surat suara tersebut tidak dihitung dan "
                    "dilakukan pemungutan suara ulang.",
                ],
                place_date="Lolo, 14 Februari 2024",
                signers=["Ketua KPPS", "Saksi Partai Suara Rakyat"],
            ),
        ),
    ),
    Entry(
        region=f"{LOLO}.001",
        contest="ppwp",
        stage=Stage.PENGHITUNGAN,
        category="salinan-c-hasil-tidak-diberikan",
        title="Saksi pasangan calon nomor urut 2 tidak menerima salinan C.Hasil di TPS 001 Nagari Lolo",
        description=(
            "Salinan C.Hasil-PWP tidak diberikan kepada saksi pasangan calon nomor urut 2 karena formulir salinan "
            "habis; saksi mengajukan keberatan kepada Pengawas TPS."
        ),
        source=S.WITNESS,
        follow_up=F.OTHER,
        follow_up_notes="Salinan diserahkan PPS Nagari Lolo kepada saksi pada 15 Februari 2024 pukul 09.00 WIB.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=PPK_PC,
        occurred="2024-02-14 22:30",
        evidence=(c_hasil("salinan-lolo-001", PPK_PC, TEKNIS, copy=True),),
    ),
    Entry(
        region="13.02.03",
        contest="ppwp",
        stage=Stage.REKAP_PPK,
        category="keberatan-saksi",
        title="Keberatan saksi pasangan calon nomor urut 3 atas rekapitulasi PPK Pantai Cermin",
        description=(
            "Saksi pasangan calon nomor urut 3 menyatakan keberatan atas perolehan suara di empat TPS Nagari "
            "Surian dan meminta pencocokan dengan C.Hasil plano. Keberatan dicatat dalam Model D.Kejadian Khusus."
        ),
        chronology=(
            "16 Februari 2024 rapat pleno rekapitulasi PPK. Pukul 14.20 WIB saksi mengajukan keberatan; PPK "
            "membuka C.Hasil plano TPS 001–004 Nagari Surian di hadapan saksi dan Panwaslu Kecamatan."
        ),
        source=S.C_KEJADIAN,
        follow_up=F.CORRECTION,
        follow_up_notes="Pencocokan selesai; satu pembetulan (TPS 003), tiga TPS lain sesuai.",
        affected_votes=3,
        risk=R.HIGH,
        status=Status.READY,
        reporter=PPK_PC,
        assignee=HUKUM,
        occurred="2024-02-16 14:20",
        evidence=(
            d_hasil("dhasil-pantaicermin-pwp", PPK_PC, TEKNIS, certified_by=HUKUM),
            document(
                "dkejadian-pantaicermin",
                K.D_KEJADIAN,
                PPK_PC,
                TEKNIS,
                form="D.KEJADIAN KHUSUS-PWP",
                institution=ppk("Pantai Cermin"),
                title="CATATAN KEJADIAN KHUSUS DAN/ATAU KEBERATAN SAKSI DALAM REKAPITULASI",
                paragraphs=[
                    "Keberatan saksi pasangan calon nomor urut 3: perolehan suara di TPS 001, 002, 003 dan 004 "
                    "Nagari Surian diminta dicocokkan dengan C.Hasil plano.",
                    "Tindak lanjut: PPK membuka dan mencocokkan C.Hasil plano. Ditemukan selisih pengguna hak pilih "
                    "di TPS 003 dan dilakukan pembetulan; TPS lain sesuai.",
                ],
                place_date="Surian, 16 Februari 2024",
                signers=["Ketua PPK Pantai Cermin", "Saksi Paslon 3"],
            ),
            photo(
                "foto-pleno-pantaicermin",
                PPK_PC,
                TEKNIS,
                scene="pleno",
                banner="RAPAT PLENO REKAPITULASI PPK PANTAI CERMIN",
                caption="Pencocokan C.Hasil plano",
                taken="2024:02:16 14:35:09",
            ),
        ),
        links=("chasil-surian-003", "ba-pembetulan-surian-003"),
    ),
    Entry(
        region=SURIAN,
        contest="ppwp",
        stage=Stage.DPT,
        category="daftar-pemilih",
        title="Pemilih yang telah meninggal dunia masih tercantum dalam DPT Nagari Surian",
        description="Sembilan nama pemilih yang telah meninggal dunia masih tercantum dalam DPT yang diumumkan.",
        source=S.INTERNAL,
        follow_up=F.CORRECTION,
        follow_up_notes=(
            "Ditandai tidak memenuhi syarat (TMS) pada salinan DPT di TPS berdasarkan surat kematian wali nagari."
        ),
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=PPS_SURIAN,
        occurred="2024-01-20 10:00",
        evidence=(
            photo(
                "foto-dpt-surian",
                PPS_SURIAN,
                scene="dokumen",
                banner="PENGUMUMAN DPT NAGARI SURIAN",
                caption="Salinan DPT di kantor wali nagari",
                taken="2024:01:20 10:04:51",
            ),
        ),
    ),
    Entry(
        region=f"{LOLO}.003",
        contest="bupati",
        stage=Stage.PEMUNGUTAN,
        category="intimidasi-politik-uang",
        title="Dugaan pembagian uang kepada pemilih di sekitar TPS 003 Nagari Lolo",
        description=(
            "Pemantau melaporkan pembagian amplop berisi uang kepada pemilih oleh orang tak dikenal sekitar "
            "100 meter dari TPS 003 Nagari Lolo menjelang pembukaan TPS."
        ),
        source=S.MONITOR,
        follow_up=F.OTHER,
        follow_up_notes="Diteruskan kepada Panwaslu Kecamatan Pantai Cermin untuk ditangani Sentra Gakkumdu.",
        risk=R.HIGH,
        status=Status.IN_PROGRESS,
        reporter=PPK_PC,
        occurred="2024-11-27 06:30",
        evidence=(
            c_hasil("chasil-kwk-lolo-003", PPK_PC, TEKNIS, certified_by=HUKUM),
            photo(
                "foto-lolo-003",
                PPK_PC,
                scene="tps",
                banner="TPS 003 NAGARI LOLO",
                caption="Situasi sebelum TPS dibuka",
                taken="2024:11:27 06:41:15",
            ),
        ),
    ),
    Entry(
        region=f"{SURIAN}.004",
        contest="bupati",
        stage=Stage.PENGHITUNGAN,
        category="ketidaksesuaian-penghitungan",
        title="Jumlah suara sah tidak sama dengan jumlah perolehan suara pasangan calon di TPS 004 Nagari Surian",
        description=(
            "Pada Model C.Hasil-KWK TPS 004 Nagari Surian jumlah seluruh suara sah ditulis {valid}, sedangkan "
            "penjumlahan perolehan suara ketiga pasangan calon adalah {rows_sum}."
        ),
        chronology=(
            "27 November 2024 pukul 17.05 WIB selisih ditemukan saksi pasangan calon nomor urut 1. 29 November "
            "2024 penghitungan suara ulang di rapat pleno PPK atas rekomendasi Panwaslu Kecamatan."
        ),
        source=S.BAWASLU,
        follow_up=F.RECOUNT,
        follow_up_notes=(
            "Penghitungan suara ulang di PPK; perolehan pasangan calon tidak berubah, jumlah suara sah dibetulkan."
        ),
        bawaslu_reference="Rekomendasi Panwaslih Kecamatan Pantai Cermin No. 031/PP.01.02/K.SB-05.03/11/2024",
        affected_votes=9,
        risk=R.MEDIUM,
        status=Status.READY,
        reporter=PPS_SURIAN,
        occurred="2024-11-27 17:05",
        evidence=(
            c_hasil("chasil-kwk-surian-004", PPS_SURIAN, TEKNIS, valid_short=9),
            document(
                "ba-hitung-ulang-surian-004",
                K.BERITA_ACARA,
                PPK_PC,
                TEKNIS,
                region="13.02.03",
                institution=ppk("Pantai Cermin"),
                title="BERITA ACARA PENGHITUNGAN SUARA ULANG TPS 004 NAGARI SURIAN",
                number="21/PL.02.6-BA/1302.03/2024",
                paragraphs=[
                    "Pada hari ini Jumat tanggal dua puluh sembilan November tahun dua ribu dua puluh empat, PPK "
                    "Pantai Cermin melaksanakan penghitungan suara ulang surat suara Pemilihan Bupati dan Wakil "
                    "Bupati dari TPS 004 Nagari Surian.",
                    "Perolehan suara masing-masing pasangan calon sama dengan C.Hasil-KWK; jumlah seluruh suara "
                    "sah dibetulkan sesuai penjumlahan.",
                ],
                place_date="Surian, 29 November 2024",
                signers=["Ketua PPK Pantai Cermin", "Panwaslih Kecamatan", "Saksi Paslon 1", "Saksi Paslon 2"],
            ),
            photo(
                "foto-hitung-ulang-surian-004",
                PPS_SURIAN,
                TEKNIS,
                scene="pleno",
                banner="PENGHITUNGAN SUARA ULANG TPS 004 SURIAN",
                caption="Rapat pleno PPK",
                taken="2024:11:29 10:22:37",
            ),
        ),
    ),
    Entry(
        region="13.02.03",
        contest="bupati",
        stage=Stage.REKAP_PPK,
        category="keberatan-saksi",
        title="Keberatan saksi pasangan calon nomor urut 1 pada rekapitulasi Pilkada di PPK Pantai Cermin",
        description=(
            "Saksi pasangan calon nomor urut 1 menolak menandatangani D.Hasil Kecamatan-KWK dengan alasan adanya "
            "mobilisasi pemilih di Nagari Lolo; keberatan dicatat dalam D.Kejadian Khusus."
        ),
        source=S.C_KEJADIAN,
        risk=R.MEDIUM,
        status=Status.NEW,
        reporter=PPK_PC,
        occurred="2024-11-30 15:45",
        evidence=(d_hasil("dhasil-pantaicermin-kwk", PPK_PC),),
    ),
    Entry(
        region="13.02.03",
        contest="ppwp",
        stage=Stage.LOGISTIK,
        category="logistik",
        title="Kekurangan 150 lembar surat suara PPWP untuk Kecamatan Pantai Cermin saat penyortiran",
        description="Saat penyortiran dan pelipatan di gudang KPU Kabupaten, surat suara PPWP kurang 150 lembar.",
        source=S.INTERNAL,
        follow_up=F.OTHER,
        follow_up_notes="Dipenuhi dari surat suara cadangan KPU Kabupaten Solok pada 5 Februari 2024.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=PPK_PC,
        occurred="2024-02-03 09:00",
        evidence=(
            photo(
                "foto-logistik-pantaicermin",
                PPK_PC,
                scene="logistik",
                banner="LOGISTIK PPK PANTAI CERMIN",
                caption="Penyortiran surat suara",
                taken="2024:02:03 09:26:40",
            ),
        ),
    ),
    # ---------------------------------------------------------------- Kecamatan Lembah Gumanti (13.02.04)
    Entry(
        region=f"{ALAHAN_PANJANG}.002",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="memilih-lebih-dari-sekali",
        title="Pemilih diduga memberikan suara dua kali di TPS 002 dan TPS 004 Nagari Alahan Panjang",
        description=(
            "Seorang pemilih terdaftar di DPT TPS 004 juga memberikan suara di TPS 002 dengan menggunakan "
            "undangan (Model C.Pemberitahuan) atas nama anggota keluarganya."
        ),
        chronology=(
            "14 Februari 2024 pukul 11.30 WIB Pengawas TPS 004 menemukan jari pemilih sudah bertinta. 17 Februari "
            "2024 Panwaslu Kecamatan Lembah Gumanti merekomendasikan PSU di TPS 002; PSU 24 Februari 2024."
        ),
        source=S.BAWASLU,
        follow_up=F.PSU,
        follow_up_notes="PSU PPWP di TPS 002 Nagari Alahan Panjang pada 24 Februari 2024.",
        bawaslu_reference="Rekomendasi Panwaslu Kecamatan Lembah Gumanti No. 021/PM.01.02/K.SB-05.04/02/2024",
        affected_votes=241,
        risk=R.HIGH,
        status=Status.READY,
        reporter=PPK_LG,
        assignee=HUKUM,
        occurred="2024-02-14 11:30",
        evidence=(
            c_hasil("chasil-alahanpanjang-002", PPK_LG, TEKNIS, certified_by=HUKUM),
            document(
                "rekomendasi-psu-alahanpanjang-002",
                K.BAWASLU_LETTER,
                PPK_LG,
                TEKNIS,
                region="13.02.04",
                institution=panwascam("Lembah Gumanti"),
                title="REKOMENDASI PEMUNGUTAN SUARA ULANG",
                number="021/PM.01.02/K.SB-05.04/02/2024",
                paragraphs=[
                    "Berdasarkan hasil pengawasan dan klarifikasi, terdapat pemilih yang memberikan suara lebih "
                    "dari satu kali di TPS 002 dan TPS 004 Nagari Alahan Panjang.",
                    "Panwaslu Kecamatan Lembah Gumanti merekomendasikan pemungutan suara ulang PPWP di TPS 002 "
                    "Nagari Alahan Panjang.",
                ],
                place_date="Alahan Panjang, 17 Februari 2024",
                signers=["Ketua Panwaslu Kecamatan Lembah Gumanti", ""],
            ),
            document(
                "ba-psu-alahanpanjang-002",
                K.BERITA_ACARA,
                PPK_LG,
                TEKNIS,
                institution=ppk("Lembah Gumanti"),
                title="BERITA ACARA PELAKSANAAN PEMUNGUTAN SUARA ULANG DI TPS 002 NAGARI ALAHAN PANJANG",
                number="05/PL.01.7-BA/1302.04/2024",
                paragraphs=[
                    "Pada tanggal 24 Februari 2024 telah dilaksanakan pemungutan suara ulang PPWP di TPS 002 "
                    "Nagari Alahan Panjang sesuai rekomendasi Panwaslu Kecamatan Lembah Gumanti.",
                    "Pemungutan dan penghitungan suara berjalan lancar tanpa keberatan saksi.",
                ],
                place_date="Alahan Panjang, 24 Februari 2024",
                signers=["Ketua PPK Lembah Gumanti", "Ketua KPPS TPS 002", "Pengawas TPS", "Saksi"],
            ),
            photo(
                "foto-psu-alahanpanjang-002",
                PPK_LG,
                TEKNIS,
                scene="tps",
                banner="PSU TPS 002 NAGARI ALAHAN PANJANG",
                caption="Pemungutan suara ulang",
                taken="2024:02:24 09:03:11",
            ),
        ),
    ),
    Entry(
        region=f"{ALAHAN_PANJANG}.004",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="kesalahan-prosedur-kpps",
        title="Pemilih tidak dicelupkan jarinya ke tinta setelah memilih di TPS 004 Nagari Alahan Panjang",
        description="Anggota KPPS ketujuh tidak berada di meja tinta antara pukul 09.00 dan 09.40 WIB.",
        source=S.MONITOR,
        follow_up=F.CLARIFICATION,
        risk=R.MEDIUM,
        status=Status.IN_PROGRESS,
        reporter=PPK_LG,
        occurred="2024-02-14 09:00",
        evidence=(
            photo(
                "foto-tinta-alahanpanjang-004",
                PPK_LG,
                scene="tps",
                banner="TPS 004 NAGARI ALAHAN PANJANG",
                caption="Meja tinta kosong",
                taken="2024:02:14 09:21:48",
            ),
        ),
    ),
    Entry(
        region=f"{SUNGAI_NANAM}.001",
        contest="dprd",
        stage=Stage.PENGHITUNGAN,
        category="ketidaksesuaian-penghitungan",
        title="Jumlah suara partai dan calon salah dijumlahkan pada C.Hasil DPRD TPS 001 Nagari Sungai Nanam",
        description=(
            "Pada Model C.Hasil-DPRD Kab/Kota TPS 001 Nagari Sungai Nanam, jumlah suara sah Partai Amanat Nagari "
            "dan calon ditulis 5 suara lebih banyak dari penjumlahan suara partai dan calonnya."
        ),
        source=S.WITNESS,
        follow_up=F.CORRECTION,
        follow_up_notes="Dibetulkan dalam rapat pleno PPK Lembah Gumanti 18 Februari 2024.",
        affected_votes=5,
        risk=R.MEDIUM,
        status=Status.READY,
        reporter=PPK_LG,
        occurred="2024-02-14 23:15",
        evidence=(
            c_hasil("chasil-dprd-sungainanam-001", PPK_LG, TEKNIS, subtotal_off=5),
            photo(
                "foto-plano-sungainanam-001",
                PPK_LG,
                TEKNIS,
                reject="Foto buram; angka pada plano tidak terbaca. Mohon foto ulang.",
                scene="plano",
                blur=True,
                banner="TPS 001 NAGARI SUNGAI NANAM",
                caption="C.Hasil plano DPRD Kab",
                taken="2024:02:14 23:20:05",
            ),
            photo(
                "foto-plano-sungainanam-001-v2",
                PPK_LG,
                TEKNIS,
                replaces="foto-plano-sungainanam-001",
                scene="plano",
                banner="TPS 001 NAGARI SUNGAI NANAM",
                caption="C.Hasil plano DPRD Kab (foto ulang)",
                taken="2024:02:15 08:02:40",
            ),
        ),
    ),
    Entry(
        region=f"{SUNGAI_NANAM}.002",
        contest="dprd",
        stage=Stage.REKAP_PPK,
        category="kotak-suara-dibuka",
        title="Kotak suara DPRD Kabupaten TPS 002 Nagari Sungai Nanam diterima PPK dengan segel terputus",
        description="Segel kabel ties pada kotak suara DPRD Kabupaten terputus saat diterima di gudang PPK.",
        source=S.INTERNAL,
        follow_up=F.CLARIFICATION,
        follow_up_notes="Kotak dibuka di hadapan saksi dan Panwaslu Kecamatan; isi sesuai C.Hasil Salinan saksi.",
        risk=R.HIGH,
        status=Status.RESOLVED,
        reporter=PPK_LG,
        occurred="2024-02-15 02:10",
        evidence=(
            photo(
                "foto-segel-sungainanam-002",
                PPK_LG,
                TEKNIS,
                scene="logistik",
                banner="KOTAK SUARA TPS 002 SUNGAI NANAM",
                caption="Segel terputus",
                taken="2024:02:15 02:14:19",
            ),
        ),
    ),
    Entry(
        region=f"{SALIMPAT}.001",
        contest="ppwp",
        stage=Stage.PENGHITUNGAN,
        category="keberatan-saksi",
        title="Saksi keberatan atas penentuan suara tidak sah (coblos tembus) di TPS 001 Nagari Salimpat",
        description=(
            "Saksi pasangan calon nomor urut 1 keberatan sebelas surat suara dengan coblosan tembus simetris "
            "dinyatakan tidak sah oleh KPPS."
        ),
        source=S.C_KEJADIAN,
        follow_up=F.CLARIFICATION,
        follow_up_notes="KPPS membetulkan: coblos tembus simetris dinyatakan sah sesuai pedoman teknis.",
        affected_votes=11,
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=PPK_LG,
        occurred="2024-02-14 18:20",
        evidence=(
            document(
                "kejadian-salimpat-001",
                K.C_KEJADIAN,
                PPK_LG,
                TEKNIS,
                form="C.KEJADIAN KHUSUS-PWP",
                institution=["KELOMPOK PENYELENGGARA PEMUNGUTAN SUARA (KPPS)", "TPS 001 NAGARI SALIMPAT"],
                title="CATATAN KEJADIAN KHUSUS DAN/ATAU KEBERATAN SAKSI",
                paragraphs=[
                    "Keberatan saksi pasangan calon nomor urut 1 atas sebelas surat suara dengan coblosan tembus "
                    "simetris yang semula dinyatakan tidak sah.",
                    "Setelah dicermati bersama, KPPS menyatakan kesebelas surat suara tersebut sah.",
                ],
                place_date="Salimpat, 14 Februari 2024",
                signers=["Ketua KPPS", "Saksi Paslon 1"],
            ),
        ),
    ),
    Entry(
        region=f"{AIE_DINGIN}.001",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="surat-suara-kurang-tertukar",
        title="Surat suara PPWP kurang 20 lembar di TPS 001 Nagari Aie Dingin",
        description="Pemilih DPTb menunggu hingga satu jam karena surat suara PPWP habis pukul 12.10 WIB.",
        source=S.INTERNAL,
        follow_up=F.OTHER,
        follow_up_notes="Surat suara dipenuhi dari sisa TPS 002 Nagari Aie Dingin dengan berita acara.",
        affected_votes=20,
        risk=R.MEDIUM,
        status=Status.IN_PROGRESS,
        reporter=PPK_LG,
        occurred="2024-02-14 12:10",
        evidence=(
            photo(
                "foto-antrean-aiedingin-001",
                PPK_LG,
                scene="tps",
                banner="TPS 001 NAGARI AIE DINGIN",
                caption="Antrean pemilih DPTb",
                taken="2024:02:14 12:18:55",
            ),
        ),
    ),
    Entry(
        region="13.02.04",
        contest="ppwp",
        stage=Stage.REKAP_PPK,
        category="ketidaksesuaian-penghitungan",
        title="Selisih pengguna hak pilih antara D.Hasil Kecamatan dan C.Hasil Nagari Alahan Panjang",
        description=(
            "Jumlah pengguna hak pilih Nagari Alahan Panjang dalam D.Hasil Kecamatan-PWP lebih besar 9 orang "
            "daripada penjumlahan C.Hasil seluruh TPS di nagari tersebut."
        ),
        source=S.INTERNAL,
        follow_up=F.RETALLY,
        follow_up_notes="Rekapitulasi ulang untuk Nagari Alahan Panjang dalam rapat pleno PPK 19 Februari 2024.",
        affected_votes=9,
        risk=R.HIGH,
        status=Status.READY,
        reporter=PPK_LG,
        assignee=TEKNIS,
        occurred="2024-02-18 16:00",
        evidence=(
            d_hasil("dhasil-lembahgumanti-pwp", PPK_LG, TEKNIS, village=ALAHAN_PANJANG, extra_users=9),
            document(
                "ba-rekap-ulang-lembahgumanti",
                K.BERITA_ACARA,
                PPK_LG,
                TEKNIS,
                institution=ppk("Lembah Gumanti"),
                title="BERITA ACARA REKAPITULASI ULANG NAGARI ALAHAN PANJANG",
                number="11/PL.01.8-BA/1302.04/2024",
                paragraphs=[
                    "PPK Lembah Gumanti melaksanakan rekapitulasi ulang hasil penghitungan suara PPWP untuk Nagari "
                    "Alahan Panjang berdasarkan C.Hasil seluruh TPS.",
                    "Selisih sembilan pengguna hak pilih berasal dari kesalahan input; D.Hasil Kecamatan dibetulkan.",
                ],
                place_date="Alahan Panjang, 19 Februari 2024",
                signers=["Ketua PPK Lembah Gumanti", "Panwaslu Kecamatan", "Saksi Paslon 1", "Saksi Paslon 3"],
            ),
        ),
    ),
    Entry(
        region=SALIMPAT,
        contest="ppwp",
        stage=Stage.PENGHITUNGAN,
        category="lainnya",
        title="Foto C.Hasil TPS Nagari Salimpat terlambat diunggah karena tidak ada sinyal",
        description=(
            "KPPS tidak dapat mengunggah foto C.Hasil dari lokasi TPS; diunggah dari kantor PPS keesokan harinya."
        ),
        source=S.INTERNAL,
        risk=R.LOW,
        status=Status.NEW,
        reporter=PPK_LG,
        occurred="2024-02-15 09:00",
    ),
    Entry(
        region=f"{ALAHAN_PANJANG}.001",
        contest="bupati",
        stage=Stage.PEMUNGUTAN,
        category="intimidasi-politik-uang",
        title="Laporan intimidasi terhadap pemilih di sekitar TPS 001 Nagari Alahan Panjang",
        description="Media daring memberitakan pemilih diarahkan oleh sekelompok orang di jalan menuju TPS.",
        source=S.MEDIA,
        follow_up=F.OTHER,
        follow_up_notes="Diteruskan ke Panwaslih Kecamatan Lembah Gumanti.",
        risk=R.HIGH,
        status=Status.NEW,
        reporter=PPK_LG,
        occurred="2024-11-27 08:30",
        evidence=(c_hasil("chasil-kwk-alahanpanjang-001", PPK_LG, TEKNIS),),
    ),
    Entry(
        region="13.02.04",
        contest="bupati",
        stage=Stage.REKAP_PPK,
        category="keberatan-saksi",
        title="Keberatan saksi pasangan calon nomor urut 2 pada rekapitulasi Pilkada di PPK Lembah Gumanti",
        description=(
            "Saksi meminta pembukaan kotak suara empat TPS Nagari Sungai Nanam; PPK menolak karena C.Hasil sesuai."
        ),
        source=S.C_KEJADIAN,
        follow_up=F.CLARIFICATION,
        risk=R.MEDIUM,
        status=Status.IN_PROGRESS,
        reporter=PPK_LG,
        assignee=HUKUM,
        occurred="2024-11-30 11:10",
        evidence=(
            d_hasil("dhasil-lembahgumanti-kwk", PPK_LG, TEKNIS, certified_by=HUKUM),
            document(
                "dkejadian-lembahgumanti-kwk",
                K.D_KEJADIAN,
                PPK_LG,
                TEKNIS,
                form="D.KEJADIAN KHUSUS-KWK",
                institution=ppk("Lembah Gumanti"),
                title="CATATAN KEJADIAN KHUSUS DAN/ATAU KEBERATAN SAKSI DALAM REKAPITULASI",
                paragraphs=[
                    "Keberatan saksi pasangan calon nomor urut 2: meminta pembukaan kotak suara TPS 001 sampai "
                    "dengan TPS 004 Nagari Sungai Nanam.",
                    "Tindak lanjut: PPK mencocokkan Model C.Hasil-KWK keempat TPS dengan salinan yang dipegang "
                    "saksi dan Panwaslih Kecamatan; seluruhnya sesuai, sehingga kotak suara tidak dibuka.",
                ],
                place_date="Alahan Panjang, 30 November 2024",
                signers=["Ketua PPK Lembah Gumanti", "Saksi Paslon 2"],
            ),
        ),
    ),
    Entry(
        region=f"{AIE_DINGIN}.002",
        contest="bupati",
        stage=Stage.PENGHITUNGAN,
        category="salinan-c-hasil-tidak-diberikan",
        title="Salinan C.Hasil-KWK tidak diberikan kepada Panwaslih di TPS 002 Nagari Aie Dingin",
        description="Pengawas TPS tidak menerima salinan C.Hasil-KWK hingga kotak suara diberangkatkan ke PPS.",
        source=S.BAWASLU,
        follow_up=F.OTHER,
        follow_up_notes="Salinan diserahkan di kantor PPS pada malam yang sama.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=PPK_LG,
        occurred="2024-11-27 19:00",
        evidence=(c_hasil("chasil-kwk-aiedingin-002", PPK_LG, TEKNIS),),
    ),
    # ---------------------------------------------------------------- other kecamatan of Kabupaten Solok
    Entry(
        region="13.02.07.2001.001",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="logistik",
        title="Pemungutan suara di TPS 001 Nagari Cupak dimulai terlambat karena kotak suara belum tiba",
        description="TPS baru dibuka pukul 08.30 WIB; kotak suara tertahan di kantor PPS akibat kendaraan mogok.",
        source=S.MONITOR,
        follow_up=F.CLARIFICATION,
        follow_up_notes="Waktu pemungutan tidak diperpanjang; tidak ada pemilih yang kehilangan hak pilih.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=KOMISIONER,
        occurred="2024-02-14 08:30",
        evidence=(
            photo(
                "foto-cupak-001",
                KOMISIONER,
                TEKNIS,
                scene="tps",
                banner="TPS 001 NAGARI CUPAK",
                caption="TPS dibuka 08.30",
                taken="2024:02:14 08:33:27",
            ),
        ),
    ),
    Entry(
        region="13.02.07.2005",
        contest="ppwp",
        stage=Stage.DPT,
        category="daftar-pemilih",
        title="Pemilih penyandang disabilitas belum terdata dalam DPT Nagari Sungai Janiah",
        description="Empat pemilih disabilitas mental belum terdaftar; keluarga melapor ke PPS saat pengumuman DPS.",
        source=S.INTERNAL,
        follow_up=F.CORRECTION,
        follow_up_notes="Dimasukkan dalam DPT hasil perbaikan.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=KOMISIONER,
        occurred="2023-05-10 10:00",
    ),
    Entry(
        region="13.02.10.2002.003",
        contest="ppwp",
        stage=Stage.PEMUNGUTAN,
        category="memilih-tanpa-terdaftar",
        title="Pemilih menggunakan formulir pindah memilih milik orang lain di TPS 003 Nagari Selayo",
        description="Dua pemilih menggunakan formulir Model A pindah memilih atas nama orang lain.",
        source=S.BAWASLU,
        follow_up=F.PSU,
        follow_up_notes="Rekomendasi PSU diterima; menunggu jadwal dari KPU Kabupaten.",
        bawaslu_reference="Rekomendasi Panwaslu Kecamatan Kubung No. 008/PM.01.02/K.SB-05.10/02/2024",
        affected_votes=2,
        risk=R.HIGH,
        status=Status.IN_PROGRESS,
        reporter=KOMISIONER,
        assignee=TEKNIS,
        occurred="2024-02-14 11:45",
        evidence=(
            document(
                "rekomendasi-psu-selayo-003",
                K.BAWASLU_LETTER,
                KOMISIONER,
                TEKNIS,
                institution=panwascam("Kubung"),
                title="REKOMENDASI PEMUNGUTAN SUARA ULANG",
                number="008/PM.01.02/K.SB-05.10/02/2024",
                paragraphs=[
                    "Dua orang pemilih menggunakan formulir Model A pindah memilih atas nama orang lain di TPS 003 "
                    "Nagari Selayo.",
                    "Panwaslu Kecamatan Kubung merekomendasikan pemungutan suara ulang PPWP di TPS tersebut.",
                ],
                place_date="Selayo, 17 Februari 2024",
                signers=["Ketua Panwaslu Kecamatan Kubung", ""],
            ),
        ),
    ),
    Entry(
        region="13.02.10",
        contest="ppwp",
        stage=Stage.REKAP_PPK,
        category="ketidaksesuaian-penghitungan",
        title="Kesalahan input angka pada D.Hasil Kecamatan Kubung untuk Nagari Koto Baru",
        description=(
            "Perolehan pasangan calon nomor urut 1 dan 2 di Nagari Koto Baru tertukar saat input D.Hasil Kecamatan."
        ),
        source=S.WITNESS,
        follow_up=F.CORRECTION,
        follow_up_notes="Dibetulkan dalam rapat pleno PPK Kubung sebelum penandatanganan.",
        risk=R.MEDIUM,
        status=Status.RESOLVED,
        reporter=TEKNIS,
        occurred="2024-02-20 13:30",
        evidence=(d_hasil("dhasil-kubung-pwp", TEKNIS, HUKUM),),
    ),
    Entry(
        region="13.02.11.2004.002",
        contest="ppwp",
        stage=Stage.PENGHITUNGAN,
        category="kotak-suara-dibuka",
        title="Kotak suara dibuka sebelum saksi hadir di TPS 002 Nagari Singkarak",
        description=(
            "KPPS membuka kotak suara PPWP untuk penghitungan pukul 13.05 WIB sebelum saksi kembali dari istirahat."
        ),
        source=S.WITNESS,
        risk=R.MEDIUM,
        status=Status.NEW,
        reporter=KOMISIONER,
        occurred="2024-02-14 13:05",
    ),
    Entry(
        region="13.02.05.2002.001",
        contest="bupati",
        stage=Stage.PEMUNGUTAN,
        category="intimidasi-politik-uang",
        title="Dugaan mobilisasi pemilih dengan imbalan uang di TPS 001 Nagari Sirukam",
        description="Saksi melaporkan rombongan pemilih diantar kendaraan bak terbuka dan diberi uang transport.",
        source=S.WITNESS,
        risk=R.MEDIUM,
        status=Status.NEW,
        reporter=KOMISIONER,
        occurred="2024-11-27 10:20",
        evidence=(c_hasil("chasil-kwk-sirukam-001", KOMISIONER, TEKNIS),),
    ),
    Entry(
        region="13.02.17.2001.002",
        contest="dprd",
        stage=Stage.PENGHITUNGAN,
        category="ketidaksesuaian-penghitungan",
        title="Suara calon DPRD dicatat pada kolom partai lain di TPS 002 Nagari Talang Babungo",
        description=(
            "Dua puluh tiga suara calon nomor urut 1 Partai Tani Sejahtera tercatat pada baris Partai Bintang "
            "Harapan dalam C.Hasil-DPRD Kab/Kota."
        ),
        source=S.WITNESS,
        follow_up=F.CORRECTION,
        follow_up_notes="Dibetulkan dalam rapat pleno PPK Hiliran Gumanti berdasarkan C.Hasil plano.",
        affected_votes=23,
        risk=R.HIGH,
        status=Status.READY,
        reporter=KOMISIONER,
        occurred="2024-02-14 23:40",
        evidence=(
            c_hasil("chasil-dprd-talangbabungo-002", KOMISIONER, TEKNIS),
            photo(
                "foto-plano-talangbabungo-002",
                KOMISIONER,
                TEKNIS,
                scene="plano",
                banner="TPS 002 NAGARI TALANG BABUNGO",
                caption="C.Hasil plano DPRD Kab",
                taken="2024:02:14 23:47:12",
            ),
        ),
    ),
    Entry(
        region="13.02.19.2002.001",
        contest="dprd",
        stage=Stage.PEMUNGUTAN,
        category="surat-suara-kurang-tertukar",
        title="Surat suara DPRD Kabupaten kurang 35 lembar di TPS 001 Nagari Kampung Batu Dalam",
        description="Surat suara DPRD Kabupaten habis pukul 12.20 WIB sementara pemilih masih mengantre.",
        source=S.INTERNAL,
        follow_up=F.PSL,
        follow_up_notes="Pemungutan suara lanjutan untuk DPRD Kabupaten dijadwalkan oleh KPU Kabupaten.",
        affected_votes=35,
        risk=R.MEDIUM,
        status=Status.IN_PROGRESS,
        reporter=KOMISIONER,
        occurred="2024-02-14 12:20",
    ),
    Entry(
        region=REGENCY,
        contest="ppwp",
        stage=Stage.REKAP_KABKO,
        category="keberatan-saksi",
        title="Keberatan saksi pasangan calon nomor urut 3 pada rapat pleno rekapitulasi KPU Kabupaten Solok",
        description=(
            "Saksi keberatan atas hasil Kecamatan Pantai Cermin dan Lembah Gumanti dan meminta seluruh "
            "rekomendasi PSU dilampirkan dalam berita acara."
        ),
        source=S.C_KEJADIAN,
        follow_up=F.CLARIFICATION,
        follow_up_notes="Dijawab dalam rapat pleno; dokumen PSU dilampirkan.",
        risk=R.HIGH,
        status=Status.IN_PROGRESS,
        reporter=KOMISIONER,
        assignee=HUKUM,
        occurred="2024-03-04 15:00",
        links=("rekomendasi-psu-surian-001", "rekomendasi-psu-alahanpanjang-002"),
        comments=((HUKUM, "Dalil ini hampir pasti muncul di permohonan PHPU; kumpulkan C.Hasil kedua TPS PSU."),),
    ),
    Entry(
        region=REGENCY,
        contest="dprd",
        stage=Stage.REKAP_KABKO,
        category="keberatan-saksi",
        title="Keberatan saksi Partai Suara Rakyat atas perolehan kursi dapil Solok 1",
        description="Saksi menilai suara tertukar di Nagari Lolo memengaruhi kursi terakhir dapil Solok 1.",
        source=S.WITNESS,
        risk=R.HIGH,
        status=Status.NEW,
        reporter=HUKUM,
        occurred="2024-03-05 10:30",
    ),
    Entry(
        region=REGENCY,
        contest="bupati",
        stage=Stage.REKAP_KABKO,
        category="rekomendasi-bawaslu",
        title="Rekomendasi Bawaslu Kabupaten Solok untuk pencocokan ulang hasil Kecamatan X Koto Singkarak",
        description="Bawaslu merekomendasikan pencocokan ulang D.Hasil Kecamatan-KWK X Koto Singkarak dengan C.Hasil.",
        source=S.BAWASLU,
        follow_up=F.RETALLY,
        follow_up_notes="Pencocokan dilakukan dalam rapat pleno; tidak ada perubahan angka.",
        bawaslu_reference="Rekomendasi Bawaslu Kabupaten Solok No. 115/PP.01.02/K.SB-05/12/2024",
        risk=R.MEDIUM,
        status=Status.RESOLVED,
        reporter=KOMISIONER,
        occurred="2024-12-04 14:00",
        evidence=(
            document(
                "rekomendasi-bawaslu-singkarak-kwk",
                K.BAWASLU_LETTER,
                KOMISIONER,
                TEKNIS,
                institution=["BADAN PENGAWAS PEMILIHAN UMUM", "KABUPATEN SOLOK", "(DOKUMEN DEMO)"],
                title="REKOMENDASI PENCOCOKAN ULANG HASIL REKAPITULASI KECAMATAN X KOTO SINGKARAK",
                number="115/PP.01.02/K.SB-05/12/2024",
                paragraphs=[
                    "Berdasarkan hasil pengawasan rekapitulasi di tingkat Kabupaten Solok, Bawaslu Kabupaten Solok "
                    "merekomendasikan kepada KPU Kabupaten Solok untuk mencocokkan ulang Model D.Hasil "
                    "Kecamatan-KWK Kecamatan X Koto Singkarak dengan Model C.Hasil-KWK seluruh TPS.",
                ],
                place_date="Arosuka, 4 Desember 2024",
                signers=["Ketua Bawaslu Kabupaten Solok", ""],
            ),
            document(
                "ba-pencocokan-singkarak-kwk",
                K.BERITA_ACARA,
                KOMISIONER,
                TEKNIS,
                institution=KPU,
                title="BERITA ACARA PENCOCOKAN ULANG HASIL REKAPITULASI KECAMATAN X KOTO SINGKARAK",
                number="88/PL.02.6-BA/1302/2024",
                paragraphs=[
                    "Menindaklanjuti rekomendasi Bawaslu Kabupaten Solok, dalam rapat pleno terbuka KPU Kabupaten "
                    "Solok dicocokkan Model D.Hasil Kecamatan-KWK Kecamatan X Koto Singkarak dengan Model "
                    "C.Hasil-KWK seluruh TPS di kecamatan tersebut.",
                    "Hasil pencocokan: seluruh angka sesuai; tidak ada perubahan perolehan suara.",
                ],
                place_date="Arosuka, 4 Desember 2024",
                signers=["Ketua KPU Kabupaten Solok", "Bawaslu Kabupaten Solok", "Saksi Paslon 1", "Saksi Paslon 2"],
            ),
        ),
    ),
    Entry(
        region="13.02.09.2003.002",
        contest="ppwp",
        stage=Stage.PENGHITUNGAN,
        category="kesalahan-prosedur-kpps",
        title="Salinan C.Hasil tidak diumumkan di TPS 002 Nagari Pianggu",
        description="KPPS tidak menempelkan salinan C.Hasil di tempat umum setelah penghitungan suara.",
        source=S.MONITOR,
        risk=R.LOW,
        status=Status.NEW,
        reporter=KOMISIONER,
        occurred="2024-02-15 00:30",
    ),
    Entry(
        region="13.02.10.2005",
        contest="bupati",
        stage=Stage.DPT,
        category="daftar-pemilih",
        title="Pemilih pemula genap 17 tahun pada hari pemungutan belum masuk DPT Nagari Gantuang Ciri",
        description="Tiga pemilih pemula yang genap 17 tahun pada 27 November 2024 belum tercantum dalam DPT.",
        source=S.INTERNAL,
        follow_up=F.CORRECTION,
        follow_up_notes="Dilayani sebagai pemilih DPTb sesuai ketentuan.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=KOMISIONER,
        occurred="2024-09-20 10:00",
    ),
    Entry(
        region="13.02.11",
        contest="bupati",
        stage=Stage.LOGISTIK,
        category="logistik",
        title="Logistik Pilkada terlambat tiba di PPK X Koto Singkarak akibat longsor",
        description="Jalan Sumani–Singkarak tertutup longsor; logistik tiba di PPK pukul 22.00 WIB, terlambat 10 jam.",
        source=S.INTERNAL,
        follow_up=F.OTHER,
        follow_up_notes="Distribusi ke PPS dipercepat dengan kendaraan tambahan; semua TPS menerima logistik H-1.",
        risk=R.LOW,
        status=Status.RESOLVED,
        reporter=KOMISIONER,
        occurred="2024-11-25 12:00",
        evidence=(
            photo(
                "foto-logistik-singkarak",
                KOMISIONER,
                TEKNIS,
                scene="logistik",
                banner="LOGISTIK PILKADA PPK X KOTO SINGKARAK",
                caption="Logistik tiba di PPK",
                taken="2024:11:25 22:04:36",
            ),
        ),
    ),
]

# Result forms of TPS with no problem: the coverage page shows them next to TPS that lack one.
EXTRA_EVIDENCE: list[Doc] = [
    c_hasil("chasil-surian-001", PPS_SURIAN, TEKNIS, region=f"{SURIAN}.001", contest="ppwp"),
    c_hasil("chasil-surian-002", PPS_SURIAN, region=f"{SURIAN}.002", contest="ppwp"),
]

# ------------------------------------------------------------------ the demo dispute (fictional people)
# The Termohon office, its chair and its counsel, and the result decree the Pemohon asks to annul.
KPU_CHAIR = "Nofriadi Syahputra, S.H., M.H."
KPU_ADDRESS = "Jalan Koto Baru Nomor 17, Arosuka, Kabupaten Solok, Sumatera Barat 27361"
KPU_PLACE = "Arosuka"
COUNSEL = [
    ("Dr. Arief Wicaksana, S.H., M.H.", "advocate"),
    ("Rini Oktaviani, S.H.", "advocate"),
]
COUNSEL_OFFICE = "Kantor Hukum Wicaksana, Oktaviani & Rekan"
COUNSEL_ADDRESS = "Jalan Khatib Sulaiman Nomor 45, Padang, Sumatera Barat 25135"
APPLICANT_COUNSEL = "Dr. Hendri Marzuki, S.H., M.H. dan rekan, Kantor Hukum Marzuki & Partners, Padang"
DECREE_SERIAL = 1485
DECREE_TITLE = "Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok Tahun 2024"
RECAP_MINUTES_SERIAL = 93


def decree_number(year: int) -> str:
    return f"{DECREE_SERIAL} Tahun {year}"


def power_of_attorney_number(year: int) -> str:
    return f"012/HK.06.1-SU/1302/{year}"


def foundation_docs(live, pairs, votes: dict[int, int], valid: int, invalid: int) -> list[Doc]:
    """The three exhibits every answer files first, dated by the live calendar: the result decree, the
    regency's recapitulation (Model D.Hasil Kabupaten/Kota-KWK) and the minutes of its plenary. Their
    numbers are the regency's D.Hasil, so the decree, the forms and the case agree."""
    recap_day, decree_day = live.recap_at.date(), live.decree_at.date()

    def dotted(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    result = "; ".join(f"Nomor Urut {n}, {name}: {dotted(votes.get(n, 0))} suara" for n, name in pairs)
    totals = f"jumlah suara sah {dotted(valid)} dan suara tidak sah {dotted(invalid)}"
    return [
        document(
            "keputusan-penetapan-hasil-kwk",
            K.DECREE,
            KOMISIONER,
            TEKNIS,
            region=REGENCY,
            contest="bupati",
            certified_by=HUKUM,
            institution=KPU,
            title="KEPUTUSAN KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
            number=decree_number(decree_day.year).upper(),
            paragraphs=[
                f"TENTANG {DECREE_TITLE.upper()}",
                "Menimbang: bahwa berdasarkan Berita Acara Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan "
                f"Perolehan Suara di Tingkat Kabupaten Solok tanggal {long_date(recap_day)}, perlu menetapkan "
                "hasil Pemilihan Bupati dan Wakil Bupati Solok Tahun 2024.",
                "Mengingat: Undang-Undang Nomor 1 Tahun 2015 sebagaimana telah beberapa kali diubah terakhir dengan "
                "Undang-Undang Nomor 6 Tahun 2020; Undang-Undang Nomor 10 Tahun 2016; Peraturan Komisi Pemilihan "
                "Umum Nomor 18 Tahun 2024.",
                f"MEMUTUSKAN. Menetapkan: KESATU, perolehan suara sah pasangan calon: {result}; {totals}.",
                "KEDUA, Keputusan ini mulai berlaku pada tanggal ditetapkan.",
            ],
            place_date=f"Ditetapkan di {KPU_PLACE} pada tanggal {long_date(decree_day)}, pukul "
            f"{live.decree_at:%H.%M} WIB",
            signers=[f"Ketua KPU Kabupaten Solok, {KPU_CHAIR}", ""],
        ),
        d_hasil(
            "dhasil-kabupaten-kwk",
            KOMISIONER,
            TEKNIS,
            kind=K.D_HASIL_KABKO,
            region=REGENCY,
            contest="bupati",
            certified_by=HUKUM,
            day=recap_day.isoformat(),
        ),
        document(
            "ba-rekapitulasi-kabupaten-kwk",
            K.BERITA_ACARA,
            KOMISIONER,
            TEKNIS,
            region=REGENCY,
            contest="bupati",
            certified_by=HUKUM,
            institution=KPU,
            title="BERITA ACARA RAPAT PLENO TERBUKA REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA PEMILIHAN "
            "BUPATI DAN WAKIL BUPATI SOLOK TAHUN 2024 DI TINGKAT KABUPATEN",
            number=f"{RECAP_MINUTES_SERIAL}/PL.02.6-BA/1302/{recap_day.year}",
            paragraphs=[
                f"Pada tanggal {long_date(recap_day)} KPU Kabupaten Solok melaksanakan rapat pleno terbuka "
                "rekapitulasi hasil penghitungan perolehan suara Pemilihan Bupati dan Wakil Bupati Solok Tahun "
                "2024 dari Model D.Hasil Kecamatan-KWK seluruh kecamatan, dihadiri saksi pasangan calon dan "
                "Bawaslu Kabupaten Solok.",
                f"Hasil rekapitulasi, sebagaimana tercantum dalam Model D.Hasil Kabupaten/Kota-KWK: {result}; "
                f"{totals}.",
                "Saksi pasangan calon nomor urut 2 menyampaikan keberatan atas hasil Kecamatan Pantai Cermin dan "
                "Lembah Gumanti; keberatan dijawab dalam rapat dan dicatat dalam Model D.Kejadian Khusus-KWK.",
            ],
            place_date=f"{KPU_PLACE}, {long_date(recap_day)}",
            signers=[
                "Ketua KPU Kabupaten Solok",
                "Anggota KPU Kabupaten Solok",
                "Bawaslu Kabupaten Solok",
                "Saksi Paslon 1",
                "Saksi Paslon 2",
                "Saksi Paslon 3",
            ],
        ),
    ]
