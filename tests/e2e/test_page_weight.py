"""What a phone downloads: a PPK member signs in on a new phone (cold cache) and then goes back to the home
page, the problem list, the upload page and the dashboard (warm cache).

Measured against the site as production serves it, not through the live server's finders: static files
collected by the manifest storage (hashed names, gzip and Brotli copies) and served by WhiteNoise, pages
through the whole middleware stack. The bytes are counted where they leave the server (status line,
headers and body of every answer, the service worker's fetches included), so a file the phone has in its
cache costs nothing because it is not asked for.
"""

import filecmp
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.test import override_settings
from playwright.sync_api import expect

from accounts.choices import Role
from tests.e2e.conftest import PHONE, TIMEOUT_MS
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"  # Pantai Cermin, Kabupaten Solok
FIRST_VISIT_BYTES = 150_000  # signing in on a new phone, up to the home page
LATER_VISIT_BYTES = 30_000  # any page once the phone has the static files
CHART_JS = re.compile(r"^/static/vendor/chartjs/chart\.umd\.min\.[0-9a-f]{12}\.js$")
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def collected_is_current(root: Path) -> bool:
    """Whether `root` holds a manifest and today's copy of every file of static/ (what `make test` collects)."""
    if not (root / "staticfiles.json").is_file():
        return False
    sources = Path(django_settings.STATICFILES_DIRS[0])
    return all(
        (root / path.relative_to(sources)).is_file() and filecmp.cmp(path, root / path.relative_to(sources), False)
        for path in sources.rglob("*")
        if path.is_file()
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Static files as collectstatic leaves them for production: `make test` has just collected them into
    STATIC_ROOT; otherwise they are collected here (slower: every file is compressed twice)."""
    root = Path(django_settings.STATIC_ROOT)
    if collected_is_current(root):
        return root
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**django_settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


class Answer:
    def __init__(self, path: str, status: int, headers: dict[str, str]):
        self.path, self.status, self.headers, self.size = path, status, headers, 0


class Counted:
    """A WSGI app that counts the bytes of each answer it sends (status line, headers, body)."""

    def __init__(self, app):
        self.app = app
        self.answers: list[Answer] = []
        self.open = 0
        self.last = time.monotonic()

    def __call__(self, environ, start_response):
        answer = None

        def start(status, headers, exc_info=None):
            nonlocal answer
            answer = Answer(environ["PATH_INFO"], int(status.split()[0]), {k.lower(): v for k, v in headers})
            answer.size = len(f"HTTP/1.1 {status}\r\n\r\n") + sum(len(f"{k}: {v}\r\n") for k, v in headers)
            self.answers.append(answer)
            return start_response(status, headers, exc_info)

        self.open += 1
        try:
            body = self.app(environ, start)
            try:
                for chunk in body:
                    answer.size += len(chunk)
                    yield chunk
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            self.open -= 1
            self.last = time.monotonic()

    def bytes_since(self, start: int) -> int:
        return sum(answer.size for answer in self.answers[start:])

    def settle(self, quiet=0.5, limit=10.0):
        """Wait until nothing has been asked for a moment: scripts, htmx and the service worker fetch after 'load'."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and (self.open or time.monotonic() - self.last < quiet):
            time.sleep(0.05)


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings, static_root):
    """The production stack on a port of its own. Its handler is built after the settings below, so that
    WhiteNoise indexes the collected files and `{% static %}` writes their hashed names."""
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    app = Counted(WSGIHandler())
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.url = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def ppk(regions):
    user = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=user, role=Role.PPK, region_id=DISTRICT)
    ProblemFactory.create_batch(25, region_id=f"{DISTRICT}.2002.001")  # a full first page of the list
    return user


def visit(page, site, url) -> int:
    start = len(site.answers)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    site.settle()
    return site.bytes_since(start)


def kilobytes(site, start=0) -> str:
    return ", ".join(f"{a.path} {a.status} {a.size / 1000:.1f} KB" for a in site.answers[start:])


def test_a_phone_downloads_little_and_the_charts_only_when_asked(browser, site, ppk):
    context = browser.new_context(base_url=site.url, locale="id-ID", timezone_id="Asia/Jakarta", **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    try:
        # A new phone: the sign-in page, then the home page (and what the service worker keeps for offline use).
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(ppk.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").tap()
        expect(page).to_have_url(re.compile(r"/$"))
        page.wait_for_load_state("networkidle")
        site.settle()
        first = site.bytes_since(0)
        assert first < FIRST_VISIT_BYTES, f"first visit {first} bytes: {kilobytes(site)}"

        # Every static file went out compressed, under a hashed name the phone may keep for good.
        for answer in site.answers:
            if answer.path.startswith("/static/") and answer.status == 200:
                assert "immutable" in answer.headers.get("cache-control", ""), answer.path
                if answer.path.endswith((".css", ".js", ".mjs")):
                    assert answer.headers.get("content-encoding") in ("br", "gzip"), answer.path

        # Back to pages the phone knows the look of: only the pages themselves travel.
        for url in ("/", "/inventory/problems/", "/inventory/evidence/upload/", "/dashboard/"):
            start = len(site.answers)
            cost = visit(page, site, url)
            assert cost < LATER_VISIT_BYTES, f"{url} cost {cost} bytes: {kilobytes(site, start)}"
            shown = urlsplit(page.url).path  # after any redirect
            assert [a.headers.get("content-encoding") for a in site.answers[start:] if a.path == shown] == ["gzip"]
            if url == "/inventory/problems/":  # the weight of a full page of the list
                expect(page.locator("main")).to_contain_text(re.compile(r"Problem \d+"))
        assert not [a.path for a in site.answers if CHART_JS.match(a.path)], "Chart.js loaded without a chart"

        # The charts come with their tab.
        page.get_by_test_id("tab-charts").tap()
        page.wait_for_function(
            "() => { const c = document.getElementById('chart-coverage'); return c && c.width > 0 && c.getContext('2d')"
            ".getImageData(0, 0, c.width, c.height).data.some(v => v !== 0); }"
        )
        assert [a.path for a in site.answers if CHART_JS.match(a.path)]

        # The icon a browser asks for by itself is there, not a 404 page.
        icon = context.request.get("/favicon.ico")
        assert icon.ok and icon.headers["content-type"] == "image/x-icon"
        missing = [f"{a.path} {a.status}" for a in site.answers if a.status >= 400]
        assert not missing, f"answered with an error: {missing}"
        assert not errors, f"script errors: {errors}"
    finally:
        context.close()
