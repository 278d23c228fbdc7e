from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action, Role
from core.widgets import RegionPicker
from regions.models import Region


class RegionCodeField(forms.CharField):
    """A region typed by its code, accepted only inside the given queryset (the caller's reach)."""

    def __init__(self, *args, queryset=None, **kwargs):
        self.queryset = queryset
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        if not code:
            return None
        region = self.queryset.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Unknown region code %(code)s.") % {"code": code})
        return region


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = RegionCodeField(
        label=_("Region"),
        required=False,
        help_text=_("Type the region's name or code (13.02, 13.02.01). Empty for national."),
        widget=RegionPicker(action=Action.MANAGE_USERS),
    )
    valid_until = forms.DateTimeField(
        label=_("Valid until"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(actor, Action.MANAGE_USERS)


class UserCreateForm(AssignmentForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    field_order = ["username", "full_name", "email", "phone", "role", "region", "valid_until"]
