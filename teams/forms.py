"""Forms of the team and activity pages. They only parse and shape input; every rule lives in the
services, whose ApplicationError comes back next to the field it names (`apply_error`)."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import RegionCodeField
from accounts.selectors import person_named
from core.widgets import PersonPicker, RegionPicker
from elections.models import Election
from inventory.forms import CODE_ATTRS, DATETIME_LOCAL, apply_error
from inventory.models import Problem
from regions import tree
from regions.models import Region
from teams.choices import ActivityFileKind, ActivityKind, Division, Position, TeamStatus
from teams.models import TeamMember

__all__ = ["apply_error"]

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)
DATETIME_FORMATS = [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
CODES_SPLIT = re.compile(r"[\s,;]+")


def _local(value):
    return timezone.localtime(value) if value else None


class TeamForm(forms.Form):
    """Form or edit the team of one office: the decree (SK) that appoints it and its period of duty. The
    SK scan is optional on every save; a new one replaces the reference (the old file is kept)."""

    election = forms.ModelChoiceField(label=_("Election"), queryset=Election.objects.all())
    name = forms.CharField(label=_("Name"), max_length=200)
    sk_number = forms.CharField(label=_("SK number"), max_length=100, required=False)
    sk_date = forms.DateField(label=_("SK date"), required=False, widget=DATE_INPUT)
    sk_file = forms.FileField(
        label=_("SK scan (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    period_start = forms.DateField(label=_("Period of duty from"), required=False, widget=DATE_INPUT)
    period_end = forms.DateField(label=_("Period of duty until"), required=False, widget=DATE_INPUT)
    activate = forms.BooleanField(
        label=_("The SK is in force: make the team active"),
        required=False,
        help_text=_("An active team needs the SK number, date and scan."),
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("election", "sk_file", "activate"):
            data.pop(key)
        return data

    @classmethod
    def initial_for(cls, team) -> dict:
        return {
            "election": team.election_id,
            "name": team.name,
            "sk_number": team.sk_number,
            "sk_date": team.sk_date,
            "period_start": team.period_start,
            "period_end": team.period_end,
        }


class TeamStatusForm(forms.Form):
    status = forms.ChoiceField(choices=TeamStatus.choices)


class MemberForm(forms.Form):
    """A member: a user of the system (by username) or a person from outside the KPU (by name)."""

    user = forms.CharField(
        label=_("User"),
        max_length=150,
        required=False,
        help_text=_(
            "For someone with an account in the office's area: type part of their name or username; "
            "leave empty for a person from outside the KPU."
        ),
        widget=PersonPicker(mode="under"),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"inputmode": "email"}))
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices, initial=Position.ANGGOTA)
    division = forms.ChoiceField(label=_("Division"), choices=Division.choices, initial=Division.OTHER)

    def __init__(self, *args, office: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The person picker suggests people assigned in the team office's area (as member_add checks).
        self.fields["user"].widget.options["region"] = office or ""

    @classmethod
    def initial_for(cls, member: TeamMember) -> dict:
        return {
            "user": member.user.username if member.user_id else "",
            "name": member.name,
            "institution": member.institution,
            "email": member.email,
            "phone": member.phone,
            "position": member.position,
            "division": member.division,
        }

    def clean_user(self):
        """The person, or a stand-in for a name no active user has, which member_add refuses in the same
        words as someone assigned elsewhere (accounts.selectors.person_named)."""
        username = self.cleaned_data["user"].strip()
        return person_named(username) if username else None

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip() and "user" not in self.errors:
            self.add_error("name", _("Give the name of a person from outside the KPU, or a username."))
        return data


class AssignmentForm(forms.Form):
    """Give a member work: a region they cover and/or a problem of the inventory, with a due date."""

    region = RegionCodeField(
        label=_("Region covered"),
        required=False,
        help_text=_("A kecamatan or desa in the office's area: type its name or code."),
        widget=RegionPicker(levels="district,village,tps", hints=True),
    )
    problem = forms.IntegerField(
        label=_("Problem number"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    claim = forms.ModelChoiceField(label=_("Claim (dalil)"), required=False, queryset=None)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, office: Region | None, **kwargs):
        from cases.models import Claim

        super().__init__(*args, **kwargs)
        self.user = user
        regions = Region.objects.visible_to(user)
        claims = Claim.objects.visible_to(user).select_related("case")
        if office is not None:
            regions = regions.filter(tree.descendants_q(office.code))
            self.fields["region"].widget.options["within"] = office.code
            claims = claims.filter(tree.subtree_q(office.code, "case__respondent_office__code"))
        self.fields["region"].queryset = regions
        self.fields["claim"].queryset = claims.order_by("case_id", "position", "id")
        self.fields["claim"].label_from_instance = lambda c: f"{c.case.register_number} · {c.number}. {c.summary[:60]}"

    def clean_problem(self):
        number = self.cleaned_data["problem"]
        if number is None:
            return None
        problem = Problem.objects.visible_to(self.user).filter(pk=number).first()
        if problem is None:
            raise forms.ValidationError(_("There is no problem #%(n)s in your reach.") % {"n": number})
        return problem

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("region") and not data.get("problem") and not data.get("claim"):
            raise forms.ValidationError(_("Assign a region, a problem or a claim."))
        return data


class ActivityForm(forms.Form):
    """An activity of one office. The PPK of the office's kecamatan are ticked from a list; PPS (desa)
    or other codes can be typed."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    election = forms.ModelChoiceField(label=_("Election"), queryset=Election.objects.all(), required=False)
    starts_at = forms.DateTimeField(label=_("Starts at"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    ends_at = forms.DateTimeField(
        label=_("Ends at"), input_formats=DATETIME_FORMATS, required=False, widget=DATETIME_INPUT
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    districts = forms.ModelMultipleChoiceField(
        label=_("PPK involved (kecamatan)"),
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    other_bodies = forms.CharField(
        label=_("Other PPK/PPS involved (codes)"),
        required=False,
        help_text=_("Desa/kelurahan (PPS) or kecamatan codes, separated by commas or spaces."),
        widget=forms.TextInput(attrs={**CODE_ATTRS, "placeholder": "13.02.03.2002"}),
    )
    with_bawaslu = forms.BooleanField(label=_("Bawaslu"), required=False)
    with_police = forms.BooleanField(label=_("Police"), required=False)
    with_prosecutors = forms.BooleanField(label=_("Prosecutors"), required=False)
    other_stakeholders = forms.CharField(label=_("Other stakeholders"), max_length=300, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label=_("Team members present"),
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    outside_attendees = forms.CharField(
        label=_("Other attendees"),
        required=False,
        help_text=_("One name per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, office: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.user = user
        self.fields["districts"].queryset = Region.objects.filter(parent=office).order_by("code")
        self.fields["attendees"].queryset = (
            TeamMember.objects.visible_to(user)
            .current()
            .filter(team__office=office)
            .select_related("user", "team")
            .order_by("team_id", "id")
        )

    @classmethod
    def initial_for(cls, activity) -> dict:
        bodies = list(activity.bodies.all())
        return {
            "kind": activity.kind,
            "title": activity.title,
            "election": activity.election_id,
            "starts_at": _local(activity.starts_at),
            "ends_at": _local(activity.ends_at),
            "place": activity.place,
            "districts": [b.code for b in bodies if b.parent_id == activity.office_id],
            "other_bodies": " ".join(b.code for b in bodies if b.parent_id != activity.office_id),
            "with_bawaslu": activity.with_bawaslu,
            "with_police": activity.with_police,
            "with_prosecutors": activity.with_prosecutors,
            "other_stakeholders": activity.other_stakeholders,
            "attendees": [m.pk for m in activity.attendees.all()],
            "outside_attendees": activity.outside_attendees,
            "agenda": activity.agenda,
            "outcome": activity.outcome,
        }

    def clean_other_bodies(self):
        codes = [c for c in CODES_SPLIT.split(self.cleaned_data["other_bodies"].strip()) if c]
        if not codes:
            return []
        found = {r.code: r for r in Region.objects.visible_to(self.user).filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown region code %(code)s.") % {"code": ", ".join(unknown)})
        return [found[c] for c in dict.fromkeys(codes)]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        bodies = {r.code: r for r in [*data.pop("districts"), *data.pop("other_bodies")]}
        data["bodies"] = list(bodies.values())
        data["attendees"] = list(data["attendees"])
        return data


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=TeamMember.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            TeamMember.objects.visible_to(user)
            .current()
            .filter(team__office=activity.office_id)
            .select_related("user")
            .order_by("id")
        )


class ActivityFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityFileKind.choices, initial=ActivityFileKind.MINUTES)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class ActivityFilterForm(forms.Form):
    """Filters of an office's activity list (and its export): kind, kecamatan, period."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"), *ActivityKind.choices], required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan (PPK)"), choices=(), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, office: Region, **kwargs):
        super().__init__(*args, **kwargs)
        districts = Region.objects.filter(parent=office).order_by("code")
        self.fields["kecamatan"].choices = [("", "---------"), *((r.code, f"{r.code} {r.name}") for r in districts)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
