"""/favicon.ico, which browsers and other clients ask for on their own whatever the page links."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request):
    # Not a permanent redirect: the static name changes with the icon, and a browser keeps a 301 for good.
    return redirect(static("icons/favicon.ico"))
