"""Which navigation entry is the page the user is on, for screen readers (aria-current) and the eye (app.css)."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def current(context, name: str) -> str:
    """` aria-current="page"` on the entry whose URL the current path lies under; the home page only on itself."""
    request = context.get("request")
    if request is None:
        return ""
    url = reverse(name)
    here = request.path == url if url == "/" else request.path.startswith(url)
    return mark_safe(' aria-current="page"') if here else ""
