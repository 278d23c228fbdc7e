"""Keyset (cursor) pagination for the long API lists (problems, evidence), and a page reader for HTML lists.

A page starts where the previous one stopped (`?cursor=` from the `next`/`previous` links), found by the
index of the ordering, instead of counting the rows to skip and all rows in reach: the first page and the
hundredth cost the same whether the reach holds a hundred rows or a hundred thousand, and a row written
between two requests neither repeats nor goes missing. There is no total count.

DRF's CursorPagination keeps its position on the first field of the ordering and an offset within ties of
it, so the first field should be a nearly unique timestamp (ties are then rare and the offset stays 0).

A page is read in two steps: the keys of its rows (only the ordering's columns, by the ordering's index),
then those rows in full. What the list adds to a row (EXISTS annotations, joins, prefetches) is then
planned and computed for one page: planned for the whole reach, PostgreSQL may hash such a subquery over
every row of the table, which costs more as the country's data grows, not the user's.
"""

from django.core.paginator import Paginator
from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("-id",)
    ordering_param = "ordering"

    def get_ordering(self, request, queryset, view):
        """The view's `cursor_orderings[?ordering=]`, else its first one (the default order)."""
        orderings = getattr(view, "cursor_orderings", None)
        if not orderings:
            return super().get_ordering(request, queryset, view)
        wanted = request.query_params.get(self.ordering_param)
        return tuple(orderings.get(wanted) or next(iter(orderings.values())))

    def paginate_queryset(self, queryset, request, view=None):
        ordering = self.get_ordering(request, queryset, view)
        key = queryset.model._meta.pk.attname
        keys = super().paginate_queryset(queryset.values(key, *(f.lstrip("-") for f in ordering)), request, view)
        if keys is None:
            return None
        rows = queryset.in_bulk([row[key] for row in keys])
        return [rows[row[key]] for row in keys]


class TwoStepPaginator(Paginator):
    """Django's Paginator for the HTML lists, reading a page in the same two steps: the page's keys, then
    its rows in full.

    `count`: the number of rows when the view has it already (the problem list sums its per-status
    counts), so the rows in reach are counted once, not twice: for a PPK whose kecamatan holds 10,000
    problems each count reads all of them."""

    def __init__(self, object_list, per_page, *args, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # a cached_property on Paginator: this value is taken instead of a query

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        key = self.object_list.model._meta.pk.attname
        keys = list(self.object_list.values_list(key, flat=True)[start : start + self.per_page])
        rows = self.object_list.in_bulk(keys)
        return self._get_page([rows[k] for k in keys], number, self)
