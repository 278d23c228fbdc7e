"""Filters for the filings' templates (templates/dossiers/pdf/): dossiers.wording as template filters."""

from django import template

from dossiers import wording

register = template.Library()

register.filter("tanggal", wording.tanggal)
register.filter("waktu_wib", wording.waktu_wib)
register.filter("ribuan", wording.ribuan)
register.filter("desimal", wording.desimal)
register.filter("terbilang", wording.terbilang)
register.filter("klausa", wording.clause)
register.filter("blank", wording.or_blank)


@register.filter
def kalimat(text, end="."):
    """The text ending with exactly one `end` (default a period)."""
    return wording.sentence(text, end)
