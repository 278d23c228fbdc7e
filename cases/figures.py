"""One row of the side-by-side numbers (the applicant's number against the KPU's), as the claim page,
the case's numbers page, the API (claims/{id}/figures/) and the numbers export all show it.

The rows are built by cases.selectors.claim_numbers and case_figure_table from the claim's numbers with
the KPU's number read from the official results store (cases.official.with_official): each row knows
where its KPU number comes from (`origin`: the store, with its source, version and time; typed on the
claim; or unknown) so that no reader ever shows an unknown number as zero.
"""

from dataclasses import dataclass, field

from cases.choices import KpuOrigin
from cases.consistency import Finding, Rule
from cases.models import ClaimFigure
from cases.official import conflicts


@dataclass
class FigureRow:
    """One line of the side-by-side table: the applicant's number against the KPU's."""

    region: object
    metric: str
    metric_label: str
    participant: object | None
    applicant: int | None
    official: int | None  # the KPU's number shown: the store's, else the one typed, else None (unknown)
    difference: int | None
    findings: list = field(default_factory=list)
    typed: int | None = None  # the KPU's number typed on the claim
    source_note: str = ""  # where the KPU's number comes from (or that it is unknown)
    conflict: bool = False  # typed and differing from the store's
    origin: str = KpuOrigin.UNKNOWN
    store: object | None = None  # results.selectors.Official: value, source, version, recorded_at, imported_at
    claim_id: int | None = None

    @property
    def flags(self) -> list[Finding]:
        """The findings shown beside the row; the difference itself is its own column."""
        return [f for f in self.findings if f.rule != Rule.DIFFERENCE]

    @property
    def unknown(self) -> bool:
        return self.origin == KpuOrigin.UNKNOWN


def figure_row(figure: ClaimFigure, findings: list[Finding]) -> FigureRow:
    """`figure` after `with_official`, with the findings about its number among `findings`."""
    key = (figure.region_id, figure.metric, figure.participant_id)
    return FigureRow(
        region=figure.region,
        metric=figure.metric,
        metric_label=figure.get_metric_display(),
        participant=figure.participant,
        applicant=figure.applicant_value,
        official=figure.official_value,
        difference=figure.difference,
        findings=[f for f in findings if (f.region, f.metric, f.participant) == key],
        typed=figure.typed,
        source_note=figure.source_note,
        conflict=conflicts(figure),
        origin=figure.origin,
        store=figure.store,
        claim_id=figure.claim_id,
    )


def by_location(rows: list[FigureRow]) -> list[tuple]:
    """Side-by-side rows grouped per location, in code order: [(region, rows)]."""
    grouped: dict[str, tuple] = {}
    for row in rows:
        grouped.setdefault(row.region.code, (row.region, []))[1].append(row)
    return [grouped[code] for code in sorted(grouped)]
