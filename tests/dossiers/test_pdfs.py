"""The generated PDFs, opened and read as the legal division reads them: the sections of the brief,
its citations, contents and bookmarks, the page stamps, the exhibit list, the bundle's covers and
evidence pages, the manifest annex and its hashes, the inventory report, and PDF/A. The filing's own
elements (letterhead, counsel, petitum, signatures, nothing internal) are in test_filing.py.

Each test renders with the real pipeline (WeasyPrint in subprocesses, pikepdf merge) through the
`render` fixture; the fixture case is tests/dossiers/conftest.py `dossier_case`."""

import hashlib
import io
import json
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from accounts.choices import Role
from cases.choices import CaseStatus, ClaimStatus
from cases.models import Case, Citation, Claim, Exhibit, RegionPopulation
from dossiers.choices import JobStatus
from elections.choices import Stage
from inventory.storage import evidence_storage
from regions.models import Region
from tests.dossiers.conftest import REGISTER_NUMBER
from tests.factories import AssignmentFactory
from tests.inventory.factories import ProblemFactory, make_evidence

pytestmark = pytest.mark.django_db

PAGE_STAMP = re.compile(r"Halaman (\d+) dari (\d+)")
CITATION = re.compile(r"\(Bukti (T-\d+)\)")


# --- reading helpers ------------------------------------------------------------------------------


def pdf_bytes_of(job) -> bytes:
    with job.output.open("rb") as fileobj:
        return fileobj.read()


def reader_of(job) -> PdfReader:
    assert job.status == JobStatus.DONE, job.error
    return PdfReader(io.BytesIO(pdf_bytes_of(job)))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def flat(text: str) -> str:
    """Whitespace collapsed (justified paragraphs come out with double spaces and line breaks)."""
    return " ".join(text.split())


