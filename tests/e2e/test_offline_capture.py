"""On a phone with no signal: a PPK member records a problem with two photos on the offline capture page
(kept by the service worker), the record waits on the phone, survives a reload while offline, and is sent
with both photos once the link returns. A status change queued offline for a problem that someone else
changed meanwhile is shown with both versions, not written over them.

Where text matters it is computed through Django's translation in the page's own language."""

import hashlib
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.choices import Role
from inventory import services
from inventory.choices import Status
from inventory.models import Evidence, Problem
from tests.e2e.axe import axe_violations
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import ProblemFactory, jpeg_bytes

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"  # Pantai Cermin, Kabupaten Solok
TPS = "13.02.03.2002.001"
CAPTURE = "/inventory/capture/"
SENDING_MS = 30_000  # the problem, then each photo through the resumable endpoint
# The paths of everything the service worker keeps, in all its caches.
KEPT_PATHS = """caches.keys().then(names => Promise.all(names.map(name => caches.open(name)
    .then(cache => cache.keys())))).then(lists => lists.flat().map(request => new URL(request.url).pathname))"""


@pytest.fixture
def ppk(regions):
    user = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=user, role=Role.PPK, region_id=DISTRICT)
    return user


@pytest.fixture
def photos(tmp_path):
    """Two phone photos as real files, with their SHA-256."""
    paths = []
    for seed in (4101, 4102):
        path = tmp_path / f"foto-{seed}.jpg"
        path.write_bytes(jpeg_bytes(seed=seed, size=(64, 48)))
        paths.append(path)
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/$"))


def text(page, message, **values) -> str:
    """A message of capture.js (or a lazy label) as the page shows it, in the page's language."""
    with translation.override(page.locator("html").get_attribute("lang")):
        message = translation.gettext(message) if isinstance(message, str) else str(message)
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value))
    return message


def open_capture(page):
    """The capture page, online, once the service worker holds it (and controls the page)."""
    page.goto(CAPTURE)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_problem_and_photos_recorded_offline_are_sent_when_the_link_returns(phone, ppk, photos):
    page = phone()
    log_in(page, ppk)
    open_capture(page)
    page.context.set_offline(True)
    expect(page.get_by_test_id("capture-network")).to_have_text(text(page, "No signal: records stay on this phone."))

    page.locator("#id_title").fill("Surat suara kurang di TPS 001")
    page.locator("#id_region").fill(TPS)
    page.locator("#id_stage").select_option("penghitungan")
    page.locator("#id_category").select_option("lainnya")
    page.locator("#id_source").select_option("internal")
    page.locator("#id_follow_up").select_option("none")
    page.locator("#id_occurred_at").fill("2026-12-01T10:30")
    page.locator("#id_description").fill("Dua puluh surat suara kurang saat dibuka.")
    page.get_by_test_id("capture-photos").set_input_files([str(path) for path in photos])
    expect(page.get_by_test_id("capture-photo")).to_have_count(2)
    page.get_by_test_id("capture-save").tap()

    queue = page.get_by_test_id("queue-item")
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "{n} waiting to send", n=1))
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text(text(page, "{n} photo(s)", n=2))
    assert axe_violations(page, "[data-capture]") == []

    # Closed and opened again with no signal: the worker serves the page, the record is still there.
    response = page.reload()
    assert response.from_service_worker
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "{n} waiting to send", n=1))
    expect(queue).to_have_count(1)
    assert not Problem.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "Nothing waiting to send."), timeout=SENDING_MS)
    problem = Problem.objects.get()
    assert problem.description == "Dua puluh surat suara kurang saat dibuka."
    assert problem.reported_by == ppk
    assert problem.region_id == TPS
    evidence = Evidence.objects.filter(problems=problem)
    assert sorted(evidence.values_list("sha256", flat=True)) == sorted(photos.values())
    assert set(evidence.values_list("kind", flat=True)) == {"photo"}
    expect(page.get_by_test_id("queue-sent")).to_contain_text(f"#{problem.pk}")

    # Sent is gone from the phone: a reload online shows nothing waiting and records nothing twice.
    page.reload()
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "Nothing waiting to send."))
    assert Problem.objects.count() == 1
    assert Evidence.objects.count() == 2

    # Other pages and API answers were fetched too, but the phone keeps only the capture page and files.
    page.goto("/")
    kept = page.evaluate(KEPT_PATHS)
    assert CAPTURE in kept
    assert all(path == CAPTURE or path.startswith("/static/") for path in kept), kept


