"""Where a page may send the browser next. A `next` from the request is followed only if it stays on this
site (this host, and https when the request came over https); anything else goes to the page's default."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_target(request, url: str | None) -> bool:
    """True for a path on this site or a URL naming this host; false for another host, `//host`, `/\\host`,
    `javascript:` and the like."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, default: str) -> str:
    """The request's `next` (POST before GET) when it is safe to follow, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    return target if is_safe_target(request, target) else default
