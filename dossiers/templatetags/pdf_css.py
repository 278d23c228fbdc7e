"""`css_string`: text placed into the dossiers' CSS (the page header in templates/dossiers/pdf/base.html)."""

import string

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Characters that mean nothing special in a CSS string nor in HTML; every other one (quotes, backslash,
# newline and other controls, < > &, braces, non-ASCII) is written as a hex escape.
SAFE = frozenset(string.ascii_letters + string.digits + " .,:/_-")


@register.filter
def css_string(value) -> SafeString:
    """`value` as one quoted CSS string: nothing in it can end the string, the rule or the <style>
    element around it. A hex escape ends with a space, which CSS consumes as part of it."""
    escaped = "".join(c if c in SAFE else f"\\{ord(c):x} " for c in str(value))
    return mark_safe(f'"{escaped}"')  # noqa: S308 - only SAFE characters and escapes, see above
