"""What goes into each dossier, read through the one scoping mechanism as the requester sees it and
cut to the job's subject region, and turned into section HTML (templates/dossiers/pdf/).

The legal documents are in formal Indonesian whatever the requester's interface language: every
section is rendered under translation.override("id").
"""

import math
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.choices import Action
from accounts.scoping import Reach, reach_of
from cases.choices import ClaimStatus
from cases.models import Case, Citation, Claim, ClaimFigure, Exhibit
from cases.selectors import claim_queryset
from dossiers.pdf import Section
from elections.choices import Stage
from inventory.models import Evidence
from inventory.selectors import problem_list
from regions.models import Region

CSS_PATH = Path(__file__).resolve().parent / "pdf.css"
# Sections are cut so each takes a few seconds to lay out: enough to share out over the processes,
# few enough that starting a process (about half a second) stays small beside the layout.
CLAIM_WEIGHT_PER_SECTION = 100  # a claim weighs 2 + its table rows / 10
EXHIBITS_PER_SECTION = 600
COVERS_PER_SECTION = 100
FILES_PER_MANIFEST_SECTION = 150
PROBLEMS_PER_SECTION = 300


class OutOfReach(Exception):
    """The requester can no longer see what the job is about."""


@dataclass
class IncludedFile:
    """One evidence file a dossier contains or refers to; the manifest lists them all."""

    evidence: Evidence
    labels: list[str] = field(default_factory=list)  # exhibit labels, or problem numbers

    def as_dict(self) -> dict:
        e = self.evidence
        return {
            "evidence_id": e.pk,
            "labels": self.labels,
            "name": e.original_name,
            "sha256": e.sha256,
            "size": e.size,
            "version": e.version,
            "mime_type": e.mime_type,
            "region": e.region_id,
        }


@dataclass
class Plan:
    """A dossier before layout: its sections, the evidence it includes, and how to present it."""

    title: str
    header: str
    sections: list[Section]
    files: list[IncludedFile]
    draft: bool = False
    # For the brief: the front matter (cover and contents) is laid out last, once pages are known.
    front: object = None
    # For the bundle: per exhibit, its cover page and its evidence, in label order.
    exhibits: list = field(default_factory=list)


def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def render_section(template: str, context: dict) -> str:
    with translation.override("id"):
        return render_to_string(f"dossiers/pdf/{template}", {"css": css(), **context})


def subject_q(job, lookup: str = "region__code") -> Q:
    """Only what lies inside the job's subject region (everything for a national subject)."""
    if job.region_id is None:
        return Q()
    return Reach(everything=False, prefixes=(job.region_id,)).q(lookup)


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _common(job, *, draft: bool = False) -> dict:
    return {
        "job": job,
        "draft": draft,
        "generated_at": timezone.localtime(),
        "requested_by": job.requested_by,
    }


# --- cases ------------------------------------------------------------------------------------------


def case_for(job) -> Case:
    case = (
        Case.objects.visible_to(job.requested_by, Action.EXPORT_DOSSIERS)
        .select_related(
            "contest__election", "contest__region", "contest__dapil", "applicant", "related_party", "respondent_office"
        )
        .filter(pk=job.case_id)
        .first()
    )
    if case is None:
        raise OutOfReach
    return case


def case_exhibits(job, case: Case) -> list[Exhibit]:
    """The case's exhibits in label order, with the evidence the requester may see inside the subject region."""
    evidence = Evidence.objects.visible_to(job.requested_by).filter(subject_q(job)).order_by("id")
    return list(
        Exhibit.objects.filter(case=case)
        .prefetch_related(
            Prefetch("evidence", queryset=evidence),
            Prefetch(
                "citations", queryset=Citation.objects.select_related("claim").order_by("claim__position", "claim_id")
            ),
        )
        .order_by("sequence")
    )


def exhibit_files(exhibits: list[Exhibit]) -> list[IncludedFile]:
    files: dict[int, IncludedFile] = {}
    for exhibit in exhibits:
        for evidence in exhibit.evidence.all():
            files.setdefault(evidence.pk, IncludedFile(evidence)).labels.append(exhibit.label)
    return list(files.values())


