"""The offline capture page: a PPK records a problem and takes photos with no signal. The page (kept on
the phone by the service worker, phpu/pwa.py) queues each record and its photos in the phone's IndexedDB
and sends them through the API and the resumable upload endpoint when the link returns
(static/js/capture.js). Its fields, region hints and recent problems are the caller's reach for editing
the inventory, as on the problem form."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.choices import Action
from accounts.scoping import require_some_reach
from inventory import selectors
from inventory.choices import Status
from inventory.forms import ProblemForm
from regions.selectors import region_hints

REGION_HINTS = 500  # as on the problem form
RECENT_PROBLEMS = 20  # offered for a status change or a follow-up note while offline
CAPTURE_FIELDS = ("title", "region", "stage", "category", "source", "follow_up", "occurred_at", "description")


class CaptureForm(ProblemForm):
    """The problem form's fields, labels and reach; the page posts them to the API, which names a
    category by its slug."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].to_field_name = "slug"


def _upload_url() -> str:
    try:
        return reverse("upload-list")
    except NoReverseMatch:  # the resumable endpoint's route, under its contract's path
        return "/api/uploads/"


def _recent(user) -> list[dict]:
    """The problems most recently changed in the caller's editing reach, as they are now: the version and
    notes a change queued offline starts from (sent with If-Match, so a later change elsewhere is seen)."""
    problems = selectors.problem_queryset(user=user, action=Action.EDIT_INVENTORY).order_by("-updated_at", "-id")
    return [
        {
            "id": p.pk,
            "title": p.title,
            "region": p.region.name,
            "status": p.status,
            "follow_up_notes": p.follow_up_notes,
            "version": p.version,
            "updated_at": p.updated_at.isoformat(),
        }
        for p in problems[:RECENT_PROBLEMS]
    ]


def _texts() -> dict:
    """What the script says, in the page's language ({n}, {time}, ... are filled in by the script)."""
    return {
        "waiting": _("{n} waiting to send"),
        "empty": _("Nothing waiting to send."),
        "saved": _("Saved on this phone. It will be sent when there is a signal."),
        "offline": _("No signal: records stay on this phone."),
        "online": _("Online: waiting records are sent."),
        "sending": _("Sending…"),
        "queued": _("Waiting for a signal"),
        "photos": _("{n} photo(s)"),
        "photo_stored": _("photo {i} stored"),
        "problem_stored": _("problem #{id} recorded"),
        "sent": _("Sent: problem #{id} and {n} photo(s)."),
        "change_sent": _("Sent: change to problem #{id}."),
        "refused": _("Refused by the server: {message}"),
        "conflict": _("Changed by someone else since {time} (now version {version}): nothing was overwritten."),
        "yours": _("Your change"),
        "theirs": _("Now on the server"),
        "status_to": _("Status to: {status}"),
        "note": _("Follow-up note: {note}"),
        "notes_now": _("Follow-up notes: {notes}"),
        "status_now": _("Status: {status}"),
        "discard": _("Discard"),
        "reapply": _("Re-apply my change"),
        "delete": _("Delete"),
        "retry": _("Send again"),
        "confirm_delete": _("Delete this record from the phone? It has not been sent."),
        "remove_photo": _("Remove"),
        "no_storage": _("This browser cannot keep records offline; send the form while online."),
        "statuses": dict(Status.choices),
    }


@login_required
def offline_capture(request):
    require_some_reach(request.user, Action.EDIT_INVENTORY)
    form = CaptureForm(user=request.user)
    return render(
        request,
        "inventory/capture.html",
        {
            "form": form,
            "fields": [form[name] for name in CAPTURE_FIELDS],
            "region_hints": region_hints(user=request.user, action=Action.EDIT_INVENTORY, limit=REGION_HINTS),
            "recent": _recent(request.user),
            "statuses": Status.choices,
            "texts": _texts(),
            "upload_url": _upload_url(),
            "chunk_bytes": settings.RESUMABLE_CHUNK_BYTES,
        },
    )
