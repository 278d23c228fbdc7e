"""The evidence bundle (dossiers/jobs.py runs it): cover, then the exhibit's files, per exhibit in label
order; every page stamped with its label and its page within the exhibit (dossiers/pagination.py)."""

import shutil
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from dossiers import content, pagination, pdf
from dossiers.cache import LayoutCache
from dossiers.failures import JobFailed
from dossiers.pdf import RenderError, Source
from inventory.storage import evidence_storage

CHUNK = 1024 * 1024

Progress = Callable[[float, str], None]


def render_bundle(
    plan: content.Plan,
    workdir: Path,
    progress: Progress,
    variant: str | None,
    layouts: LayoutCache | None = None,
) -> tuple[Path, int, content.Plan]:
    """Cover, then the exhibit's files, per exhibit in label order; every page stamped with its label
    and its page within the exhibit. The files are put on pages first, so each cover can give the
    exhibit's page counts."""
    files = _bundle_files(plan, workdir, progress)
    covers = pdf.lay_out(
        plan.covers({pk: pages for pk, (_path, pages) in files.items()}),
        workdir,
        variant=variant,
        cache=layouts,
        on_done=lambda d, t: progress(60 + 20 * d / t, _("Laying out the cover pages")),
    )
    cover_pages = [Source(part.path, first=i, count=1) for part in covers for i in range(part.pages)]
    sources, exhibits = _bundle_pieces(plan, cover_pages, files)
    progress(85, _("Merging and stamping the pages"))
    out = workdir / "dossier.pdf"
    pages = pdf.assemble(
        sources,
        out,
        bookmarks=pagination.bookmarks(exhibits),
        stamps=pagination.ExhibitStamps(exhibits, draft=plan.draft),
        title=plan.title,
        workdir=workdir,
        metadata_from=covers[0].path if variant else None,
    )
    return out, pages, plan


def _bundle_files(plan: content.Plan, workdir: Path, progress: Progress) -> dict[int, tuple[Path, int]]:
    """Every printable file of the exhibits as a PDF on local disk, with its page count, by evidence id."""
    files_dir = workdir / "files"
    files_dir.mkdir()
    total = len(plan.exhibits) or 1
    files: dict[int, tuple[Path, int]] = {}
    for index, exhibit in enumerate(plan.exhibits):
        for evidence in exhibit.evidence.all():
            if content.printable(evidence) and evidence.pk not in files:
                path = _evidence_pdf(evidence, files_dir)
                files[evidence.pk] = (path, _pages_of(path, evidence))
        if index % 10 == 0:
            progress(15 + 45 * (index + 1) / total, _("Adding the files of %(label)s") % {"label": exhibit.label})
    return files


def _bundle_pieces(
    plan: content.Plan, cover_pages: list[Source], files: dict[int, tuple[Path, int]]
) -> tuple[list[Source], list[pagination.ExhibitPages]]:
    """The bundle's sources in order, and each exhibit as a piece of pages (its cover, then its files)."""
    sources, exhibits = [], []
    for index, exhibit in enumerate(plan.exhibits):
        sources.append(cover_pages[index])
        pages = 1
        for evidence in exhibit.evidence.all():
            if evidence.pk in files:
                path, count = files[evidence.pk]
                sources.append(Source(path))
                pages += count
        title = f"Bukti {exhibit.label}: {exhibit.description[:120]}"
        exhibits.append(pagination.ExhibitPages(exhibit.label, pages, [(1, title, 0)]))
    return sources, exhibits


def _evidence_pdf(evidence, files_dir: Path) -> Path:
    """The evidence as a PDF file on local disk: a copy of a PDF, or an image on an A4 page."""
    target = files_dir / f"{evidence.pk}.pdf"
    if target.exists():
        return target
    with evidence_storage().open(evidence.file.name, "rb") as stored:
        if evidence.mime_type == "application/pdf":
            with target.open("wb") as out:
                shutil.copyfileobj(stored, out, CHUNK)
            return target
        data = stored.read()
    try:
        pdf.image_page(data, target)
    except RenderError as exc:
        raise JobFailed(
            _("Evidence file %(name)s (#%(id)s) cannot be placed in the bundle: %(reason)s")
            % {"name": evidence.original_name, "id": evidence.pk, "reason": exc}
        ) from exc
    return target


def _pages_of(path: Path, evidence) -> int:
    import pikepdf

    try:
        with pikepdf.open(path) as document:
            return len(document.pages)
    except pikepdf.PdfError as exc:
        raise JobFailed(
            _("Evidence file %(name)s (#%(id)s) cannot be read as a PDF: %(reason)s")
            % {"name": evidence.original_name, "id": evidence.pk, "reason": exc}
        ) from exc