def is_draft(case: Case, claims: list[Claim]) -> bool:
    """DRAFT until the answer is filed or every claim's answer is final."""
    if case.answer_filed:
        return False
    return not claims or any(claim.status != ClaimStatus.FINAL for claim in claims)


def office_name(case: Case) -> str:
    office = case.respondent_office
    return f"Komisi Pemilihan Umum {office.name.title()}" if office else "Komisi Pemilihan Umum Republik Indonesia"


def _region_names(codes: set[str]) -> dict[str, Region]:
    """Each code and its ancestors, in one query: the table groups rows under them."""
    wanted = set()
    for code in codes:
        parts = code.split(".")
        wanted.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {r.code: r for r in Region.objects.filter(code__in=wanted)}


@dataclass
class TableGroup:
    heading: list  # the ancestor regions below the office, e.g. [kecamatan, desa]
    rows: list


def figure_groups(figures: list[ClaimFigure], regions: dict[str, Region], office_code: str | None) -> list[TableGroup]:
    """Rows grouped by the place above the row's location (province → regency → kecamatan → village),
    in code order, so a reader follows the table down the hierarchy."""
    depth = len(office_code.split(".")) if office_code else 0
    groups = []
    figures = sorted(figures, key=lambda f: (f.region_id, f.metric != "votes", f.metric, f.participant_id or 0))
    for parent, rows in groupby(figures, key=lambda f: f.region_id.rsplit(".", 1)[0] if "." in f.region_id else ""):
        parts = parent.split(".") if parent else []
        heading = [
            regions[".".join(parts[:i])] for i in range(depth + 1, len(parts) + 1) if ".".join(parts[:i]) in regions
        ]
        groups.append(TableGroup(heading, list(rows)))
    return groups


# The statutory basis of the filing deadline, per kind of case, as the brief cites it.
FILING_BASIS = {
    "phpu_dpr_dprd": "Pasal 474 ayat (2) Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
    "phpu_dpd": "Pasal 474 ayat (2) Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
    "phpu_presiden": "Pasal 475 ayat (1) Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum",
    "php_gubernur": "Pasal 157 ayat (5) Undang-Undang Nomor 10 Tahun 2016",
    "php_bupati": "Pasal 157 ayat (5) Undang-Undang Nomor 10 Tahun 2016",
    "php_walikota": "Pasal 157 ayat (5) Undang-Undang Nomor 10 Tahun 2016",
}
PERIOD = {"hours": "{n} × 24 jam", "days": "{n} hari", "working_days": "{n} hari kerja"}


def when(moment, region) -> str:
    """`12 Desember 2024 pukul 23.59 WIB`: the moment as the office reads it, in Indonesian."""
    from django.utils.formats import date_format

    from cases.deadlines import to_zone, zone_name_for

    if moment is None:
        return ""
    local = to_zone(moment, region)
    with translation.override("id"):
        return f"{date_format(local, 'j F Y')} pukul {local:%H.%M} {zone_name_for(region)}"


def filing_period(deadline) -> str:
    amount = deadline.amount // 24 if deadline.unit == "hours" and deadline.amount % 24 == 0 else deadline.amount
    unit = deadline.unit if deadline.unit != "hours" or deadline.amount % 24 == 0 else None
    return PERIOD[unit].format(n=amount) if unit else f"{deadline.amount} jam"


