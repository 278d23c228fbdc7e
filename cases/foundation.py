"""The foundation exhibits (bukti pokok): what every answer of the Termohon files first in its Daftar Alat
Bukti, whatever the claims: the result decree the petition asks the court to annul, the recapitulation
(Model D.Hasil) at the level of the office that issued it, and the minutes (berita acara) of that
recapitulation. The court reads the dispute against them, so a missing one is a hole in the answer.

Pure functions over a case and its exhibits (`foundation_checklist`); the selector
`cases.selectors.case_foundation` feeds them from the database. The suggested descriptions are filing
text (Indonesian, as the Daftar Alat Bukti prints them), built from what the case records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.choices import PILKADA_KINDS, CaseKind, ExhibitKind, FoundationExhibit
from cases.deadlines import to_zone
from regions import tree
from regions.choices import Level

# The level whose recapitulation and decree the dispute is about, per case kind: a regent's or mayor's
# election is decided by the KPU Kabupaten/Kota, a governor's by the KPU Provinsi, the general
# election by the KPU RI (the national result decree, e.g. Keputusan KPU Nomor 360 Tahun 2024).
REGENCY, PROVINCE, NATIONAL = "regency", "province", "national"
LEVEL = {
    CaseKind.PHP_BUPATI: REGENCY,
    CaseKind.PHP_WALIKOTA: REGENCY,
    CaseKind.PHP_GUBERNUR: PROVINCE,
    CaseKind.PHPU_PRESIDEN: NATIONAL,
    CaseKind.PHPU_DPR_DPRD: NATIONAL,
    CaseKind.PHPU_DPD: NATIONAL,
}
RECAP_FORM = {
    REGENCY: "Model D.Hasil Kabupaten/Kota",
    PROVINCE: "Model D.Hasil Provinsi",
    NATIONAL: "Model D.Hasil Nasional",
}
RECAP_LEVEL = {REGENCY: "Kabupaten/Kota", PROVINCE: "Provinsi", NATIONAL: "Nasional"}
# The suffix of the Pilkada forms (Kepala daerah dan Wakil Kepala daerah); the Pemilu forms name their
# contest (PWP, DPR, DPD ...) and a Pemilu answer lists the ones its claims are about.
PILKADA_SUFFIX = "-KWK"
ELECTION_TITLE = {
    CaseKind.PHP_BUPATI: "Pemilihan Bupati dan Wakil Bupati",
    CaseKind.PHP_WALIKOTA: "Pemilihan Walikota dan Wakil Walikota",
    CaseKind.PHP_GUBERNUR: "Pemilihan Gubernur dan Wakil Gubernur",
    CaseKind.PHPU_PRESIDEN: "Pemilihan Umum Presiden dan Wakil Presiden",
    CaseKind.PHPU_DPR_DPRD: "Pemilihan Umum Anggota DPR, DPD, DPRD Provinsi dan DPRD Kabupaten/Kota",
    CaseKind.PHPU_DPD: "Pemilihan Umum Anggota DPR, DPD, DPRD Provinsi dan DPRD Kabupaten/Kota",
}
ORDER = [FoundationExhibit.RESULT_DECREE, FoundationExhibit.RECAPITULATION, FoundationExhibit.RECAP_MINUTES]


@dataclass
class FoundationItem:
    """One foundation exhibit the case needs: its role, what the Daftar Alat Bukti would call it, and the
    exhibits that fill it (labels T-n), if any."""

    role: str
    label: str
    suggestion: str
    document_number: str = ""
    document_date: object = None
    exhibits: list = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.exhibits)

    @property
    def labels(self) -> list[str]:
        return [e.label for e in self.exhibits]

    def as_dict(self) -> dict:
        return {
            "foundation": self.role,
            "label": str(self.label),
            "present": self.present,
            "exhibits": self.labels,
            "suggestion": self.suggestion,
        }


def body_name(office) -> str:
    """The issuing body as the decree names itself: Komisi Pemilihan Umum Kabupaten Solok; in Aceh the
    Komisi Independen Pemilihan (KIP); the KPU RI without a region."""
    if office is None:
        return "Komisi Pemilihan Umum"
    body = "Komisi Independen Pemilihan" if tree.truncate(str(office.code), 1) == "11" else "Komisi Pemilihan Umum"
    name = f"Provinsi {office.name}" if office.level == Level.PROVINCE else office.name
    return f"{body} {name}"


def _region_short(office) -> str:
    """Kabupaten Solok -> Solok, as a regional election's title names its region."""
    if office is None:
        return ""
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if office.name.startswith(prefix):
            return office.name[len(prefix) :]
    return office.name


