"""The installable app: its web app manifest and the service worker that keeps the offline capture page
(inventory/views_capture.py) and the static files it needs on the phone.

The worker is served by this view, not from /static/, so that its scope is the whole site ("/"); it is
revalidated on every visit (no-cache), so a new version is found as soon as the phone is online. Both
answers are public and hold no data: browsers fetch the manifest without cookies."""

import hashlib
import json
import os

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOUR = "#dc3545"  # the navbar's (Bootstrap's bg-danger)

# What the capture page needs to work with no signal, as static names (hashed in production).
CAPTURE_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/app.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/idb/idb.umd.js",
    "vendor/tus/tus.min.js",
    "js/pwa.js",
    "js/capture.js",
    "js/picker.js",
    "icons/icon-192.png",
]


@require_safe
@cache_control(max_age=60 * 60)
def manifest(request):
    body = {
        "name": "Siaga PHPU",
        "short_name": "Siaga PHPU",
        "description": _("Record election problems and their evidence, also with no signal."),
        "lang": get_language(),
        "id": "/",
        "start_url": reverse("offline_capture"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


@require_safe
@cache_control(no_cache=True)
def service_worker(request):
    """static/js/sw.js, after a first line naming what to keep: the capture page and its static files.
    The cache's name is a digest of both, so a new script or a new static file (hashed names change with
    their content; without DEBUG's hashes, the files' times) makes a new cache, and the worker drops the
    old one when it takes over."""
    with open(finders.find("js/sw.js"), encoding="utf-8") as script:
        source = script.read()
    config = {"page": reverse("offline_capture"), "static": [static(name) for name in CAPTURE_STATIC]}
    version = source + json.dumps(config)
    if settings.DEBUG:  # names without a content hash: their files' times say when they changed
        version += "".join(str(os.stat(finders.find(name)).st_mtime_ns) for name in CAPTURE_STATIC)
    digest = hashlib.sha256(version.encode()).hexdigest()[:12]
    config["cache"] = f"siaga-capture-{digest}"
    head = f"const CONFIG = {json.dumps(config)};\n"
    return HttpResponse(head + source, content_type="text/javascript; charset=utf-8")
