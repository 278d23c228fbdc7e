"""Copies of images without their location, and whether an image holds one.

The stored original stays bit-exact (its SHA-256 is the chain of custody); what leaves the office (a
download, the MK bundle) is a copy whose picture is the very same bytes: only metadata is rewritten,
never the pixels. EXIF is cut down to what a reader of the photo needs (when it was taken, which way is
up, what kind of camera, how to read its colours); everything that can name a place or a person goes:
the GPS IFD, maker notes, serial numbers, owner names, comments, the embedded thumbnail, XMP, IPTC,
private blocks, and in a JPEG whatever follows the end of the image (the extra images of MPF files, with
EXIF of their own). A file without any such block (no EXIF, XMP, comments ...) is copied byte for byte.

JPEG, PNG and WebP are rewritten segment by segment. In HEIF every item is found by its offset, so its
EXIF and XMP items are overwritten in place with cleaned copies of the same length.
"""

import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from typing import BinaryIO

CHUNK = 1 << 20
MAX_METADATA = 16 << 20  # no real EXIF or XMP block comes near this

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
# Make, Model, Orientation, XResolution, YResolution, ResolutionUnit, DateTime.
KEEP_IFD0 = (0x010F, 0x0110, 0x0112, 0x011A, 0x011B, 0x0128, 0x0132)
# ExifVersion, DateTimeOriginal, DateTimeDigitized, OffsetTime*, SubSecTime*, ColorSpace.
KEEP_EXIF_IFD = (0x9000, 0x9003, 0x9004, 0x9010, 0x9011, 0x9012, 0x9290, 0x9291, 0x9292, 0xA001)
# Latitude, longitude, destination latitude and longitude, area name.
GPS_POSITION = {0x0002, 0x0004, 0x0014, 0x0016, 0x001C}
XMP_LOCATION = re.compile(rb"GPS(Latitude|Longitude)|Location(Shown|Created)|photoshop:City", re.IGNORECASE)


class MetadataError(Exception):
    """The file's structure could not be followed: no copy of it can be promised free of location."""


@dataclass
class _Walk:
    """A file's copy as pieces (bytes, or a (start, end) range of the source), and the metadata found."""

    pieces: list = field(default_factory=list)
    exif: list[bytes] = field(default_factory=list)
    xmp: list[bytes] = field(default_factory=list)

    def keep(self, start: int, end: int) -> None:
        if end <= start:
            return
        if self.pieces and isinstance(self.pieces[-1], tuple) and self.pieces[-1][1] == start:
            self.pieces[-1] = (self.pieces[-1][0], end)
        else:
            self.pieces.append((start, end))

    def add(self, data: bytes) -> None:
        self.pieces.append(data)


# --- the public face ---------------------------------------------------------------------------------


def has_location(fileobj: BinaryIO) -> bool:
    """Whether the image's EXIF or XMP holds a position (GPS coordinates, a place shown or created)."""
    walk = _walk(fileobj)
    return any(_exif_has_location(raw) for raw in walk.exif) or any(XMP_LOCATION.search(x) for x in walk.xmp)


def write_location_free(fileobj: BinaryIO, out: BinaryIO) -> None:
    """Write the location-free copy of the image in `fileobj` to `out`; MetadataError if it cannot be made."""
    for piece in _walk(fileobj).pieces:
        if isinstance(piece, bytes):
            out.write(piece)
            continue
        start, end = piece
        fileobj.seek(start)
        while start < end:
            data = fileobj.read(min(CHUNK, end - start))
            if not data:
                raise MetadataError("the file ended early")
            out.write(data)
            start += len(data)


def location_free_bytes(data: bytes) -> bytes:
    out = io.BytesIO()
    write_location_free(io.BytesIO(data), out)
    return out.getvalue()


