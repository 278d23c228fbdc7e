"""The team roster and the activity list as XLSX workbooks (openpyxl in write-only mode, to a temporary
file). The rows come from querysets the views scoped with `visible_to`; nothing here widens them."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import XLSX_MIME, xlsx_tempfile
from teams.choices import POSITION_ORDER

__all__ = ["XLSX_MIME", "activity_xlsx", "roster_xlsx"]


def _local(value):
    """openpyxl cannot write aware datetimes: the office's local time, without the zone."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def roster_columns() -> list[str]:
    return [
        _("No."),
        _("Name"),
        _("Position"),
        _("Division"),
        _("Institution"),
        _("Username"),
        _("Email"),
        _("Phone"),
        _("Open assignments"),
    ]


def roster_xlsx(team, members):
    """`members`: the team's current members, with `open_assignments` annotated."""
    ordered = sorted(members, key=lambda m: (POSITION_ORDER.get(m.position, 99), m.pk))
    header = [
        _("Team"),
        team.name,
        _("SK number"),
        team.sk_number,
        _("SK date"),
        team.sk_date,
        _("Status"),
        team.get_status_display(),
    ]
    rows = [
        [
            number,
            m.display_name,
            m.get_position_display(),
            m.get_division_display(),
            m.institution,
            m.user.username if m.user_id else "",
            m.email or (m.user.email if m.user_id else ""),
            m.phone,
            m.open_assignments,
        ]
        for number, m in enumerate(ordered, start=1)
    ]
    return xlsx_tempfile(_("Roster"), header, [[], roster_columns(), *rows])


def activity_columns() -> list[str]:
    return [
        _("ID"),
        _("Office"),
        _("Kind"),
        _("Title"),
        _("Starts at"),
        _("Ends at"),
        _("Place"),
        _("PPK/PPS involved"),
        _("Stakeholders"),
        _("Team members present"),
        _("Other attendees"),
        _("Agenda"),
        _("Outcome"),
        _("Open follow-ups"),
        _("Files"),
    ]


def activity_xlsx(activities):
    """`activities`: scoped, with `bodies` and `attendees` prefetched and `open_follow_ups`/`file_count`
    annotated."""

    def stakeholders(a) -> str:
        names = [
            label
            for flag, label in (
                (a.with_bawaslu, "Bawaslu"),
                (a.with_police, _("Police")),
                (a.with_prosecutors, _("Prosecutors")),
            )
            if flag
        ]
        if a.other_stakeholders:
            names.append(a.other_stakeholders)
        return ", ".join(names)

    rows = (
        [
            a.pk,
            a.office_id or "KPU RI",
            a.get_kind_display(),
            a.title,
            _local(a.starts_at),
            _local(a.ends_at),
            a.place,
            ", ".join(f"{r.code} {r.name}" for r in a.bodies.all()),
            stakeholders(a),
            ", ".join(m.display_name for m in a.attendees.all()),
            a.outside_attendees,
            a.agenda,
            a.outcome,
            a.open_follow_ups,
            a.file_count,
        ]
        for a in activities
    )
    return xlsx_tempfile(_("Activities"), activity_columns(), rows)
