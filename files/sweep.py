"""Leftovers of work that was killed: temporary upload files (FILE_UPLOAD_TEMP_DIR) and dossier work
folders (DOSSIER_WORK_DIR). Both folders are the application's own, under VAR_DIR, so whatever in them
is older than the longest piece of work that could still be using it is a leftover (a SIGKILLed
request or worker never runs its clean-up). Run by celery beat (phpu.tasks.sweep_leftovers)."""

import logging
import os
import shutil
import time
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


def sweep_leftovers(*, grace_seconds: float, now: float | None = None) -> list[Path]:
    """Delete the entries of the upload and dossier work folders last modified more than `grace_seconds`
    ago; returns what was deleted. A folder that is not configured or does not exist is skipped."""
    cutoff = (time.time() if now is None else now) - grace_seconds
    removed: list[Path] = []
    for folder in (settings.FILE_UPLOAD_TEMP_DIR, settings.DOSSIER_WORK_DIR):
        if folder:
            removed += _sweep(Path(folder), cutoff)
    if removed:
        log.warning("Removed %d leftovers of killed uploads or dossier jobs: %s", len(removed), removed)
    return removed


def _sweep(folder: Path, cutoff: float) -> list[Path]:
    removed = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return removed
    for entry in entries:
        try:
            # A work folder's own time changes whenever an entry is made in it; what counts is that no
            # job can have made it after the cutoff and still be running.
            if entry.stat(follow_symlinks=False).st_mtime >= cutoff:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except FileNotFoundError:
            continue  # its own job cleaned up meanwhile
        except OSError:
            log.exception("Could not remove the leftover %s", entry.path)
            continue
        removed.append(Path(entry.path))
    return removed
