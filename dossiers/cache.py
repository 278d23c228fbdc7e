"""The layout cache: a section laid out once is reused while nothing that went into it has changed.

Laying out is what a dossier's time goes into (WeasyPrint, seconds per section); the legal division
re-renders its brief after every answer it edits, and most sections come out the same. A section's
layout depends on its complete HTML (the templates' output, with the CSS inline), the files the layout
fetches through its url_fetcher (dossiers/layout.py: the app's static files and the files handed over),
the fonts fontconfig finds, the WeasyPrint and pydyf versions, our layout module, and the PDF variant.
Page numbers, exhibit labels and DRAFT stamps, the bookmarks' final pages and the table of contents come
later, in the merge (dossiers/pagination.py), so a section's layout does not depend on where it lands.

The key is the SHA-256 of the HTML and of a fingerprint of everything else known before the layout
(versions, our layout module's source, the variant, the allowed roots, and the path, size and time of
every font file and fontconfig setting). What the layout then fetched is recorded in the entry, with the
SHA-256 of each file (or that it was refused), and fetched again before every reuse: a changed image,
stylesheet or @font-face file means a new layout.

Each entry is two files in the cache storage (settings.STORAGES["dossier_cache"], beside the dossiers,
never served by any view, not walked by check_integrity or backup): `<key>.pdf` and `<key>.json`, which
gives the PDF's SHA-256, size, page count, bookmarks and fetched files. Both are written through a
temporary name and renamed (files.store.put_as), the PDF first: an entry is complete once its JSON is
there. Before a section is reused its PDF is copied to the job's folder and checked against the JSON
(size, SHA-256, page count); an entry that fails any check (cut off, tampered with, written by a
concurrent render of the same section) is deleted and the section laid out again, never merged.

The cache is bounded (DOSSIER_CACHE_MAX_BYTES, 0 turns it off): `sweep`, run by the hourly leftover sweep,
deletes the least recently used entries until it fits. A use touches the entry (on local disk; on an
object store an entry's age is the time it was written). A failing cache never fails a job: a read
that fails is a miss, a write that fails is logged and skipped.
"""

import contextlib
import hashlib
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

from dossiers import layout
from files.store import put_as

log = logging.getLogger(__name__)

CACHE_STORAGE = "dossier_cache"  # the key in settings.STORAGES
# Changes whenever what an entry holds, or how a key is made, changes: old entries then simply miss.
FORMAT = 1
CHUNK = 1024 * 1024
FONT_FOLDERS = (
    "/etc/fonts",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "~/.config/fontconfig",
)
# Files younger than this are left to the render that may be writing them (a PDF whose JSON is not yet there).
SWEEP_GRACE_SECONDS = 3600


def cache_storage():
    return storages[CACHE_STORAGE]


@dataclass
class Hit:
    pages: int
    bookmarks: list


@dataclass
class Stats:
    """What a render's layouts came from: reused entries, fresh layouts, and damaged entries laid out again."""

    reused: int = 0
    laid_out: int = 0
    damaged: int = 0
    names: list = field(default_factory=list)  # the sections laid out (not reused)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, *, reused: bool, name: str = "") -> None:
        with self._lock:
            if reused:
                self.reused += 1
            else:
                self.laid_out += 1
                self.names.append(name)

    def count_damaged(self) -> None:
        with self._lock:
            self.damaged += 1

    def as_dict(self) -> dict:
        return {
            "sections": self.reused + self.laid_out,
            "reused": self.reused,
            "laid_out": self.laid_out,
            "damaged": self.damaged,
        }


def _stat_tree(folder: Path) -> list[str]:
    lines = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                stat = os.stat(path)
                lines.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return lines


def fonts_fingerprint() -> str:
    """The path, size and modification time of every font file and fontconfig setting: a font added,
    removed or replaced changes it. About a hundred files here; a few milliseconds."""
    digest = hashlib.sha256()
    for folder in FONT_FOLDERS:
        for line in _stat_tree(Path(folder).expanduser()):
            digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


