"""Playwright against pytest-django's live_server, in the system Chromium (never `playwright install`).

live_server tests are transactional: the database is flushed after each, which also wipes the regions
that tests/conftest.py loads once per session. Each e2e test loads the regions it needs, and every e2e
module puts the session's regions back when it ends, so that the tests after it find them.
"""

import os
import re
from pathlib import Path

import pytest

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
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000

reports_key = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so that fixtures know whether the test failed."""
    report = yield
    item.stash.setdefault(reports_key, {})[report.when] = report
    return report


@pytest.fixture(scope="module", autouse=True)
def _e2e_module(django_db_setup, django_db_blocker):
    """For the module's lifetime: ORM calls next to Playwright's event loop, and regions restored at the end.

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
            load_test_regions()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


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


@pytest.fixture
def page(request, browser, live_server):
    """A fresh browser context (no cookies) on the live server; a screenshot lands in test-artifacts/ on failure."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    reports = request.node.stash.get(reports_key, {})
    if any(r.failed for r in reports.values()):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
    context.close()


@pytest.fixture
def regions(transactional_db):
    """The session's regions, which an earlier transactional test may have flushed away."""
    load_test_regions()
