"""On a phone: a PPK member records a problem at a TPS, uploads a photo and a PDF with their SHA-256
hashes shown, is refused "ready" before verification; a technical-division colleague verifies both files
(four eyes); then the problem becomes ready (siap).

Selectors are data-testid, names, values and URLs; where text matters it is computed through Django's
translation in the page's own language, so the test holds whatever language the UI speaks.
"""

import hashlib
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.choices import Role
from files.store import content_name
from inventory.choices import EvidenceKind, Status, Verification
from inventory.models import Category, Evidence, Problem
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import jpeg_bytes, pdf_bytes

pytestmark = pytest.mark.e2e

DISTRICT = "13.02.03"  # Pantai Cermin, Kabupaten Solok
TPS = "13.02.03.2002.001"  # a TPS in that kecamatan
REGENCY = "13.02"  # Kabupaten Solok: the technical division's reach
UPLOAD_JS = "/static/js/upload.js"


@pytest.fixture
def people(regions):
    """A PPK member of Pantai Cermin and a technical-division member of the regency."""
    ppk = UserFactory(username="ppk.pantaicermin", full_name="Rina Marlina")
    AssignmentFactory(user=ppk, role=Role.PPK, region_id=DISTRICT)
    technical = UserFactory(username="teknis.solok", full_name="Budi Santoso")
    AssignmentFactory(user=technical, role=Role.TECHNICAL, region_id=REGENCY)
    return {"ppk": ppk, "technical": technical}


@pytest.fixture
def files(tmp_path):
    """A phone photo and a scanned C.Hasil as real files, with the hashes the page must show."""
    photo = tmp_path / "foto-tps-001.jpg"
    photo.write_bytes(jpeg_bytes(seed=3002, size=(64, 48)))
    scan = tmp_path / "c-hasil-tps-001.pdf"
    scan.write_bytes(pdf_bytes("C.Hasil TPS 001 Pantai Cermin"))
    return {path.name: (path, hashlib.sha256(path.read_bytes()).hexdigest()) for path in (photo, scan)}


@pytest.fixture
def previews(monkeypatch):
    """Each upload queues a preview once its transaction commits. No worker runs here: instead of the
    broker (which would hold the message for a worker of another database, or wait on a Redis that is
    not there), the task runs in place, as a worker would run it, and its evidence id is recorded."""
    from inventory import tasks

    queued = []

    def run_in_place(evidence_id):
        queued.append(evidence_id)
        tasks.evidence_preview.apply(args=[evidence_id], throw=True)

    monkeypatch.setattr(tasks.evidence_preview, "delay", run_in_place)
    return queued


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("current-user")).to_have_text(user.full_name)


def in_page_language(page, text) -> str:
    """`text` (an English message id, or a lazy label) as the page shows it, in the language it is in."""
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def assert_fits_the_screen(page):
    """Nothing wider than the phone: no sideways scrolling (long hashes and codes must wrap)."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]}px wide on a {width[1]}px screen"


def open_evidence(page, evidence):
    """Tap an evidence item's link on the problem page."""
    page.locator(f"li[data-evidence='{evidence.pk}'] a[href='/inventory/evidence/{evidence.pk}/']").last.tap()


def status_button(page, status):
    return page.get_by_test_id("status-form").locator(f"button[name=status][value={status}]")


def error_alert(page):
    return page.locator("main .alert-danger[role=alert]")


def upload(page, path, kind):
    """Choose one file on the upload page (as the phone's file picker would) and send it; upload.js sends it
    in chunks over the resumable endpoint (/api/uploads/) and shows what became of it on the page."""
    form = page.get_by_test_id("upload-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[type=file][name=files]:not([data-camera])").set_input_files(path)
    # upload.js lists the chosen file with its size before anything is sent.
    expect(form.locator("[data-file-list] li")).to_have_count(1)
    expect(form.locator("[data-file-list] li")).to_contain_text(path.name)
    with page.expect_request(lambda r: r.method == "POST" and "/api/uploads/" in r.url) as sent:
        form.locator("button[type=submit][data-submit]").tap()
    assert sent.value.resource_type == "xhr", "upload.js did not take over the form"
    item = page.get_by_test_id("upload-item").filter(has_text=path.name)
    expect(item).to_have_attribute("data-outcome", "stored")
    return item


