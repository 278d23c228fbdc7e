"""Writing stored bytes and taking them back: the one way files enter the evidence storage.

Bytes are stored under their hash (`content_name`): immutable, and the same bytes are stored once
whoever stores them (an evidence in two regions, a team's SK that is also evidence). A file is put
before the row that points at it is written, in a durable transaction (`committed_or_discarded`); if
that transaction does not commit, the bytes it put are discarded again unless another row uses them.
`check_integrity` finds what a crash between the two leaves behind.
"""

import contextlib
import errno
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction

from files.hashing import CHUNK, sha256_stored
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
    """Store the bytes of `fileobj` (whose SHA-256 is `sha256`) under their content name (`put_as`)."""
    return put_as(fileobj, storage_key=storage_key, name=content_name(sha256, extension), sha256=sha256)


def put_as(fileobj, *, storage_key: str, name: str, sha256: str | None = None) -> Stored:
    """Store the bytes of `fileobj` under `name`.

    With `sha256` the name belongs to those bytes: if it already holds them, nothing is written; if it
    holds anything else (cut off by a full disk or a crash, or tampered with), it is replaced by the
    right bytes, so the same bytes never end up under a second, suffixed name. Without `sha256` a taken
    name is left alone and the bytes go under a free name next to it.

    On local disk the bytes are written under a temporary name in the same folder and renamed into place:
    no reader and no crash ever sees part of a file under its final name, and an OSError on the way (disk
    full, storage not writable) leaves nothing behind."""
    storage = storages[storage_key]
    taken = storage.exists(name)
    if taken and sha256 is not None:
        if sha256_stored(storage, name) == sha256:
            return Stored(storage_key, name, wrote=False)
        log.error("Stored file %s does not match its hash; replacing it with the right bytes", name)
    elif taken:
        name = storage.get_available_name(name)
    fileobj.seek(0)
    if not isinstance(storage, FileSystemStorage):
        # Object stores (S3, MinIO) show an object only once all of it has arrived; a damaged object is
        # deleted first, since their save would otherwise pick a suffixed name.
        if taken and sha256 is not None:
            storage.delete(name)
        return Stored(storage_key, storage.save(name, fileobj), wrote=True)
    _write_then_rename(storage, name, fileobj)
    return Stored(storage_key, name, wrote=True)


def _write_then_rename(storage: FileSystemStorage, name: str, fileobj) -> None:
    final = storage.path(name)
    folder = os.path.dirname(final)
    os.makedirs(folder, exist_ok=True)
    # A dot name in the same folder: the same file system, so the rename is atomic; and what a SIGKILL
    # leaves under it is an unreferenced file, which check_integrity reports and --clean removes.
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(final)}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        if not _moved(fileobj, temporary):
            _copy(fileobj, temporary)
        if storage.file_permissions_mode is not None:
            os.chmod(temporary, storage.file_permissions_mode)
        # The row that points at the name commits only after the bytes and the rename are on disk.
        _fsync(temporary)
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        _fsync(folder)


def _moved(fileobj, temporary: str) -> bool:
    """An upload Django already streamed to a temporary file on the same file system is moved, not
    copied: a second copy of a 1 GB video would cost seconds and the disk space twice."""
    source = getattr(fileobj, "temporary_file_path", None)
    if source is None:
        return False
    try:
        os.rename(source(), temporary)
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            return False
        raise
    return True


def _copy(fileobj, temporary: str) -> None:
    fd = os.open(temporary, os.O_WRONLY | os.O_TRUNC)
    try:
        for chunk in iter(lambda: fileobj.read(CHUNK), b""):
            _write_all(fd, chunk)
    finally:
        os.close(fd)


def _write_all(fd: int, chunk: bytes) -> None:
    view = memoryview(chunk)
    while view:
        view = view[os.write(fd, view) :]


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
