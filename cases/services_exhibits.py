"""Exhibits (alat bukti) of a case and their labels T-1, T-2 ...: the writes, on the same terms as
cases/services.py (keyword-only, validated, atomic, scoped through cases/guards.py, audited).

A new exhibit takes the next number of its case. Until the answer is filed the editor may reorder and
remove exhibits and the labels follow (no gaps). When the case moves to "answer filed" (or later)
every exhibit is frozen; exhibits added afterwards continue the sequence (T-45 ...) and are frozen at
once. A frozen exhibit is never renumbered, reordered or removed: its label is in the Daftar Alat Bukti
the court holds, so removing it is refused (say in its description that it is withdrawn instead).
Every numbering write locks the case row first, so concurrent creates cannot take the same number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from cases.choices import ExhibitKind
from cases.guards import ensure_manages_case, lock_case
from cases.models import Case, Citation, Claim, Exhibit
from core.audit import record_actor
from core.errors import ApplicationError, clean_or_raise, reject_unknown_fields

if TYPE_CHECKING:
    from accounts.models import User

EXHIBIT_FIELDS = frozenset(
    {
        "description",
        "kind",
        "certified_copy",
        "physical_ready",
        "document_number",
        "document_date",
        "presented_as",
        "foundation",
    }
)

# Added to every sequence during a renumbering, so the unique (case, sequence) never collides midway.
RENUMBER_OFFSET = 1_000_000


def exhibits_freeze(*, actor: User | None, case: Case) -> int:
    """Freeze every exhibit label of the case (the answer is filed); returns how many were frozen.
    The caller holds the case's lock (`case_set_status`)."""
    exhibits = list(Exhibit.objects.filter(case=case, frozen=False))
    for exhibit in exhibits:
        exhibit.frozen = True
    if exhibits:
        bulk_update_with_history(
            exhibits, Exhibit, ["frozen"], default_user=actor, default_change_reason="answer filed: label frozen"
        )
    return len(exhibits)


def _check_evidence(actor, evidence) -> None:
    from inventory.models import Evidence

    if actor is None or not evidence:
        return
    visible = set(
        Evidence.objects.visible_to(actor).filter(pk__in=[e.pk for e in evidence]).values_list("pk", flat=True)
    )
    if any(e.pk not in visible for e in evidence):
        raise ApplicationError.for_field("evidence", _("Unknown evidence."))


def _other_contest_evidence(case: Case, evidence) -> list:
    """The items of `evidence` recorded for another contest than the case's (a presidential C.Hasil in a
    Bupati case). Evidence without a contest is not questioned."""
    from inventory.models import Evidence

    ids = [e.pk for e in evidence]
    if not ids or not case.contest_id:
        return []
    return list(
        Evidence.objects.filter(pk__in=ids, contest__isnull=False)
        .exclude(contest_id=case.contest_id)
        .select_related("contest__election", "contest__region", "contest__dapil")
        .order_by("pk")
    )


def _check_other_contest(case: Case, added, confirmed: bool) -> bool:
    """Refuse added evidence of another contest unless the user confirmed it belongs in this case.
    True when some was added (and confirmed)."""
    foreign = _other_contest_evidence(case, added)
    if not foreign:
        return False
    if confirmed:
        return True
    from elections.models import Contest

    contest = Contest.objects.select_related("election", "region", "dapil").get(pk=case.contest_id)
    message = _(
        "Evidence of another contest: %(items)s. This case is about %(contest)s. "
        "Confirm that it belongs in this case to add it."
    ) % {
        "items": "; ".join(
            _("#%(id)s %(name)s is from %(contest)s") % {"id": e.pk, "name": e.original_name, "contest": e.contest}
            for e in foreign
        ),
        "contest": contest,
    }
    raise ApplicationError(message, {"confirm_other_contest": [message]})


def _audiovisual_kind(exhibit: Exhibit, evidence) -> bool:
    """Photos and videos are alat bukti lain, not documents: an exhibit made only of them is recorded as
    "other evidence". True when the kind was changed so."""
    from inventory.choices import EvidenceKind

    audiovisual = {EvidenceKind.PHOTO, EvidenceKind.VIDEO}
    if exhibit.kind == ExhibitKind.DOCUMENT and evidence and all(e.kind in audiovisual for e in evidence):
        exhibit.kind = ExhibitKind.OTHER
        return True
    return False


def _reasons(*pairs) -> str:
    return "; ".join(reason for applies, reason in pairs if applies)


@transaction.atomic
def exhibit_create(
    *, actor: User | None, case: Case, evidence: Iterable = (), confirm_other_contest: bool = False, **fields
) -> Exhibit:
    """A new exhibit with the next number of its case (T-<n+1>); after the answer is filed it is
    frozen at once, continuing the filed sequence.

    Evidence of another contest than the case's is refused unless `confirm_other_contest` (recorded
    as `other_contest_confirmed`); an exhibit of photos and videos only is "other evidence" (alat bukti
    lain), whatever kind was asked (compare `kind` on the result to tell the user)."""
    reject_unknown_fields(fields, EXHIBIT_FIELDS)
    case = lock_case(actor, case)  # serialises concurrent creates: each sees the other's number
    last = Exhibit.objects.filter(case=case).aggregate(last=Max("sequence"))["last"]
    exhibit = Exhibit(case=case, sequence=(last or 0) + 1, frozen=case.answer_filed, **fields)
    evidence = list(evidence)
    _check_evidence(actor, evidence)
    exhibit.other_contest_confirmed = _check_other_contest(case, evidence, confirm_other_contest)
    changed_kind = _audiovisual_kind(exhibit, evidence)
    clean_or_raise(exhibit)
    record_actor(
        exhibit,
        actor,
        _reasons(
            (exhibit.other_contest_confirmed, "evidence of another contest confirmed"),
            (changed_kind, "photos/videos: alat bukti lain"),
        ),
    )
    exhibit.save()
    if evidence:
        exhibit.evidence.set(evidence)
    return exhibit


