"""Static files as production has them (hashed names, compressed copies), for the benches that render pages.

Under DEBUG=false a page's `{% static %}` needs the manifest that collectstatic writes: without it every page
fails. `make test` and a deployment collect into var/staticfiles; a bench on a fresh clone collects there
itself, once, and reuses it while static/ is unchanged.
"""

import filecmp
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLLECTED = ROOT / "var" / "staticfiles"


def is_current() -> bool:
    """Whether var/staticfiles holds a manifest and today's copy of every file of static/."""
    if not (COLLECTED / "staticfiles.json").is_file():
        return False
    sources = ROOT / "static"
    return all(
        (COLLECTED / path.relative_to(sources)).is_file()
        and filecmp.cmp(path, COLLECTED / path.relative_to(sources), shallow=False)
        for path in sources.rglob("*")
        if path.is_file()
    )


def provide(static_root: Path) -> None:
    """Make `static_root` (this process's STATIC_ROOT, Django set up) hold the collected files: a link to
    var/staticfiles, collected first if it is missing or out of date (a minute or more: every file is
    compressed twice)."""
    from django.core.management import call_command
    from django.test import override_settings

    if not is_current():
        print("collecting static files into var/staticfiles (once) ...", file=sys.stderr, flush=True)
        with override_settings(STATIC_ROOT=COLLECTED):
            call_command("collectstatic", "--noinput", verbosity=0)
    if static_root.resolve() != COLLECTED.resolve():
        static_root.symlink_to(COLLECTED)
