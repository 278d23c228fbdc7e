"""The demo case's Jawaban Termohon and Daftar Alat Bukti, rendered as `make run` shows them and read as
the court reads them: every element of a filing the MK accepts is there, nothing internal is, and the
hash manifest is an annex of its own. The demo is what a new office copies: it must be fileable too."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from cases.standing import standing_check_for_case
from dossiers.choices import DossierKind
from phpu.demo.cases import demo_cases
from phpu.demo.inventory import data
from phpu.management.commands import load_demo
from regions.services import LoadResult
from tests.artifacts import first_page_png
from tests.dossiers.test_filing import (
    annex_of,
    assert_nothing_internal,
    assert_page_stamps,
    compact,
    flat,
    in_order,
    read,
    running_text,
    without_contents,
)
from tests.inventory.factories import evidence_dir

__all__ = ["evidence_dir"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_case(settings, evidence_dir, dossier_dir, monkeypatch):
    monkeypatch.setattr(load_demo, "import_official_regions", LoadResult)
    settings.DEMO_MODE = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    return demo_cases().select_related("respondent_office", "applicant", "related_party").get()


def keep_first_page(job, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.pdf"
    with job.output.open("rb") as stored:
        path.write_bytes(stored.read())
    first_page_png(path, f"{name}-page-1")


def test_the_demo_brief_and_exhibit_list_are_fileable(demo_case, request_job, render, tmp_path):
    legal = User.objects.get(username="hukum.solok")
    case = demo_case
    counsel = list(case.counsel.order_by("position", "id"))
    assert counsel and case.power_of_attorney_number and case.respondent_chair

    brief = render(request_job(legal, DossierKind.BRIEF, case=case))
    keep_first_page(brief, tmp_path, "demo-jawaban-termohon")
    reader, texts = read(brief)
    letter = running_text(without_contents(texts))
    assert texts[0].lstrip().startswith("KOMISI PEMILIHAN UMUM KABUPATEN SOLOK")
    in_order(
        letter,
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
        data.KPU_ADDRESS,
        f"{data.KPU_PLACE}, ",
        f"Perihal : Jawaban Termohon atas Permohonan Nomor {case.register_number}",
        "Kepada Yang Mulia",
        "Ketua Mahkamah Konstitusi Republik Indonesia",
        "Yang bertanda tangan di bawah ini:",
        f"Nama : {data.KPU_CHAIR}",
        f"berdasarkan Surat Kuasa Khusus Nomor {case.power_of_attorney_number}",
        *(person.name for person in counsel),
        "selanjutnya disebut sebagai TERMOHON",
        "I. DALAM EKSEPSI",
        "A. Kewenangan Mahkamah",
        "B. Kedudukan Hukum Pemohon",
        "Pasal 158",
        "C. Tenggang Waktu Pengajuan Permohonan",
        "Pasal 157 ayat (5)",
        "pukul 24.00 WIB",
        "II. DALAM POKOK PERMOHONAN",
        "satu kesatuan yang tidak terpisahkan",
        "(Bukti T-",
        "III. PETITUM",
        f"Nomor {case.result_decree_number}",
        data.DECREE_TITLE,
        "ex aequo et bono",
        "Hormat kami,",
        "Kuasa Hukum Termohon,",
        *(person.name for person in counsel),
        data.KPU_CHAIR,
    )
    # The threshold is argued in whole votes (Indonesian thousands), and the demo's gap is over it.
    standing = standing_check_for_case(case)
    assert standing.exceeds
    threshold = f"{standing.max_gap_votes:,}".replace(",", ".")
    in_order(letter, f"yang melebihi ambang batas {threshold} suara", "tidak terdapat alasan bagi Mahkamah")
    demo_users = list(User.objects.all())
    assert_nothing_internal(brief, reader, texts, users=demo_users)
    assert_page_stamps(texts, brief.page_count)

    exhibits = render(request_job(legal, DossierKind.EXHIBIT_LIST, case=case))
    keep_first_page(exhibits, tmp_path, "demo-daftar-alat-bukti")
    reader, texts = read(exhibits)
    text = running_text(texts)
    rows = [
        f"{e.sequence}. {e.label} {e.description}" for e in case.exhibits.order_by("sequence")[:3]
    ]  # the foundation exhibits first: decree, D.Hasil, berita acara
    in_order(
        text,
        "KOMISI PEMILIHAN UMUM KABUPATEN SOLOK",
        "DAFTAR ALAT BUKTI TERMOHON",
        f"Perkara Nomor {case.register_number}",
        "No. Kode Bukti Uraian Alat Bukti Keterangan",
        *rows,
        "Hormat kami,",
        *(person.name for person in counsel),
        data.KPU_CHAIR,
    )
    assert "Fotokopi" in text or "Asli" in text
    assert "Alat bukti lain" in text and "Surat atau tulisan" in text
    whole = flat(text)
    table = whole[whole.index("Kode Bukti") : whole.index("Hormat kami")]
    assert "……" not in table  # the demo fills in every keterangan, number and date
    assert_nothing_internal(exhibits, reader, texts, users=demo_users)
    assert_page_stamps(texts, exhibits.page_count)

    # The manifest is the office's annex: every file's hash, in its own PDF, not in the filing.
    _data, annex = annex_of(exhibits)
    annex_text = compact("".join(annex))
    for item in exhibits.manifest["files"]:
        assert item["sha256"][:32] in annex_text
