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
from cases.choices import ClaimStatus
from cases.models import Case, Citation, Claim, ClaimFigure, Exhibit
from cases.official import with_official
from cases.selectors import claim_queryset
from dossiers import wording
from dossiers.pdf import Section
from dossiers.selectors import can_export
from elections.choices import Stage
from inventory.models import Evidence
from inventory.selectors import problem_list
from regions import tree
from regions.models import Region

CSS_PATH = Path(__file__).resolve().parent / "pdf.css"
# Sections are cut so each takes a few seconds to lay out: enough to share out over the processes,
# few enough that starting a process (about half a second) stays small beside the layout.
CLAIM_WEIGHT_PER_SECTION = 100  # a claim weighs 2 + its table rows / 10
EXHIBITS_PER_SECTION = 600
COVERS_PER_SECTION = 100
FILES_PER_MANIFEST_SECTION = 150
MANIFEST_EDGE = 12  # files on the manifest's first and last sections, when it is long (manifest_sections)
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
    # For the bundle: per exhibit, its cover page and its evidence, in label order; the covers are
    # rendered once the pages of the evidence are known (`covers(pages by evidence id)`).
    exhibits: list = field(default_factory=list)
    covers: object = None


def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def render_section(template: str, context: dict) -> str:
    with translation.override("id"):
        return render_to_string(f"dossiers/pdf/{template}", {"css": css(), **context})


def subject_q(job, lookup: str = "region__code") -> Q:
    """Only what lies inside the job's subject region (everything for a national subject)."""
    return tree.subtree_q(job.region_id, lookup)


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
    return wording.office_name(case.respondent_office)


@dataclass
class CounselRow:
    """One counsel as the filing names them: by name, as Advokat or Jaksa Pengacara Negara."""

    name: str
    kind: str  # Advokat, Jaksa Pengacara Negara
    substitute: bool


def filing_context(case: Case) -> dict:
    """What every filing of the case shows: the letterhead, place and date, the Termohon by its chair,
    its counsel and their powers of attorney, and the signature block. A missing value is a visible
    blank to fill by hand, never invented."""
    office = office_name(case)
    counsel = [
        CounselRow(c.name, wording.COUNSEL_KIND.get(c.kind, "Advokat"), c.substitute)
        for c in case.counsel.order_by("position", "id")
    ]
    if case.answer_place or case.answer_date:
        place_date = f"{case.answer_place.strip() or wording.BLANK}, {wording.tanggal(case.answer_date)}"
    else:
        place_date = wording.BLANK_PLACE_DATE
    substitutes = [c for c in counsel if c.substitute]
    return {
        "office": office,
        "kop": {"name": office.upper(), "address": case.respondent_address.strip()},
        "place_date": place_date,
        "chair": case.respondent_chair.strip(),
        "counsel": counsel,
        "principal": [c for c in counsel if not c.substitute],
        "substitutes": substitutes,
        "substitution": bool(case.substitution_number or case.substitution_date or substitutes),
        "contest_name": wording.contest_name(case.contest),
        "decree": {
            "number": case.result_decree_number.strip(),
            "title": wording.clause(case.result_decree_title),
            "date": wording.tanggal(case.result_decree_at),
        },
    }


def uraian(exhibit: Exhibit) -> str:
    """The exhibit as the Daftar Alat Bukti describes it: its description with its own number and date,
    `Keputusan KPU Kabupaten Solok Nomor 1234 Tahun 2024 tentang ..., tanggal 6 Desember 2024`."""
    text = wording.clause(exhibit.description)
    number = exhibit.document_number.strip()
    if number and number not in text:
        head, sep, tail = text.partition(" tentang ")
        text = f"{head} Nomor {number}{sep}{tail}" if sep else f"{text}, Nomor {number}"
    if exhibit.document_date:
        text += f", tanggal {wording.tanggal(exhibit.document_date)}"
    return text


def mark_exhibits(exhibits: list[Exhibit]) -> None:
    """The columns of the Daftar Alat Bukti on each exhibit: uraian, keterangan and kind of evidence."""
    for exhibit in exhibits:
        exhibit.uraian = uraian(exhibit)
        exhibit.keterangan = wording.PRESENTED_AS.get(exhibit.presented_as, wording.BLANK)
        exhibit.jenis = wording.EXHIBIT_KIND.get(exhibit.kind, "")


