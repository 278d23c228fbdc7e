"""PDFs: readable, not locked, without scripts, dangerous actions or attached files, and nothing else
hidden in the same bytes (a PDF that is also a ZIP archive, or has another file appended).

The PDF is read with qpdf (pikepdf), the library that later merges evidence into the MK bundle: what
is checked is what the court gets. Every object in the file is looked at, referenced or not, so an
action cannot hide where one reader looks and another does not.
"""

import struct

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from files.hashing import CHUNK
from files.inspect_common import refuse, rewound

# Actions that run code, start programs, open other files or send data out, wherever they sit: open
# action, page and annotation actions, additional actions (/AA), outlines, form fields, /Next chains.
PDF_FORBIDDEN_ACTIONS = {
    "/JavaScript": gettext_lazy("a script (JavaScript)"),
    "/Launch": gettext_lazy("an action that starts a program or opens a file (/Launch)"),
    "/GoToR": gettext_lazy("a link that opens another file (/GoToR)"),
    "/GoToE": gettext_lazy("a link into a file embedded in it (/GoToE)"),
    "/SubmitForm": gettext_lazy("a form that sends what is typed in it to an address (/SubmitForm)"),
    "/ImportData": gettext_lazy("an action that reads data from another file (/ImportData)"),
    "/RichMediaExecute": gettext_lazy("embedded media that runs commands (/RichMediaExecute)"),
}
PDF_SCRIPT_KEYS = {
    "/JS": gettext_lazy("a script (JavaScript)"),
    "/JavaScript": gettext_lazy("a script (JavaScript)"),
    "/XFA": gettext_lazy("an XFA form (it can carry scripts)"),
}
PDF_ATTACHMENT_KEYS = {"/EmbeddedFiles"}
PDF_ATTACHMENT_TYPES = {"/EmbeddedFile", "/FileAttachment", "/RichMedia"}
# A link to a web page or an e-mail address is accepted: letters typed in Word and saved as PDF carry
# one for every address in them (the KPU's site in the letterhead, an e-mail), and a viewer follows it
# only when clicked, asking first. Any other address is a file on this computer or the network (file:,
# \\server\share: opening it can hand the reader's Windows password hash to that server) or a script
# (javascript:). A web address opened by itself, without a click (as the open action, or any /AA
# action), tells whoever runs it who opened the evidence and when: refused too.
PDF_LINK_SCHEMES = ("http://", "https://", "mailto:")
PDF_MAX_OBJECTS = 200_000
PDF_MAX_ITEMS = 2_000_000  # dictionary and array entries looked at, all objects together
# After the last %%EOF: whitespace (NUL included, as PDF counts it) is fine, and a few other bytes a
# scanner or mail program may leave; more is another file riding along.
PDF_WHITESPACE = b"\x00\t\n\x0c\r "
PDF_TAIL_TOLERANCE = 32
# Where a ZIP reader looks for the archive's end record: the last 22 bytes plus a comment of up to 64 KiB.
ZIP_END_WINDOW = 22 + 0xFFFF
ZIP_END, ZIP_ENTRY = b"PK\x05\x06", b"PK\x03\x04"
ZIP_METHODS = {0, 8, 9, 12, 14, 93, 95, 98}  # stored, deflate, deflate64, bzip2, lzma, zstd, xz, ppmd


def check_pdf(fileobj, name: str) -> None:
    with rewound(fileobj):
        _check_structure(fileobj, name)
        _check_hidden_data(fileobj, name)


def _check_structure(fileobj, name: str) -> None:
    import pikepdf

    path = getattr(fileobj, "temporary_file_path", None)
    try:
        with pikepdf.open(path() if path else fileobj) as pdf:
            if pdf.is_encrypted:
                raise pikepdf.PasswordError
            if len(pdf.pages) == 0:
                refuse(_("%(name)s is a PDF without pages."), name=name)
            _check_active_content(pdf, name)
    except ApplicationError:
        raise
    except pikepdf.PasswordError:
        refuse(_("%(name)s is an encrypted (password-protected or locked) PDF; upload an unlocked copy."), name=name)
    except _TooComplex:
        refuse(_("%(name)s is a PDF too complex to check; print it to a new PDF and upload that."), name=name)
    except Exception:
        refuse(_("%(name)s could not be read as a PDF; it may be damaged."), name=name)


# --- actions, scripts and attachments -----------------------------------------------------------------


class _TooComplex(Exception):
    pass


def _check_active_content(pdf, name: str) -> None:
    """Look at every dictionary of every object in the file (and the dictionaries and arrays written
    inside them) for scripts, forbidden actions, attached files and links that are not web links;
    then at what runs without a click."""
    if len(pdf.objects) > PDF_MAX_OBJECTS:
        raise _TooComplex
    walk = _Walk(name)
    open_action = pdf.Root.get("/OpenAction")
    if open_action is not None:
        walk.automatic.append(open_action)
    for obj in pdf.objects:
        walk.object(obj)
    for action in walk.automatic:
        _check_automatic(action, name)


