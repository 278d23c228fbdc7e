"""Forms of the case pages. They only parse and shape input; every rule lives in the services, whose
ApplicationError comes back next to the field it names (`inventory.forms.apply_error`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.forms import RegionCodeField
from accounts.selectors import person_named
from cases.choices import (
    CaseKind,
    CaseOutcome,
    CaseStatus,
    ClaimStatus,
    CounselKind,
    ExhibitKind,
    FoundationExhibit,
    HearingAgenda,
    Metric,
    PresentedAs,
)
from cases.models import ANSWER_FIELDS, TIMES_AND_DECREE_FIELDS
from core.widgets import PersonPicker, RegionPicker
from elections.selectors import contest_queryset, participant_queryset
from inventory.forms import CODE_ATTRS, DATETIME_LOCAL
from inventory.models import Category
from regions.choices import Level
from regions.models import Region

DATETIME_FORMATS = [DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
NUMBER = {"inputmode": "numeric", "class": "form-control form-control-sm"}


DATE_FORMAT = "%Y-%m-%d"


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_FORMAT, "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        **kwargs,
    )


def datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        **kwargs,
    )


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.contest.get_contest_type_display()} · {obj.ballot_number}. {obj.name}"


class CaseForm(forms.Form):
    """Register a petition the MK has sent to the office (Termohon)."""

    register_number = forms.CharField(
        label=_("Register number (e-BRPK)"),
        max_length=80,
        help_text=_("As registered by the MK, e.g. 45/PHPU.BUP-XXIII/2025."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    contest = forms.ModelChoiceField(label=_("Contest"), queryset=None)
    applicant = ParticipantChoiceField(label=_("Applicant (Pemohon)"), queryset=None)
    related_party = ParticipantChoiceField(label=_("Related party (Pihak Terkait)"), queryset=None, required=False)
    respondent_office = RegionCodeField(
        label=_("Termohon office (region code)"),
        help_text=_("The KPU office answering: type the province or regency/city name, or its code (13.02)."),
        widget=RegionPicker(action=Action.MANAGE_CASES, levels="province,regency"),
    )
    applicant_counsel = forms.CharField(
        label=_("Applicant's counsel"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label=_("Summary of the petition"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    result_decree_number = forms.CharField(label=_("KPU result decree number"), max_length=120, required=False)
    result_decree_at = datetime_field(_("KPU result decree (date and time)"))
    petition_filed_at = datetime_field(_("Petition filed"))
    ebrpk_registered_at = datetime_field(_("Registered in e-BRPK"))
    total_valid_votes = forms.IntegerField(
        label=_("Total valid votes"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    applicant_votes = forms.IntegerField(
        label=_("Applicant's votes"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    winner_votes = forms.IntegerField(
        label=_("Winner's votes"), min_value=0, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    decision_at = datetime_field(_("Decision"))
    mk_notice_received_at = datetime_field(
        _("MK notice received"), help_text=_("The MK's notice that no petition was registered, where there was none.")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CaseOutcome.choices, initial=CaseOutcome.NONE)
    outcome_notes = forms.CharField(
        label=_("Ruling (amar putusan)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    result_decree_title = forms.CharField(
        label=_("Official title of the result decree"),
        max_length=500,
        required=False,
        help_text=_("As the decree names itself, e.g. Penetapan Hasil Pemilihan Bupati dan Wakil Bupati Solok 2024."),
    )
    elected_determined_at = datetime_field(
        _("Penetapan of the elected"),
        help_text=_("When the KPU determined the elected candidates (penetapan calon terpilih)."),
    )
    # The filing (Jawaban Termohon): who answers, for whom, where and when.
    respondent_chair = forms.CharField(
        label=_("Chair of the Termohon office"), max_length=200, required=False, help_text=_("The Ketua, by name.")
    )
    respondent_address = forms.CharField(
        label=_("Address of the Termohon office (letterhead)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer_place = forms.CharField(label=_("Place of the answer"), max_length=100, required=False)
    answer_date = date_field(_("Date of the answer"))
    power_of_attorney_number = forms.CharField(label=_("Surat Kuasa Khusus number"), max_length=150, required=False)
    power_of_attorney_date = date_field(_("Surat Kuasa Khusus date"))
    substitution_number = forms.CharField(label=_("Surat Kuasa Substitusi number"), max_length=150, required=False)
    substitution_date = date_field(_("Surat Kuasa Substitusi date"))
    counsel_office = forms.CharField(
        label=_("Counsel's office"),
        max_length=300,
        required=False,
        help_text=_("Law firm, or the Kejaksaan office."),
    )
    counsel_address = forms.CharField(
        label=_("Counsel's address (domicile for service)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    obscuur_libel = forms.BooleanField(
        label=_("Raise the eksepsi of an unclear petition (obscuur libel)"),
        required=False,
        help_text=_("When the petition's claims (posita) and what it asks (petitum) do not match."),
    )
    obscuur_libel_grounds = forms.CharField(
        label=_("Grounds: where the posita and petitum do not match"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Headings of the form's parts, each with the fields under it (the template lays them out).
    SECTIONS = (
        (
            _("The petition"),
            (
                "register_number",
                "kind",
                "contest",
                "applicant",
                "related_party",
                "respondent_office",
                "applicant_counsel",
                "summary",
            ),
        ),
        (
            _("Key times and the result decree"),
            TIMES_AND_DECREE_FIELDS,
        ),
        (_("Ruling"), ("outcome", "outcome_notes")),
        (_("Official votes (Pasal 158)"), ("total_valid_votes", "applicant_votes", "winner_votes")),
        (
            _("The filing (Jawaban Termohon)"),
            ANSWER_FIELDS,
        ),
    )
    # Known only later in the case: the registration form leaves them out.
    LATER = frozenset({"decision_at", "mk_notice_received_at", "elected_determined_at", "outcome", "outcome_notes"})
    WIDE = frozenset(
        {
            "summary",
            "applicant_counsel",
            "result_decree_title",
            "respondent_address",
            "counsel_address",
            "obscuur_libel_grounds",
            "outcome_notes",
        }
    )

    def sections(self):
        """[(heading, [bound fields])] for the fields this form has; any field not placed comes last."""
        placed = {name for _heading, names in self.SECTIONS for name in names}
        out = [
            (heading, [self[name] for name in names if name in self.fields])
            for heading, names in self.SECTIONS
            if any(name in self.fields for name in names)
        ]
        rest = [self[name] for name in self.fields if name not in placed]
        if rest:
            out.append(("", rest))
        return out

    def __init__(self, *args, user, accepted=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if accepted is not None and name not in accepted:
                del self.fields[name]  # e.g. the official votes, once the services take them
        self.fields["contest"].queryset = contest_queryset(user=user)
        participants = participant_queryset(user=user).order_by("contest_id", "ballot_number")
        self.fields["applicant"].queryset = participants
        self.fields["related_party"].queryset = participants
        self.fields["respondent_office"].queryset = Region.objects.visible_to(user, Action.MANAGE_CASES).filter(
            level__in=[Level.PROVINCE, Level.REGENCY]
        )


class ClaimForm(forms.Form):
    """A claim (dalil) of the petition: where, what, and (later) the KPU's answer."""

    number = forms.CharField(label=_("Number in the petition"), max_length=20, help_text=_("E.g. 3 or 4.2."))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    locations = forms.CharField(
        label=_("Locations (region codes)"),
        required=False,
        help_text=_("TPS, village or kecamatan codes, separated by commas or spaces."),
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    response = forms.CharField(label=_("KPU's answer"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    status = forms.ChoiceField(label=_("Status"), choices=ClaimStatus.choices, initial=ClaimStatus.DRAFT)
    assignee = forms.CharField(
        label=_("Assignee"),
        max_length=150,
        required=False,
        help_text=_("Someone who can see this claim: type part of their name or username."),
        widget=PersonPicker(),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = regions

    def clean_locations(self):
        codes = [c for c in self.cleaned_data["locations"].replace(",", " ").split() if c]
        found = {r.code: r for r in self.regions.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown region code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
        return [found[c] for c in dict.fromkeys(codes)]

    def clean_assignee(self):
        username = self.cleaned_data["assignee"].strip()
        if not username:
            return None
        # An unknown name is refused by the service in the same words as someone who cannot see the thing.
        return person_named(username)


class FigureForm(forms.Form):
    """One row of the side-by-side table: where, whose/what number, the applicant's and the KPU's."""

    region = forms.ChoiceField(label=_("Location"))
    participant = forms.ChoiceField(label=_("Participant"), required=False)
    metric = forms.ChoiceField(label=_("What is counted"), choices=Metric.choices, initial=Metric.VOTES)
    applicant_value = forms.IntegerField(
        label=_("Applicant's number"), min_value=0, required=False, widget=forms.NumberInput(attrs=NUMBER)
    )
    official_value = forms.IntegerField(
        label=_("KPU's number"), min_value=0, required=False, widget=forms.NumberInput(attrs=NUMBER)
    )

    def __init__(self, *args, regions=(), participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, f"{r.code} {r.name}") for r in regions]
        self.fields["participant"].choices = [("", "—")] + [
            (str(p.pk), f"{p.ballot_number}. {p.name}") for p in participants
        ]
        for name in ("region", "participant", "metric"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"


class BaseFigureFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or (data.get("applicant_value") is None and data.get("official_value") is None):
                continue
            key = (data["region"], data.get("participant") or "", data["metric"])
            if key in seen:
                raise forms.ValidationError(_("The same location, participant and metric appear twice."))
            seen.add(key)


FigureFormSet = forms.formset_factory(FigureForm, formset=BaseFigureFormSet, extra=3, can_delete=True)


class ExhibitForm(forms.Form):
    """An exhibit as the Daftar Alat Bukti lists it: its description (uraian), the document's own number
    and date, what is handed in (keterangan), and the evidence it consists of."""

    description = forms.CharField(
        label=_("Description (as in the Daftar Alat Bukti)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ExhibitKind.choices,
        initial=ExhibitKind.DOCUMENT,
        help_text=_("Photos and videos are other evidence (alat bukti lain)."),
    )
    document_number = forms.CharField(
        label=_("Document number (or form code)"),
        max_length=150,
        required=False,
        help_text=_("As the document names itself: a decree's or letter's number, or a form's code."),
    )
    document_date = date_field(_("Document date"))
    presented_as = forms.ChoiceField(
        label=_("Handed in as (keterangan)"), choices=[("", "—"), *PresentedAs.choices], required=False
    )
    foundation = forms.ChoiceField(
        label=_("Foundation exhibit"),
        choices=[("", "—"), *FoundationExhibit.choices],
        required=False,
        help_text=_("The result decree, the recapitulation (D.Hasil) and its minutes come first in every answer."),
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence items"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    confirm_other_contest = forms.BooleanField(
        label=_("I confirm this evidence belongs in this case"),
        required=False,
        help_text=_("The evidence was recorded for another contest or election than the case's."),
    )

    def __init__(self, *args, evidence, contest_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence
        other = _("other contest")

        def label(e):
            text = f"#{e.pk} {e.get_kind_display()} · {e.region_id} · {e.original_name}"
            if contest_id and e.contest_id and e.contest_id != contest_id:
                text += f" ⚠ {other}: {e.contest}"
            return text

        self.fields["evidence"].label_from_instance = label

    @property
    def asks_confirmation(self) -> bool:
        """Show the confirmation box: the service refused evidence of another contest, or it was ticked."""
        return bool(self.errors.get("confirm_other_contest")) or bool(self["confirm_other_contest"].value())


class CounselForm(forms.Form):
    """One of the Termohon's counsel, as they sign the answer."""

    name = forms.CharField(label=_("Name (with titles)"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CounselKind.choices, initial=CounselKind.ADVOCATE)
    substitute = forms.BooleanField(
        label=_("Acts under the Surat Kuasa Substitusi"),
        required=False,
        help_text=_("E.g. prosecutors the JPN substitutes."),
    )
    position = forms.IntegerField(
        label=_("Signing order"),
        min_value=0,
        required=False,
        help_text=_("Empty: signs last."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CiteForm(forms.Form):
    exhibit = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What it proves"), max_length=255, required=False)


class ReorderForm(forms.Form):
    """The exhibits' new order, as their ids separated by commas (the page fills it from the list)."""

    order = forms.CharField(widget=forms.HiddenInput)

    def clean_order(self):
        try:
            return [int(pk) for pk in self.cleaned_data["order"].split(",") if pk.strip()]
        except ValueError:
            raise forms.ValidationError(_("Invalid order.")) from None


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Stage"), choices=CaseStatus.choices)


class HearingForm(forms.Form):
    """A hearing at the MK; the time is read in the Termohon office's time zone (the view sets it)."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    agenda = forms.ChoiceField(label=_("Agenda"), choices=HearingAgenda.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    other_attendees = forms.CharField(
        label=_("Attending"),
        required=False,
        help_text=_("Lawyers, witnesses, experts."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PopulationForm(forms.Form):
    """The population of the contest's region, when the Pasal 158 check lacks it."""

    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    population = forms.IntegerField(
        label=_("Population"), min_value=0, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    source = forms.CharField(label=_("Source"), max_length=255, required=False, help_text=_("E.g. DAK2 Kemendagri."))