def _region_names(codes: set[str]) -> dict[str, Region]:
    """Each code and its ancestors, in one query: the table groups rows under them."""
    wanted = {node for code in codes for node in tree.lineage(code)}
    return {r.code: r for r in Region.objects.filter(code__in=wanted)}


@dataclass
class TableGroup:
    heading: list  # the ancestor regions below the office, e.g. [kecamatan, desa]
    rows: list


def figure_groups(figures: list[ClaimFigure], regions: dict[str, Region], office_code: str | None) -> list[TableGroup]:
    """Rows grouped by the place above the row's location (province → regency → kecamatan → village),
    in code order, so a reader follows the table down the hierarchy."""
    depth = tree.depth(office_code) if office_code else 0
    groups = []
    figures = sorted(figures, key=lambda f: (f.region_id, f.metric != "votes", f.metric, f.participant_id or 0))
    for parent, rows in groupby(figures, key=lambda f: tree.parent(f.region_id) or ""):
        above = tree.lineage(parent)[depth:] if parent else []
        heading = [regions[code] for code in above if code in regions]
        groups.append(TableGroup(heading, list(rows)))
    return groups


def filing_window(deadline) -> tuple[str, str]:
    """(legal basis, the window in its words) of the filing deadline, from the rule's own legal basis
    (`DeadlineRule.source`, "<article>: <what it says>"); the words follow the rule's unit when the basis
    does not spell them out."""
    if deadline is None:
        return wording.BLANK, wording.BLANK
    basis, _sep, words = deadline.source.partition(": ")
    if words.strip():
        return wording.clause(basis), wording.clause(words)
    n = deadline.amount
    if deadline.unit == "hours" and n % 24 == 0:
        days = n // 24
        words = (
            f"paling lama {days} × 24 ({wording.terbilang(days)} kali dua puluh empat) jam sejak diumumkan "
            "penetapan perolehan suara hasil pemilihan umum secara nasional oleh Termohon"
        )
    elif deadline.unit == "hours":
        words = f"paling lama {n} ({wording.terbilang(n)}) jam sejak diumumkan penetapan perolehan suara oleh Termohon"
    elif deadline.unit == "days":
        words = (
            f"paling lama {n} ({wording.terbilang(n)}) hari setelah penetapan perolehan suara hasil pemilihan "
            "umum oleh Termohon"
        )
    else:
        words = (
            f"paling lambat {n} ({wording.terbilang(n)}) hari kerja terhitung sejak Termohon mengumumkan "
            "penetapan perolehan suara hasil pemilihan"
        )
    return wording.clause(basis) or wording.BLANK, words