LAYOUT_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "fonttools", "pillow", "tinyhtml5")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def _code_fingerprint() -> str:
    """The versions of WeasyPrint and of what it lays out with (PDF writer, CSS, hyphenation, fonts, images)
    and our layout module's source (fixed for a process's life)."""
    versions = [f"{name}={_version(name)}" for name in LAYOUT_PACKAGES]
    source = Path(layout.__file__).read_bytes()
    return hashlib.sha256("\n".join([*versions, sys.version]).encode() + source).hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fileobj:
        for chunk in iter(lambda: fileobj.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


class LayoutCache:
    """The cache as one render uses it: keys, lookups that check what they return, and writes.
    Thread-safe (the layouts of a render run in threads)."""

    def __init__(self, *, max_bytes: int | None = None):
        self.max_bytes = settings.DOSSIER_CACHE_MAX_BYTES if max_bytes is None else max_bytes
        self.storage = cache_storage()
        self.stats = Stats()
        self._fonts = fonts_fingerprint()  # once per render: the fonts of one render are those it started with

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def key(self, html: str, *, variant: str | None, roots: Sequence[Path]) -> str:
        digest = hashlib.sha256()
        for part in (
            f"phpu-layout-{FORMAT}",
            _code_fingerprint(),
            self._fonts,
            variant or "",
            *sorted(str(Path(root).resolve()) for root in roots),
        ):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(b"\1" + html.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    @staticmethod
    def names(key: str) -> tuple[str, str]:
        return f"{key[:2]}/{key}.pdf", f"{key[:2]}/{key}.json"

    # --- reading ---

    def get(self, key: str, target: Path, *, roots: Sequence[Path]) -> Hit | None:
        """The entry's PDF copied to `target` with its page count and bookmarks, if the entry is there,
        whole, and every file its layout fetched is still the same; otherwise None (a damaged entry is
        deleted)."""
        if not self.enabled:
            return None
        pdf_name, json_name = self.names(key)
        try:
            with self.storage.open(json_name, "rb") as fileobj:
                raw = fileobj.read()
        except OSError:
            return None
        except Exception:  # an object store that is not there at all: a miss like any other
            log.warning("Layout cache: could not read %s", json_name, exc_info=True)
            return None
        try:
            hit = self._check(key, raw, pdf_name, target, roots)
        except Exception as exc:
            hit, reason = None, f"{type(exc).__name__}: {exc}"
        else:
            reason = "" if hit is not None else "changed"
        if hit is None:
            target.unlink(missing_ok=True)
            if reason != "changed":
                self.stats.count_damaged()
                log.warning("Layout cache entry %s is damaged (%s); laying the section out again", key, reason)
                self.drop(key)
            return None
        self._touch(pdf_name, json_name)
        return hit

    def _check(self, key: str, raw: bytes, pdf_name: str, target: Path, roots: Sequence[Path]) -> Hit | None:
        import pikepdf

        entry = json.loads(raw)
        if entry.get("format") != FORMAT or entry.get("key") != key:
            raise ValueError("not an entry of this key")
        resolved = [Path(root).resolve() for root in roots]
        for url, expected in entry["fetched"]:
            if layout.fetched_digest(url, resolved) != expected:
                return None  # a file the layout read has changed: a miss, the entry is simply stale
        digest = hashlib.sha256()
        size = 0
        with self.storage.open(pdf_name, "rb") as source, target.open("wb") as out:
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise ValueError(f"the PDF is {size} bytes hashing to {digest.hexdigest()}, not what its entry says")
        with pikepdf.open(target) as pdf:
            if len(pdf.pages) != entry["pages"]:
                raise ValueError(f"the PDF has {len(pdf.pages)} pages, its entry says {entry['pages']}")
        return Hit(int(entry["pages"]), [list(mark) for mark in entry["bookmarks"]])

    def _touch(self, *names: str) -> None:
        """Mark the entry as just used, for the sweep's least-recently-used order (local disk only)."""
        if isinstance(self.storage, FileSystemStorage):
            for name in names:
                with contextlib.suppress(OSError):
                    os.utime(self.storage.path(name))

    # --- writing ---

    def put(self, key: str, pdf_path: Path, *, pages: int, bookmarks: list, fetched: list) -> None:
        """Store a fresh layout under `key`; a failure is logged, never raised (the render goes on)."""
        if not self.enabled:
            return
        pdf_name, json_name = self.names(key)
        try:
            sha256 = _sha256_file(pdf_path)
            entry = {
                "format": FORMAT,
                "key": key,
                "sha256": sha256,
                "size": pdf_path.stat().st_size,
                "pages": pages,
                "bookmarks": bookmarks,
                "fetched": fetched,
            }
            body = json.dumps(entry, ensure_ascii=False).encode()
            with pdf_path.open("rb") as fileobj:
                put_as(fileobj, storage_key=CACHE_STORAGE, name=pdf_name, sha256=sha256)
            body_sha256 = hashlib.sha256(body).hexdigest()
            put_as(ContentFile(body), storage_key=CACHE_STORAGE, name=json_name, sha256=body_sha256)
        except Exception:
            log.warning("Layout cache: could not store the section %s", key, exc_info=True)

    def drop(self, key: str) -> None:
        for name in reversed(self.names(key)):  # the JSON first: without it the entry is gone
            with contextlib.suppress(Exception):
                self.storage.delete(name)


# --- the bound ---------------------------------------------------------------------------------------


@dataclass
class _Entry:
    key: str
    used: float = 0.0
    size: int = 0
    names: list = field(default_factory=list)


def _entries(storage) -> tuple[dict[str, _Entry], list[tuple[str, float]]]:
    """The entries by key (their files, total size, last use), and stray files (temporary names)."""
    entries: dict[str, _Entry] = {}
    strays = []
    try:
        folders, _files = storage.listdir("")
    except FileNotFoundError:
        return entries, strays
    for folder in folders:
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            try:
                modified = storage.get_modified_time(path).timestamp()
                size = storage.size(path)
            except FileNotFoundError:
                continue
            key, _dot, extension = name.partition(".")
            if name.startswith(".") or extension not in ("pdf", "json") or len(key) != 64:
                strays.append((path, modified))
                continue
            entry = entries.setdefault(key, _Entry(key))
            entry.used = max(entry.used, modified)
            entry.size += size
            entry.names.append(path)
    return entries, strays


def sweep(*, max_bytes: int | None = None, now: float | None = None) -> dict:
    """Delete the least recently used entries until the cache holds at most `max_bytes`
    (DOSSIER_CACHE_MAX_BYTES), and leftovers older than an hour (temporary names of killed writes, a
    PDF without its JSON). Returns what it found and deleted."""
    storage = cache_storage()
    limit = settings.DOSSIER_CACHE_MAX_BYTES if max_bytes is None else max_bytes
    cutoff = (time.time() if now is None else now) - SWEEP_GRACE_SECONDS
    entries, strays = _entries(storage)
    deleted = []
    for path, modified in strays:
        if modified < cutoff:
            deleted.append(path)
    for entry in list(entries.values()):
        if len(entry.names) < 2 and entry.used < cutoff:
            deleted += entry.names
            del entries[entry.key]
    total = sum(entry.size for entry in entries.values())
    kept = total
    for entry in sorted(entries.values(), key=lambda e: e.used):
        if kept <= limit:
            break
        deleted += sorted(entry.names, key=lambda n: not n.endswith(".json"))  # the JSON first
        kept -= entry.size
    for name in deleted:
        with contextlib.suppress(FileNotFoundError):
            storage.delete(name)
    if deleted:
        log.info("Layout cache: deleted %d files; %d of %d bytes kept", len(deleted), kept, total)
    return {"entries": len(entries), "bytes": total, "kept": kept, "deleted": len(deleted)}
