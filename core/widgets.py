"""Text inputs that static/js/picker.js turns into a search-as-you-type combobox (the WAI-ARIA combobox
pattern): the region picker (the field takes a region code) and the person picker (it takes a username).

The input stays a plain text input submitting the code or username, which the form checks as before:
without JavaScript, or offline, it is typed (with the page's `<datalist>` of codes, when there is one).
The suggestions come from a JSON route named here by its URL name (regions.views.region_pick,
accounts.views.person_pick), which answers only what is in the caller's reach.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PICKER_TEXTS = {
    "data-text-none": _("Nothing found in your area."),
    "data-text-count": _("%(n)s suggestions; use the up and down arrows, Enter to choose."),
    "data-text-offline": _("No connection: type the code, the list below the field still helps."),
    "data-text-chosen": _("Chosen:"),
    "data-text-below": _("Go on below %(name)s, or keep it."),
}


class PickerInput(forms.TextInput):
    """A text input marked for picker.js: `kind` (region or person), the suggestion route and its fixed
    query parameters (`options`, sent with each search)."""

    source = ""
    kind = ""

    def __init__(self, attrs=None, **options):
        base = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        super().__init__({**base, **(attrs or {})})
        self.options = {key: value for key, value in options.items() if value}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                **PICKER_TEXTS,
                "data-picker": self.kind,
                "data-source": reverse(self.source),
                **{f"data-{key.replace('_', '-')}": value for key, value in self.options.items()},
            }
        )
        return context


class RegionPicker(PickerInput):
    """A region code, found by name: `action` is the form's (the reach it checks), `levels` the levels it
    accepts (comma-separated, e.g. "district,village,tps"), `within` an office whose area it is limited to
    (its descendants); `hints` when the page has the `<datalist id="region-codes">` of codes in reach
    (templates/inventory/_region_hints.html), what the field offers without JavaScript or offline."""

    kind = "region"
    source = "region_pick"

    def __init__(self, attrs=None, *, action="view", levels="", within="", hints=False):
        hint_attrs = {"list": "region-codes"} if hints else {}
        super().__init__({**hint_attrs, **(attrs or {})}, action=action, levels=levels, within=within)


class PersonPicker(PickerInput):
    """A username, found by name among the people the caller can see: `mode` "sees" (someone who sees
    the region) or "under" (assigned at or under it); the region is `region` or read from the field
    `region_from` (the id of the form's region input)."""

    kind = "person"
    source = "person_pick"

    def __init__(self, attrs=None, *, mode="sees", region="", region_from=""):
        super().__init__(attrs, mode=mode, region=region, region_from=region_from)
