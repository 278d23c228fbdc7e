"""From section HTML to one PDF: sections laid out in parallel processes (dossiers/layout.py), then
merged with qpdf (pikepdf), with the bookmarks of every section shifted to their final pages and
every page stamped (page numbers, exhibit labels, DRAFT) once the total is known.

Merging streams: qpdf's page selection copies the page objects of each source and reads their
content from the source file only while writing the result, with a bounded number of sources open
at once; stamps and bookmarks are added in a second pass over the merged file, whose content is again
copied as it is written. Memory grows with the number of page objects, not with their bytes.
"""

import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
from django.conf import settings

if TYPE_CHECKING:
    from dossiers.cache import LayoutCache

A4 = (595.28, 841.89)  # points
STAMP_FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class RenderError(Exception):
    """A section could not be laid out or a source could not be merged; the message says which."""


@dataclass
class Section:
    """One part of a dossier: its complete HTML, and a name for errors and progress."""

    name: str
    html: str


@dataclass
class LaidOut:
    section: Section
    path: Path
    pages: int
    bookmarks: list = field(default_factory=list)  # [level, label, page index within the section]


@dataclass
class Source:
    """Pages [first, first + count) of a PDF file, as one piece of the result."""

    path: Path
    first: int = 0
    count: int | None = None  # None: to the end


@dataclass
class Bookmark:
    level: int
    title: str
    page: int  # index in the final document


@dataclass
class Stamp:
    """A line of text in a margin of one page. `where`: bottom, top, right (reads bottom to top)."""

    text: str
    where: str = "bottom"
    size: float = 8
    gray: float = 0  # 0 black .. 1 white


# --- layout -----------------------------------------------------------------------------------------


def lay_out(
    sections: Sequence[Section],
    workdir: Path,
    *,
    processes: int | None = None,
    variant: str | None = None,
    on_done: Callable[[int, int], None] | None = None,
    files: Sequence[Path] = (),
    cache: "LayoutCache | None" = None,
) -> list[LaidOut]:
    """Lay out every section in its own process, `processes` at a time; results in section order.
    The layout may read the app's static files and `files` (stored files the sections show), nothing
    else (dossiers/layout.py). With a `cache` (dossiers/cache.py), a section laid out before from the
    same HTML, files, fonts and software is taken from it, checked, instead of laid out again; a fresh
    layout is stored in it."""
    processes = max(1, processes or settings.DOSSIER_RENDER_PROCESSES)
    done = 0
    roots = [*allowed_roots(), *files]
    allow = [arg for path in roots for arg in ("--allow", str(path))]

    def one(index: int) -> LaidOut:
        section = sections[index]
        pdf_path = workdir / f"section-{index:04d}.pdf"
        key = cache.key(section.html, variant=variant, roots=roots) if cache is not None else None
        if key is not None:
            hit = cache.get(key, pdf_path, roots=roots)
            if hit is not None:
                cache.stats.count(reused=True)
                return LaidOut(section, pdf_path, hit.pages, hit.bookmarks)
        facts = _lay_out_one(section, index, workdir, variant, allow)
        if key is not None:
            cache.stats.count(reused=False, name=section.name)
            cache.put(key, pdf_path, pages=facts["pages"], bookmarks=facts["bookmarks"], fetched=facts["fetched"])
        return LaidOut(section, pdf_path, facts["pages"], facts["bookmarks"])

    results: list[LaidOut | None] = [None] * len(sections)
    # Longest first (by HTML size), so that no long section starts last and leaves a process idle.
    order = sorted(range(len(sections)), key=lambda i: -len(sections[i].html))
    with ThreadPoolExecutor(max_workers=processes) as pool:
        futures = {pool.submit(one, i): i for i in order}
        for future, index in futures.items():
            results[index] = future.result()
            done += 1
            if on_done:
                on_done(done, len(sections))
    return results  # type: ignore[return-value]


def _lay_out_one(section: Section, index: int, workdir: Path, variant: str | None, allow: list[str]) -> dict:
    """One section in a layout process of its own (dossiers/layout.py); its pages, bookmarks and fetched URLs."""
    html_path = workdir / f"section-{index:04d}.html"
    pdf_path = workdir / f"section-{index:04d}.pdf"
    html_path.write_text(section.html, encoding="utf-8")
    command = [sys.executable, "-m", "dossiers.layout", str(html_path), str(pdf_path)]
    if variant:
        command += ["--variant", variant]
    command += allow
    # Our own module and file names, no shell: nothing from a user reaches the command line.
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, cwd=settings.BASE_DIR, env=_layout_env(), check=False
    )
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RenderError(f"Section {section.name!r} could not be laid out: {detail}")
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    html_path.unlink()
    facts.setdefault("fetched", [])
    return facts


def allowed_roots() -> list[Path]:
    """Where the app's own static files are: collected, the project's folder, and each app's."""
    from django.apps import apps

    roots = [Path(settings.STATIC_ROOT), *(Path(p) for p in settings.STATICFILES_DIRS)]
    return roots + [path for app in apps.get_app_configs() if (path := Path(app.path) / "static").is_dir()]