def outline_entries(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in document order."""
    entries = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def stored_bytes(evidence) -> bytes:
    with evidence_storage().open(evidence.file.name, "rb") as fileobj:
        return fileobj.read()


def assert_page_stamps(texts: list[str]) -> None:
    """Every page carries exactly one "Halaman i dari N", i its own number, N the page count."""
    total = len(texts)
    for index, text in enumerate(texts):
        assert PAGE_STAMP.findall(text) == [(str(index + 1), str(total))], f"page {index + 1}: {text[-200:]!r}"


def claim_heading_on(text: str, number: str) -> bool:
    return f"Dalil {number}" in lines_of(text)


def xmp_bytes(reader: PdfReader) -> bytes:
    root = reader.trailer["/Root"]
    if "/Metadata" not in root:
        return b""
    return root["/Metadata"].get_object().get_data()


def manifest_pdf_text(job) -> str:
    """The text of the manifest annex, the PDF stored beside the document."""
    with job.manifest_pdf.open("rb") as fileobj:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(fileobj.read())).pages)


def assert_manifest_and_region_cut(job, case, texts: list[str]) -> None:
    """The JSON manifest (on the job and stored beside the PDF) lists exactly the in-region files of
    the case, each with the SHA-256 and size of the bytes in evidence storage; the PDF's own hash is
    the stored file's. The manifest annex (its own PDF) names every included file with its hash, and
    the document hash; the document itself names no file and no hash. The file outside Kabupaten Solok
    is in none of them."""
    data = pdf_bytes_of(job)
    included = [case.files[key] for key in ("photo", "scan", "minutes")]
    elsewhere = case.files["elsewhere"]

    assert job.sha256 == hashlib.sha256(data).hexdigest()
    assert job.size == len(data)
    assert job.manifest["pdf"] == {"sha256": job.sha256, "size": len(data), "pages": job.page_count}
    assert job.output.name == f"{job.pk}/{job.sha256}.pdf"

    with job.manifest_file.open("rb") as fileobj:
        stored_manifest = json.loads(fileobj.read())
    assert stored_manifest == job.manifest
    files = {item["evidence_id"]: item for item in stored_manifest["files"]}
    assert set(files) == {evidence.pk for evidence in included}
    for evidence in included:
        content = stored_bytes(evidence)
        item = files[evidence.pk]
        assert item["sha256"] == hashlib.sha256(content).hexdigest()
        assert item["size"] == len(content)
        assert item["name"] == evidence.original_name
    assert files[case.files["photo"].pk]["labels"] == ["T-1"]
    assert files[case.files["scan"].pk]["labels"] == ["T-2"]
    assert files[case.files["minutes"].pk]["labels"] == ["T-3"]

    # The annex names the included files and their hashes; the document names neither.
    annex = compact(manifest_pdf_text(job))
    document = compact("\n".join(texts))
    assert job.sha256 in annex
    for evidence in included:
        assert compact(evidence.original_name) in annex
        assert evidence.sha256 in annex
        assert compact(evidence.original_name) not in document
        assert evidence.sha256[:16] not in document
    assert "MANIFESBERKAS" not in document
    for text in (annex, document):
        assert "luar-wilayah" not in text
        assert elsewhere.sha256[:16] not in text


def compact(text: str) -> str:
    """Without any whitespace: a name or hash wrapped in a narrow column still reads as one string."""
    return "".join(text.split())


# --- the brief ------------------------------------------------------------------------------------


@pytest.fixture
def population(db):
    """Kabupaten Solok's population, so the eksepsi states the Pasal 158 arithmetic: 390,000 people
    (regency bracket 250k-500k: 1.5%), 180,000 valid votes: at most 2,700 votes; gap 30,000."""
    return RegionPopulation.objects.create(region_id="13.02", year=2024, population=390_000, source="DAK2")


def test_brief_has_every_section_citation_and_file(dossier_case, legal, request_job, render, population):
    # One more citation than the fixture, added straight to the database, so a stale plan would show.
    Citation.objects.create(claim=dossier_case.claims_list[2], exhibit=dossier_case.exhibits_list[3], note="Surat")
    job = render(request_job(legal, "brief", case=dossier_case))
    reader = reader_of(job)
    texts = page_texts(reader)
    whole = flat("\n".join(texts))
    contents = next(i for i, text in enumerate(texts) if "DAFTAR ISI" in text)
    body = "\n".join(texts[contents + 1 :])  # after the letter's opening and the table of contents

    for heading in (
        "I. DALAM EKSEPSI",
        "A. Kewenangan Mahkamah",
        "B. Kedudukan Hukum Pemohon",
        "C. Tenggang Waktu Pengajuan Permohonan",
        "II. DALAM POKOK PERMOHONAN",
        "III. PETITUM",
    ):
        assert heading in lines_of(body), heading
    # The parties.
    assert dossier_case.applicant.name in whole
    assert "Dr. A. Kuasa, S.H." in whole
    assert "Komisi Pemilihan Umum Kabupaten Solok" in whole
    # Kedudukan hukum: the Pasal 158 basis and its arithmetic, and the conclusion the gap calls for.
    eksepsi = flat(body.split("B. Kedudukan Hukum Pemohon")[1].split("C. Tenggang Waktu")[0])
    assert "Pasal 158" in eksepsi
    for figure in ("390.000", "180.000", "2.700", "90.000", "60.000", "30.000"):
        assert figure in eksepsi, figure
    assert "tidak memiliki kedudukan hukum" in eksepsi
    # Tenggang waktu: the decree of Monday 16 December 2024 14.00 WIB; 3 working days counted from (terhitung
    # sejak) the announcement, its own day being day 1 (Pasal 157 ayat (5) UU 10/2016): to 24:00 WIB on the 18th.
    deadline = flat(body.split("C. Tenggang Waktu Pengajuan Permohonan")[1].split("II. DALAM POKOK")[0])
    assert "hari Senin, 16 Desember 2024 pukul 14.00 WIB" in deadline
    assert "berakhir pada hari Rabu, 18 Desember 2024 pukul 24.00 WIB" in deadline
    assert "23.59" not in deadline
    # Each claim under its own heading, with the Termohon's answer.
    for claim in dossier_case.claims_list:
        assert any(claim_heading_on(text, claim.number) for text in texts[2:]), claim.number
        assert claim.response in whole

    # Every "(Bukti T-n)" under a claim's heading is one of that claim's Citation rows, and all are there.
    claims_part = body[body.rindex("II. DALAM POKOK PERMOHONAN") : body.rindex("III. PETITUM")]
    numbers = {claim.number for claim in dossier_case.claims_list}
    cited, current = set(), None
    for line in lines_of(claims_part):
        heading = re.fullmatch(r"Dalil (\S+)", line)
        if heading and heading.group(1) in numbers:
            current = heading.group(1)
        for label in CITATION.findall(line):
            assert current is not None, f"citation {label} before any claim heading"
            cited.add((current, label))
    expected = {
        (c.claim.number, c.exhibit.label)
        for c in Citation.objects.filter(claim__case=dossier_case).select_related("claim", "exhibit")
    }
    assert len(expected) == 5
    assert cited == expected

    # The manifest: the files, their hashes, nothing from outside the regency, in the annex only.
    assert_manifest_and_region_cut(job, dossier_case, texts)


def test_brief_contents_and_bookmarks_point_at_the_right_pages(dossier_case, legal, request_job, render):
    job = render(request_job(legal, "brief", case=dossier_case))
    reader = reader_of(job)
    texts = page_texts(reader)
    claims = list(Claim.objects.filter(case=dossier_case).order_by("position"))

    # Table of contents (page 2): "Dalil 1 ... 4" lines, with 1-based page numbers.
    toc_text = next(text for text in texts[:3] if "DAFTAR ISI" in text)
    toc = {}
    for line in lines_of(toc_text):
        entry = re.fullmatch(r"(.+?) (\d+)", line)
        if entry:
            toc[entry.group(1)] = int(entry.group(2))
    for claim in claims:
        page = toc[f"Dalil {claim.number}"]
        assert claim_heading_on(texts[page - 1], claim.number), (claim.number, page)
    for title in ("I. DALAM EKSEPSI", "II. DALAM POKOK PERMOHONAN", "III. PETITUM"):
        assert title in lines_of(texts[toc[title] - 1]), (title, toc[title])
    # The claims do not all sit on one page in this fixture: the numbers are not all the same.
    assert len({toc[f"Dalil {claim.number}"] for claim in claims}) > 1

    # Bookmarks: one per claim, nested under the section, whose destination shows its heading.
    entries = outline_entries(reader)
    titles = [title for _depth, title, _page in entries]
    assert "II. DALAM POKOK PERMOHONAN" in titles
    for claim in claims:
        matching = [(depth, page) for depth, title, page in entries if title == f"Dalil {claim.number}"]
        assert len(matching) == 1, (claim.number, titles)
        depth, page = matching[0]
        assert depth >= 1
        assert claim_heading_on(texts[page], claim.number)
        assert page + 1 == toc[f"Dalil {claim.number}"]

    # Every page numbered "Halaman i dari N".
    assert len(texts) == job.page_count
    assert_page_stamps(texts)
    # All claims final, answer not filed: no DRAFT anywhere.
    assert job.draft is False
    assert not any("DRAFT" in text for text in texts)


def test_brief_is_marked_draft_while_a_claim_is_not_final(dossier_case, legal, request_job, render):
    Claim.objects.filter(pk=dossier_case.claims_list[1].pk).update(status=ClaimStatus.REVIEWED)
    job = render(request_job(legal, "brief", case=dossier_case))
    texts = page_texts(reader_of(job))
    assert job.draft is True
    assert job.manifest["draft"] is True
    assert all("DRAFT" in text for text in texts), [i for i, text in enumerate(texts) if "DRAFT" not in text]


def test_brief_is_not_draft_once_the_answer_is_filed(dossier_case, legal, request_job, render):
    Claim.objects.filter(pk=dossier_case.claims_list[1].pk).update(status=ClaimStatus.DRAFT)
    Case.objects.filter(pk=dossier_case.pk).update(status=CaseStatus.ANSWER_FILED)
    job = render(request_job(legal, "brief", case=dossier_case))
    texts = page_texts(reader_of(job))
    assert job.draft is False
    assert not any("DRAFT" in text for text in texts)


# --- the exhibit list -----------------------------------------------------------------------------


def test_exhibit_list_shows_every_exhibit_with_its_keterangan(dossier_case, legal, request_job, render):
    # The out-of-region file is not part of the dossier: changed on disk, it is neither checked nor listed.
    with open(evidence_storage().path(dossier_case.files["elsewhere"].file.name), "wb") as fileobj:
        fileobj.write(b"not the photo any more")
    # An exhibit whose keterangan is not entered yet: a blank to fill, not a guess.
    Exhibit.objects.filter(pk=dossier_case.exhibits_list[2].pk).update(presented_as="")

    job = render(request_job(legal, "exhibit_list", case=dossier_case))
    texts = page_texts(reader_of(job))
    text = "\n".join(texts)
    assert "DAFTAR ALAT BUKTI TERMOHON" in lines_of(text)
    assert "No. Kode Bukti Uraian Alat Bukti Keterangan" in flat(text)
    # Every exhibit in label order, one row each: number, code, uraian with the document's own number
    # and date, keterangan, and the kind of evidence (a photo is "alat bukti lain").
    rows = [
        "1.T-1FotoTPS001sebelumdibukaAsliAlatbuktilain",
        "2.T-2ModelC.HasilTPS001,tanggal27November2024FotokopidilegalisirSuratatautulisan",
        "3.T-3BeritaacararekapitulasiPPK,Nomor12/PL.02.6-BA/1302.03/2024,tanggal30November2024……………Suratatautulisan",
        "4.T-4KeputusanKPUKabupatenSolokNomor1234Tahun2024tentangPenetapanHasilPemilihanBupatidanWakil"
        "BupatiSolokTahun2024,tanggal16Desember2024FotokopidarifotokopiSuratatautulisan",
    ]
    whole = compact(text)
    positions = [whole.find(row) for row in rows]
    assert all(position >= 0 for position in positions), list(zip(rows, positions, strict=True))
    assert positions == sorted(positions)
    assert [label for label in re.findall(r"\b(T-\d+)\b", text)] == ["T-1", "T-2", "T-3", "T-4"]
    assert_page_stamps(texts)
    assert_manifest_and_region_cut(job, dossier_case, texts)
    # Not asked for PDF/A: no PDF/A identification.
    assert b"pdfaid" not in xmp_bytes(reader_of(job))


# --- the bundle -----------------------------------------------------------------------------------


def test_bundle_has_covers_stamped_evidence_pages_and_bookmarks(dossier_case, legal, request_job, render):
    job = render(request_job(legal, "bundle", case=dossier_case))
    reader = reader_of(job)
    texts = page_texts(reader)
    exhibits = dossier_case.exhibits_list
    # Per exhibit: its cover, then its in-region printable files (photo: 1 page, each PDF: 1 page).
    expected_counts = {"T-1": 2, "T-2": 2, "T-3": 2, "T-4": 1}
    # The bundle goes to the court: no manifest pages bound in (the manifest is its own PDF).
    assert len(reader.pages) == job.page_count == sum(expected_counts.values())

    # One cover per exhibit, in label order, each at the start of its exhibit's pages.
    covers = [
        (index, line)
        for index, text in enumerate(texts)
        for line in lines_of(text)
        if re.fullmatch(r"Bukti T-\d+", line)
    ]
    assert [line for _index, line in covers] == [f"Bukti {e.label}" for e in exhibits]
    starts, page = {}, 0
    for exhibit in exhibits:
        starts[exhibit.label] = page
        page += expected_counts[exhibit.label]
    assert [index for index, _line in covers] == [starts[e.label] for e in exhibits]
    # Each cover gives the exhibit's identity (its uraian, with its own number and date), keterangan
    # and page count; no file name, size or hash (those are in the manifest annex).
    assert f"FotoTPS001sebelumdibukaPerkaraNomor{REGISTER_NUMBER}·Asli·Alatbuktilain" in compact(texts[starts["T-1"]])
    assert "BeritaacararekapitulasiPPK,Nomor12/PL.02.6-BA/1302.03/2024,tanggal30November2024" in compact(
        texts[starts["T-3"]]
    )
    assert "KeputusanKPUKabupatenSolokNomor1234Tahun2024tentang" in compact(texts[starts["T-4"]])
    for label in ("T-1", "T-2", "T-3"):
        assert "Jumlahhalamandalambundel:1halaman" in compact(texts[starts[label]]), label
    covers_text = compact("".join(texts[starts[e.label]] for e in exhibits))
    for evidence in dossier_case.files.values():
        assert compact(evidence.original_name) not in covers_text
        assert evidence.sha256[:16] not in covers_text
    assert "SHA-256" not in covers_text

    # Every exhibit page stamped with its label and its page within the exhibit.
    for exhibit in exhibits:
        count = expected_counts[exhibit.label]
        for i in range(count):
            text = texts[starts[exhibit.label] + i]
            marks = re.findall(r"Bukti (T-\d+) - halaman (\d+) dari (\d+)", text)
            assert marks == [(exhibit.label, str(i + 1), str(count))], (exhibit.label, i, text)
    assert not any("MANIFES BERKAS" in text for text in texts)
    assert_page_stamps(texts)

    # The photo (64 x 48, landscape) is placed on a landscape A4 page, as an image.
    photo_page = reader.pages[starts["T-1"] + 1]
    width, height = float(photo_page.mediabox.width), float(photo_page.mediabox.height)
    assert abs(width - 841.89) < 1 and abs(height - 595.28) < 1
    assert len(photo_page.images) == 1
    assert photo_page.images[0].image.size == (64, 48)
    # The PDF evidence pages are there, as they were uploaded.
    assert "C.Hasil TPS 001" in texts[starts["T-2"] + 1]
    assert "Berita acara PPK" in texts[starts["T-3"] + 1]
    # The exhibit without files says so on its cover.
    assert "Tidak ada berkas elektronik" in flat(texts[starts["T-4"]])

    # A bookmark per exhibit, pointing at its cover, and nothing else.
    entries = outline_entries(reader)
    for exhibit in exhibits:
        matching = [page for _depth, title, page in entries if title.startswith(f"Bukti {exhibit.label}:")]
        assert matching == [starts[exhibit.label]], (exhibit.label, entries)
    assert len(entries) == len(exhibits)

    assert_manifest_and_region_cut(job, dossier_case, texts)


def test_bundle_of_a_draft_case_is_stamped_draft(dossier_case, legal, request_job, render):
    Claim.objects.filter(pk=dossier_case.claims_list[0].pk).update(status=ClaimStatus.DRAFT)
    job = render(request_job(legal, "bundle", case=dossier_case))
    texts = page_texts(reader_of(job))
    assert job.draft is True
    # Every page, the evidence pages included.
    assert all("DRAFT" in text for text in texts)


# --- evidence integrity -------------------------------------------------------------------------


def test_tampered_evidence_fails_the_job_by_name_and_stores_nothing(dossier_case, legal, request_job, render, storage):
    _evidence_dir, dossier_dir = storage
    scan = dossier_case.files["scan"]
    path = evidence_storage().path(scan.file.name)
    with open(path, "r+b") as fileobj:
        fileobj.seek(0, 2)
        fileobj.write(b"\n% appended after upload\n")

    job = render(request_job(legal, "bundle", case=dossier_case))
    assert job.status == JobStatus.FAILED
    assert scan.original_name in job.error
    assert scan.sha256 in job.error
    assert "T-2" in job.error
    assert not job.output.name and not job.sha256 and job.page_count is None
    assert not (dossier_dir / str(job.pk)).exists()
    assert not list(dossier_dir.rglob("*.pdf"))


# --- the inventory report -------------------------------------------------------------------------


@pytest.fixture
def problems(storage):
    solok_counting = ProblemFactory(
        region_id="13.02.03.2002.001", stage=Stage.PENGHITUNGAN, title="Kotak suara TPS 001 tidak bersegel"
    )
    solok_voters = ProblemFactory(region_id="13.02.04", stage=Stage.DPT, title="Pemilih ganda di DPT Solok")
    solok_recap = ProblemFactory(region_id="13.02", stage=Stage.REKAP_KABKO, title="Selisih rekap kabupaten")
    outside = ProblemFactory(region_id="13.01", stage=Stage.PENGHITUNGAN, title="Masalah luar wilayah Solok")
    inside_file = make_evidence("13.02.03.2002.001", problem=solok_counting, name="segel-rusak.jpg")
    outside_file = make_evidence("13.01", problem=outside, name="luar-wilayah-13-01.jpg")
    return {
        "counting": solok_counting,
        "voters": solok_voters,
        "recap": solok_recap,
        "outside": outside,
        "inside_file": inside_file,
        "outside_file": outside_file,
    }


def stage_heading(stage) -> str:
    with translation.override("id"):
        return f"Tahapan: {Stage(stage).label}"


def report_rows(texts: list[str], numbers: set[int]) -> list[tuple[str, int]]:
    """(stage heading, problem number) of every row of the report, in order: a row starts with one of
    the problem `numbers` (written without "#")."""
    rows, heading = [], None
    for line in lines_of("\n".join(texts)):
        if line.startswith("Tahapan: "):
            heading = line
        row = re.match(r"(\d+) ", line)
        if row and int(row.group(1)) in numbers:
            rows.append((heading, int(row.group(1))))
    return rows


def test_inventory_report_is_cut_to_the_region_and_grouped_by_stage(legal, request_job, render, problems):
    # The requester also reaches 13.01: the report is still only about the region asked for.
    AssignmentFactory(user=legal, role=Role.LEGAL, region_id="13.01")
    job = render(request_job(legal, "inventory", region=Region.objects.get(code="13.02")))
    texts = page_texts(reader_of(job))
    text = "\n".join(texts)

    assert "DAFTAR INVENTARISASI MASALAH" in lines_of(text)
    # Grouped by stage, in the order of the stages, each problem under its own stage; 13.01 left out.
    numbers = {p.pk for key, p in problems.items() if not key.endswith("_file")}
    assert report_rows(texts, numbers) == [
        (stage_heading(Stage.DPT), problems["voters"].pk),
        (stage_heading(Stage.PENGHITUNGAN), problems["counting"].pk),
        (stage_heading(Stage.REKAP_KABKO), problems["recap"].pk),
    ]
    for key in ("voters", "counting", "recap"):
        assert compact(problems[key].title) in compact(text), key
    assert compact(problems["outside"].title) not in compact(text)
    # The manifest: the evidence of the region's problems, not of the other one.
    assert [item["evidence_id"] for item in job.manifest["files"]] == [problems["inside_file"].pk]
    assert job.manifest["files"][0]["labels"] == [f"#{problems['counting'].pk}"]
    annex = manifest_pdf_text(job)
    assert problems["inside_file"].original_name in annex
    assert problems["inside_file"].sha256 in compact(annex)
    assert problems["outside_file"].original_name not in annex + text
    # The report shows the problem numbers, not internal "#id" references or hashes.
    assert not re.search(r"#\d", text)
    assert problems["inside_file"].sha256[:12] not in compact(text)
    assert_page_stamps(texts)
    assert job.filename == "Daftar Inventarisasi Masalah Kabupaten Solok.pdf"


def test_inventory_report_honours_the_filters(legal, request_job, render, problems):
    job = render(
        request_job(legal, "inventory", region=Region.objects.get(code="13.02"), filters={"stage": Stage.PENGHITUNGAN})
    )
    texts = page_texts(reader_of(job))
    numbers = {p.pk for key, p in problems.items() if not key.endswith("_file")}
    assert report_rows(texts, numbers) == [(stage_heading(Stage.PENGHITUNGAN), problems["counting"].pk)]
    assert compact(problems["counting"].title) in compact("\n".join(texts))
    assert job.params["filters"] == {"stage": Stage.PENGHITUNGAN}


# --- PDF/A ----------------------------------------------------------------------------------------


def test_pdf_a_option_writes_pdfa_identification(dossier_case, legal, request_job, render):
    archival = render(request_job(legal, "exhibit_list", case=dossier_case, pdf_a=True))
    reader = reader_of(archival)
    assert archival.params == {"pdf_a": True}
    assert archival.manifest["pdf_a"] is True
    xmp = xmp_bytes(reader)
    assert b"pdfaid" in xmp
    assert re.search(rb"pdfaid:part[^0-9]{0,10}2", xmp), xmp[:2000]
    assert "/OutputIntents" in reader.trailer["/Root"]
    # Still the same document, stamped; the XMP names the court title, not the software.
    assert_page_stamps(page_texts(reader))
    assert f"Daftar Alat Bukti Termohon Perkara Nomor {REGISTER_NUMBER}".encode() in xmp
    for name in (b"WeasyPrint", b"Siaga", b"qpdf", b"pikepdf"):
        assert name not in xmp, name
    # The manifest annex is PDF/A too.
    with archival.manifest_pdf.open("rb") as fileobj:
        assert b"pdfaid" in xmp_bytes(PdfReader(io.BytesIO(fileobj.read())))
