"""Resumable evidence uploads (the tus 1.0 protocol): a file arrives in pieces, over as many requests
and dropped links as it takes, and becomes evidence only when all of it is in.

Every promise of a plain upload holds, because the whole file goes through the same `evidence_upload`
at the end: the SHA-256 over all of it, the type and content checks, reach, dedupe, versions, nothing
stored on refusal. Before that, the target is checked before the first byte (`start`) and the type
from the first bytes (`receive`), so a wrong file is refused after kilobytes.

Each request's bytes are stored as one piece under a name of its own, then recorded under a row lock
only if the upload is still where the request began; so two requests racing on one upload (a client's
retry while its first attempt still streams) never interleave bytes, and no request holds a lock while
it waits on a slow link. Bytes that arrived before a link dropped are kept: the phone resends only
what never arrived. The pieces live in the "uploads" storage (local disk, or S3 beside the evidence).
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import NOT_FOUND, ApplicationError
from files.hashing import CHUNK
from files.inspect import check_name
from files.store import put_as
from inventory.evidence_files import inspect_upload_head
from inventory.models import ResumableUpload
from inventory.services import check_upload_target, evidence_upload

log = logging.getLogger(__name__)

STORAGE = "uploads"
HEAD_BYTES = 64 * 1024  # enough for libmagic to name every type evidence accepts
# A finishing request that died (worker killed) leaves `finishing_since` behind; after this long another
# request may finish the upload instead.
FINISH_STALE = timedelta(minutes=15)
# Pieces without a row (a crash between storing a piece and recording it) are swept after this long.
ORPHAN_GRACE = timedelta(hours=1)


class OffsetMismatch(ApplicationError):
    """The request does not continue the upload where it stands: the client asks (HEAD) and resumes."""

    def __init__(self, offset: int):
        super().__init__(_("This upload stands at byte %(offset)d; continue from there.") % {"offset": offset})
        self.status = 409
        self.offset = offset


def _expiry():
    return timezone.now() + timedelta(hours=settings.RESUMABLE_UPLOAD_EXPIRE_HOURS)


def start(
    *, actor, length: int, filename: str, kind: str, region, contest=None, problem=None, replaces=None, description=""
) -> ResumableUpload:
    """Open an upload of `length` bytes: everything that can be refused before the first byte is."""
    check_name(filename)
    check_upload_target(actor, region=region, contest=contest, problem=problem, replaces=replaces)
    _check_length(length, filename)
    _check_quota(actor, length)
    return ResumableUpload.objects.create(
        owner=actor,
        kind=kind,
        region=region,
        contest=contest,
        problem=problem,
        replaces=replaces,
        description=description.strip(),
        filename=filename,
        length=length,
        expires_at=_expiry(),
    )


def _check_length(length: int, filename: str) -> None:
    if length <= 0:
        raise ApplicationError.for_field(
            "file", _("%(name)s is empty (0 bytes); pick the file again.") % {"name": filename}
        )
    if length > settings.EVIDENCE_MAX_BYTES:
        message = _("%(name)s is too large: at most %(limit)s per file.") % {
            "name": filename,
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
        }
        raise ApplicationError(message, {"file": [message]}, status=413)


def _check_quota(actor, length: int) -> None:
    """Unfinished uploads reserve their whole length until they finish, are cancelled or expire."""
    reserved = (
        ResumableUpload.objects.filter(owner=actor, evidence__isnull=True, expires_at__gt=timezone.now()).aggregate(
            total=Sum("length")
        )["total"]
        or 0
    )
    if reserved + length > settings.RESUMABLE_UPLOAD_QUOTA_BYTES:
        message = _(
            "Your unfinished uploads already reserve %(reserved)s of %(quota)s: finish or cancel them first "
            "(unfinished uploads expire after %(hours)d hours)."
        ) % {
            "reserved": filesizeformat(reserved),
            "quota": filesizeformat(settings.RESUMABLE_UPLOAD_QUOTA_BYTES),
            "hours": settings.RESUMABLE_UPLOAD_EXPIRE_HOURS,
        }
        raise ApplicationError(message, {"file": [message]}, status=413)


def mine(actor, upload_id) -> ResumableUpload:
    """One of the actor's own uploads; anyone else's answers exactly like a missing one."""
    upload = (
        ResumableUpload.objects.filter(pk=upload_id, owner=actor, expires_at__gt=timezone.now())
        .select_related("evidence")
        .first()
    )
    if upload is None:
        raise ApplicationError(NOT_FOUND, status=404)
    return upload


def receive(upload: ResumableUpload, *, offset: int, body, length: int) -> ResumableUpload:
    """Take the `length` bytes of `body` that continue `upload` at `offset`; finish it with the last."""
    if upload.finished or offset != upload.offset:
        raise OffsetMismatch(upload.offset)
    if length > upload.length - offset:
        raise ApplicationError(_("These bytes go past the end of the file announced."), status=400)
    piece = _read_piece(body, length)
    try:
        if piece.size:
            upload = _record_piece(upload, offset, piece)
    finally:
        piece.close()
    if not upload.type_checked and upload.offset >= min(HEAD_BYTES, upload.length):
        _check_type(upload)
    if upload.offset == upload.length:
        upload = finish(upload)
    return upload


def _read_piece(body, length: int):
    """The request's bytes in a temporary file; those that came before a dropped link are kept."""
    piece = TemporaryUploadedFile("piece", "application/octet-stream", 0, None)
    received = 0
    try:
        while received < length:
            try:
                data = body.read(min(CHUNK, length - received))
            except OSError:  # the link dropped (gunicorn: NoMoreData; runserver: a reset socket)
                break
            if not data:
                break
            piece.write(data)
            received += len(data)
        piece.flush()
    except OSError as exc:
        piece.close()
        raise _store_refused(exc) from exc
    piece.size = received
    return piece


