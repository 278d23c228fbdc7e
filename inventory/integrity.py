"""Does a stored evidence file still match the SHA-256 it was stored under? Used by the download view
on every download and by `manage.py check_integrity` over everything."""

import logging

from files.hashing import sha256_stored
from inventory.storage import evidence_storage

log = logging.getLogger(__name__)


def stored_sha256(evidence) -> str | None:
    """The SHA-256 of the stored bytes of `evidence`; None if the file is gone."""
    return sha256_stored(evidence_storage(), evidence.file.name)


def stored_file_intact(evidence) -> bool:
    """True when the stored file exists and its bytes still hash to `evidence.sha256`. A mismatch or a
    missing file is logged at CRITICAL: evidence must never change under the office's feet."""
    actual = stored_sha256(evidence)
    if actual == evidence.sha256:
        return True
    log.critical(
        "Evidence %s (%s, region %s) fails its integrity check: stored file %s %s, expected SHA-256 %s",
        evidence.pk,
        evidence.original_name,
        evidence.region_id,
        evidence.file.name,
        "is missing" if actual is None else f"hashes to {actual}",
        evidence.sha256,
    )
    return False


def download_record(*, evidence, user, intact: bool, viewed: bool = False):
    """Log who downloaded or opened in the viewer (or tried to) which evidence, and whether it was intact."""
    from inventory.models import EvidenceDownload

    purpose = EvidenceDownload.Purpose.VIEW if viewed else EvidenceDownload.Purpose.DOWNLOAD
    return EvidenceDownload.objects.create(evidence=evidence, user=user, intact=intact, purpose=purpose)
