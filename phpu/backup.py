"""Backups: the database and every stored file, with a manifest of hashes; and their restore into an
empty database and empty storage, verified hash by hash.

A backup is a folder (readable by its owner only: it holds the evidence):
    manifest.json      format, when, software and migration state, the database file's and every stored
                       file's size and SHA-256 (manifest.incomplete.json instead, with the list of them,
                       when stored files did not match the SHA-256 their rows recorded: restore refuses it)
    database.dump      pg_dump --format=custom (PostgreSQL), or database.sqlite3 (SQLite's online backup)
    files/<storage>/…  the stored files under their own names

The database is dumped first, then the files copied: files are written before the row that points at
them commits and never changed afterwards, so every row in the dump finds its file in the copy (files
stored meanwhile come along too, and show up as orphans after a restore).
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from files.hashing import CHUNK, sha256_stored, sha256_stream
from files.registry import KINDS, STORAGE_KEYS
from files.store import walk
from phpu import __version__

FORMAT = 1
MANIFEST = "manifest.json"
# A backup that found damaged or missing files: everything a manifest holds, plus the list of them.
INCOMPLETE = "manifest.incomplete.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Summary:
    path: Path
    files: int
    bytes: int


def _sha256_file(path: Path) -> str:
    with path.open("rb") as fileobj:
        return sha256_stream(fileobj)


def _pg_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db.get("USER") or ""}
    for key, value in (("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")), ("PGPASSWORD", db.get("PASSWORD"))):
        if value:
            env[key] = str(value)
    return env


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, env=_pg_env(), check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()[-2000:]}") from exc


# --- backup ----------------------------------------------------------------------------------------------


def backup(destination: Path) -> Summary:
    """Every stored file is hashed as it is copied and compared with the SHA-256 its rows recorded. A
    damaged or missing file does not stop the copy (what can be saved is saved), but the backup is not
    marked complete: its manifest is written as manifest.incomplete.json, which restore refuses, and
    BackupError names every such file."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"siaga-phpu-{stamp}"
    folder.mkdir(parents=True, mode=0o700)
    database = _dump_database(folder)
    files, damaged = [], []
    for key in STORAGE_KEYS:
        copied: set[str] = set()
        for names in _batches(walk(storages[key])):
            recorded = _recorded(key, names)
            for name in names:
                entry = _copy(key, name, folder / "files" / key / name)
                files.append(entry)
                copied.add(name)
                damaged += [
                    f"DAMAGED {label} #{pk}: {key} file {name} hashes to {entry['sha256']}, recorded {expected}"
                    for label, pk, expected in recorded.get(name, ())
                    if expected != entry["sha256"]
                ]
        damaged += _missing(key, copied)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "software": f"Siaga PHPU {__version__}",
        "migrations": _migration_state(),
        "database": database,
        "files": files,
    }
    if damaged:
        manifest["damaged"] = damaged
        (folder / INCOMPLETE).write_text(json.dumps(manifest, indent=1))
        raise BackupError(
            f"The backup in {folder} is NOT complete: {len(damaged)} stored files are damaged or missing "
            "(their bytes do not match the SHA-256 recorded in the database):\n"
            + "\n".join(damaged)
            + f"\nWhat could be copied is there, listed in {INCOMPLETE}; restore refuses it. Put the files back "
            "from an earlier backup (check_integrity lists them too), then back up again."
        )
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return Summary(folder, len(files), sum(entry["size"] for entry in files))


def _batches(names, size: int = 1000):
    batch = []
    for name in names:
        batch.append(name)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy(key: str, name: str, target: Path) -> dict:
    """Copy one stored file, hashing the bytes as they go by: the manifest holds what was copied."""
    target.parent.mkdir(parents=True, exist_ok=True)
    hasher, size = hashlib.sha256(), 0
    with storages[key].open(name, "rb") as source, target.open("wb") as out:
        for chunk in iter(lambda source=source: source.read(CHUNK), b""):
            hasher.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return {"storage": key, "name": name, "size": size, "sha256": hasher.hexdigest()}


