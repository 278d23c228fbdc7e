"""The KPU's numbers of a claim from the official results store (results/): where the store has the
figure of a claimed number (same contest, location, metric and participant, in the reader's reach), that
figure is the KPU's number, with its source and version; where it has none, the number typed on the
claim stays, marked as typed; where neither is there, the KPU's number is unknown (None, marked so on
every page, in the brief, the API and the export), never zero.

A typed number that differs from the store's is kept, not overwritten: the store's number wins wherever
the KPU's number is shown or used (the side-by-side tables, their differences and checks, the brief),
and the claim page shows the typed one beside it as a difference to resolve.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext as _

from cases.choices import KpuOrigin, Metric
from core.dates import format_day
from results.choices import Source
from results.consistency import VOTES
from results.selectors import official_values

# A claim's metric named otherwise in the store (every other metric has the same name in both).
STORE_FIGURE = {Metric.DPK: "voters_dpk"}


def store_key(figure) -> tuple:
    """The store's key of a claimed number: (location, figure name or "votes", participant of votes)."""
    name = STORE_FIGURE.get(figure.metric, figure.metric)
    return (figure.region_id, name, figure.participant_id if name == VOTES else None)


def with_official(figures, *, user, contest) -> list:
    """`figures` (ClaimFigure rows of one contest's claims) with the store's figure as the KPU's number.

    Each row gets `store` (the results.selectors.Official it took, or None), its `source_note`, `typed`
    (the number typed on the claim) and `origin` (KpuOrigin: official, typed or unknown); `official_value`
    becomes the store's number where there is one. The note of an unknown number says so (the brief
    prints it under the empty cell). In memory, for reading: rows passed here are never saved. Only
    figures in `user`'s reach are read (None: none, the typed numbers stay)."""
    figures = list(figures)
    codes = {f.region_id for f in figures}
    store = official_values(user=user, contest=contest, codes=codes) if codes and user is not None else {}
    for figure in figures:
        figure.typed = figure.official_value
        figure.store = store.get(store_key(figure))
        figure.source_note = ""
        figure.origin = KpuOrigin.TYPED if figure.typed is not None else KpuOrigin.UNKNOWN
        if figure.store is not None:
            figure.official_value = figure.store.value
            figure.source_note = _note(figure.store)  # worded in the language it is rendered in
            figure.origin = KpuOrigin.OFFICIAL
        elif figure.typed is None:
            figure.source_note = _unknown()
    return figures


def source_note(official) -> str:
    """Where and when the store's figure comes from: "Sirekap (published per TPS) v2, 15 Feb 2024" (the
    day of the figures at the source, else of their import)."""
    return _("%(source)s v%(version)s, %(day)s") % {
        "source": Source(official.source).label,
        "version": official.version,
        "day": format_day(official.recorded_at or official.imported_at),
    }


_note = lazy(source_note, str)


def unknown_note() -> str:
    """What stands under a KPU's number that neither the store nor the claim gives."""
    return _("unknown: not in the official results")


_unknown = lazy(unknown_note, str)


def conflicts(figure) -> bool:
    """Whether a number typed on the claim differs from the store's (after `with_official`)."""
    return figure.store is not None and figure.typed is not None and figure.typed != figure.store.value