def _walk(fileobj: BinaryIO) -> _Walk:
    fileobj.seek(0)
    head = fileobj.read(16)
    if head.startswith(b"\xff\xd8"):
        walker = _walk_jpeg
    elif head.startswith(PNG_SIGNATURE):
        walker = _walk_png
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        walker = _walk_webp
    elif head[4:8] == b"ftyp":
        walker = _walk_heif
    else:
        raise MetadataError("not a JPEG, PNG, WebP or HEIF image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's "Corrupt EXIF data": what it can read is enough
            return walker(fileobj)
    except (struct.error, IndexError, ValueError, KeyError) as exc:
        raise MetadataError(f"unexpected structure: {exc}") from exc


def _read_at(fileobj: BinaryIO, offset: int, size: int) -> bytes:
    if size > MAX_METADATA:
        raise MetadataError(f"a block of {size} bytes at {offset}")
    fileobj.seek(offset)
    data = fileobj.read(size)
    if len(data) != size:
        raise MetadataError(f"the file ends inside a block at {offset}")
    return data


def _read_metadata(fileobj: BinaryIO, offset: int, size: int) -> bytes:
    """A metadata block that is dropped from the copy: one too large to be real is dropped unread."""
    return b"" if size > MAX_METADATA else _read_at(fileobj, offset, size)


def _size(fileobj: BinaryIO) -> int:
    return fileobj.seek(0, io.SEEK_END)


# --- EXIF ----------------------------------------------------------------------------------------------


def _load_exif(raw: bytes):
    """Pillow's reading of `raw` (TIFF, with or without the "Exif" prefix); None if it is not EXIF."""
    from PIL import Image

    exif = Image.Exif()
    try:
        exif.load(raw)
    except Exception:
        return None
    return exif


def _exif_has_location(raw: bytes) -> bool:
    exif = _load_exif(raw)
    try:
        return exif is not None and bool(GPS_POSITION & set(exif.get_ifd(GPS_IFD)))
    except Exception:
        return False


def _clean_exif(raw: bytes) -> bytes | None:
    """`raw` cut down to the kept tags, as TIFF without the "Exif" prefix; None when nothing is kept
    (EXIF that cannot be read keeps nothing)."""
    from PIL import Image

    source = _load_exif(raw)
    if source is None:
        return None
    kept = Image.Exif()
    for tag in KEEP_IFD0:
        if tag in source:
            kept[tag] = source[tag]
    try:
        details = source.get_ifd(EXIF_IFD)
    except Exception:
        details = {}
    times = {tag: details[tag] for tag in KEEP_EXIF_IFD if tag in details}
    if times:
        kept.get_ifd(EXIF_IFD).update(times)
    if not kept and not times:
        return None
    try:
        return kept.tobytes()[6:]
    except Exception:
        return None  # a value Pillow cannot write back (a malformed tag): the copy keeps no EXIF at all


# --- JPEG ----------------------------------------------------------------------------------------------

APP0, APP1, APP2, APP14, COM, EOI = 0xE0, 0xE1, 0xE2, 0xEE, 0xFE, 0xD9
EXIF_HEADER = b"Exif\x00\x00"
# A marker: 0xFF followed by anything but stuffing (00), TEM (01), a fill byte (FF) or a restart (D0-D7),
# which are all that may appear inside entropy-coded data.
MARKER = re.compile(rb"\xff[^\x00\x01\xff\xd0-\xd7]")


def _walk_jpeg(fileobj: BinaryIO) -> _Walk:
    walk = _Walk()
    walk.keep(0, 2)
    pos = 2
    while True:
        marker = _next_marker(fileobj, pos)
        if marker is None:  # no end-of-image marker: the data to the end is the image's
            walk.keep(pos, _size(fileobj))
            return walk
        walk.keep(pos, marker)  # entropy-coded data and fill bytes before the marker
        code = _read_at(fileobj, marker + 1, 1)[0]
        if code == EOI:
            walk.keep(marker, marker + 2)
            return walk  # what follows the image stays behind
        length = int.from_bytes(_read_at(fileobj, marker + 2, 2), "big")
        if length < 2:
            raise MetadataError(f"a segment of length {length} at {marker}")
        end = marker + 2 + length
        if APP0 <= code <= APP0 + 15 or code == COM:
            _jpeg_app(walk, code, _read_at(fileobj, marker + 4, length - 2), marker, end)
        else:
            walk.keep(marker, end)
        pos = end


def _next_marker(fileobj: BinaryIO, pos: int) -> int | None:
    while True:
        fileobj.seek(pos)
        chunk = fileobj.read(CHUNK)
        if len(chunk) < 2:
            return None
        found = MARKER.search(chunk)
        if found:
            return pos + found.start()
        pos += len(chunk) - 1  # a 0xFF at the very end pairs with the next chunk's first byte


def _jpeg_app(walk: _Walk, code: int, body: bytes, start: int, end: int) -> None:
    """Keep JFIF, the ICC profile and Adobe's colour transform; EXIF cleaned; every other APPn and COM goes."""
    if code == APP1 and body.startswith(EXIF_HEADER):
        walk.exif.append(body)
        clean = _clean_exif(body)
        if clean:
            segment = EXIF_HEADER + clean
            walk.add(bytes([0xFF, APP1]) + (len(segment) + 2).to_bytes(2, "big") + segment)
    elif code == APP1:
        walk.xmp.append(body)  # XMP and extended XMP
    elif (
        (code == APP0 and body.startswith(b"JFIF\x00"))
        or (code == APP2 and body.startswith(b"ICC_PROFILE\x00"))
        or (code == APP14 and body.startswith(b"Adobe"))
    ):
        walk.keep(start, end)


# --- PNG -----------------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The picture and how to show it (colour, transparency, animation); text chunks, eXIf and private
# chunks are not among them.
PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP",
    b"mDCV", b"cLLI", b"bKGD", b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip


def _walk_png(fileobj: BinaryIO) -> _Walk:
    walk = _Walk()
    walk.keep(0, 8)
    pos = 8
    while True:
        length, kind = struct.unpack(">I4s", _read_at(fileobj, pos, 8))
        end = pos + 12 + length
        if kind == b"eXIf":
            walk.exif.append(_read_metadata(fileobj, pos + 8, length))
            clean = _clean_exif(walk.exif[-1])
            if clean:
                walk.add(
                    struct.pack(">I", len(clean)) + b"eXIf" + clean + struct.pack(">I", zlib.crc32(b"eXIf" + clean))
                )
        elif kind == b"iTXt":
            walk.xmp.append(_png_text(_read_metadata(fileobj, pos + 8, length)))
        elif kind in PNG_KEEP:
            walk.keep(pos, end)
        if kind == b"IEND":
            return walk
        pos = end


def _png_text(body: bytes) -> bytes:
    """The text of an iTXt chunk (where XMP lives), inflated if compressed."""
    _keyword, _, rest = body.partition(b"\x00")
    compressed, rest = rest[:1] == b"\x01", rest[2:]
    text = rest.split(b"\x00", 2)[-1]
    if not compressed:
        return text
    try:
        return zlib.decompressobj().decompress(text, MAX_METADATA)
    except zlib.error:
        return b""


# --- WebP ----------------------------------------------------------------------------------------------

WEBP_KEEP = {b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
VP8X_XMP, VP8X_EXIF = 0x04, 0x08


def _walk_webp(fileobj: BinaryIO) -> _Walk:
    riff_end = min(8 + int.from_bytes(_read_at(fileobj, 4, 4), "little"), _size(fileobj))
    chunks, pos = [], 12
    while pos + 8 <= riff_end:
        kind, length = struct.unpack("<4sI", _read_at(fileobj, pos, 8))
        chunks.append((kind, pos, length))
        pos += 8 + length + (length & 1)
    walk, exif = _Walk(), None
    for kind, start, length in chunks:
        if kind == b"EXIF":
            walk.exif.append(_read_metadata(fileobj, start + 8, length))
            exif = _clean_exif(walk.exif[-1])
        elif kind == b"XMP ":
            walk.xmp.append(_read_metadata(fileobj, start + 8, length))
    body = _Walk()
    for kind, start, length in chunks:
        if kind == b"VP8X":
            flags = bytearray(_read_at(fileobj, start + 8, length))
            flags[0] &= ~(VP8X_XMP | (0 if exif else VP8X_EXIF)) & 0xFF
            body.add(_riff_chunk(b"VP8X", bytes(flags)))
        elif kind == b"EXIF" and exif:
            body.add(_riff_chunk(b"EXIF", exif))
        elif kind in WEBP_KEEP:
            body.keep(start, start + 8 + length + (length & 1))
    size = sum(len(p) if isinstance(p, bytes) else p[1] - p[0] for p in body.pieces)
    walk.pieces = [b"RIFF" + (size + 4).to_bytes(4, "little") + b"WEBP", *body.pieces]
    return walk


def _riff_chunk(kind: bytes, data: bytes) -> bytes:
    return kind + len(data).to_bytes(4, "little") + data + b"\x00" * (len(data) & 1)


# --- HEIF ----------------------------------------------------------------------------------------------

HEIF_EXIF_HEADER = (6).to_bytes(4, "big") + EXIF_HEADER  # as phones write it: offset 6, then "Exif\0\0"
EMPTY_XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>',
    b'<?xpacket end="w"?>',
)


def _walk_heif(fileobj: BinaryIO) -> _Walk:
    size = _size(fileobj)
    meta = next(((start, end) for kind, start, end in _boxes(fileobj, 0, size) if kind == b"meta"), None)
    if meta is None:
        raise MetadataError("no meta box")
    boxes = {kind: (start, end) for kind, start, end in _boxes(fileobj, meta[0] + 4, meta[1])}  # after version, flags
    kinds = _heif_metadata_items(fileobj, *boxes[b"iinf"]) if b"iinf" in boxes else {}
    extents = _heif_extents(fileobj, *boxes[b"iloc"], wanted=kinds, idat=boxes.get(b"idat"), size=size) if kinds else {}
    walk, replaced = _Walk(), []
    for item, kind in kinds.items():
        spans = extents.get(item, [])
        data = b"".join(_read_at(fileobj, offset, length) for offset, length in spans)
        new = _heif_exif(walk, data) if kind == "exif" else _heif_xmp(walk, data)
        cut = 0
        for offset, length in spans:
            replaced.append((offset, new[cut : cut + length]))
            cut += length
    pos = 0
    for offset, data in sorted(replaced):
        if offset < pos:
            raise MetadataError("metadata items overlap")
        walk.keep(pos, offset)
        walk.add(data)
        pos = offset + len(data)
    walk.keep(pos, size)
    return walk


def _heif_exif(walk: _Walk, data: bytes) -> bytes:
    """The EXIF item (a 4-byte offset to the TIFF header, then the TIFF) rewritten whole, zero-padded to
    its length: readers do not all trust the offset, so nothing of the old item is kept."""
    from PIL import Image

    offset = int.from_bytes(data[:4], "big")
    tiff = data[4 + offset :] if 4 + offset < len(data) else data[4:]
    walk.exif.append(tiff)
    new = HEIF_EXIF_HEADER + (_clean_exif(tiff) or Image.Exif().tobytes()[6:])
    if len(new) > len(data):
        new = b""
    return new + b"\x00" * (len(data) - len(new))


def _heif_xmp(walk: _Walk, data: bytes) -> bytes:
    """An empty XMP packet of the item's length (padding inside a packet is whitespace)."""
    walk.xmp.append(data)
    head, tail = EMPTY_XMP
    if len(data) < len(head) + len(tail):
        return b" " * len(data)
    return head + b" " * (len(data) - len(head) - len(tail)) + tail


def _boxes(fileobj: BinaryIO, start: int, end: int):
    """(type, content start, end) of each ISO base media box in [start, end)."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", _read_at(fileobj, pos, 8))
        header = 8
        if size == 1:
            size, header = int.from_bytes(_read_at(fileobj, pos + 8, 8), "big"), 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise MetadataError(f"a box overruns its parent at {pos}")
        yield kind, pos + header, pos + size
        pos += size


def _heif_metadata_items(fileobj: BinaryIO, start: int, end: int) -> dict[int, str]:
    """{item id: "exif" or "xmp"} from the item information box."""
    version = _read_at(fileobj, start, 1)[0]
    items = {}
    for kind, begin, finish in _boxes(fileobj, start + (6 if version == 0 else 8), end):
        body = _read_at(fileobj, begin, finish - begin)
        if kind != b"infe" or body[0] < 2:
            continue
        id_size = 2 if body[0] == 2 else 4
        item = int.from_bytes(body[4 : 4 + id_size], "big")
        item_type = body[6 + id_size : 10 + id_size]
        if item_type == b"Exif":
            items[item] = "exif"
        elif item_type == b"mime":
            content_type = body[10 + id_size :].split(b"\x00")[1:2]
            if content_type == [b"application/rdf+xml"]:
                items[item] = "xmp"
    return items


def _heif_extents(fileobj, start: int, end: int, *, wanted, idat, size: int) -> dict[int, list[tuple[int, int]]]:
    """{item id: [(file offset, length), ...]} of the `wanted` items, from the item location box."""
    data = _read_at(fileobj, start, end - start)
    version = data[0]
    offset_size, length_size = data[4] >> 4, data[4] & 15
    base_size, index_size = data[5] >> 4, (data[5] & 15) if version in (1, 2) else 0
    wide = 4 if version == 2 else 2
    count, pos = _uint(data, 6, wide)
    extents = {}
    for _ in range(count):
        item, pos = _uint(data, pos, wide)
        method = 0
        if version in (1, 2):
            method, pos = _uint(data, pos, 2)
        base, pos = _uint(data, pos + 2, base_size)  # after the data reference index
        spans, pos = _spans(data, pos, index_size, offset_size, length_size)
        if item not in wanted:
            continue
        if method & 15 == 1 and idat is not None:  # inside the idat box
            base += idat[0]
        elif method & 15:
            raise MetadataError("a metadata item stored in a way this copy cannot follow")
        # A length of 0 runs to the end of the file.
        extents[item] = [(base + offset, length or size - base - offset) for offset, length in spans]
    return extents


def _spans(data: bytes, pos: int, index_size: int, offset_size: int, length_size: int):
    count, pos = _uint(data, pos, 2)
    spans = []
    for _ in range(count):
        offset, pos = _uint(data, pos + index_size, offset_size)
        length, pos = _uint(data, pos, length_size)
        spans.append((offset, length))
    return spans, pos


def _uint(data: bytes, pos: int, size: int) -> tuple[int, int]:
    if pos + size > len(data):
        raise MetadataError("the item location box ends early")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size