def _standing_context(case: Case, standing) -> dict:
    if standing is None:
        return {"standing": None}
    region = case.contest.region
    return {
        "standing": standing,
        "standing_region": region.name if region else "",
        "standing_percent": wording.desimal(standing.threshold_percent),
        "standing_exact": wording.desimal(standing.max_gap),
        "standing_rounded": standing.max_gap != standing.max_gap_votes,
    }


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
    # The KPU's numbers from the official store where it has them, as the requester may read them.
    with_official([f for claim in claims for f in claim.figures.all()], user=job.requested_by, contest=case.contest_id)
    codes = {f.region_id for claim in claims for f in claim.figures.all()}
    regions = _region_names(codes)
    office_code = case.respondent_office_id
    with translation.override("id"):
        standing = standing_check_for_case(case)
        filing = deadlines.filing_deadline(case)
        kind_label = case.get_kind_display()
    basis, window = filing_window(filing)
    common = {
        **_common(job, draft=draft),
        **filing_context(case),
        "case": case,
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
                    **_standing_context(case, standing),
                    "filing": filing,
                    "late": filing.late if filing else None,
                    "filing_basis": basis,
                    "filing_window": window,
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
    sections.append(Section("petitum", render_section("brief_petitum.html", common)))
    files = exhibit_files(exhibits)
    return Plan(
        title=f"Jawaban Termohon atas Permohonan Nomor {case.register_number}",
        header=common["header"],
        sections=sections,
        files=files,
        draft=draft,
        front=lambda toc, front_pages: render_section("brief_front.html", {**common, "toc": toc}),
    )


def exhibit_list_plan(job) -> Plan:
    case = case_for(job)
    claims = list(Claim.objects.visible_to(job.requested_by).filter(case=case).only("pk", "status"))
    exhibits = case_exhibits(job, case)
    mark_exhibits(exhibits)
    draft = is_draft(case, claims)
    header = f"Daftar Alat Bukti Termohon · Perkara Nomor {case.register_number}"
    common = {**_common(job, draft=draft), **filing_context(case), "case": case, "header": header}
    chunks = _chunks(exhibits, EXHIBITS_PER_SECTION)
    sections = [
        Section(
            f"exhibits-{index}",
            render_section(
                "exhibit_list.html",
                {
                    **common,
                    "exhibits": chunk,
                    "first": index == 0,
                    "last": index == len(chunks) - 1,
                    "offset": index * EXHIBITS_PER_SECTION,
                },
            ),
        )
        for index, chunk in enumerate(chunks)
    ]
    return Plan(
        title=f"Daftar Alat Bukti Termohon Perkara Nomor {case.register_number}",
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
    """The exhibits with their files, each behind a cover page. The covers give each exhibit's identity
    and page counts, so they are laid out once the files are on pages (`Plan.covers`)."""
    case = case_for(job)
    claims = list(Claim.objects.visible_to(job.requested_by).filter(case=case).only("pk", "status"))
    exhibits = case_exhibits(job, case)
    mark_exhibits(exhibits)
    draft = is_draft(case, claims)
    header = f"Bundel Bukti Termohon · Perkara Nomor {case.register_number}"
    common = {**_common(job, draft=draft), "case": case, "office": office_name(case), "header": header}
    for exhibit in exhibits:
        for evidence in exhibit.evidence.all():
            evidence.printable = printable(evidence)

    def covers(pages: dict[int, int]) -> list[Section]:
        """One cover page per exhibit (laid out together, in sections, then interleaved); `pages`: the
        pages of each printable evidence file in the bundle."""
        for exhibit in exhibits:
            files = list(exhibit.evidence.all())
            for evidence in files:
                evidence.pages = pages.get(evidence.pk) if evidence.printable else None
            exhibit.pages = sum(e.pages or 0 for e in files)
        return [
            Section(f"covers-{index}", render_section("bundle_covers.html", {**common, "exhibits": chunk}))
            for index, chunk in enumerate(_chunks(exhibits, COVERS_PER_SECTION))
        ]

    return Plan(
        title=f"Bundel Bukti Termohon Perkara Nomor {case.register_number}",
        header=header,
        sections=[],
        files=exhibit_files(exhibits),
        draft=draft,
        exhibits=exhibits,
        covers=covers,
    )


# --- the inventory report ----------------------------------------------------------------------------


INVENTORY_FILTERS = ("stage", "category", "status", "risk", "contest", "verified_evidence", "assignee", "q")


def inventory_plan(job) -> Plan:
    user = job.requested_by
    if not can_export(user, job.region_id):
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


def manifest_sections(job, plan: Plan, document: dict) -> list[Section]:
    """The manifest annex (its own PDF, for the office; never bound into what is filed): the document it
    belongs to with the PDF's own SHA-256, and every evidence file the document contains or refers to
    with its hash. Cut into sections like the rest so a long one is laid out in parallel too.
    `document`: the sha256, size and pages of the document's PDF.

    Its first section names the document (its hash), its last the job and the time: both differ on every
    render. A long manifest keeps them short (MANIFEST_EDGE files each), so the chunks between them are the
    same from one render to the next and come from the layout cache (dossiers/cache.py)."""
    common = {
        **_common(job, draft=plan.draft),
        "header": f"Manifes berkas · {plan.title}",
        "title": plan.title,
        "document": document,
        "version": settings.SOFTWARE_VERSION,
    }
    files = plan.files
    if len(files) > FILES_PER_MANIFEST_SECTION + 2 * MANIFEST_EDGE:
        chunks = [files[:MANIFEST_EDGE], *_chunks(files[MANIFEST_EDGE:-MANIFEST_EDGE], FILES_PER_MANIFEST_SECTION)]
        chunks.append(files[-MANIFEST_EDGE:])
    else:
        chunks = _chunks(files, FILES_PER_MANIFEST_SECTION)
    offsets = [sum(len(chunk) for chunk in chunks[:index]) for index in range(len(chunks))]
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
                    "offset": offsets[index],
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