def _recorded(key: str, names: list[str]) -> dict[str, list[tuple[str, int, str]]]:
    """For those of `names` that rows recorded a SHA-256 for: (kind, row id, recorded SHA-256) per row."""
    recorded: dict[str, list[tuple[str, int, str]]] = {}
    for kind in KINDS:
        if kind.storage != key or not kind.sha256:
            continue
        for row in kind.queryset().filter(**{f"{kind.field}__in": names}).iterator():
            expected = getattr(row, kind.sha256)
            if expected:
                recorded.setdefault(getattr(row, kind.field).name, []).append((kind.label, row.pk, expected))
    return recorded


def _missing(key: str, copied: set[str]) -> list[str]:
    """Rows whose file in storage `key` was not there to copy. A file that is there now was stored after
    the copy passed its folder, for a row committed after the database was dumped: not a loss."""
    storage = storages[key]
    return [
        f"MISSING {kind.label} #{pk}: {key} file {name} is not in the storage"
        for kind in KINDS
        if kind.storage == key
        for pk, name in kind.queryset().order_by("pk").values_list("pk", kind.field).iterator()
        if name not in copied and not storage.exists(name)
    ]


def _dump_database(folder: Path) -> dict:
    vendor = connection.vendor
    if vendor == "postgresql":
        path = folder / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"])
    elif vendor == "sqlite":
        path = folder / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # consistent even while others write
        finally:
            target.close()
    else:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    return {"vendor": vendor, "file": path.name, "size": path.stat().st_size, "sha256": _sha256_file(path)}


def _migration_state() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


# --- restore ---------------------------------------------------------------------------------------------


def restore(source: Path) -> Summary:
    """Into an empty database and empty storage only: a restore never mixes with or overwrites records."""
    folder = Path(source)
    manifest = _read_manifest(folder)
    _verify_backup(folder, manifest)
    _require_empty()
    _restore_database(folder, manifest["database"])
    total = 0
    for entry in manifest["files"]:
        storage = storages[entry["storage"]]
        with (folder / "files" / entry["storage"] / entry["name"]).open("rb") as fileobj:
            stored = storage.save(entry["name"], File(fileobj))
        if stored != entry["name"]:
            raise BackupError(f"{entry['name']} was stored as {stored}: the storage was not empty.")
        total += entry["size"]
    mismatched = [
        e["name"] for e in manifest["files"] if sha256_stored(storages[e["storage"]], e["name"]) != e["sha256"]
    ]
    if mismatched:
        raise BackupError(f"Restored files do not match the manifest: {', '.join(mismatched[:10])}")
    return Summary(folder, len(manifest["files"]), total)


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as exc:
        if (folder / INCOMPLETE).is_file():
            raise BackupError(
                f"{folder} is an incomplete backup: stored files were damaged or missing when it was taken "
                f"(listed under 'damaged' in {INCOMPLETE}). Restore a complete backup. Nothing was restored."
            ) from exc
        raise BackupError(f"{folder} holds no {MANIFEST}: not a backup of this system.") from exc
    except json.JSONDecodeError as exc:
        raise BackupError(f"{folder / MANIFEST} is damaged: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not {FORMAT}: restore it with its own version.")
    return manifest


def _verify_backup(folder: Path, manifest: dict) -> None:
    """Before anything is written: every file of the backup is there and hashes to its manifest entry."""
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(
            f"This is a backup of a {database['vendor']} database; the configured database is {connection.vendor}."
        )
    entries = [(folder / database["file"], database["sha256"])]
    entries += [(folder / "files" / e["storage"] / e["name"], e["sha256"]) for e in manifest["files"]]
    for path, expected in entries:
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {path} is missing. Nothing was restored.")
        if _sha256_file(path) != expected:
            raise BackupError(f"The backup is damaged: {path} does not match its SHA-256. Nothing was restored.")


def _require_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(tables)} tables): restore into a "
            "new, empty database. Nothing was restored."
        )
    for key in STORAGE_KEYS:
        if next(walk(storages[key]), None) is not None:
            raise BackupError(f"The {key} storage is not empty: restore into empty storage. Nothing was restored.")


def _restore_database(folder: Path, database: dict) -> None:
    path = folder / database["file"]
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()  # the next query sees the restored schema


def default_destination() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "backups"
