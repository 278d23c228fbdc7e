"""The Jawaban Termohon and the Daftar Alat Bukti as the MK accepts them, read from the rendered PDFs as
a clerk of the court reads them: the letterhead, place and date, Perihal and addressee; the Termohon by
its chair and its counsel under the Surat Kuasa Khusus and Substitusi; the eksepsi (kewenangan,
kedudukan hukum with the Pasal 158 arithmetic, tenggang waktu, obscuur libel when raised); the pokok
permohonan read as one with the eksepsi; the petitum citing the result decree by number, date and
title; the signatures of counsel and chair. Nothing internal reaches the court: no database ids, no
hashes, no software, no usernames; the hash manifest is an annex of its own for the office.

The fixture case is tests/dossiers/conftest.py `dossier_case` (everything filled in); a case with
nothing filled in still renders, with blanks to fill by hand."""

import datetime as dt
import hashlib
import html
import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from accounts.choices import Role
from cases.choices import CaseKind, CaseStatus, ClaimStatus
from cases.deadlines import WIB
from cases.models import Case, Claim, RegionPopulation
from dossiers import content
from dossiers.choices import DossierKind, JobStatus
from dossiers.models import DossierJob
from elections.choices import ContestType, ElectionKind
from inventory.storage import evidence_storage
from tests.cases.factories import CaseFactory, ContestFactory, ElectionFactory, ParticipantFactory, pemilu_case
from tests.dossiers.conftest import DECREE_TITLE, REGISTER_NUMBER
from tests.dossiers.test_api import finished_job, tamper
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE_STAMP = re.compile(r"Halaman (\d+) dari (\d+)")
BLANK = "……………"
BLANK_DATE = "…… ……………… 20……"
# What names the software, or is one of its internal fields, in any language it was ever written in.
INTERNAL_WORDS = ("SHA-256", "SHA256", "Siaga", "WeasyPrint", "pikepdf", "qpdf", "None", "Belum ada")


# --- reading ------------------------------------------------------------------------------------------


def read(job) -> tuple[PdfReader, list[str]]:
    assert job.status == JobStatus.DONE, job.error
    with job.output.open("rb") as fileobj:
        reader = PdfReader(io.BytesIO(fileobj.read()))
    return reader, [page.extract_text() or "" for page in reader.pages]


def without_contents(texts: list[str]) -> list[str]:
    """The brief's pages less its table of contents (whose titles would match before the sections do)."""
    return [text for text in texts if "DAFTAR ISI" not in text]


def running_text(texts: list[str]) -> str:
    """The pages as one text without their running header, page stamp and DRAFT mark, so a sentence
    broken over two pages reads as one."""
    kept = []
    for text in texts:
        for line in text.splitlines():
            if PAGE_STAMP.fullmatch(line.strip()) or " · Perkara Nomor " in line or line.strip() == "DRAFT":
                continue
            kept.append(line)
    return "\n".join(kept)


def flat(text: str) -> str:
    return " ".join(text.split())


def compact(text: str) -> str:
    """Without whitespace: a phrase wrapped over lines or justified with wide spaces reads as one string."""
    return "".join(text.split())


def in_order(text: str, *phrases: str) -> list[int]:
    """Each phrase (compared without whitespace) after the one before it; fails naming the first missing."""
    whole, at, positions = compact(text), 0, []
    for phrase in phrases:
        found = whole.find(compact(phrase), at)
        assert found >= 0, (phrase, whole[at : at + 300])
        positions.append(found)
        at = found + len(compact(phrase))
    return positions


def assert_page_stamps(texts: list[str], total: int) -> None:
    assert len(texts) == total
    for index, text in enumerate(texts):
        assert PAGE_STAMP.findall(text) == [(str(index + 1), str(total))], (index, text[-200:])


