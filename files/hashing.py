"""SHA-256 of bytes, however they come: an upload as it streams in, an open file, a stored file."""

import hashlib

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadhandler import TemporaryFileUploadHandler

CHUNK = 1024 * 1024


def sha256_stream(fileobj) -> str:
    """The SHA-256 of a whole open file, read in chunks from its start (memory stays flat for a large
    video). The file is left at its start, ready to be read again."""
    hasher = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        hasher.update(chunk)
    fileobj.seek(0)
    return hasher.hexdigest()


def sha256_stored(storage: Storage, name: str) -> str | None:
    """The SHA-256 of a stored file; None if the file is gone."""
    try:
        with storage.open(name, "rb") as fileobj:
            return sha256_stream(fileobj)
    except OSError:
        return None


class HashingUploadHandler(TemporaryFileUploadHandler):
    """Streams every uploaded file to a temporary file on disk while computing its SHA-256, so memory
    stays flat whatever the size. Past the size limit it stops writing (the bytes still arrive) and
    marks the file, so the form can say "too large" instead of failing obscurely."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.hasher = hashlib.sha256()
        self.received = 0
        self.limit = settings.EVIDENCE_MAX_BYTES

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None
        self.hasher.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        uploaded = super().file_complete(min(file_size, self.received))
        uploaded.sha256 = self.hasher.hexdigest()
        uploaded.too_large = self.received > self.limit
        return uploaded
