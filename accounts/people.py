"""What the person picker (static/js/picker.js) suggests for a field that takes a username: active people
the caller can see (a live assignment inside the caller's reach), found by part of their name or username,
and of those only people the field would accept for the place it is about:

- `sees` (an assignee): people who see the region, through a live assignment on it, above it or national,
  as inventory.services and cases.services check;
- `under` (a team member): people with a live assignment at or under the region (the team's office), as
  teams.services checks.

The form still checks what it gets; a place outside the caller's reach gets no one, as a missing one would.
"""

from django.db.models import Q

from accounts.choices import Action
from accounts.models import Assignment, User
from accounts.scoping import reach_of
from regions import tree

LIMIT = 20
SEES, UNDER = "sees", "under"


def _holding(assignments):
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id"))


def pick_people(*, user, q: str = "", region: str = "", mode: str = SEES) -> list[dict]:
    """Up to LIMIT people, as {username, name}, by full name."""
    reach = reach_of(user, Action.VIEW)
    if not reach.somewhere or (region and not reach.contains(region)):
        return []
    live = Assignment.objects.live()
    people = _holding(live.filter(reach.q("region__code")))
    if region and mode == UNDER:
        people = people.filter(pk__in=live.filter(tree.subtree_q(region, "region__code")).values("user_id"))
    elif region:
        above = Q(region_id__in=tree.lineage(region)) | Q(region__isnull=True)
        people = people.filter(pk__in=live.filter(above).values("user_id"))
    for word in q.split()[:5]:
        people = people.filter(Q(username__icontains=word) | Q(full_name__icontains=word))
    rows = people.order_by("full_name", "username").values_list("username", "full_name")[:LIMIT]
    return [{"username": username, "name": full_name or username} for username, full_name in rows]