def assert_nothing_internal(job, reader: PdfReader, texts: list[str], *, users) -> None:
    """No database id ("#12"), no hash, no software name, no username, no internal field, no "None", no
    double period in the document or its properties."""
    text = "\n".join(texts)
    assert not re.search(r"#\s*\d", text)
    assert not re.search(r"\b[0-9a-fA-F]{32,}\b", flat(text))
    whole = compact(text)
    for digest in [job.sha256, job.manifest_pdf_sha256, *(item["sha256"] for item in job.manifest["files"])]:
        assert digest[:16] not in whole
    for word in INTERNAL_WORDS:
        assert word not in text, word
    # An internal field dumped as it is stored ("ditindaklanjuti: Belum ada."), not a sentence of the answer.
    assert not re.search(r"ditindaklanjuti\s*:\s*(Belum|-|–|$)", flat(text), re.IGNORECASE)
    for user in users:
        assert user.username not in text, user.username
    # Two periods in a row: a sentence ending in an abbreviation ("S.H.") given another period. The
    # blanks to fill are ellipsis characters, not periods.
    assert ".." not in flat(text), [m.start() for m in re.finditer(r"\.\.", flat(text))]
    # The document properties: the court's title, nothing about the software.
    metadata = dict(reader.metadata or {})
    assert metadata.get("/Title") == job.manifest["title"]
    for key, value in metadata.items():
        for word in ("Siaga", "WeasyPrint", "qpdf", "pikepdf", "PHPU "):
            assert word not in str(value), (key, value)


