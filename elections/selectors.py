from accounts.choices import Action
from elections.models import Contest, Dapil, Election, Participant


def contest_queryset(*, user, action: str = Action.VIEW):
    return Contest.objects.visible_to(user, action).select_related("election", "region", "dapil")


def participant_queryset(*, user, action: str = Action.VIEW):
    return Participant.objects.filter(contest__in=contest_queryset(user=user, action=action)).select_related(
        "contest", "party"
    )


def dapil_queryset():
    """Electoral districts with their regions; public law (the KPU's own decree), read by everyone."""
    return Dapil.objects.prefetch_related("regions").order_by("id")


def election_get(*, pk) -> Election | None:
    """The election with primary key `pk`, or None (elections are national: everyone may read them)."""
    return Election.objects.filter(pk=pk).first()