def test_a_status_change_queued_offline_does_not_overwrite_a_change_made_meanwhile(phone, ppk):
    problem = ProblemFactory(region_id=TPS, title="Saksi menolak menandatangani C.Hasil")
    colleague = UserFactory(username="ppk.kedua")
    AssignmentFactory(user=colleague, role=Role.PPK, region_id=DISTRICT)
    page = phone()
    log_in(page, ppk)
    open_capture(page)
    page.context.set_offline(True)

    page.get_by_test_id("change-problem").select_option(str(problem.pk))
    page.get_by_test_id("change-status").select_option(Status.IN_PROGRESS)
    page.get_by_test_id("change-save").tap()
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "{n} waiting to send", n=1))

    # Meanwhile, at the office, a colleague changes the same problem.
    services.problem_update(actor=colleague, problem=problem, follow_up_notes="Sudah dikonfirmasi ke KPPS.")

    page.context.set_offline(False)
    conflict = page.get_by_test_id("queue-conflict")
    expect(conflict).to_be_visible(timeout=SENDING_MS)
    expect(page.get_by_test_id("conflict-theirs")).to_contain_text("Sudah dikonfirmasi ke KPPS.")
    expect(page.get_by_test_id("conflict-yours")).to_contain_text(text(page, Status.IN_PROGRESS.label))
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "{n} waiting to send", n=1))
    assert axe_violations(page, "[data-capture]") == []
    problem.refresh_from_db()
    assert problem.status == Status.NEW
    assert problem.version == 2

    # Having seen both, the PPK applies the change over the colleague's: both stand.
    page.get_by_test_id("queue-reapply").tap()
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "Nothing waiting to send."), timeout=SENDING_MS)
    problem.refresh_from_db()
    assert problem.status == Status.IN_PROGRESS
    assert problem.follow_up_notes == "Sudah dikonfirmasi ke KPPS."


def test_a_lost_answer_does_not_record_the_problem_twice(phone, ppk, photos):
    """The server records the problem but its answer never reaches the phone (the link drops on the way
    back). Sent again, the record finds the problem it made instead of recording a second one."""
    photo = next(iter(photos))
    page = phone()
    log_in(page, ppk)
    open_capture(page)
    lost = []

    def lose_the_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch().status)  # stored on the server...
            route.abort("internetdisconnected")  # ...and the answer lost
        else:
            route.continue_()

    page.route(re.compile(r"/api/problems/$"), lose_the_answer)
    page.locator("#id_title").fill("Kotak suara rusak")
    page.locator("#id_region").fill(TPS)
    page.locator("#id_stage").select_option("pemungutan")
    page.locator("#id_category").select_option("lainnya")
    page.locator("#id_source").select_option("internal")
    page.locator("#id_follow_up").select_option("none")
    page.locator("#id_description").fill("Segel kotak suara rusak saat dibuka.")
    page.get_by_test_id("capture-photos").set_input_files(str(photo))
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/api/problems/")):
        page.get_by_test_id("capture-save").tap()
    assert lost == [201]
    expect(page.get_by_test_id("queue-item")).to_have_count(1)
    assert Problem.objects.count() == 1

    page.reload()  # opened again: the half-sent record is picked up
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "Nothing waiting to send."), timeout=SENDING_MS)
    problem = Problem.objects.get()
    assert list(Evidence.objects.filter(problems=problem).values_list("sha256", flat=True)) == [photos[photo]]


def test_a_record_the_server_refuses_stays_with_the_reason_until_deleted(phone, ppk):
    page = phone()
    log_in(page, ppk)
    open_capture(page)
    page.locator("#id_title").fill("Di luar wilayah")
    page.locator("#id_region").fill("13.02.04")  # the neighbouring kecamatan: not the PPK's to record
    page.locator("#id_stage").select_option("pemungutan")
    page.locator("#id_category").select_option("lainnya")
    page.locator("#id_source").select_option("internal")
    page.locator("#id_follow_up").select_option("none")
    page.locator("#id_description").fill("Salah ketik kode wilayah.")
    page.get_by_test_id("capture-save").tap()

    error = page.get_by_test_id("queue-error")
    expect(error).to_be_visible(timeout=SENDING_MS)
    expect(error).to_contain_text("region")  # the server's words name the field
    page.reload()  # kept, with its reason, and not sent again on its own
    expect(page.get_by_test_id("queue-error")).to_be_visible()
    assert not Problem.objects.exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("queue-delete").tap()
    expect(page.get_by_test_id("queue-count")).to_have_text(text(page, "Nothing waiting to send."))
