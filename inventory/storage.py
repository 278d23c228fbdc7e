"""Where evidence files live: the `evidence` entry of settings.STORAGES (local disk or S3/MinIO)."""

from django.core.files.storage import storages


def evidence_storage():
    return storages["evidence"]


def content_name(sha256: str, extension: str) -> str:
    """Files are stored under their hash: immutable, and the same bytes are never stored twice."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}{extension}"
