"""What the levels below an office see of its team (README "What the levels below an office see of its
team"), decided in one place for the pages and the API.

A PPK, PPS or KPPS under a KPU Kabupaten (and a KPU Kabupaten under its province) sees that the office's
team exists: its name, SK number and date, status, and who is on it in which role. Not how to reach a
member, not the SK scan, not the roster. The work and the activities of the office they see only where
those touch their own reach (declared on the querysets in teams/models.py)."""

from accounts.choices import Action
from accounts.scoping import reach_of

# What a viewer below an office is not shown of its team and of its members.
SK_SCAN_FIELDS = ("sk_original_name", "sk_size", "sk_mime_type", "sk_sha256", "sk_uploaded_at", "sk_uploaded_by")
CONTACT_FIELDS = ("user", "institution", "email", "phone")


def seen_from_below(*, user, office_code: str | None) -> bool:
    """Whether the user sees an office's team from below it; at or above the office (its reach holds the
    office), they see everything the office sees. The one predicate the pages and the API ask."""
    return not reach_of(user, Action.VIEW).contains(office_code)


def codes_in_reach(*, user, codes) -> list[str]:
    """The region codes among `codes` the user reaches (the bodies of an activity seen from below)."""
    reach = reach_of(user, Action.VIEW)
    return [code for code in codes if reach.contains(code)]
