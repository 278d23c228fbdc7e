"""Writing stored bytes and taking them back: the one way files enter the evidence storage.

Bytes are stored under their hash (`content_name`): immutable, and the same bytes are stored once
whoever stores them (an evidence in two regions, a team's SK that is also evidence). A file is put
before the row that points at it is written, in a durable transaction (`committed_or_discarded`); if
that transaction does not commit, the bytes it put are discarded again unless another row uses them.
`check_integrity` finds what a crash between the two leaves behind.
"""

import contextlib
import logging
import os
import posixpath
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction

from files.hashing import sha256_stored
from files.registry import referenced

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    storage_key: str  # the key in settings.STORAGES
    name: str
    wrote: bool  # False: the same bytes were already stored under this name, by someone else


def content_name(sha256: str, extension: str) -> str:
    """Where bytes with this hash live: two levels of folders keep each folder small."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}{extension}"


def put(fileobj, *, storage_key: str, sha256: str, extension: str) -> Stored:
    """Store the bytes of `fileobj` (whose SHA-256 is `sha256`) under their content name.

    If that name already holds these bytes, nothing is written. If it holds something else (tampered
    with, or cut off by a crash), it is left as it is for `check_integrity` to report, and the bytes go
    next to it under a free name. On local disk the bytes are written under a temporary name and renamed
    into place, so no reader and no crash ever sees part of a file under its final name. An OSError
    (disk full, storage not writable) leaves nothing behind."""
    storage = storages[storage_key]
    name = content_name(sha256, extension)
    taken = storage.exists(name)
    if taken and sha256_stored(storage, name) == sha256:
        return Stored(storage_key, name, wrote=False)
    if taken:
        log.error("Stored file %s does not match its hash; storing a fresh copy", name)
    fileobj.seek(0)
    if not isinstance(storage, FileSystemStorage):
        # Object stores (S3, MinIO) show an object only once all of it has arrived; a taken name is
        # made free by the storage itself.
        return Stored(storage_key, storage.save(name, fileobj), wrote=True)
    if taken:
        name = storage.get_available_name(name)
    return Stored(storage_key, _write_then_rename(storage, name, fileobj), wrote=True)


def _write_then_rename(storage: FileSystemStorage, name: str, fileobj) -> str:
    folder, base = posixpath.split(name)
    # A dot name in the same folder: the same file system, so the rename is atomic; and what a crash
    # leaves under it is an unreferenced file, which check_integrity reports and --clean removes.
    temporary = posixpath.join(folder, f".{base}.{secrets.token_hex(8)}.part")
    try:
        temporary = storage.save(temporary, fileobj)
        _fsync(storage.path(temporary))
        os.replace(storage.path(temporary), storage.path(name))
    except BaseException:
        with contextlib.suppress(OSError):
            storage.delete(temporary)
        raise
    # The row that points at the name commits only after the rename is on disk.
    with contextlib.suppress(OSError):
        _fsync(os.path.dirname(storage.path(name)))
    return name


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def discard(storage_key: str, name: str) -> bool:
    """Delete bytes a write has just put, whose row was not written, unless a row of any model in the
    same storage (another region's evidence, a team's SK, an activity file) uses them. Returns whether
    the file was deleted."""
    try:
        used = bool(referenced(storage_key, [name]))
    except Exception:  # the database is unreachable: the row this write was for certainly is not there
        log.warning("Could not ask the database whether %s is used; discarding it", name, exc_info=True)
        used = False
    if used:
        return False
    storages[storage_key].delete(name)
    return True


@contextlib.contextmanager
def committed_or_discarded(*stored: Stored | None) -> Iterator[list[Stored]]:
    """A durable transaction for the rows that point at files put for them (`stored`; more can be added
    inside the block by appending to the list it yields). If it does not commit, whatever the reason,
    the files this call wrote are discarded again (`discard`), so no file is left without its row.

    Durable: opened inside a larger transaction, which could still roll back after the file was kept,
    it raises RuntimeError (Django's test cases excepted, whose own transaction never commits)."""
    written = [item for item in stored if item is not None]
    try:
        with transaction.atomic(durable=True):
            yield written
    except BaseException:
        for item in written:
            if item.wrote:
                discard(item.storage_key, item.name)
        raise


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, depth first, in name order; none if nothing was ever stored."""
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)
