"""A technical-division member opens a three-page PDF from the verification queue: every page is drawn
by the vendored pdf.js under the page's Content-Security-Policy, the verify button stays locked until
the file is on screen, and verifying sends them back to the queue with the file gone from it. A photo
is shown whole and zooms."""

import io
import re

import pikepdf
import pytest
from playwright.sync_api import expect

from accounts.choices import Role
from inventory.choices import Verification
from inventory.models import Evidence, EvidenceDownload
from tests.factories import PASSWORD, AssignmentFactory, UserFactory
from tests.inventory.factories import jpeg_bytes, make_evidence

pytestmark = pytest.mark.e2e

PAGES = 3


def three_pages() -> bytes:
    pdf = pikepdf.new()
    for _n in range(PAGES):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def verifier(regions):
    user = UserFactory(username="teknis.solok", full_name="Budi Santoso")
    AssignmentFactory(user=user, role=Role.TECHNICAL, region_id="13.02")
    return user


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("current-user")).to_have_text(user.full_name)


def test_every_page_is_shown_before_verifying(new_page, verifier):
    evidence = make_evidence(content=three_pages(), kind="berita_acara", name="berita-acara-3-halaman.pdf")
    page = new_page(viewport={"width": 1366, "height": 768})
    log_in(page, verifier)
    page.goto("/inventory/evidence/verification/")
    row = page.locator(f"[data-evidence='{evidence.pk}']")
    expect(row).to_contain_text("berita-acara-3-halaman.pdf")

    # Hold the file back: until it is on screen, the decision cannot be made.
    held = []
    page.route(re.compile(r"/download/\?view=1$"), lambda route: held.append(route))
    row.get_by_test_id("open-verify").click()
    verify = page.get_by_test_id("verify-form").locator("button[value=verify]")
    expect(verify).to_be_disabled()
    for _try in range(200):  # let the page reach the held request (events run while Playwright waits)
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1 and not EvidenceDownload.objects.filter(evidence=evidence).exists()
    expect(verify).to_be_disabled()
    held[0].continue_()

    viewer = page.get_by_test_id("viewer")
    expect(viewer).to_have_attribute("data-state", "done")
    expect(viewer.locator("canvas[data-rendered=true]")).to_have_count(PAGES)
    for n in range(1, PAGES + 1):
        canvas = viewer.locator(f"canvas[data-page='{n}']")
        expect(canvas).to_have_attribute("data-rendered", "true")
        assert canvas.bounding_box()["width"] > 300  # drawn at the width of the box, not a thumbnail
    assert EvidenceDownload.objects.filter(evidence=evidence, user=verifier, purpose="view", intact=True).count() == 1

    expect(verify).to_be_enabled()
    verify.click()
    expect(page).to_have_url(re.compile(r"/inventory/evidence/verification/$"))
    expect(page.locator(f"[data-evidence='{evidence.pk}']")).to_have_count(0)
    evidence.refresh_from_db()
    assert (evidence.verification, evidence.verified_by) == (Verification.VERIFIED, verifier)

    page.goto(f"/inventory/evidence/{evidence.pk}/")
    expect(page.get_by_test_id("verifier-opened")).to_be_visible()


def test_a_photo_is_shown_and_zooms(new_page, verifier):
    photo = make_evidence(content=jpeg_bytes(seed=77, size=(640, 480)), kind="photo")
    page = new_page(viewport={"width": 1366, "height": 768})
    log_in(page, verifier)
    page.goto(f"/inventory/evidence/{photo.pk}/view/")
    viewer = page.get_by_test_id("viewer")
    expect(viewer).to_have_attribute("data-state", "done")
    image = viewer.locator("img[data-rendered=true]")
    expect(image).to_have_count(1)
    before = image.bounding_box()["width"]
    page.locator("[data-zoom=in]").click()
    page.locator("[data-zoom=in]").click()
    expect(image).to_have_attribute("style", re.compile(r"width: 156%"))
    assert image.bounding_box()["width"] > before * 1.4
    assert Evidence.objects.get(pk=photo.pk).downloads.filter(purpose="view").count() == 1