def test_ppk_records_a_problem_with_evidence_on_a_phone_and_it_becomes_ready(
    phone, people, files, evidence_dir, browser_log, previews
):
    ppk, technical = people["ppk"], people["technical"]
    category = Category.objects.get(slug="lainnya")
    photo, photo_sha = files["foto-tps-001.jpg"]
    scan, scan_sha = files["c-hasil-tps-001.pdf"]

    # --- The PPK member, on a phone -------------------------------------------------------------
    page = phone()
    log_in(page, ppk)
    # Bootstrap's CSS is loaded and the layout is the phone one: the menu hides behind its toggler.
    expect(page.locator("nav .navbar-toggler")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()

    # The menu (Bootstrap's JS) opens on a tap and leads to the problem list, and that to the create form.
    page.locator("nav .navbar-toggler").tap()
    page.locator("#nav a[href='/inventory/problems/']").tap()
    expect(page).to_have_url(re.compile(r"/inventory/problems/$"))
    page.get_by_test_id("new-problem").tap()
    expect(page).to_have_url(re.compile(r"/inventory/problems/new/$"))
    form = page.get_by_test_id("problem-form")
    form.locator("[name=title]").fill("Kotak suara dibuka sebelum penghitungan")
    form.locator("[name=region]").fill(TPS)
    form.locator("[name=category]").select_option(str(category.pk))
    form.locator("[name=description]").fill("Saksi melihat segel kotak suara sudah terbuka pukul 13.05 WIB.")
    assert_fits_the_screen(page)
    form.locator("button[type=submit]").tap()

    expect(page).to_have_url(re.compile(r"/inventory/problems/\d+/$"))
    problem = Problem.objects.get(title="Kotak suara dibuka sebelum penghitungan")
    assert page.url.endswith(f"/inventory/problems/{problem.pk}/")
    assert (problem.region_id, problem.category, problem.reported_by, problem.status) == (
        TPS,
        category,
        ppk,
        Status.NEW,
    )
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"\bstatus-new\b"))
    problem_url = page.url

    # Upload the photo, then the scan, through the upload page of the problem.
    for path, sha, kind in ((photo, photo_sha, EvidenceKind.PHOTO), (scan, scan_sha, EvidenceKind.C_HASIL)):
        page.get_by_test_id("upload-evidence").tap()
        expect(page).to_have_url(re.compile(rf"/inventory/evidence/upload/\?problem={problem.pk}&region="))
        expect(page.get_by_test_id("upload-form").locator("[name=region]")).to_have_value(TPS)
        assert_fits_the_screen(page)
        item = upload(page, path, kind)
        # The page shows the file stored with its hash, and leads back to the problem's evidence.
        expect(item.get_by_test_id("sha256")).to_have_text(sha)
        page.get_by_test_id("uploads-done").locator(f"a[href='/inventory/problems/{problem.pk}/#evidence']").tap()
        expect(page).to_have_url(f"{problem_url}#evidence")
        expect(page.get_by_test_id("evidence-list")).to_contain_text(path.name)
    # upload.js was served each time (a revalidated copy answers 304), and it sent both files (above).
    loads = browser_log.status_of(UPLOAD_JS)
    assert len(loads) == 2 and loads[0] == 200 and set(loads) <= {200, 304}, browser_log.static

    # Both files are listed on the problem page with their SHA-256, as computed here from the files.
    page.goto(problem_url)
    items = page.get_by_test_id("evidence-list").locator("li[data-evidence]")
    expect(items).to_have_count(2)
    expect(items.filter(has_text=photo.name).get_by_test_id("sha256")).to_have_text(photo_sha)
    expect(items.filter(has_text=scan.name).get_by_test_id("sha256")).to_have_text(scan_sha)
    expect(items.get_by_test_id("verification")).to_have_class([re.compile(r"verification-pending")] * 2)
    assert_fits_the_screen(page)
    # Each upload queued its preview after commit; the thumbnails (photo and the PDF's first page) load.
    thumbnails = items.locator(".evidence-thumb img")
    expect(thumbnails).to_have_count(2)
    for thumbnail in thumbnails.all():
        thumbnail.scroll_into_view_if_needed()  # loading="lazy"
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())

    # What was stored: the bytes under their hash, in this test's evidence folder, uploaded by the PPK.
    evidence = {e.original_name: e for e in Evidence.objects.filter(problems=problem)}
    assert {name: e.sha256 for name, e in evidence.items()} == {photo.name: photo_sha, scan.name: scan_sha}
    assert {e.kind for e in evidence.values()} == {EvidenceKind.PHOTO, EvidenceKind.C_HASIL}
    assert all(e.uploaded_by == ppk and e.region_id == TPS for e in evidence.values())
    for name, (path, sha) in files.items():
        stored = evidence_dir / content_name(sha, path.suffix)
        assert stored.read_bytes() == path.read_bytes(), name
    assert sorted(previews) == sorted(e.pk for e in evidence.values())
    assert all(e.preview and (evidence_dir / e.preview.name).is_file() for e in evidence.values())

    # Verifying is not the PPK's to do (and never the uploader's): no verify form on the evidence page.
    open_evidence(page, evidence[photo.name])
    expect(page).to_have_url(re.compile(rf"/inventory/evidence/{evidence[photo.name].pk}/$"))
    expect(page.get_by_test_id("sha256")).to_have_text(photo_sha)
    expect(page.get_by_test_id("verify-form")).to_have_count(0)
    assert_fits_the_screen(page)

    # Resolved (selesai) first; ready (siap) is then offered but refused, with the reason, until a
    # colleague has verified the evidence.
    page.goto(problem_url)
    expect(status_button(page, Status.READY)).to_have_count(0)
    status_button(page, Status.RESOLVED).tap()
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"\bstatus-resolved\b"))
    status_button(page, Status.READY).tap()
    refusal = in_page_language(page, "It needs at least one verified piece of evidence.")
    message = in_page_language(page, "The problem cannot be marked ready (siap) yet: %s") % refusal
    expect(error_alert(page)).to_have_text(message)
    expect(page).to_have_url(problem_url)
    expect(page.get_by_test_id("ready-blockers")).to_contain_text(refusal)
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"\bstatus-resolved\b"))
    assert Problem.objects.get(pk=problem.pk).status == Status.RESOLVED

    # --- The technical division, on another phone (a new browser context) ------------------------
    colleague = phone()
    log_in(colleague, technical)
    colleague.goto(problem_url)
    for name in (photo.name, scan.name):
        open_evidence(colleague, evidence[name])
        expect(colleague).to_have_url(re.compile(rf"/inventory/evidence/{evidence[name].pk}/$"))
        # Verifying means looking: the file is opened in the viewer, and decided on there.
        colleague.get_by_test_id("open-viewer").tap()
        expect(colleague.get_by_test_id("viewer")).to_have_attribute("data-state", "done")
        colleague.get_by_test_id("verify-form").locator("button[name=decision][value=verify]").tap()
        expect(colleague).to_have_url(re.compile(r"/inventory/evidence/verification/$"))
        colleague.goto(problem_url)
    verified = Evidence.objects.filter(problems=problem)
    assert {(e.verification, e.verified_by) for e in verified} == {(Verification.VERIFIED, technical)}

    # --- Back on the PPK member's phone: now it may be marked ready ------------------------------
    page.reload()
    expect(page.get_by_test_id("evidence-list").get_by_test_id("verification")).to_have_class(
        [re.compile(r"verification-verified")] * 2
    )
    expect(page.get_by_test_id("ready-blockers")).to_have_count(0)
    status_button(page, Status.READY).tap()
    expect(page.get_by_test_id("status")).to_have_class(re.compile(r"\bstatus-ready\b"))
    expect(page).to_have_url(problem_url)
    expect(page.get_by_test_id("status")).to_have_text(in_page_language(page, Status.READY.label))
    expect(error_alert(page)).to_have_count(0)
    expect(page.get_by_test_id("ready-blockers")).to_have_count(0)
    assert Problem.objects.get(pk=problem.pk).status == Status.READY

    # The technical colleague sees it ready too.
    colleague.goto(problem_url)
    expect(colleague.get_by_test_id("status")).to_have_class(re.compile(r"\bstatus-ready\b"))
