"""Playwright against pytest-django's live_server, in the system Chromium (never `playwright install`).

live_server tests are transactional: the database is flushed after each, which also wipes the regions
that tests/conftest.py loads once per session and the problem categories that a data migration seeds.
Each e2e test loads what it needs (`regions`), and every e2e module puts the session's data back when it
ends, so that the tests after it find them.

The live server runs in a thread of this process, so `settings` overrides reach it: every e2e test gets
plain static names (the live server serves static files through the finders, which do not know the
hashed names of the manifest storage used when DEBUG is off) and its own evidence folder.
"""

import importlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.artifacts import ARTIFACTS
from tests.conftest import load_test_regions

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

TIMEOUT_MS = 10_000

# A phone (the size of an iPhone 12-15 screen) running Chrome on Android: touch, mobile viewport meta.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "screen": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Mobile Safari/537.36"
    ),
}

reports_key = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so that fixtures know whether the test failed."""
    report = yield
    item.stash.setdefault(reports_key, {})[report.when] = report
    return report


def restore_session_data():
    """What the session starts with and a flush removes: the test regions and the seeded categories."""
    load_test_regions()
    seeded = importlib.import_module("inventory.migrations.0002_seed_categories")
    from inventory.models import Category

    present = set(Category.objects.values_list("slug", flat=True))
    Category.objects.bulk_create(
        Category(slug=slug, name=name, position=position * 10)
        for position, (slug, name) in enumerate(seeded.CATEGORIES, start=1)
        if slug not in present
    )
    # The deadline rules (cases), as the data migrations leave them: the 0002 seed, then 0005 corrects every
    # rule as the MK counts it and removes the "psu-ordered" default. Both are idempotent (update_or_create).
    from django.apps import apps as django_apps

    importlib.import_module("cases.migrations.0002_seed_deadline_rules").seed(django_apps, None)
    importlib.import_module("cases.migrations.0005_deadline_rules_as_the_mk_counts").apply(django_apps, None)


@pytest.fixture(scope="module", autouse=True)
def _e2e_module(django_db_setup, django_db_blocker):
    """For the module's lifetime: ORM calls next to Playwright's event loop, and session data restored at the end.

    Playwright's sync API keeps an asyncio loop running in the main thread while a browser is open, and
    Django refuses ORM calls from such a thread (SynchronousOnlyOperation) - including the flush that
    ends a transactional test. The test client and the live server are sync code; the check does not
    apply, so it is lifted for the e2e modules only and put back afterwards.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        # Module teardown runs after the last test's flush: reload what the session set up.
        with django_db_blocker.unblock():
            restore_session_data()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _password_only(request, settings):
    """The e2e walks sign in through the real login page as commissioners and legal staff; the second
    sign-in step is walked in test_two_factor.py (marked `second_factor`), and left out of the others."""
    if request.node.get_closest_marker("second_factor") is None:
        settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    """Plain static names for the live server's finders, and evidence stored in this test's own folder.

    Changing STORAGES resets Django's storage handler (and `staticfiles_storage`), so `{% static %}`
    and `inventory.storage.evidence_storage()` both pick these up on their next use."""
    location = tmp_path / "evidence"
    location.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian package `chromium`)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserLog:
    """What the pages of one test fetched from /static/, which script errors they raised and what the
    Content-Security-Policy refused."""

    def __init__(self, static_url: str):
        self.static_url = static_url
        self.static: list[tuple[str, int]] = []  # (path, status)
        self.errors: list[str] = []

    def watch(self, page):
        page.on("response", self._response)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        # A script or style the Content-Security-Policy refused: a page that relies on inline code.
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
            ),
        )

    def _response(self, response):
        path = urlsplit(response.url).path
        if path.startswith(self.static_url):
            self.static.append((path, response.status))

    def status_of(self, path: str) -> list[int]:
        return [status for p, status in self.static if p == path]

    def problems(self) -> list[str]:
        broken = [f"{path} answered {status}" for path, status in self.static if status >= 400]
        return list(dict.fromkeys(broken + [f"script error at {error}" for error in self.errors]))


@pytest.fixture
def browser_log(settings):
    return BrowserLog(settings.STATIC_URL)


@pytest.fixture
def new_page(request, browser, live_server, browser_log):
    """new_page(**context_options) -> a page in a fresh browser context (no cookies) on the live server.

    Every context gets a screenshot and the HTML in test-artifacts/ if the test fails. A test that passed
    still fails if a static file did not load or a page raised a script error."""
    opened = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", **options)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        browser_log.watch(page)
        opened.append((context, page))
        return page

    yield make
    reports = request.node.stash.get(reports_key, {})
    failed = any(r.failed for r in reports.values())
    for number, (context, page) in enumerate(opened, start=1):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            if len(opened) > 1:
                name += f"-{number}"
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # a crashed page must not hide the test's own failure
                print(f"no screenshot of {name}: {exc}")
        context.close()
    if not failed and browser_log.problems():
        pytest.fail("The browser reported: " + "; ".join(browser_log.problems()), pytrace=False)


@pytest.fixture
def page(new_page):
    """A desktop-sized page in a fresh browser context."""
    return new_page()


@pytest.fixture
def phone(new_page):
    """new_phone() -> a page in a fresh phone-sized browser context (touch, mobile viewport)."""
    return lambda: new_page(**PHONE)


@pytest.fixture
def regions(transactional_db):
    """The session's regions and categories, which an earlier transactional test may have flushed away."""
    restore_session_data()
