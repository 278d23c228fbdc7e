"""On a phone: the legal division of KPU Kabupaten Solok signs in for the first time, is sent to set up
the second sign-in step, types the key into an authenticator (computed here from the key the page
shows), keeps the recovery codes, reaches the dashboard; signs out, and signs in again with a recovery
code. Then "sign out everywhere" from the security page."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.choices import Role
from tests.factories import PASSWORD, AssignmentFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.second_factor]


@pytest.fixture
def legal(regions):
    user = UserFactory(username="hukum.solok", full_name="Divisi Hukum KPU Kabupaten Solok")
    AssignmentFactory(user=user, role=Role.LEGAL, region_id="13.02")
    return user


def password_step(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").tap()


def test_legal_division_sets_up_and_uses_the_second_factor(phone, legal):
    page = phone()
    password_step(page, legal)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/setup/"))
    expect(page.get_by_test_id("totp-qr")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the nav's badge has been fetched: it must not bring a 2nd key
    expect(page.get_by_test_id("totp-key")).to_have_count(1)
    key = page.get_by_test_id("totp-key").inner_text().strip()
    code = f"{totp(base64.b32decode(key)):06d}"
    page.get_by_test_id("totp-code").fill(code)
    page.get_by_test_id("totp-code").press("Enter")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    page.get_by_test_id("recovery-done").tap()
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/13\.02/$"))

    page.locator("nav .navbar-toggler").tap()
    page.locator("nav form button[type=submit]").tap()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    password_step(page, legal)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/verify/"))
    page.get_by_test_id("totp-code").fill(codes[0])
    page.get_by_test_id("totp-code").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))

    page.goto("/accounts/security/")
    expect(page.get_by_test_id("session")).to_have_count(1)
    page.get_by_test_id("sign-out-everywhere").tap()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