def _store_refused(exc: OSError) -> ApplicationError:
    log.error("Resumable upload store refused a piece: %s", exc)
    message = _(
        "The evidence store cannot take more right now (full or not writable): the bytes sent last were not "
        "kept. The upload resumes when you try again later; tell the administrator."
    )
    return ApplicationError(message, {"file": [message]}, status=503)


def _record_piece(upload: ResumableUpload, offset: int, piece) -> ResumableUpload:
    name = f"{upload.pk}-{offset:015d}-{secrets.token_hex(4)}.part"
    try:
        name = put_as(piece, storage_key=STORAGE, name=name).name
    except OSError as exc:
        raise _store_refused(exc) from exc
    with transaction.atomic():
        current = ResumableUpload.objects.select_for_update().filter(pk=upload.pk).first()
        if current is None or current.offset != offset or current.finished:
            transaction.on_commit(lambda: _delete_pieces([name]))
            raise OffsetMismatch(current.offset if current else offset)
        current.parts = [*current.parts, [name, piece.size]]
        current.offset = F("offset") + piece.size
        current.expires_at = _expiry()
        current.save(update_fields=["parts", "offset", "expires_at"])
    current.refresh_from_db()
    return current


def _check_type(upload: ResumableUpload) -> None:
    head = _head(upload)
    try:
        inspect_upload_head(head, kind=upload.kind, name=upload.filename)
    except ApplicationError as exc:
        discard(upload)
        exc.status = 415
        raise
    ResumableUpload.objects.filter(pk=upload.pk).update(type_checked=True)
    upload.type_checked = True


def _head(upload: ResumableUpload) -> bytes:
    storage = storages[STORAGE]
    head = b""
    for name, _size in upload.parts:
        with storage.open(name, "rb") as part:
            head += part.read(HEAD_BYTES - len(head))
        if len(head) >= HEAD_BYTES:
            break
    return head


def finish(upload: ResumableUpload) -> ResumableUpload:
    """Turn a complete upload into evidence, through the same checks and service as a plain upload.

    A refusal discards the upload (the client must not send it again unchanged); a store or database that
    is down keeps it, so a later HEAD (or the next request) finishes it without a byte sent again."""
    if upload.finished:
        return upload
    _claim(upload)
    whole = _assemble(upload)
    try:
        evidence, created = evidence_upload(
            actor=upload.owner,
            file=whole,
            kind=upload.kind,
            region=upload.region,
            contest=upload.contest,
            description=upload.description,
            problem=upload.problem,
            replaces=upload.replaces,
            name=upload.filename,
        )
    except ApplicationError as exc:
        if exc.status >= 500:
            ResumableUpload.objects.filter(pk=upload.pk).update(finishing_since=None)
        else:
            discard(upload)
        raise
    finally:
        whole.close()
    pieces = [name for name, _size in upload.parts]
    upload.evidence, upload.evidence_created, upload.parts, upload.finishing_since = evidence, created, [], None
    upload.save(update_fields=["evidence", "evidence_created", "parts", "finishing_since"])
    _delete_pieces(pieces)
    return upload


