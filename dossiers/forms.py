from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from accounts.scoping import reach_of
from dossiers.selectors import can_export
from elections.choices import Stage
from inventory.choices import Risk, Status
from inventory.models import Category
from regions.models import Region


class InventoryDossierForm(forms.Form):
    """The inventory report: a region subtree in the user's export reach, and optional filters."""

    region = forms.CharField(label=_("Region code"), max_length=20, help_text=_("E.g. 13.02 for Kabupaten Solok."))
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), to_field_name="slug", required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False)
    risk = forms.ChoiceField(label=_("Dispute risk"), choices=[("", _("Any risk")), *Risk.choices], required=False)
    pdf_a = forms.BooleanField(label=_("PDF/A for archiving"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        reach = reach_of(user, Action.EXPORT_DOSSIERS)
        if not self.is_bound and len(reach.prefixes) == 1:
            self.initial["region"] = reach.prefixes[0]

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        region = Region.objects.filter(code=code).first()
        # Outside the reach reads exactly like an unknown code.
        if region is None or not can_export(self.user, code):
            raise forms.ValidationError(_("No region with this code in your reach."))
        return region

    def filters(self) -> dict:
        data = self.cleaned_data
        out = {key: data[key] for key in ("stage", "status", "risk") if data.get(key)}
        if data.get("category"):
            out["category"] = data["category"].slug
        return out
