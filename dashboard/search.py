"""One search across problems, evidence, claims, activities and regions, each through `visible_to`, so
nothing outside the reach is found, counted or quoted.

PostgreSQL: full-text search on the trigger-kept `search_vector` columns (phpu/fulltext.py) with the
server's Indonesian configuration, ranked by ts_rank (title words weigh more), snippets by ts_headline;
region names by trigram similarity and codes by prefix. SQLite: every word as a case-insensitive
substring, newest first, snippets cut in Python.

A common word matches hundreds of thousands of rows at national scale, and counting or ranking them all
is what a search would spend its time on. So counts stop at COUNT_CAP (shown as "more than 10,000"),
and past the cap only the RANK_POOL newest matches of a kind are ranked for its top hits (below it, all are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection
from django.db.models import Count, F, Q, Window
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.choices import Action
from cases.selectors import claim_queryset
from core.fulltext import text_search_config
from inventory.models import Evidence, Problem
from regions.choices import Level
from regions.models import Region
from teams.models import Activity

PER_KIND = 10
MORE = 50  # when one kind is asked for
MAX_QUERY = 200
COUNT_CAP = 10_000  # past this a count reads "more than COUNT_CAP"
RANK_POOL = 1_000  # matches ranked for the top hits: the newest, so a common word ranks a bounded set
SNIPPET = 160  # characters around the first match (SQLite)
START, STOP = "\x02", "\x03"  # headline markers: never in stored text, escaped around, then made <mark>
CODE_QUERY = re.compile(r"[0-9]{2}(\.[0-9]{1,4})*\.?")


@dataclass
class Hit:
    kind: str
    key: str
    title: str
    snippet: SafeString
    url: str
    region: str | None


@dataclass
class Kind:
    """What can be searched: the scoped queryset, the title, the text of the snippet, the link."""

    name: str
    label: str
    fields: tuple[str, ...]  # searched on SQLite; the first is the title
    body: str  # the field quoted in the snippet

    def queryset(self, user):
        raise NotImplementedError

    def title(self, obj) -> str:
        return getattr(obj, self.fields[0])

    def url(self, obj) -> str:
        raise NotImplementedError

    def region(self, obj) -> str | None:
        return obj.region_id


class ProblemKind(Kind):
    def queryset(self, user):
        return Problem.objects.visible_to(user, Action.VIEW)

    def title(self, obj):
        return f"#{obj.pk} {obj.title}"

    def url(self, obj):
        return reverse("problem_detail", args=[obj.pk])


class EvidenceKind(Kind):
    def queryset(self, user):
        return Evidence.objects.visible_to(user, Action.VIEW).current()

    def title(self, obj):
        return f"{obj.get_kind_display()} · {obj.original_name}"

    def url(self, obj):
        return reverse("evidence_detail", args=[obj.pk])


class ClaimKind(Kind):
    def queryset(self, user):
        return claim_queryset(user=user).select_related("case")

    def title(self, obj):
        return f"{obj.case.register_number} · {_('claim')} {obj.number}"

    def url(self, obj):
        return reverse("claim_detail", args=[obj.pk])

    def region(self, obj):
        return obj.case.respondent_office_id


class ActivityKind(Kind):
    def queryset(self, user):
        return Activity.objects.visible_to(user, Action.VIEW)

    def url(self, obj):
        return reverse("activity_detail", args=[obj.pk])

    def region(self, obj):
        return obj.office_id


KINDS = {
    kind.name: kind
    for kind in (
        ProblemKind("problem", _("Problems"), ("title", "description", "chronology", "follow_up_notes"), "description"),
        EvidenceKind("evidence", _("Evidence"), ("original_name", "description"), "description"),
        ClaimKind("claim", _("Claims (dalil)"), ("summary", "response", "number"), "summary"),
        ActivityKind("activity", _("Activities"), ("title", "place", "agenda", "outcome"), "agenda"),
    )
}
REGION = "region"
LABELS = {**{k.name: k.label for k in KINDS.values()}, REGION: _("Regions")}


@dataclass
class Results:
    query: str
    counts: dict[str, int] = field(default_factory=dict)  # at most COUNT_CAP
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    capped: set[str] = field(default_factory=set)  # kinds with more matches than their count says

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def more(self) -> bool:
        """Whether the total is a lower bound (some kind has more than COUNT_CAP matches)."""
        return bool(self.capped)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_query(text: str | None) -> str:
    """What was typed in the search box, without control characters (PostgreSQL refuses a NUL in any
    string; none of them can be part of a word)."""
    return CONTROL.sub(" ", text or "").strip()


def search(*, user, query: str, kind: str | None = None) -> Results:
    """Matches of `query` the user may open: counts per kind and the best hits of each (or of `kind`)."""
    query = " ".join(query.split())[:MAX_QUERY]
    results = Results(query)
    if not query:
        return results
    names = [kind] if kind in LABELS else list(LABELS)
    limit = MORE if kind in LABELS else PER_KIND
    postgres = connection.vendor == "postgresql"
    for name in names:
        if name == REGION:
            count, hits = _regions(user, query, limit, postgres)
        elif postgres:
            count, hits = _fulltext(KINDS[name], user, query, limit)
        else:
            count, hits = _substring(KINDS[name], user, query, limit)
        if count > COUNT_CAP:
            results.capped.add(name)
        results.counts[name] = min(count, COUNT_CAP)
        results.hits[name] = hits
    return results


def _capped_count(matches) -> int:
    """The number of matches up to COUNT_CAP + 1: the database stops at the first COUNT_CAP + 1 rows."""
    return matches.order_by()[: COUNT_CAP + 1].count()


def _fulltext(kind: Kind, user, query: str, limit: int) -> tuple[int, list[Hit]]:
    config = text_search_config()
    tsquery = SearchQuery(query, config=config, search_type="websearch")
    matches = kind.queryset(user).filter(search_vector=tsquery)
    count = _capped_count(matches)
    if not count:
        return 0, []
    ranked = matches.annotate(rank=SearchRank(F("search_vector"), tsquery))
    if count <= COUNT_CAP:  # at most COUNT_CAP rows, found by the GIN index: all ranked
        top = list(ranked.order_by("-rank", "-pk").values_list("pk", flat=True)[:limit])
    else:
        # A common word: its newest matches come quickly along the primary key's index, and only they are
        # ranked, so ts_rank is not computed for hundreds of thousands of rows.
        pool = sorted(ranked.order_by("-pk").values_list("rank", "pk")[:RANK_POOL], reverse=True)
        top = [pk for _rank, pk in pool[:limit]]
    # Headlines are costly: only for the rows shown, in a query of their own.
    headline = SearchHeadline(
        kind.body, tsquery, config=config, start_sel=START, stop_sel=STOP, max_words=30, min_words=12
    )
    objects = {obj.pk: obj for obj in kind.queryset(user).filter(pk__in=top).annotate(headline=headline)}
    hits = []
    for pk in top:
        obj = objects[pk]
        hits.append(_hit(kind, obj, _marked(obj.headline or "")))
    return count, hits


def _substring(kind: Kind, user, query: str, limit: int) -> tuple[int, list[Hit]]:
    words = query.split()
    condition = Q()
    for word in words:
        any_field = Q()
        for name in kind.fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    matches = kind.queryset(user).filter(condition)
    count = _capped_count(matches)
    objects = list(matches.order_by("-pk")[:limit]) if count else []
    return count, [_hit(kind, obj, _cut(getattr(obj, kind.body) or "", words)) for obj in objects]


def _regions(user, query: str, limit: int, postgres: bool) -> tuple[int, list[Hit]]:
    regions = Region.objects.visible_to(user, Action.VIEW)
    if CODE_QUERY.fullmatch(query):
        matches = regions.filter(code__startswith=query.rstrip("."))
        order = ["code"]
    elif postgres:
        # `%` is pg_trgm's similarity operator: indexed (region_name_trgm_idx, TPS left out).
        matches = (
            regions.exclude(level=Level.TPS)
            .annotate(similarity=TrigramSimilarity("name", query))
            .filter(Q(name__trigram_similar=query) | Q(name__icontains=query))
        )
        order = ["-similarity", "code"]
    else:
        matches = regions.exclude(level=Level.TPS).filter(name__icontains=query)
        order = ["code"]
    # One statement for the count and the top: matching names by trigrams costs the same whatever is kept.
    top = list(matches.annotate(matched=Window(Count("pk"))).order_by(*order)[:limit])
    hits = [
        Hit(
            REGION,
            region.code,
            region.name,
            _cut(f"{region.kind_label} · {region.code}", []),
            reverse("dashboard_region", args=[region.code]),
            region.code,
        )
        for region in top
    ]
    return (top[0].matched if top else 0), hits


def _hit(kind: Kind, obj, snippet: SafeString) -> Hit:
    return Hit(kind.name, str(obj.pk), kind.title(obj), snippet, kind.url(obj), kind.region(obj))


def _marked(headline: str) -> SafeString:
    """ts_headline's text, escaped, with its markers turned into <mark>."""
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _cut(text: str, words: list[str]) -> SafeString:
    """About SNIPPET characters around the first match, every word marked (SQLite's snippet)."""
    lowered = text.lower()
    positions = [lowered.find(w.lower()) for w in words if w and lowered.find(w.lower()) >= 0]
    start = max(0, min(positions) - SNIPPET // 3) if positions else 0
    piece = text[start : start + SNIPPET]
    prefix, suffix = ("…" if start else ""), ("…" if start + SNIPPET < len(text) else "")
    marked = escape(piece)
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        marked = re.sub(re.escape(escape(word)), lambda m: f"{START}{m.group(0)}{STOP}", marked, flags=re.IGNORECASE)
    return mark_safe(prefix + marked.replace(START, "<mark>").replace(STOP, "</mark>") + suffix)  # noqa: S308