def brief_plan(job) -> Plan:
    from cases import deadlines
    from cases.standing import standing_check_for_case

    case = case_for(job)
    claims = list(
        claim_queryset(user=job.requested_by)
        .filter(case=case)
        .prefetch_related(
            "locations",
            Prefetch("citations", queryset=Citation.objects.select_related("exhibit").order_by("exhibit__sequence")),
            Prefetch("figures", queryset=ClaimFigure.objects.select_related("participant", "region")),
        )
    )
    exhibits = case_exhibits(job, case)
    draft = is_draft(case, claims)
    codes = {f.region_id for claim in claims for f in claim.figures.all()}
    regions = _region_names(codes)
    office_code = case.respondent_office_id
    with translation.override("id"):
        standing = standing_check_for_case(case)
        filing = deadlines.filing_deadline(case)
        late = filing.late if filing else None
        explanation = standing.explanation() if standing else ""
        kind_label = case.get_kind_display()
    common = {
        **_common(job, draft=draft),
        "case": case,
        "office": office_name(case),
        "kind_label": kind_label,
        "header": f"Jawaban Termohon · Perkara Nomor {case.register_number}",
    }
    sections = [
        Section(
            "eksepsi",
            render_section(
                "brief_eksepsi.html",
                {
                    **common,
                    "standing": standing,
                    "standing_text": explanation,
                    "filing": filing,
                    "late": late,
                    "filing_basis": FILING_BASIS.get(case.kind, ""),
                    "filing_period": filing_period(filing) if filing else "",
                    "decree_when": when(case.result_decree_at, case.respondent_office_id),
                    "due_when": when(filing.due_at, case.respondent_office_id) if filing else "",
                    "filed_when": when(case.petition_filed_at, case.respondent_office_id),
                    "registered_when": when(case.ebrpk_registered_at, case.respondent_office_id),
                },
            ),
        )
    ]
    # Claims in sections of similar weight (tables dominate the layout time).
    weighted = [(claim, 2 + len(claim.figures.all()) / 10) for claim in claims]
    total = sum(w for _, w in weighted)
    parts = max(1, math.ceil(total / CLAIM_WEIGHT_PER_SECTION))
    target = total / parts if parts else total
    chunk, weight, first = [], 0.0, True
    for claim, w in weighted:
        claim.groups = figure_groups(list(claim.figures.all()), regions, office_code)
        chunk.append(claim)
        weight += w
        if weight >= target:
            sections.append(
                Section(
                    f"claims-{len(sections)}",
                    render_section("brief_claims.html", {**common, "claims": chunk, "first": first}),
                )
            )
            chunk, weight, first = [], 0.0, False
    if chunk or first:
        sections.append(
            Section(
                f"claims-{len(sections)}",
                render_section("brief_claims.html", {**common, "claims": chunk, "first": first}),
            )
        )
    members = list(case.members.order_by("full_name", "username"))
    sections.append(Section("petitum", render_section("brief_petitum.html", {**common, "members": members})))
    files = exhibit_files(exhibits)
    return Plan(
        title=f"Jawaban Termohon {case.register_number}",
        header=common["header"],
        sections=sections,
        files=files,
        draft=draft,
        front=lambda toc, front_pages: render_section("brief_front.html", {**common, "toc": toc, "members": members}),
    )


def exhibit_list_plan(job) -> Plan:
    case = case_for(job)
    claims = list(Claim.objects.visible_to(job.requested_by).filter(case=case).only("pk", "status"))
    exhibits = case_exhibits(job, case)
    draft = is_draft(case, claims)
    header = f"Daftar Alat Bukti Termohon · Perkara Nomor {case.register_number}"
    common = {**_common(job, draft=draft), "case": case, "office": office_name(case), "header": header}
    sections = []
    for index, chunk in enumerate(_chunks(exhibits, EXHIBITS_PER_SECTION)):
        sections.append(
            Section(
                f"exhibits-{index}",
                render_section("exhibit_list.html", {**common, "exhibits": chunk, "first": index == 0}),
            )
        )
    return Plan(
        title=f"Daftar Alat Bukti {case.register_number}",
        header=header,
        sections=sections,
        files=exhibit_files(exhibits),
        draft=draft,
    )


def printable(evidence: Evidence) -> bool:
    """PDFs go into the bundle as they are, images on A4 pages; other files (video, spreadsheets) are
    listed on the exhibit's cover and handed in separately."""
    return evidence.mime_type == "application/pdf" or evidence.mime_type.startswith("image/")


def bundle_plan(job) -> Plan:
    case = case_for(job)
    claims = list(Claim.objects.visible_to(job.requested_by).filter(case=case).only("pk", "status"))
    exhibits = case_exhibits(job, case)
    draft = is_draft(case, claims)
    header = f"Bundel Bukti Termohon · Perkara Nomor {case.register_number}"
    common = {**_common(job, draft=draft), "case": case, "office": office_name(case), "header": header}
    for exhibit in exhibits:
        for evidence in exhibit.evidence.all():
            evidence.printable = printable(evidence)
    # One cover page per exhibit; the covers are laid out together (in sections) and interleaved.
    sections = []
    for index, chunk in enumerate(_chunks(exhibits, COVERS_PER_SECTION)):
        sections.append(Section(f"covers-{index}", render_section("bundle_covers.html", {**common, "exhibits": chunk})))
    return Plan(
        title=f"Bundel Bukti {case.register_number}",
        header=header,
        sections=sections,
        files=exhibit_files(exhibits),
        draft=draft,
        exhibits=exhibits,
    )


