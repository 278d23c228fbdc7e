"""The link between a page and the resumable upload endpoint, as the upload tests cut and restore it.

Every request to /api/uploads/ passes through a Playwright route on the browser context (so it survives
closing a page and opening another): PATCH bodies are counted, PATCHes after the first `hold_after` are
held (never answered, like a link that went quiet), and while `down` every request fails as on a phone
that lost its signal.
"""

import re

from django.utils import translation
from playwright.sync_api import expect

from tests.factories import PASSWORD

ENDPOINT = "/api/uploads/"
TUS_HEADERS = {"Tus-Resumable": "1.0.0"}
WAIT_MS = 10_000


class Link:
    def __init__(self, context, hold_after: int | None = None):
        self.patches: list[tuple[int, int]] = []  # (Upload-Offset, bytes in the body), in the order sent
        self.held = []
        self.hold_after = hold_after
        self.down = False
        self.locations: list[str] = []  # the upload URLs the server opened
        context.route(lambda url: ENDPOINT in url, self._route)
        context.on("response", self._response)

    def _route(self, route):
        request = route.request
        if self.down:
            route.abort("internetdisconnected")
            return
        if request.method == "PATCH":
            body = request.post_data_buffer or b""
            self.patches.append((int(request.headers["upload-offset"]), len(body)))
            if self.hold_after is not None and len(self.patches) > self.hold_after:
                self.held.append(route)
                return
        route.continue_()

    def _response(self, response):
        if response.request.method == "POST" and ENDPOINT in response.url and response.status == 201:
            self.locations.append(response.headers["location"])

    def wait_for_held(self, page):
        """Until a PATCH is held: the bytes before it are on the server, the rest not yet."""
        for _ in range(WAIT_MS // 50):
            if self.held:
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"no PATCH was held; sent so far: {self.patches}")

    def sent(self) -> int:
        return sum(length for _offset, length in self.patches)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/$"))


def in_page_language(page, text: str) -> str:
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text)


def choose_and_send(page, path, kind):
    """Choose one file as the phone's picker would, and tap Upload."""
    form = page.get_by_test_id("upload-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[type=file][name=files]:not([data-camera])").set_input_files(path)
    expect(form.locator("[data-file-list] li")).to_contain_text(path.name)
    form.locator("button[type=submit][data-submit]").tap()
    return page.get_by_test_id("upload-item").filter(has_text=path.name)


def head(page, location: str):
    """HEAD of an upload, with the page's session: its status and Upload-Offset."""
    return page.request.fetch(location, method="HEAD", headers=TUS_HEADERS)


def head_status(page, location: str) -> int:
    return head(page, location).status