def _year(case) -> str:
    contest = getattr(case, "contest", None)
    election = getattr(contest, "election", None) if contest is not None else None
    voting = getattr(election, "voting_date", None)
    return str(voting.year) if voting else ""


def decree_title(case) -> str:
    """The decree's official title: the one recorded on the case, else the usual one for its kind."""
    if case.result_decree_title:
        return case.result_decree_title
    title = ELECTION_TITLE.get(case.kind, "")
    office = case.respondent_office if case.respondent_office_id else None
    if case.kind in PILKADA_KINDS and office is not None:
        title = f"{title} {_region_short(office)}"
    year = _year(case)
    return f"Penetapan Hasil {title}{f' Tahun {year}' if year else ''}"


def suggestions(case) -> dict[str, str]:
    """The description (uraian) each foundation exhibit would have in the Daftar Alat Bukti."""
    office = case.respondent_office if case.respondent_office_id else None
    level = LEVEL.get(case.kind, NATIONAL)
    body = body_name(office if level != NATIONAL else None)
    number = (case.result_decree_number or "").strip()
    decree = f"Keputusan {body}{f' Nomor {number}' if number else ''} tentang {decree_title(case)}"
    suffix = PILKADA_SUFFIX if case.kind in PILKADA_KINDS else ""
    where = f" {office.name}" if office is not None and level != NATIONAL else ""
    recap = (
        f"{RECAP_FORM[level]}{suffix}: Sertifikat Rekapitulasi Hasil Penghitungan Perolehan Suara di Tingkat "
        f"{RECAP_LEVEL[level]}{where}"
    )
    minutes = (
        f"Berita Acara Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Perolehan Suara di Tingkat "
        f"{RECAP_LEVEL[level]}{where}"
    )
    return {
        FoundationExhibit.RESULT_DECREE: decree,
        FoundationExhibit.RECAPITULATION: recap,
        FoundationExhibit.RECAP_MINUTES: minutes,
    }


def foundation_checklist(case, exhibits) -> list[FoundationItem]:
    """Per foundation role, in the order the Daftar Alat Bukti lists them: what the case needs and which
    of `exhibits` (any iterable of exhibits of the case) fill it."""
    texts = suggestions(case)
    items = []
    for role in ORDER:
        item = FoundationItem(role=role, label=FoundationExhibit(role).label, suggestion=texts[role])
        if role == FoundationExhibit.RESULT_DECREE:
            item.document_number = (case.result_decree_number or "").strip()
            local = to_zone(case.result_decree_at, case.respondent_office_id)
            item.document_date = local.date() if local else None
        items.append(item)
    by_role = {item.role: item for item in items}
    for exhibit in sorted(exhibits, key=lambda e: e.sequence):
        if exhibit.foundation in by_role:
            by_role[exhibit.foundation].exhibits.append(exhibit)
    return items


def missing(checklist: list[FoundationItem]) -> list[FoundationItem]:
    return [item for item in checklist if not item.present]


def out_of_place(checklist: list[FoundationItem], exhibits) -> bool:
    """Whether an exhibit that is not a foundation one comes before a foundation exhibit: the foundation
    exhibits come first in the Daftar Alat Bukti (T-1, T-2, T-3 ...)."""
    foundation = [e.sequence for item in checklist for e in item.exhibits]
    if not foundation:
        return False
    last = max(foundation)
    return any(not e.foundation and e.sequence < last for e in exhibits)


@dataclass(frozen=True)
class ExhibitGap:
    """An exhibit the Daftar Alat Bukti cannot describe fully yet: no keterangan (what is handed in:
    original, copy ...), or a document without its own number and date."""

    exhibit: object
    no_keterangan: bool
    no_identity: bool


def exhibit_gaps(exhibits) -> list[ExhibitGap]:
    """The exhibits lacking keterangan, or (documents) their number or date, in label order. Witnesses
    and experts are people: neither applies to them."""
    gaps = []
    for exhibit in sorted(exhibits, key=lambda e: e.sequence):
        if exhibit.kind in (ExhibitKind.WITNESS, ExhibitKind.EXPERT):
            continue
        no_keterangan = not exhibit.presented_as
        no_identity = exhibit.kind == ExhibitKind.DOCUMENT and not (exhibit.document_number and exhibit.document_date)
        if no_keterangan or no_identity:
            gaps.append(ExhibitGap(exhibit=exhibit, no_keterangan=no_keterangan, no_identity=no_identity))
    return gaps