def finish_if_complete(upload: ResumableUpload) -> ResumableUpload:
    """A HEAD on an upload whose last piece is in but whose evidence is not made (its finishing request
    died): finish it now, so the client learns the result instead of waiting forever."""
    if upload.finished or upload.offset != upload.length:
        return upload
    if upload.finishing_since and timezone.now() - upload.finishing_since < FINISH_STALE:
        return upload
    return finish(upload)


def _claim(upload: ResumableUpload) -> None:
    """Only one request finishes an upload; another one meanwhile is told to ask again later."""
    now = timezone.now()
    claimed = (
        ResumableUpload.objects.filter(pk=upload.pk, evidence__isnull=True)
        .exclude(finishing_since__gt=now - FINISH_STALE)
        .update(finishing_since=now)
    )
    if not claimed:
        raise ApplicationError(_("This upload is being finished by another request; ask again shortly."), status=423)


def _assemble(upload: ResumableUpload) -> TemporaryUploadedFile:
    """The pieces as one file (hashed on the way: memory stays flat), ready for `evidence_upload`, which
    moves it into the evidence store."""
    storage = storages[STORAGE]
    whole = TemporaryUploadedFile(upload.filename, "application/octet-stream", upload.length, None)
    hasher = hashlib.sha256()
    size = 0
    try:
        for name, _size in upload.parts:
            with storage.open(name, "rb") as part:
                for chunk in iter(lambda part=part: part.read(CHUNK), b""):
                    hasher.update(chunk)
                    whole.write(chunk)
                    size += len(chunk)
        whole.flush()
    except OSError as exc:
        whole.close()
        ResumableUpload.objects.filter(pk=upload.pk).update(finishing_since=None)
        raise _store_refused(exc) from exc
    if size != upload.length:
        whole.close()
        discard(upload)
        message = _("The pieces of %(name)s on the server are damaged; upload the file again.") % {
            "name": upload.filename
        }
        raise ApplicationError(message, {"file": [message]}, status=422)
    whole.size = size
    whole.sha256 = hasher.hexdigest()
    whole.seek(0)
    return whole


def discard(upload: ResumableUpload) -> None:
    """Cancel an upload: its row and every piece go (tus termination; refusals; expiry)."""
    pieces = [name for name, _size in upload.parts]
    ResumableUpload.objects.filter(pk=upload.pk).delete()
    _delete_pieces(pieces)


def _delete_pieces(names) -> None:
    storage = storages[STORAGE]
    for name in names:
        try:
            storage.delete(name)
        except OSError as exc:  # left for the sweep (`expire`) to find as an orphan
            log.warning("Could not delete upload piece %s: %s", name, exc)


def expire(now=None) -> dict:
    """Sweep uploads past their expiry (abandoned half way, or finished and no longer asked about) and
    pieces no row records (a crash between storing and recording). Returns what went."""
    now = now or timezone.now()
    expired = list(ResumableUpload.objects.filter(expires_at__lte=now))
    for upload in expired:
        discard(upload)
    known = {name for parts in ResumableUpload.objects.values_list("parts", flat=True) for name, _size in parts}
    orphans = [name for name in _stored_pieces(now - ORPHAN_GRACE) if name not in known]
    _delete_pieces(orphans)
    return {"uploads": len(expired), "orphan_pieces": len(orphans)}


def _stored_pieces(older_than):
    storage = storages[STORAGE]
    try:
        _folders, names = storage.listdir("")
    except (OSError, FileNotFoundError):
        return []
    for name in names:
        if not name.endswith(".part"):
            continue
        try:
            modified = storage.get_modified_time(name)
        except (OSError, NotImplementedError):
            continue
        if modified < older_than:
            yield name
