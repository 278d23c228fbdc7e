"""What the navigation may offer: only the pages the user can use (a PPK's phone menu has no Users entry
that would answer 403)."""

from django.utils.functional import SimpleLazyObject

from accounts.choices import Action
from accounts.scoping import has_some_reach

# Menu entries that need more than seeing something: each the action its page requires (require_some_reach).
GATED = {
    "edit_inventory": Action.EDIT_INVENTORY,
    "upload_evidence": Action.UPLOAD_EVIDENCE,
    "verify_evidence": Action.VERIFY_EVIDENCE,
    "export_dossiers": Action.EXPORT_DOSSIERS,
    "manage_users": Action.MANAGE_USERS,
}


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages without the navigation (PDFs, HTMX fragments) never ask for the reaches.
    return {"may": SimpleLazyObject(lambda: {name: has_some_reach(user, action) for name, action in GATED.items()})}
