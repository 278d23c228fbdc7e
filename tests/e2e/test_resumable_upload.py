"""On a phone with a weak link: evidence goes up in chunks over the resumable (tus) endpoint. A dropped
connection shows "connection lost" and resumes from the server's offset, sending again at most one chunk;
a page closed half way continues where it stopped when the same file is chosen again; a fake video is
refused after its first chunk with the server's reason; cancel frees what the server held.

The link is cut and held through Playwright routes (tests/e2e/uploads.py); chunks are small so that a
file of a few MB is many of them.
"""

import hashlib
import json

import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.choices import EvidenceKind
from inventory.models import Evidence
from tests.e2e.axe import axe_violations
from tests.e2e.uploads import Link, choose_and_send, head, head_status, in_page_language, log_in
from tests.factories import AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory, mp4_of_size

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"
TPS = "13.02.03.2002.001"
CHUNK = 256 * 1024
LOST = "Connection lost — will resume automatically"


@pytest.fixture
def ppk(regions, settings):
    settings.RESUMABLE_CHUNK_BYTES = CHUNK
    user = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=user, role=Role.PPK, region_id=DISTRICT)
    return user


@pytest.fixture
def problem(ppk):
    return ProblemFactory(region_id=TPS, reported_by=ppk, title="Kotak suara dibuka sebelum penghitungan")


@pytest.fixture
def video(tmp_path):
    """A phone video of a little over four chunks."""
    path = tmp_path / "video-tps-001.mp4"
    path.write_bytes(mp4_of_size(4 * CHUNK + 100_000, seed=20))
    return path


def open_upload_page(page, problem):
    page.goto(f"/inventory/evidence/upload/?problem={problem.pk}&region={TPS}")
    expect(page.get_by_test_id("upload-form")).to_have_attribute("data-chunk-bytes", str(CHUNK))


def assert_fits_the_screen(page):
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]}px wide on a {width[1]}px screen"


