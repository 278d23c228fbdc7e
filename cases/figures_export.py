"""The numbers of a case as an XLSX workbook: every claim's numbers the reader sees, one row per number,
the applicant's beside the KPU's, exactly as the case's numbers page shows them
(cases.selectors.case_figure_table): the KPU's number from the official results store with its source,
version and times where the store has the figure, else the one typed on the claim, else empty and
marked unknown (never 0); the number typed on the claim stays in its own column.

Rows come from the scoped selector only (the claims the reader sees, the locations in their reach, the
official figures in their reach); every cell goes through core.spreadsheets' guard.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.choices import KpuOrigin
from cases.deadlines import zone_for
from core.dates import format_moment
from core.spreadsheets import xlsx_tempfile
from results.choices import Source


def _local(value):
    """openpyxl cannot write aware datetimes: the office's local time, without the zone."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def columns() -> list[str]:
    return [
        _("Claim (dalil)"),
        _("Location code"),
        _("Location"),
        _("Ballot number"),
        _("What is counted"),
        _("Applicant's number"),
        _("KPU's number"),
        _("KPU's number from"),
        _("Official source"),
        _("Official version"),
        _("Time of the figures at the source"),
        _("Imported at"),
        _("KPU's number typed on the claim"),
        _("Difference (applicant - KPU)"),
    ]


def number_row(claim, row) -> list:
    """One side-by-side row (cases.figures.FigureRow) as export values; an unknown number stays empty."""
    store = row.store
    return [
        claim.number,
        row.region.code,
        row.region.name,
        row.participant.ballot_number if row.participant else None,
        row.participant.name if row.participant else row.metric_label,
        row.applicant,
        row.official,
        KpuOrigin(row.origin).label,
        Source(store.source).label if store else None,
        store.version if store else None,
        _local(store.recorded_at) if store else None,
        _local(store.imported_at) if store else None,
        row.typed,
        row.difference,
    ]


def case_numbers_xlsx(case, parts):
    """`parts`: cases.selectors.case_figure_table(user=..., case=case). Returns an open temporary file."""
    with timezone.override(zone_for(case.respondent_office_id)):
        caption = [_("Case"), case.register_number, _("Applicant"), case.applicant.name]
        caption += [_("Contest"), str(case.contest)]
        rows = [
            [_("Exported at"), format_moment(timezone.now())],
            [
                _(
                    "The KPU's number is the official results store's figure where it has one (with its source, "
                    "version and time), else the number typed on the claim; empty where neither exists: unknown, not 0."
                )
            ],
            [],
            columns(),
        ]
        for part in parts:
            rows += [number_row(part.claim, row) for _region, location in part.locations for row in location]
        return xlsx_tempfile(_("Numbers"), caption, rows)
