"""Filter fields shared by every app's FilterSets."""

import django_filters
from django import forms

MAX_ID = 2**63 - 1  # a bigint: the widest key SQLite and PostgreSQL hold


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A primary key: a whole number the database can hold, so `?team=1e300` is a 400, not a 500."""

    field_class = IdField
