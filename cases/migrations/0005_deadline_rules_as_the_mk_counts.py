from django.db import migrations

# The deadline rules as the MK counts them, each with its label and legal basis in Indonesian. The rows
# are updated by key (admins may have switched a rule off: `active` is left as it is); the "psu-ordered"
# default of 0002 is removed: an ordered PSU, recount or re-tally runs for the period its ruling sets,
# and there is no default. Units (cases.deadlines): hours to the minute; calendar and working days to the
# end of the day on the MK's clock (24:00 WIB); `count_anchor_day`: the anchor's day is day 1 when it is
# a working day ("terhitung sejak ...").
LEGISLATIVE = ["phpu_dpr_dprd", "phpu_dpd"]
PRESIDENTIAL = ["phpu_presiden"]
PILKADA = ["php_gubernur", "php_bupati", "php_walikota"]

UU_PEMILU = "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum"
UU_PILKADA = (
    "Undang-Undang Nomor 10 Tahun 2016 tentang Perubahan Kedua atas Undang-Undang Nomor 1 Tahun 2015 tentang "
    "Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, "
    "Bupati, dan Walikota menjadi Undang-Undang"
)
UU_MK = (
    "Undang-Undang Nomor 24 Tahun 2003 tentang Mahkamah Konstitusi sebagaimana telah beberapa kali diubah, "
    "terakhir dengan Undang-Undang Nomor 7 Tahun 2020"
)
PKPU_PENETAPAN = (
    "Peraturan Komisi Pemilihan Umum Nomor 18 Tahun 2024 tentang Rekapitulasi Hasil Penghitungan Perolehan Suara "
    "dan Penetapan Hasil Pemilihan Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Walikota dan Wakil "
    "Walikota"
)
PMK_PILKADA = (
    "Peraturan Mahkamah Konstitusi Nomor 3 Tahun 2024 tentang Tata Beracara dalam Perkara Perselisihan Hasil "
    "Pemilihan Gubernur, Bupati, dan Walikota"
)
PMK_PEMILU = (
    "Peraturan Mahkamah Konstitusi Nomor 2 Tahun 2023 tentang Tata Beracara dalam Perkara Perselisihan Hasil "
    "Pemilihan Umum Anggota Dewan Perwakilan Rakyat dan Dewan Perwakilan Rakyat Daerah, Peraturan Mahkamah "
    "Konstitusi Nomor 3 Tahun 2023 (Anggota Dewan Perwakilan Daerah) dan Peraturan Mahkamah Konstitusi Nomor 4 "
    "Tahun 2023 (Presiden dan Wakil Presiden)"
)
COUNTDOWN = (
    "Praktik internal Tim Penyelesaian PHP: H-3 gelar perkara, H-2 jawaban final, H-1 penyerahan; bukan ketentuan "
    "undang-undang"
)
WITNESSES_PILKADA = (
    PMK_PILKADA + ": identitas saksi dan ahli disampaikan paling lambat 1 (satu) hari kerja sebelum sidang "
    "pemeriksaan; saksi dan ahli bersama-sama paling banyak {n} ({words}) orang untuk setiap pihak dalam "
    "perkara pemilihan {contest}"
)

