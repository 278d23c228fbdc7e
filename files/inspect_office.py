"""DOCX/XLSX: ZIP archives of XML parts. Refused: macros and embedded programs (however their parts are
named), templates or objects loaded from the internet, and archive bombs.

Office finds a part through the relationships that point at it and the content type it is declared
with, not through its name: a macro project renamed from vbaProject.bin to anything else still runs
when a relationship of the vbaProject type points at it. So every relationship part and the content
types are read, with an XML parser (character references and namespace prefixes are what Office reads
too), as they are unpacked.
"""

import re
import zipfile
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from files.hashing import CHUNK
from files.inspect_common import refuse, rewound

OFFICE_MAX_ENTRIES = 10_000
OFFICE_ACTIVE_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX\d*\.(xml|bin)|oleObject\d*\.bin)$", re.I)
# Relationship types (the last segment of their URI, lower case) that point at code: VBA projects and
# their signatures, Word's VBA data, ActiveX controls, embedded OLE objects (programs in a document).
OFFICE_CODE_RELATIONSHIPS = {
    "vbaproject", "vbaprojectsignature", "wordvbadata", "activexcontrolbinary", "control", "oleobject",
}  # fmt: skip
# Relationship types that load something from the internet when the document opens.
OFFICE_RISKY_EXTERNAL = {"attachedtemplate", "oleobject", "frame", "subdocument"}
# Content types of macro projects and of the macro-enabled document types (.docm, .xlsm, .dotm ...).
OFFICE_CODE_CONTENT_TYPES = re.compile(r"vbaProject|vbaData|macroEnabled", re.I)
CONTENT_TYPES_PART = "[Content_Types].xml"


def check_office(fileobj, name: str) -> None:
    """Refuse macros, embedded programs, remote templates and archive bombs. Sizes are counted while
    actually unpacking: the sizes a ZIP declares can lie."""
    limit = settings.EVIDENCE_MAX_UNPACKED_BYTES
    try:
        with rewound(fileobj), zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            _check_entries(infos, name, limit)
            _unpack(archive, infos, name, limit)
    except ApplicationError:
        raise
    except Exception:
        refuse(_("%(name)s could not be read as an office document; it may be damaged."), name=name)


def _refuse_code(name: str, what: str) -> None:
    refuse(
        _("%(name)s contains macros or embedded programs (%(what)s); save it without them and upload again."),
        name=name,
        what=what,
    )


def _refuse_bomb(name: str) -> None:
    refuse(_("%(name)s unpacks to far more than its size (an archive bomb); it is refused."), name=name)


def _check_entries(infos, name: str, limit: int) -> None:
    """What the archive declares: too many entries or bytes, or parts named as code."""
    if len(infos) > OFFICE_MAX_ENTRIES or sum(i.file_size for i in infos) > limit:
        _refuse_bomb(name)
    for info in infos:
        if OFFICE_ACTIVE_PARTS.search(info.filename):
            _refuse_code(name, info.filename)


def _unpack(archive, infos, name: str, limit: int) -> None:
    """Unpack every part, counting what really comes out; the relationship parts and the content
    types are read by the XML parser as they come."""
    unpacked = 0
    for info in infos:
        reader = _PartReader.for_part(info.filename, name)
        with archive.open(info) as member:
            for chunk in iter(lambda member=member: member.read(CHUNK), b""):
                unpacked += len(chunk)
                if unpacked > limit:
                    _refuse_bomb(name)
                if reader is not None:
                    reader.feed(chunk)
        if reader is not None:
            reader.feed(b"", final=True)


class _PartReader:
    """Reads one relationship part or the content types, chunk by chunk (memory stays flat however
    large the part), refusing as soon as an element points at code or the internet."""

    @classmethod
    def for_part(cls, part: str, name: str) -> "_PartReader | None":
        if part.endswith(".rels"):
            return cls(name, relationships=True)
        if part == CONTENT_TYPES_PART:
            return cls(name, relationships=False)
        return None

    def __init__(self, name: str, *, relationships: bool):
        self.name = name
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._relationship if relationships else self._content_type
        # No OOXML part has a document type declaration; one here only serves entity tricks.
        self.parser.StartDoctypeDeclHandler = self._doctype

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.parser.Parse(chunk, final)

    def _doctype(self, *args) -> None:
        raise ValueError("a document type declaration in an OOXML part")

    def _relationship(self, tag: str, attrs: dict) -> None:
        if _local(tag) != "Relationship":
            return
        kind = _local(attrs.get("Type", ""), "/")
        external = attrs.get("TargetMode", "").lower() == "external"
        if external and kind.lower() in OFFICE_RISKY_EXTERNAL:
            refuse(
                _("%(name)s loads a template or object from the internet; such files are never accepted."),
                name=self.name,
            )
        if not external and kind.lower() in OFFICE_CODE_RELATIONSHIPS:
            _refuse_code(self.name, f"{kind} → {attrs.get('Target', '')}")

    def _content_type(self, tag: str, attrs: dict) -> None:
        if _local(tag) not in ("Default", "Override"):
            return
        content_type = attrs.get("ContentType", "")
        if OFFICE_CODE_CONTENT_TYPES.search(content_type):
            _refuse_code(self.name, content_type)


def _local(qualified: str, separator: str = " ") -> str:
    """The local part of an expat "namespace name" pair, or the last segment of a relationship type."""
    return qualified.rsplit(separator, 1)[-1]
