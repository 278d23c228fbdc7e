"""Which files each kind of evidence accepts; the rest of what an upload really is, files.inspect says.

A photo is an image, a video a video, minutes may be a document, scan or office file; every other kind
is a form, letter or decree: a PDF or a scan/photo of it. Teams check their SK scans and activity
files against the same rules.
"""

from django.utils.translation import gettext as _

from files.inspect import FileFacts, extensions_for, inspect_file, refuse
from inventory.choices import EvidenceKind

SCANS = {"document", "image"}
KIND_FAMILIES = {
    EvidenceKind.PHOTO: {"image"},
    EvidenceKind.VIDEO: {"video"},
    EvidenceKind.BERITA_ACARA: {"document", "image", "office"},
    EvidenceKind.OTHER: {"document", "image", "office", "video"},
}  # every other kind is a form, letter or decree: a PDF or a scan/photo of it


def families_for(kind: str) -> set[str]:
    return KIND_FAMILIES.get(kind, SCANS)


def accepted_types(kind: str) -> list[str]:
    return extensions_for(families_for(kind))


def inspect_upload(fileobj, *, kind: str, name: str) -> FileFacts:
    """Check one uploaded file for evidence kind `kind`; return what it really is, or refuse."""
    if kind not in EvidenceKind.values:
        refuse(_("Unknown kind of evidence: %(kind)s."), field="kind", kind=repr(kind))
    return inspect_file(fileobj, name=name, families=families_for(kind), accepted_as=EvidenceKind(kind).label)
