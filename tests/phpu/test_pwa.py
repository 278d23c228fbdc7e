"""The installable app: the manifest and the service worker (phpu/pwa.py)."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plain_static_names(settings):
    """Static names as the files are, without a collected manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def worker_config(script: str) -> dict:
    """The first line of the served worker: what it keeps, and under which cache name."""
    return json.loads(script.partition("\n")[0].removeprefix("const CONFIG = ").removesuffix(";"))


def test_manifest_makes_the_site_installable(client):
    response = client.get(reverse("pwa_manifest"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Siaga PHPU"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("offline_capture")
    assert manifest["theme_color"] == "#dc3545"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_service_worker_covers_the_site_and_is_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    config = worker_config(response.content.decode())
    assert config["page"] == reverse("offline_capture")
    assert config["cache"].startswith("siaga-capture-")
    assert "/static/js/capture.js" in config["static"]
    assert 'addEventListener("fetch"' in response.content.decode()


def test_a_new_worker_script_makes_a_new_cache(client, settings, tmp_path):
    """The cache name follows the script and the static names it keeps: a changed file, a new cache."""
    before = worker_config(client.get("/sw.js").content.decode())
    changed = tmp_path / "js"
    changed.mkdir()
    (changed / "sw.js").write_text("/* another version */\n")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        after = client.get("/sw.js").content.decode()
    finally:
        finders.get_finder.cache_clear()
    assert after.endswith("/* another version */\n")
    assert worker_config(after)["cache"] != before["cache"]


def test_pages_link_the_manifest_and_the_worker_script(client, make_user):
    client.force_login(make_user())
    page = client.get("/").content.decode()
    assert f'<link rel="manifest" href="{reverse("pwa_manifest")}">' in page
    assert "/static/js/pwa.js" in page