RULES = [
    # key, label, source, anchor, direction, amount, unit, count_anchor_day, met_by, applies_to, agenda, limit
    (
        "filing-legislative",
        "Batas pengajuan permohonan (Pemilu DPR/DPD/DPRD)",
        f"Pasal 474 ayat (2) {UU_PEMILU}: paling lama 3 × 24 (tiga kali dua puluh empat) jam sejak diumumkan "
        "penetapan perolehan suara hasil Pemilu anggota DPR, DPD, dan DPRD secara nasional oleh KPU, dihitung "
        "dari jam dan menit pengumuman",
        "result_decree_at", "after", 72, "hours", False, "petition_filed_at", LEGISLATIVE, "", None,
    ),
    (
        "filing-presidential",
        "Batas pengajuan permohonan (Pilpres)",
        f"Pasal 475 ayat (1) {UU_PEMILU}: paling lama 3 (tiga) hari setelah penetapan hasil Pemilu Presiden dan "
        "Wakil Presiden oleh KPU, yaitu sampai pukul 24.00 WIB hari ketiga setelah hari penetapan",
        "result_decree_at", "after", 3, "days", False, "petition_filed_at", PRESIDENTIAL, "", None,
    ),
    (
        "filing-pilkada",
        "Batas pengajuan permohonan (Pilkada)",
        f"Pasal 157 ayat (5) {UU_PILKADA}: paling lambat 3 (tiga) hari kerja terhitung sejak diumumkan penetapan "
        "perolehan suara hasil Pemilihan oleh KPU Provinsi atau KPU Kabupaten/Kota; hari pengumuman dihitung "
        "sebagai hari pertama apabila hari kerja, dan tenggang waktu berakhir pukul 24.00 WIB hari kerja ketiga",
        "result_decree_at", "after", 3, "working_days", True, "petition_filed_at", PILKADA, "", None,
    ),
    (
        "decision-legislative",
        "Batas putusan Mahkamah (Pemilu DPR/DPD/DPRD)",
        f"Pasal 78 huruf b {UU_MK}: paling lambat 30 (tiga puluh) hari kerja sejak permohonan dicatat dalam Buku "
        "Registrasi Perkara Konstitusi (e-BRPK); hari pencatatan dihitung sebagai hari pertama",
        "ebrpk_registered_at", "after", 30, "working_days", True, "decision_at", LEGISLATIVE, "", None,
    ),
    (
        "decision-presidential",
        "Batas putusan Mahkamah (Pilpres)",
        f"Pasal 78 huruf a {UU_MK}: paling lambat 14 (empat belas) hari kerja sejak permohonan dicatat dalam Buku "
        "Registrasi Perkara Konstitusi (e-BRPK); hari pencatatan dihitung sebagai hari pertama",
        "ebrpk_registered_at", "after", 14, "working_days", True, "decision_at", PRESIDENTIAL, "", None,
    ),
    (
        "decision-pilkada",
        "Batas putusan Mahkamah (Pilkada)",
        f"Pasal 157 ayat (8) {UU_PILKADA}: paling lama 45 (empat puluh lima) hari kerja sejak diterimanya "
        "permohonan, dihitung sejak permohonan dicatat dalam Buku Registrasi Perkara Konstitusi (e-BRPK) dengan "
        "hari pencatatan sebagai hari pertama",
        "ebrpk_registered_at", "after", 45, "working_days", True, "decision_at", PILKADA, "", None,
    ),
    (
        "penetapan-after-notice",
        "Penetapan calon terpilih setelah pemberitahuan MK",
        f"Pasal 57 {PKPU_PENETAPAN}: penetapan pasangan calon terpilih paling lama 3 (tiga) hari setelah "
        "pemberitahuan Mahkamah Konstitusi bahwa tidak ada permohonan perselisihan hasil yang tercatat dalam Buku "
        "Registrasi Perkara Konstitusi",
        "mk_notice_received_at", "after", 3, "days", False, "elected_determined_at", PILKADA, "", None,
    ),
    (
        "penetapan-after-ruling",
        "Penetapan calon terpilih setelah putusan dibacakan",
        f"Pasal 57 {PKPU_PENETAPAN}: penetapan pasangan calon terpilih paling lama 3 (tiga) hari setelah putusan "
        "Mahkamah Konstitusi dibacakan",
        "decision_at", "after", 3, "days", False, "elected_determined_at", PILKADA, "", None,
    ),
    (
        "witnesses-gubernur",
        "Identitas saksi dan ahli ke MK (paling banyak 6 per pihak)",
        WITNESSES_PILKADA.format(n=6, words="enam", contest="gubernur"),
        "hearing", "before", 1, "working_days", False, "", ["php_gubernur"], "", 6,
    ),
    (
        "witnesses-bupati-walikota",
        "Identitas saksi dan ahli ke MK (paling banyak 4 per pihak)",
        WITNESSES_PILKADA.format(n=4, words="empat", contest="bupati dan walikota"),
        "hearing", "before", 1, "working_days", False, "", ["php_bupati", "php_walikota"], "", 4,
    ),
    (
        "witnesses-pemilu",
        "Identitas saksi dan ahli ke MK (Pemilu)",
        f"{PMK_PEMILU}: identitas saksi dan ahli disampaikan paling lambat 1 (satu) hari kerja sebelum sidang "
        "pemeriksaan",
        "hearing", "before", 1, "working_days", False, "", LEGISLATIVE + PRESIDENTIAL, "", None,
    ),
    (
        "answer-case-review",
        "Gelar perkara sebelum sidang jawaban (H-3)",
        COUNTDOWN,
        "hearing", "before", 3, "days", False, "", [], "answer", None,
    ),
    (
        "answer-final",
        "Jawaban Termohon final (H-2)",
        COUNTDOWN,
        "hearing", "before", 2, "days", False, "", [], "answer", None,
    ),
    (
        "answer-submit",
        "Penyerahan Jawaban Termohon (H-1)",
        COUNTDOWN,
        "hearing", "before", 1, "days", False, "", [], "answer", None,
    ),
]
FIELDS = (
    "label", "source", "anchor", "direction", "amount", "unit", "count_anchor_day", "met_by", "applies_to",
    "hearing_agenda", "limit",
)  # fmt: skip
REMOVED = ["psu-ordered"]


def apply(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for position, (key, *values) in enumerate(RULES, start=1):
        DeadlineRule.objects.update_or_create(
            key=key, defaults={**dict(zip(FIELDS, values, strict=True)), "position": position * 10}
        )
    DeadlineRule.objects.filter(key__in=REMOVED).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_filing_fields")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
