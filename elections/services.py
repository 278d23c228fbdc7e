"""Writes for elections, contests and participants: each validated, scoped and audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from accounts.choices import Action
from accounts.scoping import ensure_in_reach
from core.errors import clean_or_raise
from elections.models import Contest, Dapil, Election, Participant

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def election_create(*, actor: User | None, name: str, kind: str, voting_date) -> Election:
    ensure_in_reach(actor, Action.MANAGE_ELECTIONS, None)
    election = Election(name=name, kind=kind, voting_date=voting_date)
    clean_or_raise(election)
    election.save()
    return election


@transaction.atomic
def dapil_create(*, actor: User | None, election: Election, contest_type: str, name: str, regions) -> Dapil:
    regions = list(regions)
    for region in regions:
        ensure_in_reach(actor, Action.MANAGE_ELECTIONS, region.code, field="regions")
    dapil = Dapil(election=election, contest_type=contest_type, name=name)
    clean_or_raise(dapil)
    dapil.save()
    dapil.regions.set(regions)
    return dapil


@transaction.atomic
def contest_create(
    *, actor: User | None, election: Election, contest_type: str, region=None, dapil: Dapil | None = None
) -> Contest:
    ensure_in_reach(actor, Action.MANAGE_ELECTIONS, region.code if region else None)
    contest = Contest(election=election, contest_type=contest_type, region=region, dapil=dapil)
    clean_or_raise(contest)
    contest.save()
    return contest


@transaction.atomic
def participant_create(
    *, actor: User | None, contest: Contest, kind: str, name: str, ballot_number: int, party: Participant | None = None
) -> Participant:
    ensure_in_reach(actor, Action.MANAGE_ELECTIONS, contest.region_id, field="contest")
    participant = Participant(contest=contest, kind=kind, name=name, ballot_number=ballot_number, party=party)
    clean_or_raise(participant)
    participant.save()
    return participant


@transaction.atomic
def participant_update(*, actor: User | None, participant: Participant, **fields) -> Participant:
    ensure_in_reach(actor, Action.MANAGE_ELECTIONS, participant.contest.region_id, field="contest")
    for name, value in fields.items():
        setattr(participant, name, value)
    clean_or_raise(participant)
    participant.save()
    return participant