@transaction.atomic
def exhibit_update(*, actor: User | None, exhibit: Exhibit, confirm_other_contest: bool = False, **fields) -> Exhibit:
    """Change description, kind, certified-copy status, readiness, the document's identity, keterangan
    and foundation role, or (`evidence`) the items it consists of. The label is not a field: it changes
    only through reordering, before the answer is filed. Added evidence of another contest needs
    `confirm_other_contest`, as in `exhibit_create`."""
    reject_unknown_fields(fields, EXHIBIT_FIELDS | {"evidence"})
    exhibit = Exhibit.objects.select_for_update().select_related("case").get(pk=exhibit.pk)
    ensure_manages_case(actor, exhibit.case)
    evidence = list(fields.pop("evidence")) if "evidence" in fields else None
    for name, value in fields.items():
        setattr(exhibit, name, value)
    current = list(exhibit.evidence.all())
    confirmed = False
    if evidence is not None:
        _check_evidence(actor, evidence)
        held = {e.pk for e in current}
        confirmed = _check_other_contest(exhibit.case, [e for e in evidence if e.pk not in held], confirm_other_contest)
        if confirmed:
            exhibit.other_contest_confirmed = True
        elif not _other_contest_evidence(exhibit.case, evidence):
            exhibit.other_contest_confirmed = False
    changed_kind = _audiovisual_kind(exhibit, current if evidence is None else evidence)
    clean_or_raise(exhibit)
    record_actor(
        exhibit,
        actor,
        _reasons(
            (confirmed, "evidence of another contest confirmed"), (changed_kind, "photos/videos: alat bukti lain")
        ),
    )
    exhibit.save()
    if evidence is not None:
        exhibit.evidence.set(evidence)
    return exhibit


def _refuse_if_frozen(case: Case, exhibits, what: str) -> None:
    if case.answer_filed or any(e.frozen for e in exhibits):
        message = _(
            "The answer has been filed: exhibit labels are frozen and cannot be %(what)s. "
            "New exhibits continue the sequence."
        ) % {"what": what}
        raise ApplicationError(message, {"exhibits": [message]})


def _renumber(actor, case: Case, ordered: list[Exhibit]) -> None:
    """Give `ordered` the labels T-1 ... T-n in that order (two steps, so no two rows ever share a number)."""
    changed = [e for position, e in enumerate(ordered, start=1) if e.sequence != position]
    if not changed:
        return
    Exhibit.objects.filter(pk__in=[e.pk for e in changed]).update(sequence=F("sequence") + RENUMBER_OFFSET)
    for position, exhibit in enumerate(ordered, start=1):
        exhibit.sequence = position
    bulk_update_with_history(changed, Exhibit, ["sequence"], default_user=actor, default_change_reason="renumbered")


@transaction.atomic
def exhibit_reorder(*, actor: User | None, case: Case, ordered_ids: list[int]) -> list[Exhibit]:
    """Put the case's exhibits in the given order (every one of them, once); labels follow.
    Refused once the answer is filed."""
    case = lock_case(actor, case)
    exhibits = {e.pk: e for e in Exhibit.objects.filter(case=case)}
    _refuse_if_frozen(case, exhibits.values(), _("reordered"))
    try:
        ids = [int(i) for i in ordered_ids]
    except (TypeError, ValueError):
        raise ApplicationError.for_field("ordered_ids", _("Give the exhibits' ids.")) from None
    if len(ids) != len(set(ids)) or set(ids) != set(exhibits):
        raise ApplicationError.for_field("ordered_ids", _("Give every exhibit of the case exactly once."))
    ordered = [exhibits[i] for i in ids]
    _renumber(actor, case, ordered)
    return ordered


@transaction.atomic
def exhibit_remove(*, actor: User | None, exhibit: Exhibit) -> None:
    """Remove an exhibit before the answer is filed; the later ones move up (T-5 becomes T-4).
    A frozen exhibit is refused: its label is filed with the court."""
    case = lock_case(actor, exhibit.case)
    exhibit = Exhibit.objects.get(pk=exhibit.pk)
    if case.answer_filed or exhibit.frozen:
        message = _(
            "%(label)s was filed with the answer and keeps its label; it cannot be removed. "
            "Note in its description that it is withdrawn."
        ) % {"label": exhibit.label}
        raise ApplicationError(message, {"exhibit": [message]})
    record_actor(exhibit, actor)
    exhibit.delete()
    _renumber(actor, case, list(Exhibit.objects.filter(case=case).order_by("sequence")))


@transaction.atomic
def exhibit_cite(*, actor: User | None, claim: Claim, exhibit: Exhibit, note: str = "") -> Citation:
    """The claim's answer cites the exhibit ("(Bukti T-22)"); citing again updates the note."""
    ensure_manages_case(actor, claim.case)
    citation = Citation.objects.filter(claim=claim, exhibit=exhibit).first() or Citation(claim=claim, exhibit=exhibit)
    citation.note = note.strip()
    clean_or_raise(citation)
    record_actor(citation, actor)
    citation.save()
    return citation


@transaction.atomic
def exhibit_uncite(*, actor: User | None, claim: Claim, exhibit: Exhibit) -> None:
    ensure_manages_case(actor, claim.case)
    for citation in Citation.objects.filter(claim=claim, exhibit=exhibit):
        record_actor(citation, actor)
        citation.delete()