def assert_stored(page, item, path, problem):
    """The page says the file is stored, shows its hash and links to it; the evidence is the file's bytes."""
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    expect(item).to_have_attribute("data-outcome", "stored", timeout=20_000)
    expect(item.get_by_test_id("upload-state")).to_have_text(in_page_language(page, "stored"))
    expect(item.get_by_test_id("sha256")).to_have_text(sha)
    evidence = Evidence.objects.get(original_name=path.name)
    assert (evidence.sha256, evidence.region_id) == (sha, TPS)
    assert list(evidence.problems.all()) == [problem]
    expect(item.get_by_test_id("evidence-link")).to_have_attribute("href", f"/inventory/evidence/{evidence.pk}/")
    expect(item.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    done = page.get_by_test_id("uploads-done")
    expect(done).to_be_visible()
    expect(done.locator(f"a[href='/inventory/problems/{problem.pk}/#evidence']")).to_be_visible()


def test_a_dropped_connection_resumes_and_sends_at_most_one_chunk_again(phone, ppk, problem, video):
    page = phone()
    log_in(page, ppk)
    open_upload_page(page, problem)
    link = Link(page.context, hold_after=2)
    item = choose_and_send(page, video, EvidenceKind.VIDEO)

    # Two chunks are on the server, the third is on its way when the signal goes.
    link.wait_for_held(page)
    link.down = True
    page.context.set_offline(True)
    for route in link.held:
        route.abort("internetdisconnected")
    state = item.get_by_test_id("upload-state")
    expect(state).to_have_text(in_page_language(page, LOST))
    expect(state).to_have_attribute("aria-live", "polite")
    bar = item.get_by_role("progressbar")
    assert 0 < int(bar.get_attribute("aria-valuenow")) < 100
    expect(item.get_by_test_id("upload-figures")).to_contain_text("MB")
    assert_fits_the_screen(page)
    assert axe_violations(page, "[data-testid=uploads]") == []

    link.hold_after, link.down = None, False
    page.context.set_offline(False)
    assert_stored(page, item, video, problem)
    # It went on from the server's offset: the chunk cut off was sent again, nothing before it.
    size = video.stat().st_size
    offsets = [offset for offset, _length in link.patches]
    assert offsets[:3] == [0, CHUNK, 2 * CHUNK] and offsets[3] == 2 * CHUNK, link.patches
    assert size <= link.sent() <= size + CHUNK, (link.sent(), size)
    assert_fits_the_screen(page)
    assert axe_violations(page, "[data-testid=uploads]", "[data-testid=uploads-done]") == []


def test_a_page_closed_half_way_resumes_from_the_server_offset(phone, ppk, problem, video, browser_log):
    page = phone()
    context = page.context
    log_in(page, ppk)
    open_upload_page(page, problem)
    link = Link(context, hold_after=2)
    choose_and_send(page, video, EvidenceKind.VIDEO)
    link.wait_for_held(page)
    page.close()

    # Later, in a new tab of the same browser: the page names the unfinished upload; the same file continues.
    link.hold_after = None
    page = context.new_page()
    browser_log.watch(page)
    open_upload_page(page, problem)
    expect(page.get_by_test_id("unfinished-uploads")).to_contain_text(video.name)
    kept = int(head(page, link.locations[0]).headers["upload-offset"])
    assert kept >= 2 * CHUNK
    before = len(link.patches)
    item = choose_and_send(page, video, EvidenceKind.VIDEO)
    assert_stored(page, item, video, problem)
    resumed = link.patches[before:]
    assert resumed[0][0] == kept, f"started again at {resumed[0][0]}, not at the server's offset {kept}"
    assert sum(length for _offset, length in resumed) == video.stat().st_size - kept
    assert len(link.locations) == 1, "a second upload was opened instead of continuing the first"


def test_a_fake_video_is_refused_after_its_first_chunk_with_the_servers_reason(phone, ppk, problem, tmp_path):
    fake = tmp_path / "rekaman-tps.mp4"
    fake.write_bytes(b"This is a shopping list, not a video.\n" * 60_000)  # about 2.3 MB of text
    page = phone()
    log_in(page, ppk)
    open_upload_page(page, problem)
    link = Link(page.context)
    with page.expect_response(lambda r: r.request.method == "PATCH" and r.status >= 400) as refusal:
        item = choose_and_send(page, fake, EvidenceKind.VIDEO)
    answer = json.loads(refusal.value.text())
    reason = " ".join(answer.get("extra", {}).get("file", [])) or answer["message"]
    assert reason

    expect(item).to_have_attribute("data-outcome", "refused")
    expect(item.get_by_test_id("upload-state")).to_contain_text(reason)
    # Not retried, and a chunk (not the 2.3 MB) was sent; nothing stored, the server let go of the upload.
    page.wait_for_timeout(1500)
    assert len(link.patches) == 1 and link.sent() <= CHUNK < fake.stat().st_size / 8, link.patches
    assert not Evidence.objects.filter(original_name=fake.name).exists()
    assert head_status(page, link.locations[0]) == 404
    expect(page.get_by_test_id("upload-form").locator("button[data-submit]")).to_be_enabled()
    page.reload()  # the refused upload is not offered for continuing
    expect(page.get_by_test_id("unfinished-uploads")).to_be_hidden()


def test_pause_then_resume_continues_from_the_server_offset(phone, ppk, problem, video):
    page = phone()
    log_in(page, ppk)
    open_upload_page(page, problem)
    link = Link(page.context, hold_after=1)
    item = choose_and_send(page, video, EvidenceKind.VIDEO)
    link.wait_for_held(page)

    item.get_by_role("button", name=in_page_language(page, "Pause")).tap()
    expect(item.get_by_test_id("upload-state")).to_have_text(in_page_language(page, "Paused"))
    link.hold_after = None
    resume = item.get_by_role("button", name=in_page_language(page, "Resume"))
    expect(resume).to_be_visible()
    resume.tap()
    assert_stored(page, item, video, problem)
    offsets = [offset for offset, _length in link.patches]
    assert offsets[:3] == [0, CHUNK, CHUNK], link.patches  # the paused chunk again, from the server's offset
    assert link.sent() == video.stat().st_size + CHUNK


def test_cancel_frees_the_server_side(phone, ppk, problem, video):
    page = phone()
    log_in(page, ppk)
    open_upload_page(page, problem)
    link = Link(page.context, hold_after=1)
    item = choose_and_send(page, video, EvidenceKind.VIDEO)
    link.wait_for_held(page)
    location = link.locations[0]
    assert head_status(page, location) == 200  # the first chunk is held there

    with page.expect_response(lambda r: r.request.method == "DELETE" and r.url.endswith(location)) as deleted:
        item.get_by_role("button", name=in_page_language(page, "Cancel upload")).tap()
    assert deleted.value.status == 204
    expect(item.get_by_test_id("upload-state")).to_have_text(
        in_page_language(page, "Cancelled; the part already sent was deleted.")
    )
    assert head_status(page, location) == 404
    assert not Evidence.objects.filter(original_name=video.name).exists()