def annex_of(job) -> tuple[bytes, list[str]]:
    with job.manifest_pdf.open("rb") as fileobj:
        data = fileobj.read()
    return data, [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def stored_sha256(evidence) -> str:
    with evidence_storage().open(evidence.file.name, "rb") as fileobj:
        return hashlib.sha256(fileobj.read()).hexdigest()


def plan_text(job) -> str:
    """The text of the brief's opening and eksepsi as planned (HTML without tags), without laying it out."""
    plan = content.brief_plan(job)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", plan.front([], 0) + plan.sections[0].html)))


@pytest.fixture
def population(db):
    """Kabupaten Solok at 390,000 people: the 1.5% bracket of Pasal 158 ayat (2)."""
    return RegionPopulation.objects.create(region_id="13.02", year=2024, population=390_000, source="DAK2")


@pytest.fixture
def member(dossier_case):
    """A member of the internal case team: never a signatory of the filing."""
    user = UserFactory(username="tim.hukum.solok", full_name="Anggota Tim Internal")
    dossier_case.members.add(user)
    return user


# --- the Jawaban Termohon -----------------------------------------------------------------------------


def test_brief_opens_as_a_letter_of_the_termohon_by_its_chair_and_counsel(
    dossier_case, legal, member, request_job, render, population, client
):
    job = render(request_job(legal, DossierKind.BRIEF, case=dossier_case))
    reader, texts = read(job)
    letter = running_text(texts)

    # The filing opens on the letterhead, then place and date, Perihal, the addressee.
    assert texts[0].lstrip().startswith("KOMISI PEMILIHAN UMUM KABUPATEN SOLOK")
    in_order(
        letter,
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
        "Jl. Raya Arosuka Nomor 1, Arosuka, Kabupaten Solok, Sumatera Barat",
        "Arosuka, 6 Januari 2025",
        f"Perihal : Jawaban Termohon atas Permohonan Nomor {REGISTER_NUMBER}",
        "Kepada Yang Mulia",
        "Ketua Mahkamah Konstitusi Republik Indonesia",
        "Jl. Medan Merdeka Barat No. 6",
        "Jakarta Pusat",
        "Dengan hormat,",
        # The Termohon by its chair, named.
        "Yang bertanda tangan di bawah ini:",
        "Nama : Dr. Syafrizal Ketua, S.Sos., M.Si.",
        "Jabatan : Ketua Komisi Pemilihan Umum Kabupaten Solok",
        # Its counsel under the Surat Kuasa Khusus, by name and kind, in their order.
        "berdasarkan Surat Kuasa Khusus Nomor 05/PY.02.1-SU/1302/2025 tanggal 3 Januari 2025, memberikan kuasa kepada:",
        "1. Dr. Andi Pratama, S.H., M.H., Advokat;",
        "2. Hendra Kurniawan, S.H., Jaksa Pengacara Negara",
        "kesemuanya pada Kantor Hukum Andalas dan Rekan, beralamat di Jl. Sudirman Nomor 10, Padang,",
        # The Surat Kuasa Substitusi and the prosecutors who receive it.
        "berdasarkan Surat Kuasa Substitusi Nomor SK-01/L.3.13/Gp/01/2025 tanggal 4 Januari 2025",
        "1. Budi Santoso, S.H., M.H., Jaksa Pengacara Negara;",
        "2. Siti Rahmawati, S.H., Jaksa Pengacara Negara",
        "selanjutnya disebut sebagai TERMOHON;",
        "Dr. A. Kuasa, S.H., selanjutnya disebut sebagai PEMOHON",
        f"dengan Nomor {REGISTER_NUMBER} tanggal 3 Januari 2025",
        "I. DALAM EKSEPSI",
    )
    # Each counsel signs by name, after the petitum, with the Termohon's chair; the internal case team
    # (a member, the requester) signs nothing and is named nowhere.
    petitum = letter[letter.rindex("III. PETITUM") :]
    in_order(
        petitum,
        "ex aequo et bono",
        "Hormat kami,",
        "Kuasa Hukum Termohon,",
        "1. Dr. Andi Pratama, S.H., M.H.",
        "2. Hendra Kurniawan, S.H.",
        "3. Budi Santoso, S.H., M.H.",
        "4. Siti Rahmawati, S.H.",
        "Termohon,",
        "Ketua Komisi Pemilihan Umum Kabupaten Solok,",
        "Dr. Syafrizal Ketua, S.Sos., M.Si.",
    )
    assert member.full_name not in letter
    assert_nothing_internal(job, reader, texts, users=[legal, member])

    # "Halaman i dari N": N is the brief's own pages; the manifest is not bound in and not counted.
    assert_page_stamps(texts, job.page_count)
    assert job.manifest["pdf"]["pages"] == len(reader.pages)
    assert not any("MANIFES" in text for text in texts)

    # The manifest annex: its own PDF, numbered on its own, naming the document's hash and every
    # evidence file with the hash of the bytes in evidence storage.
    data, annex = annex_of(job)
    assert hashlib.sha256(data).hexdigest() == job.manifest["manifest_pdf"]["sha256"] == job.manifest_pdf_sha256
    assert job.manifest["manifest_pdf"]["pages"] == len(annex)
    assert_page_stamps(annex, len(annex))
    listed = compact("\n".join(annex))
    assert "MANIFESBERKAS" in listed
    assert job.sha256 in listed
    for evidence in (dossier_case.files[key] for key in ("photo", "scan", "minutes")):
        assert stored_sha256(evidence) == evidence.sha256
        assert evidence.sha256 in listed
        assert evidence.original_name in listed
    assert dossier_case.files["elsewhere"].sha256 not in listed
    assert job.manifest_pdf.name == f"{job.pk}/{job.sha256}-manifest.pdf"

    # The download carries the court's name for the document.
    client.force_login(legal)
    response = client.get(reverse("dossier_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Jawaban Termohon 87-PHPU.BUP-XXIII-2025.pdf"'
    response = client.get(reverse("dossier_manifest_pdf", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="Manifes Jawaban Termohon 87-PHPU.BUP-XXIII-2025.pdf"'
    )


def test_brief_eksepsi_pokok_permohonan_and_petitum(dossier_case, legal, request_job, render, population):
    # The answer is filed, one claim's answer left empty: not a draft, and no placeholder reaches the court.
    Claim.objects.filter(pk=dossier_case.claims_list[2].pk).update(response="", status=ClaimStatus.DRAFT)
    Case.objects.filter(pk=dossier_case.pk).update(status=CaseStatus.ANSWER_FILED)
    job = render(request_job(legal, DossierKind.BRIEF, case=dossier_case))
    reader, texts = read(job)
    letter = running_text(without_contents(texts))
    assert job.draft is False
    assert "[Jawaban belum disusun.]" not in letter

    eksepsi = letter[letter.index("I. DALAM EKSEPSI") : letter.index("II. DALAM POKOK PERMOHONAN")]
    in_order(
        eksepsi,
        "A. Kewenangan Mahkamah",
        "B. Kedudukan Hukum Pemohon",
        # Pasal 158 as the Termohon's argument: 1.5% of 180,000 = 2,700 votes; the gap of 30,000 exceeds it.
        "Pasal 158",
        "dengan jumlah penduduk 390.000 jiwa",
        "1,5% × 180.000 suara = 2.700 suara",
        "selisih perolehan suara adalah 30.000 suara (16,67%), yang melebihi ambang batas 2.700 suara",
        "tidak memiliki kedudukan hukum",
        # The MK may set the threshold aside since 2024/25: the Termohon argues there is no ground to.
        "tidak terdapat alasan bagi Mahkamah untuk menyimpangi atau mengesampingkan ketentuan ambang batas",
        "C. Tenggang Waktu Pengajuan Permohonan",
        # The window in the words of its legal basis (the deadline rule's), the end as the MK writes it.
        "berdasarkan Pasal 157 ayat (5) Undang-Undang Nomor 10 Tahun 2016",
        "3 (tiga) hari kerja terhitung sejak diumumkan",
        "Nomor 1234 Tahun 2024 tentang " + DECREE_TITLE,
        "pada hari Senin, 16 Desember 2024 pukul 14.00 WIB",
        "berakhir pada hari Rabu, 18 Desember 2024 pukul 24.00 WIB",
        "diajukan ke Mahkamah pada hari Rabu, 18 Desember 2024 pukul 10.30 WIB.",
    )
    assert "GLOSSARY" not in eksepsi
    # Not raised: no obscuur libel eksepsi.
    assert "D. Permohonan" not in eksepsi and "Obscuur" not in letter and "obscuur" not in letter

    # The pokok permohonan opens by taking the eksepsi in as one whole with it, then claim by claim.
    pokok = letter[letter.index("II. DALAM POKOK PERMOHONAN") : letter.index("III. PETITUM")]
    in_order(
        pokok,
        "II. DALAM POKOK PERMOHONAN",
        "satu kesatuan yang tidak terpisahkan dengan pokok permohonan ini",
        f"Dalil {dossier_case.claims_list[0].number}",
        "(Bukti T-1)",
        f"Dalil {dossier_case.claims_list[1].number}",
        f"Dalil {dossier_case.claims_list[2].number}",
    )

    # The petitum cites the decree by number, title and date: never by an internal label.
    petitum = letter[letter.index("III. PETITUM") :]
    in_order(
        petitum,
        "Dalam Eksepsi",
        "Menerima dan mengabulkan eksepsi Termohon untuk seluruhnya;",
        "Dalam Pokok Permohonan",
        "Menolak permohonan Pemohon untuk seluruhnya;",
        "Menyatakan benar dan tetap berlaku Keputusan Komisi Pemilihan Umum Kabupaten Solok Nomor 1234 Tahun "
        f"2024 tentang {DECREE_TITLE}, tanggal 16 Desember 2024.",
        "(ex aequo et bono)",
    )
    assert str(dossier_case.contest) not in flat(letter)
    assert_nothing_internal(job, reader, texts, users=[legal])


def test_obscuur_libel_and_a_late_petition_are_argued_when_they_apply(dossier_case, legal, request_job, render):
    Case.objects.filter(pk=dossier_case.pk).update(
        obscuur_libel=True,
        obscuur_libel_grounds="Posita mempersoalkan TPS di Kecamatan X, petitum meminta PSU di seluruh kabupaten.",
        # The window ended at 24.00 WIB on Wednesday 18 December: filed on the Thursday morning.
        petition_filed_at=dt.datetime(2024, 12, 19, 9, 15, tzinfo=WIB),
    )
    job = render(request_job(legal, DossierKind.BRIEF, case=dossier_case))
    reader, texts = read(job)
    letter = running_text(without_contents(texts))
    eksepsi = letter[letter.index("I. DALAM EKSEPSI") : letter.index("II. DALAM POKOK PERMOHONAN")]
    in_order(
        eksepsi,
        "C. Tenggang Waktu Pengajuan Permohonan",
        "berakhir pada hari Rabu, 18 Desember 2024 pukul 24.00 WIB",
        "diajukan ke Mahkamah pada hari Kamis, 19 Desember 2024 pukul 09.15 WIB, yaitu setelah tenggang waktu",
        "harus dinyatakan tidak dapat diterima",
        "D. Permohonan Pemohon Kabur (Obscuur Libel)",
        "Posita mempersoalkan TPS di Kecamatan X, petitum meminta PSU di seluruh kabupaten.",
    )
    # Without population data the Pasal 158 arithmetic is not stated, and no verdict is invented.
    assert "Pasal 158" not in eksepsi
    assert "menyerahkan sepenuhnya kepada Mahkamah untuk menilai kedudukan hukum Pemohon" in flat(eksepsi)
    assert_nothing_internal(job, reader, texts, users=[legal])


# --- Pasal 158 at the MK's own example: 2% of 143,083 valid votes -------------------------------------


@pytest.mark.parametrize(("gap", "exceeds"), [(2_862, False), (2_863, True)])
def test_pasal_158_threshold_in_whole_votes_rounded_up(dossier_case, legal, request_job, gap, exceeds):
    """2% of 143,083 = 2,861.66, stated as "2.862 suara": a gap of 2,862 is within, 2,863 exceeds."""
    RegionPopulation.objects.create(region_id="13.02", year=2024, population=240_000, source="DAK2")
    Case.objects.filter(pk=dossier_case.pk).update(
        total_valid_votes=143_083, winner_votes=70_000, applicant_votes=70_000 - gap
    )
    text = plan_text(request_job(legal, DossierKind.BRIEF, case=dossier_case))
    assert "2% × 143.083 suara = 2.861,66 suara, dibulatkan menjadi 2.862 suara" in text
    verdict = "yang melebihi ambang batas 2.862 suara" if exceeds else "yang tidak melebihi ambang batas 2.862 suara"
    assert f"selisih perolehan suara adalah {gap:,} suara".replace(",", ".") in text
    assert verdict in text
    assert ("tidak memiliki kedudukan hukum" in text) is exceeds
    assert ("menyimpangi atau mengesampingkan" in text) is exceeds


# --- the filing window as the MK counts it, per kind of election --------------------------------------


def test_legislative_window_runs_to_the_minute(make_user, request_job, storage):
    """3 × 24 hours from the national decree read at Wed 20 Mar 2024 22:19 WIB: Sat 23 Mar 22:19 WIB."""
    case = pemilu_case()
    text = plan_text(request_job(make_user(Role.LEGAL, None), DossierKind.BRIEF, case=case))
    assert "Pasal 474 ayat (2)" in text
    assert "3 × 24 (tiga kali dua puluh empat) jam" in text
    assert "pada hari Rabu, 20 Maret 2024 pukul 22.19 WIB" in text
    assert "berakhir pada hari Sabtu, 23 Maret 2024 pukul 22.19 WIB" in text
    assert "Komisi Pemilihan Umum Republik Indonesia" in text


def test_presidential_window_ends_at_24_00_wib(make_user, request_job, storage):
    """3 days after the decree read at Wed 20 Mar 2024 22:19 WIB: to Sat 23 Mar 2024 24.00 WIB."""
    election = ElectionFactory(name="Pemilu 2024", kind=ElectionKind.PEMILU, voting_date=dt.date(2024, 2, 14))
    contest = ContestFactory(election=election, contest_type=ContestType.PPWP, region_id=None)
    case = CaseFactory(
        register_number="1/PHPU.PRES-XXII/2024",
        kind=CaseKind.PHPU_PRESIDEN,
        contest=contest,
        applicant=ParticipantFactory(contest=contest),
        related_party=None,
        respondent_office_id=None,
        result_decree_at=dt.datetime(2024, 3, 20, 22, 19, tzinfo=WIB),
    )
    text = plan_text(request_job(make_user(Role.LEGAL, None), DossierKind.BRIEF, case=case))
    assert "Pasal 475 ayat (1)" in text
    assert "berakhir pada hari Sabtu, 23 Maret 2024 pukul 24.00 WIB" in text
    assert "Pemilihan Umum Presiden dan Wakil Presiden Tahun 2024" in text


# --- the Daftar Alat Bukti ----------------------------------------------------------------------------


def test_exhibit_list_is_a_filing_with_letterhead_rows_and_signatures(
    dossier_case, legal, member, request_job, render, client
):
    job = render(request_job(legal, DossierKind.EXHIBIT_LIST, case=dossier_case))
    reader, texts = read(job)
    text = running_text(texts)
    assert texts[0].lstrip().startswith("KOMISI PEMILIHAN UMUM KABUPATEN SOLOK")
    in_order(
        text,
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
        "Jl. Raya Arosuka Nomor 1, Arosuka, Kabupaten Solok, Sumatera Barat",
        "Arosuka, 6 Januari 2025",
        "DAFTAR ALAT BUKTI TERMOHON",
        f"Perkara Nomor {REGISTER_NUMBER}",
        f"Pemohon : {dossier_case.applicant.name}",
        "Termohon : Komisi Pemilihan Umum Kabupaten Solok",
        f"Pihak Terkait : {dossier_case.related_party.name}",
        "No. Kode Bukti Uraian Alat Bukti Keterangan",
        # In sequence order; the uraian with the document's own number and date; the keterangan; the
        # kind of evidence (the photo is "alat bukti lain", the documents "surat atau tulisan").
        "1. T-1 Foto TPS 001 sebelum dibuka Asli Alat bukti lain",
        "2. T-2 Model C.Hasil TPS 001, tanggal 27 November 2024 Fotokopi dilegalisir Surat atau tulisan",
        "3. T-3 Berita acara rekapitulasi PPK, Nomor 12/PL.02.6-BA/1302.03/2024, tanggal 30 November 2024 "
        "Fotokopi sesuai dengan asli Surat atau tulisan",
        f"4. T-4 Keputusan KPU Kabupaten Solok Nomor 1234 Tahun 2024 tentang {DECREE_TITLE}, tanggal 16 Desember "
        "2024 Fotokopi dari fotokopi Surat atau tulisan",
        "Hormat kami,",
        "Kuasa Hukum Termohon,",
        "1. Dr. Andi Pratama, S.H., M.H.",
        "2. Hendra Kurniawan, S.H.",
        "3. Budi Santoso, S.H., M.H.",
        "4. Siti Rahmawati, S.H.",
        "Termohon,",
        "Ketua Komisi Pemilihan Umum Kabupaten Solok,",
        "Dr. Syafrizal Ketua, S.Sos., M.Si.",
    )
    # No file names: the list names documents, not uploads.
    for evidence in dossier_case.files.values():
        assert compact(evidence.original_name) not in compact(text)
    assert_nothing_internal(job, reader, texts, users=[legal, member])
    assert_page_stamps(texts, job.page_count)

    client.force_login(legal)
    response = client.get(reverse("dossier_download", args=[job.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="Daftar Alat Bukti 87-PHPU.BUP-XXIII-2025.pdf"'


# --- a case with nothing filled in -------------------------------------------------------------------


def test_a_case_with_nothing_filled_in_renders_blanks_to_fill(legal, request_job, render, storage):
    case = CaseFactory(result_decree_at=None)
    brief = render(request_job(legal, DossierKind.BRIEF, case=case))
    reader, texts = read(brief)
    letter = running_text(without_contents(texts))
    assert brief.draft is True
    in_order(
        letter,
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
        BLANK,  # the letterhead's address
        f"……………, {BLANK_DATE}",  # place and date
        f"Perihal : Jawaban Termohon atas Permohonan Nomor {case.register_number}",
        f"Nama : {BLANK}",
        f"Surat Kuasa Khusus Nomor {BLANK} tanggal {BLANK_DATE}, memberikan kuasa kepada:",
        f"1. {BLANK}",
        f"kesemuanya pada {BLANK}, beralamat di {BLANK},",
        "selanjutnya disebut sebagai TERMOHON;",
        f"Nomor {BLANK} tentang {BLANK} pada hari {BLANK}, {BLANK_DATE} pukul",
        f"Menyatakan benar dan tetap berlaku Keputusan Komisi Pemilihan Umum Kabupaten Solok Nomor {BLANK} tentang "
        f"{BLANK}, tanggal {BLANK_DATE}.",
        "Hormat kami,",
        f"1. {BLANK}",
        "Ketua Komisi Pemilihan Umum Kabupaten Solok,",
    )
    # No substitution was given: none is mentioned.
    assert "Substitusi" not in letter
    assert_nothing_internal(brief, reader, texts, users=[legal])

    exhibit_list = render(request_job(legal, DossierKind.EXHIBIT_LIST, case=case))
    reader, texts = read(exhibit_list)
    in_order(
        running_text(texts),
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
        f"……………, {BLANK_DATE}",
        "DAFTAR ALAT BUKTI TERMOHON",
        "Hormat kami,",
        f"1. {BLANK}",
        "Ketua Komisi Pemilihan Umum Kabupaten Solok,",
        BLANK,
    )
    assert_nothing_internal(exhibit_list, reader, texts, users=[legal])


# --- download names ----------------------------------------------------------------------------------


def test_download_names_follow_the_court_and_survive_any_characters(client, legal, storage):
    job = finished_job(requested_by=legal, case=CaseFactory(register_number="123-01-17-13/PHPU.DPR-DPRD-XXII/2024"))
    assert job.filename == "Jawaban Termohon 123-01-17-13-PHPU.DPR-DPRD-XXII-2024.pdf"
    DossierJob.objects.filter(pk=job.pk).update(draft=True)
    job.refresh_from_db()
    assert job.filename == "Jawaban Termohon 123-01-17-13-PHPU.DPR-DPRD-XXII-2024 (DRAFT).pdf"
    assert job.manifest_filename == "Manifes Jawaban Termohon 123-01-17-13-PHPU.DPR-DPRD-XXII-2024 (DRAFT).pdf"
    for kind, title in ((DossierKind.EXHIBIT_LIST, "Daftar Alat Bukti"), (DossierKind.BUNDLE, "Bundel Bukti")):
        DossierJob.objects.filter(pk=job.pk).update(kind=kind, draft=False)
        job.refresh_from_db()
        assert job.filename == f"{title} 123-01-17-13-PHPU.DPR-DPRD-XXII-2024.pdf"

    # An inventory report of a region whose name is not ASCII: RFC 6266's filename* form.
    DossierJob.objects.filter(pk=job.pk).update(kind=DossierKind.INVENTORY, case=None, region_id="13.02")
    job.refresh_from_db()
    job.region.name = 'Kabupaten Sōlok "Baru"/Timur'
    job.region.save()
    assert job.filename == "Daftar Inventarisasi Masalah Kabupaten Sōlok Baru-Timur.pdf"
    client.force_login(legal)
    response = client.get(reverse("dossier_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Daftar%20Inventarisasi%20Masalah%20Kabupaten%20S%C5%8Dlok%20Baru-Timur.pdf"
    )
    DossierJob.objects.filter(pk=job.pk).update(region_id=None)
    job.refresh_from_db()
    assert job.filename == "Daftar Inventarisasi Masalah Nasional.pdf"


# --- the annex among the stored files ----------------------------------------------------------------


def test_check_integrity_checks_the_manifest_pdf_against_its_hash(legal, storage):
    job = finished_job(requested_by=legal)
    call_command("check_integrity", stdout=io.StringIO())  # all intact: no error
    tamper(job, "manifest_pdf")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_integrity", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("MISMATCH")]
    assert len(lines) == 1
    assert f"dossier manifest PDF #{job.pk} " in lines[0]
    assert job.manifest_pdf_sha256 in lines[0]
    # --clean marks the dossier failed and lets go of all its files, the annex included.
    with pytest.raises(CommandError):
        call_command("check_integrity", "--clean", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not job.output and not job.manifest_pdf and not job.manifest_file