class _Walk:
    def __init__(self, name: str):
        self.name = name
        self.budget = PDF_MAX_ITEMS
        self.automatic: list = []  # actions that run without a click: the open action and every /AA entry

    def object(self, obj) -> None:
        """One object and what is written inside it; objects it refers to are walked on their own."""
        import pikepdf

        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
                self._dictionary(item)
                children = item.values()
            elif isinstance(item, pikepdf.Array):
                children = item
            else:
                continue
            for child in children:
                self.budget -= 1
                if self.budget < 0:
                    raise _TooComplex
                if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
                    stack.append(child)

    def _dictionary(self, item) -> None:
        import pikepdf

        keys = set(item.keys())
        for key in keys & PDF_SCRIPT_KEYS.keys():
            _refuse_action(self.name, PDF_SCRIPT_KEYS[key])
        action = item.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in PDF_FORBIDDEN_ACTIONS:
            _refuse_action(self.name, PDF_FORBIDDEN_ACTIONS[str(action)])
        types = {str(value) for value in (item.get("/Type"), item.get("/Subtype")) if isinstance(value, pikepdf.Name)}
        if keys & PDF_ATTACHMENT_KEYS or types & PDF_ATTACHMENT_TYPES:
            refuse(_("%(name)s is a PDF with files attached inside it; upload each file on its own."), name=self.name)
        if isinstance(action, pikepdf.Name) and action == pikepdf.Name.URI:
            _check_link(item, self.name)
        additional = item.get("/AA")
        if isinstance(additional, pikepdf.Dictionary):
            self.automatic.extend(additional.values())


def _refuse_action(name: str, what) -> None:
    refuse(
        _(
            "%(name)s is a PDF with %(what)s; such PDFs are never accepted. Print it to a new PDF or scan it, "
            "and upload that."
        ),
        name=name,
        what=what,
    )


def _uri(action) -> str:
    raw = action.get("/URI")
    text = bytes(raw).decode("latin-1") if raw is not None else ""
    return text.strip(" \t\r\n\x00")


def _shown_uri(uri: str) -> str:
    return repr(uri if len(uri) <= 80 else uri[:80] + "…")


def _check_link(action, name: str) -> None:
    uri = _uri(action)
    if not uri.lower().startswith(PDF_LINK_SCHEMES):
        refuse(
            _(
                "%(name)s is a PDF with a link to %(uri)s, which is not a web or e-mail address (a file on "
                "this computer or the network, or a script). Print it to a new PDF and upload that."
            ),
            name=name,
            uri=_shown_uri(uri),
        )


def _check_automatic(action, name: str) -> None:
    """An action that runs without a click, and the actions chained after it (/Next), must not open
    an address: refused as a web beacon."""
    import pikepdf

    stack, seen = [action], set()
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Object) or item.objgen in seen:
            continue
        if item.is_indirect:
            seen.add(item.objgen)
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
            continue
        if not isinstance(item, pikepdf.Dictionary):
            continue
        action = item.get("/S")
        if isinstance(action, pikepdf.Name) and action == pikepdf.Name.URI:
            refuse(
                _(
                    "%(name)s is a PDF that opens the address %(uri)s by itself, without a click, when it is "
                    "opened or a page is shown. Print it to a new PDF and upload that."
                ),
                name=name,
                uri=_shown_uri(_uri(item)),
            )
        following = item.get("/Next")
        if following is not None:
            stack.append(following)


# --- another file in the same bytes -------------------------------------------------------------------


def _check_hidden_data(fileobj, name: str) -> None:
    """A PDF/ZIP polyglot opens as a harmless scan in a PDF viewer and as an archive (of programs,
    say) in an unzip tool; other files can ride after the PDF's end. Both are refused."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    start = max(0, size - ZIP_END_WINDOW)
    fileobj.seek(start)
    window = fileobj.read()
    if _has_zip_end(window, start, size) or _has_zip_entry(fileobj):
        refuse(
            _(
                "%(name)s has a ZIP archive hidden inside the PDF; such files are never accepted. Print it to "
                "a new PDF and upload that."
            ),
            name=name,
        )
    end = window.rfind(b"%%EOF")
    if end == -1:
        refuse(
            _(
                "%(name)s does not end as a PDF does: it is cut off, or other data is appended to it. Print it "
                "to a new PDF and upload that."
            ),
            name=name,
        )
    extra = len(window[end + 5 :].translate(None, PDF_WHITESPACE))
    if extra > PDF_TAIL_TOLERANCE:
        refuse(
            _(
                "%(name)s has %(size)s of other data after the end of the PDF; another file may be hidden "
                "there. Print it to a new PDF and upload that."
            ),
            name=name,
            size=filesizeformat(extra),
        )


def _has_zip_end(window: bytes, start: int, size: int) -> bool:
    """An end-of-central-directory record a ZIP reader would take: one disk, as many entries on it as in
    all, its comment ending inside the file (random bytes in a scan almost never look like that)."""
    at = window.find(ZIP_END)
    while at != -1:
        record = window[at : at + 22]
        if len(record) == 22:
            disk, cd_disk, here, total, _size, _offset, comment = struct.unpack("<4H2IH", record[4:])
            if disk == cd_disk and disk in (0, 0xFFFF) and here == total and start + at + 22 + comment <= size:
                return True
        at = window.find(ZIP_END, at + 1)
    return False


def _has_zip_entry(fileobj) -> bool:
    """A ZIP entry header anywhere in the file (some unzip tools find entries without the end record).
    Four bytes alone turn up in a large scan's compressed images by chance, so the header must also
    make sense: a known version and method, and a printable name."""
    fileobj.seek(0)
    offset, carry = 0, b""
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        data = carry + chunk
        at = data.find(ZIP_ENTRY)
        while at != -1:
            if _is_zip_entry(fileobj, offset - len(carry) + at):
                return True
            at = data.find(ZIP_ENTRY, at + 1)
        offset += len(chunk)
        carry = data[-3:]
        fileobj.seek(offset)
    return False


def _is_zip_entry(fileobj, position: int) -> bool:
    fileobj.seek(position)
    header = fileobj.read(30)
    if len(header) < 30:
        return False
    version, _flags, method = struct.unpack("<3H", header[4:10])
    name_length = struct.unpack("<H", header[26:28])[0]
    if not (10 <= version <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024):
        return False
    entry_name = fileobj.read(name_length)
    return len(entry_name) == name_length and all(32 <= byte < 127 or byte >= 128 for byte in entry_name)
