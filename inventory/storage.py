"""Where evidence files live: the `evidence` entry of settings.STORAGES (local disk or S3/MinIO), under
their hash (files.store.content_name)."""

from django.core.files.storage import storages


def evidence_storage():
    return storages["evidence"]
