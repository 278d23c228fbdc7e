"""Forms of the inventory pages. They only parse and shape input; every rule lives in the services,
whose ApplicationError comes back next to the field it names (`apply_error`)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.forms import RegionCodeField
from accounts.selectors import person_named
from core.errors import ApplicationError
from core.widgets import PersonPicker, RegionPicker
from elections.choices import Stage
from elections.selectors import contest_queryset
from inventory.choices import EvidenceKind, FollowUp, Risk, Source, Status
from inventory.evidence_files import accepted_types
from inventory.models import Category
from regions.models import Region

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# Digits and dots on a phone keyboard, for official region codes such as 13.02.03.2002.001.
CODE_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", "class": "code"}


def apply_error(form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: next to the fields it names, else at the top."""
    placed = False
    for field, errors in exc.extra.items():
        if field in form.fields:
            for error in errors if isinstance(errors, list | tuple) else [errors]:
                form.add_error(field, str(error))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class ProblemForm(forms.Form):
    """Create or edit a problem. The region is typed as its code and must lie in the user's reach for
    editing the inventory; the contest list holds only contests the user can see."""

    title = forms.CharField(label=_("Title"), max_length=200)
    region = RegionCodeField(
        label=_("Region"),
        help_text=_("Where it happened: type the name of the kecamatan, village or TPS (or its code)."),
        widget=RegionPicker(action=Action.EDIT_INVENTORY, hints=True),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    contest = forms.ModelChoiceField(label=_("Contest"), queryset=None, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    description = forms.CharField(label=_("Description (uraian)"), widget=forms.Textarea(attrs={"rows": 4}))
    chronology = forms.CharField(label=_("Chronology"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    occurred_at = forms.DateTimeField(
        label=_("Occurred at"),
        required=False,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    follow_up = forms.ChoiceField(label=_("Follow-up (tindak lanjut)"), choices=FollowUp.choices)
    follow_up_notes = forms.CharField(
        label=_("Follow-up notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bawaslu_reference = forms.CharField(label=_("Bawaslu recommendation reference"), max_length=200, required=False)
    affected_votes = forms.IntegerField(
        label=_("Affected votes"), min_value=0, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    risk = forms.ChoiceField(label=_("Dispute risk"), choices=Risk.choices, initial=Risk.LOW)
    assignee = forms.CharField(
        label=_("Assignee"),
        max_length=150,
        required=False,
        help_text=_("Someone who can see this region: type part of their name; empty for nobody."),
        widget=PersonPicker(region_from="id_region"),
    )
    # The version of the problem this edit starts from (services.problem_update refuses it if stale).
    # Not required: a post without it is checked field by field only, as an API PATCH without If-Match.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = Region.objects.visible_to(user, Action.EDIT_INVENTORY)
        self.fields["contest"].queryset = contest_queryset(user=user)

    @classmethod
    def initial_for(cls, problem) -> dict:
        return {
            "title": problem.title,
            "region": problem.region_id,
            "stage": problem.stage,
            "category": problem.category_id,
            "contest": problem.contest_id,
            "source": problem.source,
            "description": problem.description,
            "chronology": problem.chronology,
            "occurred_at": timezone.localtime(problem.occurred_at) if problem.occurred_at else None,
            "follow_up": problem.follow_up,
            "follow_up_notes": problem.follow_up_notes,
            "bawaslu_reference": problem.bawaslu_reference,
            "affected_votes": problem.affected_votes,
            "risk": problem.risk,
            "assignee": problem.assignee.username if problem.assignee_id else "",
            "version": problem.version,
        }

    def clean_assignee(self):
        username = self.cleaned_data["assignee"].strip()
        if not username:
            return None
        # An unknown name is refused by the service in the same words as someone who cannot see the thing.
        return person_named(username)

    def service_fields(self) -> dict:
        """The cleaned values, named as `problem_create` takes them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def changed_fields(self) -> dict:
        """Only what the user changed (compared with the form as it was shown), as `problem_update` takes
        it: a field left alone is never written back over someone else's change."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "version"}

    def rebased(self, *, base, current) -> "ProblemForm":
        """This stale submission shown again over the problem as it is now: what the user changed (compared
        with `base`, the problem as they opened it) kept as typed, everything else as stored now, and the
        current version, so that saving it again keeps both their changes and the others'."""
        now = self.initial_for(current)
        typed = type(self)(self.data, user=self.user, initial=self.initial_for(base) if base else now)
        data = {**now, **{name: self.data.get(name) for name in typed.changed_data if name != "version"}}
        data["version"] = current.version
        form = type(self)(data, user=self.user, initial=now)
        form.typed = set(typed.changed_data)
        form.full_clean()
        return form


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """Several files under one name. Each file is checked by the upload service, one by one, so that one
    bad file is refused with its reason while the others are stored."""

    widget = MultipleFileInput

    def clean(self, value):
        files = [f for f in (value or []) if f]
        if not files and self.required:
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        if len(files) > settings.EVIDENCE_MAX_FILES:
            raise forms.ValidationError(
                _("At most %(n)d files at once; send the rest in another upload.") % {"n": settings.EVIDENCE_MAX_FILES}
            )
        return files


def accept_attr(kind: str) -> str:
    return ",".join(accepted_types(kind))


class EvidenceUploadForm(forms.Form):
    """Upload one or more evidence files of one kind for one region (optionally for a problem, or as a
    corrected version of earlier evidence)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices, initial=EvidenceKind.PHOTO)
    region = RegionCodeField(
        label=_("Region"),
        help_text=_("The TPS, village or kecamatan the files belong to: type its name or code."),
        widget=RegionPicker(action=Action.UPLOAD_EVIDENCE, hints=True),
    )
    contest = forms.ModelChoiceField(label=_("Contest"), queryset=None, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label=_("Files"))
    problem = forms.IntegerField(required=False, widget=forms.HiddenInput)
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user, Action.UPLOAD_EVIDENCE)
        self.fields["contest"].queryset = contest_queryset(user=user)
        kind = self.data.get("kind") or self.initial.get("kind") or EvidenceKind.PHOTO
        self.fields["files"].widget.attrs.update(
            {
                "accept": accept_attr(kind if kind in EvidenceKind.values else EvidenceKind.OTHER),
                "class": "form-control",
                "data-max-files": settings.EVIDENCE_MAX_FILES,
                "data-max-bytes": settings.EVIDENCE_MAX_BYTES,
            }
        )
        self.fields["kind"].widget.attrs["data-accept"] = "|".join(f"{k}={accept_attr(k)}" for k in EvidenceKind.values)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)


class VerifyForm(forms.Form):
    VERIFY, REJECT = "verify", "reject"

    decision = forms.ChoiceField(choices=[(VERIFY, _("Verify")), (REJECT, _("Reject"))])
    reason = forms.CharField(
        label=_("Reason (required to reject)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CertifiedForm(forms.Form):
    certified = forms.BooleanField(required=False)


ORDERING_LABELS = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "region": _("By region code"),
    "risk": _("Highest risk first"),
    "occurred": _("Most recently occurred"),
    "updated": _("Most recently changed"),
}


def style_problem_filter(form, *, user) -> None:
    """Phone-friendly widgets for the problem filters: contests in reach as a list, codes on a keypad."""
    form.success_css_class = ""  # no green ticks on every filter that was merely left empty
    contests = contest_queryset(user=user)
    form.fields["contest"].widget = forms.Select(
        choices=[("", "---------"), *((c.pk, str(c)) for c in contests)], attrs={"class": "form-select"}
    )
    form.fields["region"].widget.attrs.update({**CODE_ATTRS, "placeholder": "13.02.03"})
    form.fields["q"].widget.attrs.update({"placeholder": _("Title, description, place or #number"), "type": "search"})
    form.fields["verified_evidence"].widget.choices = [("", "---------"), ("true", _("Yes")), ("false", _("No"))]
    ordering = form.fields["ordering"]
    ordering.choices = [(value, ORDERING_LABELS.get(value, label)) for value, label in ordering.choices]