def _layout_env() -> dict:
    import os

    env = dict(os.environ)
    # The layout process is plain Python + WeasyPrint; it must not try to load Django settings.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


# --- merging and stamping ------------------------------------------------------------------------


def assemble(
    sources: Sequence[Source],
    out_path: Path,
    *,
    bookmarks: Sequence[Bookmark] = (),
    stamps: Callable[[int, int], list[Stamp]] | None = None,
    metadata_from: Path | None = None,
    title: str = "",
    producer: str = "",
    workdir: Path | None = None,
) -> int:
    """Write the pages of `sources`, in order, to `out_path`; returns the page count.

    `stamps(index, total)` gives the stamps of each page; `metadata_from` names a PDF whose XMP
    metadata and output intents (PDF/A) the result keeps. The document properties give `title`, and
    name the software only as `producer` when given: a filing for the court names no software."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        merged = Path(tmp) / "merged.pdf"
        _concatenate(sources, merged)
        # A second pass over the merged file: opening it reads the page tree, not the page content,
        # which the save below copies from the file as it writes.
        with pikepdf.open(merged) as result:
            total = len(result.pages)
            if stamps is not None:
                _stamp_pages(result, stamps)
            if bookmarks:
                _outline(result, bookmarks)
            if metadata_from is not None:
                _keep_metadata(result, metadata_from)
            _set_properties(result, title=title, producer=producer)
            result.save(out_path, linearize=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return total


def _stamp_pages(pdf: pikepdf.Pdf, stamps: Callable[[int, int], list[Stamp]]) -> None:
    font = _stamp_font(pdf)
    total = len(pdf.pages)
    for index, page in enumerate(pdf.pages):
        page_stamps = stamps(index, total)
        if page_stamps:
            _stamp(pdf, page, font, page_stamps)


def _keep_metadata(pdf: pikepdf.Pdf, metadata_from: Path) -> None:
    """The XMP metadata and output intents of `metadata_from` (what makes a PDF/A), copied over."""
    with pikepdf.open(metadata_from) as first:
        for key in ("/Metadata", "/OutputIntents"):
            if key in first.Root:
                pdf.Root[key] = pdf.copy_foreign(first.make_indirect(first.Root[key]))


def _set_properties(pdf: pikepdf.Pdf, *, title: str, producer: str) -> None:
    """The title, and the software only as `producer` when given."""
    # Through the XMP metadata, which pikepdf mirrors into the document info: PDF/A wants both to agree.
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        if title:
            meta["dc:title"] = title
        for key in ("pdf:Producer", "xmp:CreatorTool"):
            if key in meta:
                del meta[key]
        if producer:
            meta["pdf:Producer"] = producer
    for key in ("/Producer", "/Creator"):
        if key in pdf.docinfo and not (producer and key == "/Producer"):
            del pdf.docinfo[key]


def _concatenate(sources: Sequence[Source], out_path: Path) -> None:
    """qpdf's own page selection (`qpdf --empty --pages ...`), run in this process: it keeps only a
    bounded number of sources open at once and copies page content from file to file as it writes."""
    args = ["qpdf", "--empty", "--pages"]
    for source in sources:
        last = "z" if source.count is None else str(source.first + source.count)
        args += [str(source.path), f"{source.first + 1}-{last}"]
    args += ["--", str(out_path)]
    try:
        pikepdf.Job(args).run()
    except (pikepdf.JobUsageError, pikepdf.PdfError) as exc:
        raise RenderError(f"The pages could not be merged: {exc}") from exc


def _outline(pdf: pikepdf.Pdf, bookmarks: Sequence[Bookmark]) -> None:
    """Nest the bookmarks by level under the outline root."""
    with pdf.open_outline() as outline:
        stack: list[tuple[int, list]] = [(0, outline.root)]
        for mark in bookmarks:
            item = pikepdf.OutlineItem(mark.title[:250], mark.page)
            while stack[-1][0] >= mark.level:
                stack.pop()
            stack[-1][1].append(item)
            stack.append((mark.level, item.children))


def image_page(data: bytes, out_path: Path) -> None:
    """One image on an A4 page (portrait or landscape, as the image is), 1 cm margins, never upscaled.
    JPEG and PNG are embedded losslessly, as their location-free copies (files/location.py: the same
    pixel bytes, EXIF cut to capture time, orientation and camera model; no GPS, XMP or maker notes): the court never
    gets where a photo was taken. Other formats (HEIC, WebP, TIFF ...), and a JPEG or PNG whose metadata
    cannot be followed, are redrawn from their pixels as PNG, which carries no metadata at all."""
    import img2pdf
    from PIL import Image, ImageOps

    from files.location import MetadataError, location_free_bytes

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            embedded = None
            if image.format in ("JPEG", "PNG") and image.mode in ("RGB", "L", "1", "P", "CMYK"):
                try:
                    embedded = location_free_bytes(data)
                except MetadataError:
                    embedded = None
            if embedded is None:
                converted = io.BytesIO()
                # Turned upright first: the orientation tag does not survive the redraw.
                upright = ImageOps.exif_transpose(image)
                width, height = upright.size
                upright.convert("RGB").save(converted, format="PNG")
                embedded = converted.getvalue()
    except Exception as exc:
        raise RenderError(f"the image cannot be read: {exc}") from exc
    page = (A4[1], A4[0]) if width > height else A4
    margin = img2pdf.mm_to_pt(10)
    layout = img2pdf.get_layout_fun(pagesize=page, border=(margin, margin), fit=img2pdf.FitMode.shrink)
    out_path.write_bytes(img2pdf.convert(embedded, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid))


# The stamp font: DejaVu Sans cut down to printable ASCII and embedded (a PDF/A needs every font
# embedded), as a simple TrueType font in WinAnsiEncoding, so stamps are plain text operators.
FIRST_CHAR, LAST_CHAR = 32, 126


@cache
def _stamp_font_program() -> tuple[bytes, list[int], dict]:
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    # fontTools reports each table it leaves out at WARNING ("FFTM NOT subset"): expected here.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    font = TTFont(STAMP_FONT_PATH)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(FIRST_CHAR, LAST_CHAR + 1))
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = [round(font["hmtx"][cmap[c]][0] * scale) if c in cmap else 0 for c in range(FIRST_CHAR, LAST_CHAR + 1)]
    head, os2 = font["head"], font["OS/2"]
    metrics = {
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(os2.sTypoAscender * scale),
        "descent": round(os2.sTypoDescender * scale),
        "cap_height": round(getattr(os2, "sCapHeight", 700) * scale),
    }
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), widths, metrics


@dataclass
class _Font:
    ref: pikepdf.Object
    widths: list[int]

    def width(self, text: str, size: float) -> float:
        return sum(self.widths[ord(c) - FIRST_CHAR] for c in text) * size / 1000


def _stamp_font(pdf: pikepdf.Pdf) -> _Font:
    program, widths, metrics = _stamp_font_program()
    file = pikepdf.Stream(pdf, program)
    file["/Length1"] = len(program)
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=pikepdf.Name("/PHPUSB+DejaVuSans"),
            Flags=32,
            FontBBox=metrics["bbox"],
            ItalicAngle=0,
            Ascent=metrics["ascent"],
            Descent=metrics["descent"],
            CapHeight=metrics["cap_height"],
            StemV=80,
            FontFile2=file,
        )
    )
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/PHPUSB+DejaVuSans"),
            FirstChar=FIRST_CHAR,
            LastChar=LAST_CHAR,
            Widths=widths,
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=descriptor,
        )
    )
    return _Font(font, widths)


def _ascii(text: str) -> str:
    import unicodedata

    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if FIRST_CHAR <= ord(c) <= LAST_CHAR else "?" for c in flat)


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _visible_frame(page: pikepdf.Page) -> tuple[list[float], float, float]:
    """The matrix from upright page coordinates (as the reader sees the page) to PDF user space, and
    the upright width and height: stamps stay upright on rotated and offset pages."""
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    width, height = x1 - x0, y1 - y0
    if rotate == 90:
        return [0, 1, -1, 0, x1, y0], height, width
    if rotate == 180:
        return [-1, 0, 0, -1, x1, y1], width, height
    if rotate == 270:
        return [0, -1, 1, 0, x0, y1], height, width
    return [1, 0, 0, 1, x0, y0], width, height


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, font: _Font, stamps: list[Stamp]) -> None:
    name = page.add_resource(font.ref, pikepdf.Name.Font, prefix="PHPUStamp", replace_existing=False)
    matrix, width, height = _visible_frame(page)
    ops = ["q", "{} {} {} {} {:.2f} {:.2f} cm".format(*matrix)]
    for stamp in stamps:
        text = _ascii(stamp.text)
        size = stamp.size
        text_width = font.width(text, size)
        pad = 2
        if stamp.where == "right":
            # Reads bottom to top along the right edge, centred vertically.
            x, y = width - 14, (height - text_width) / 2
            ops.append(f"q 0 1 -1 0 {x:.2f} {y:.2f} cm")
            x, y = 0, 0
        elif stamp.where == "top":
            x, y = (width - text_width) / 2, height - 20
            ops.append("q")
        else:
            x, y = (width - text_width) / 2, 14
            ops.append("q")
        ops.append(f"1 g {x - pad:.2f} {y - pad - 1:.2f} {text_width + 2 * pad:.2f} {size + 2 * pad:.2f} re f")
        ops.append(f"{stamp.gray:.2f} g BT {name} {size} Tf {x:.2f} {y:.2f} Td {_pdf_string(text)} Tj ET Q")
    ops.append("Q")
    # Wrap what is there in q/Q so a page that leaves its graphics state changed cannot move the stamp.
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, ("\nQ\n" + "\n".join(ops) + "\n").encode("ascii")), prepend=False)


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)
