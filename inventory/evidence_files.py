"""Which files each kind of evidence accepts (the rest of what an upload really is, files.inspect
says), and the copy of an image that leaves the office.

A photo is an image, a video a video, minutes may be a document, scan or office file; every other kind
is a form, letter or decree: a PDF or a scan/photo of it. Teams check their SK scans and activity
files against the same rules.

The stored original is never changed (its SHA-256 is the chain of custody); images are downloaded as
their location-free copy (files/location.py), the original only by those who may verify evidence.
"""

import tempfile

from django.core.cache import cache
from django.utils.translation import gettext as _

from files.inspect import FileFacts, check_head, extensions_for, inspect_file, refuse
from files.location import MetadataError, has_location, write_location_free
from inventory.choices import EvidenceKind
from inventory.storage import evidence_storage

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


def inspect_upload_head(head: bytes, *, kind: str, name: str) -> None:
    """Refuse, from its first bytes, a file evidence kind `kind` would refuse (a resumable upload's
    first chunk); the whole file still gets `inspect_upload` when all of it has arrived."""
    if kind not in EvidenceKind.values:
        refuse(_("Unknown kind of evidence: %(kind)s."), field="kind", kind=repr(kind))
    check_head(head, name=name, families=families_for(kind), accepted_as=EvidenceKind(kind).label)


# Every image type evidence accepts (files.inspect.TYPES) has a location-free copy.
LOCATION_FREE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"}
SPOOL_BYTES = 16 * 1024 * 1024  # copies up to this size stay in memory, larger ones go to a temporary file
LOCATION_CACHE_SECONDS = 30 * 24 * 3600  # the answer never changes: the bytes under a SHA-256 never do


def leaves_without_location(evidence) -> bool:
    """Whether the evidence is downloaded (and bound into the bundle) as a location-free copy."""
    return evidence.mime_type in LOCATION_FREE_TYPES


def original_has_location(evidence) -> bool:
    """Whether the stored original holds a location (GPS in its EXIF, a place in its XMP). Read once per
    SHA-256; a file that cannot be read says no (its download then refuses to make a copy)."""
    if not leaves_without_location(evidence):
        return False
    key = f"evidence-location:{evidence.sha256}"
    known = cache.get(key)
    if known is None:
        try:
            with evidence_storage().open(evidence.file.name, "rb") as stored:
                known = has_location(stored)
        except (OSError, MetadataError):
            return False
        cache.set(key, known, LOCATION_CACHE_SECONDS)
    return known


def location_free_copy(evidence):
    """The stored image without its location, as an open temporary file at its start (the caller closes
    it; a FileResponse does). MetadataError if the file's structure cannot be followed."""
    return location_free_copy_of(evidence.file.name)


def location_free_copy_of(name: str):
    """location_free_copy for any stored image (team SK scans and activity photos are downloads too)."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - handed to the response, which closes it
    try:
        with evidence_storage().open(name, "rb") as stored:
            write_location_free(stored, out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out
