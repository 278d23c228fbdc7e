"""How the filings write things: dates, times and numbers in Indonesian, the office's name, blanks to fill
by hand where a value is missing, and sentences that end with exactly one period.

Fixed Indonesian (not gettext): a filing with the MK is in Indonesian whatever the interface language.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import translation
from django.utils.dates import MONTHS, WEEKDAYS

from cases.choices import CounselKind, ExhibitKind, PresentedAs
from regions import tree

# A visible blank to fill by hand (ellipsis characters, so never read as a double period).
BLANK = "……………"
BLANK_DATE = "…… ……………… 20……"
BLANK_PLACE_DATE = f"……………, {BLANK_DATE}"

ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

COUNSEL_KIND = {CounselKind.ADVOCATE: "Advokat", CounselKind.STATE_ATTORNEY: "Jaksa Pengacara Negara"}
PRESENTED_AS = {
    PresentedAs.ORIGINAL: "Asli",
    PresentedAs.TRUE_COPY: "Fotokopi sesuai dengan asli",
    PresentedAs.COPY_OF_COPY: "Fotokopi dari fotokopi",
    PresentedAs.CERTIFIED: "Fotokopi dilegalisir",
}
# Alat bukti by kind, as the MK's procedural regulations (PMK) name them: documents are "surat atau
# tulisan"; photos, videos and recordings are "alat bukti lain".
EXHIBIT_KIND = {
    ExhibitKind.DOCUMENT: "Surat atau tulisan",
    ExhibitKind.WITNESS: "Keterangan saksi",
    ExhibitKind.EXPERT: "Keterangan ahli",
    ExhibitKind.OTHER: "Alat bukti lain",
}


def _wib(moment: datetime) -> datetime:
    from cases.deadlines import WIB

    return moment.astimezone(WIB)


def tanggal(value: date | datetime | None) -> str:
    """`6 Desember 2024` (a datetime by its day in WIB, the MK's clock); a blank when unknown."""
    if value is None:
        return BLANK_DATE
    if isinstance(value, datetime):
        value = _wib(value).date()
    with translation.override("id"):
        return f"{value.day} {MONTHS[value.month]} {value.year}"


def hari_tanggal(value: date | datetime) -> str:
    """`Selasa, 10 Desember 2024`."""
    day = _wib(value).date() if isinstance(value, datetime) else value
    with translation.override("id"):
        return f"{WEEKDAYS[day.weekday()]}, {tanggal(day)}"


def waktu_wib(moment: datetime | None) -> str:
    """`hari Selasa, 10 Desember 2024 pukul 24.00 WIB`: the end of a day (23:59:59 WIB) is written as the
    MK writes it, 24.00 of that day; any other moment keeps its minute. A blank when unknown."""
    if moment is None:
        return f"hari {BLANK}, {BLANK_DATE} pukul …….…… WIB"
    local = _wib(moment)
    clock = "24.00" if local.time() >= time(23, 59, 59) else f"{local:%H.%M}"
    return f"hari {hari_tanggal(local)} pukul {clock} WIB"


def terbilang(n: int) -> str:
    """The number in words, as filings write small numbers out: 3 → `tiga`, 14 → `empat belas`."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    if n < 10:
        return ONES[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{ONES[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{ONES[tens]} puluh" + (f" {ONES[rest]}" if rest else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{ONES[hundreds]} ratus" + (f" {terbilang(rest)}" if rest else "")
    return ribuan(n)


def ribuan(value: int | None) -> str:
    """`2.862`: the Indonesian thousands separator."""
    if value is None:
        return BLANK
    return f"{value:,}".replace(",", ".")


def desimal(value: Decimal) -> str:
    """`1,5`, `2.861,66`: a decimal as Indonesian writes it (no needless trailing zeros)."""
    text = format(Decimal(value).normalize(), ",f")
    return text.translate(str.maketrans(",.", ".,"))


def or_blank(value) -> str:
    text = str(value).strip() if value is not None else ""
    return text or BLANK


def sentence(text: str, end: str = ".") -> str:
    """The text ending with exactly one period (or `end`: `;` keeps an abbreviation's own period, as in
    `S.H., M.H.;`), whatever the person who typed it ended it with; a blank when empty."""
    text = (text or "").strip()
    strip = ".,;:" if end == "." else ",;:"
    while text and text[-1] in strip:
        text = text[:-1].rstrip()
    return (text or BLANK) + end


def clause(text: str) -> str:
    """The text without a final period, comma or semicolon, to be continued in the same sentence."""
    text = (text or "").strip()
    while text and text[-1] in ".,;:":
        text = text[:-1].rstrip()
    return text


def office_name(region) -> str:
    """The Termohon office by its name: `Komisi Pemilihan Umum Kabupaten Solok`, `Komisi Pemilihan Umum
    Provinsi Sumatera Barat`; in Aceh the Komisi Independen Pemilihan (KIP); no office: KPU RI."""
    if region is None:
        return "Komisi Pemilihan Umum Republik Indonesia"
    from regions.choices import Level

    body = "Komisi Independen Pemilihan" if tree.truncate(region.code, 1) == "11" else "Komisi Pemilihan Umum"
    name = region.name.title() if region.name.isupper() else region.name
    if region.level == Level.PROVINCE and not name.lower().startswith("provinsi"):
        # Aceh's provincial commission is "Komisi Independen Pemilihan Aceh".
        return f"{body} {name}" if body.startswith("Komisi Independen") else f"{body} Provinsi {name}"
    return f"{body} {name}"


def contest_name(contest) -> str:
    """The election as filings name it: `Pemilihan Bupati dan Wakil Bupati Solok Tahun 2024`."""
    if contest is None:
        return BLANK
    year = contest.election.voting_date.year if contest.election_id else ""
    region = contest.region.name if contest.region_id else ""
    place = region
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if place.startswith(prefix):
            place = place[len(prefix) :]
    dapil = f" Daerah Pemilihan {contest.dapil.name}" if contest.dapil_id else ""
    names = {
        "ppwp": "Pemilihan Umum Presiden dan Wakil Presiden",
        "dpr": f"Pemilihan Umum Anggota Dewan Perwakilan Rakyat{dapil}",
        "dpd": f"Pemilihan Umum Anggota Dewan Perwakilan Daerah {region}".rstrip(),
        "dprd_prov": f"Pemilihan Umum Anggota Dewan Perwakilan Rakyat Daerah Provinsi {region}{dapil}",
        "dprd_kabko": f"Pemilihan Umum Anggota Dewan Perwakilan Rakyat Daerah {region}{dapil}",
        "gubernur": f"Pemilihan Gubernur dan Wakil Gubernur {place}",
        "bupati": f"Pemilihan Bupati dan Wakil Bupati {place}",
        "walikota": f"Pemilihan Walikota dan Wakil Walikota {place}",
    }
    name = names.get(contest.contest_type, str(contest))
    return f"{name} Tahun {year}" if year else name