# --- the inventory report ----------------------------------------------------------------------------


INVENTORY_FILTERS = ("stage", "category", "status", "risk", "contest", "verified_evidence", "assignee", "q")


def inventory_plan(job) -> Plan:
    user = job.requested_by
    if job.region_id and not reach_of(user, Action.EXPORT_DOSSIERS).contains(job.region_id):
        raise OutOfReach
    if job.region_id is None and not reach_of(user, Action.EXPORT_DOSSIERS).everything:
        raise OutOfReach
    filters = {k: v for k, v in (job.params.get("filters") or {}).items() if k in INVENTORY_FILTERS}
    if job.region_id:
        filters["region"] = job.region_id
    current = Evidence.objects.visible_to(user).filter(subject_q(job)).current().order_by("id")
    problems = list(
        problem_list(user=user, filters=filters)
        .order_by("region_id", "occurred_at", "id")
        .prefetch_related(Prefetch("evidence", queryset=current))
    )
    region = Region.objects.filter(code=job.region_id).first() if job.region_id else None
    place = region.name.title() if region else "Nasional"
    header = f"Daftar Inventarisasi Masalah · {place}"
    common = {**_common(job), "region": region, "place": place, "filters": filters, "header": header}
    order = {stage: i for i, stage in enumerate(Stage.values)}
    problems.sort(key=lambda p: (order.get(p.stage, 99), p.region_id, p.occurred_at or p.created_at, p.pk))
    sections = []
    first = True
    with translation.override("id"):
        stage_labels = dict(Stage.choices)
        stage_labels = {k: str(v) for k, v in stage_labels.items()}
    for stage, rows in groupby(problems, key=lambda p: p.stage):
        rows = list(rows)
        for index, chunk in enumerate(_chunks(rows, PROBLEMS_PER_SECTION)):
            sections.append(
                Section(
                    f"inventory-{stage}-{index}",
                    render_section(
                        "inventory.html",
                        {
                            **common,
                            "stage_label": stage_labels.get(stage, stage),
                            "problems": chunk,
                            "first": first,
                            "continued": index > 0,
                        },
                    ),
                )
            )
            first = False
    if not sections:
        sections.append(
            Section("inventory-empty", render_section("inventory.html", {**common, "problems": [], "first": True}))
        )
    files: dict[int, IncludedFile] = {}
    for problem in problems:
        for evidence in problem.evidence.all():
            files.setdefault(evidence.pk, IncludedFile(evidence)).labels.append(f"#{problem.pk}")
    return Plan(
        title=f"Daftar Inventarisasi Masalah {place}",
        header=header,
        sections=sections,
        files=list(files.values()),
    )


def manifest_sections(job, plan: Plan) -> list[Section]:
    """The manifest, cut into sections like the rest so a long one is laid out in parallel too."""
    from phpu import __version__

    common = {**_common(job, draft=plan.draft), "header": plan.header, "version": __version__}
    chunks = _chunks(plan.files, FILES_PER_MANIFEST_SECTION)
    return [
        Section(
            f"manifest-{index}",
            render_section(
                "manifest.html",
                {
                    **common,
                    "files": chunk,
                    "first": index == 0,
                    "last": index == len(chunks) - 1,
                    "offset": index * FILES_PER_MANIFEST_SECTION,
                },
            ),
        )
        for index, chunk in enumerate(chunks)
    ]


PLANS = {
    "brief": brief_plan,
    "exhibit_list": exhibit_list_plan,
    "bundle": bundle_plan,
    "inventory": inventory_plan,
}


def variant(job) -> str | None:
    return settings.DOSSIER_PDF_A_VARIANT if job.params.get("pdf_a") else None
