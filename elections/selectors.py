from accounts.choices import Action
from elections.models import Contest, Participant


def contest_queryset(*, user, action: str = Action.VIEW):
    return Contest.objects.visible_to(user, action).select_related("election", "region", "dapil")


def participant_queryset(*, user, action: str = Action.VIEW):
    return Participant.objects.filter(contest__in=contest_queryset(user=user, action=action)).select_related(
        "contest", "party"
    )
