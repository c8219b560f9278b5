"""The installable app (PWA): manifest, icons, service worker, offline page and the "app installed" record."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from townsquare.coach.models import CoachPreference


def static_file(url: str) -> str:
    assert url.startswith(settings.STATIC_URL), url
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} is not a static file"
    return path


def test_manifest_is_valid_and_installable(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Townsquare" and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#2456c7"  # --brand in townsquare.css
    css = open(static_file(settings.STATIC_URL + "css/townsquare.css")).read()
    assert f"--brand: {manifest['theme_color']}" in css and f"--bg: {manifest['background_color']}" in css

    declared = set()
    for icon in manifest["icons"]:
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert icon["type"] == "image/png"
        with Image.open(static_file(icon["src"])) as img:
            assert img.format == "PNG" and img.size == (width, height), icon
        declared.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= declared


def test_pages_link_the_manifest_and_icons(world, client_for):
    html = client_for(world.alice).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<meta name="theme-color" content="#2456c7">' in html
    assert 'rel="apple-touch-icon"' in html and "js/townsquare.js" in html
    with Image.open(static_file(settings.STATIC_URL + "icons/apple-touch-icon.png")) as img:
        assert img.size == (180, 180)


def test_service_worker_is_served_from_the_root_with_its_scope(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "__VERSION__" not in body and 'const CACHE = "townsquare-' in body
    precache = json.loads(body.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    assert "/offline/" in precache
    assert settings.STATIC_URL + "css/townsquare.css" in precache
    assert settings.STATIC_URL + "vendor/htmx.min.js" in precache
    for url in precache:
        if url.startswith(settings.STATIC_URL):
            static_file(url)
    assert 'request.method !== "GET"' in body  # POSTs are never touched, let alone cached
    assert client.get("/sw.js").content == response.content  # the version is stable between requests


def test_offline_page_is_public_and_carries_nobodys_data(world, client, client_for):
    for c in (client, client_for(world.alice)):
        response = c.get("/offline/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "You are offline" in html and "data-retry" in html
        assert "topbar" not in html and world.alice.name not in html


def test_app_installed_needs_sign_in(client, db):
    response = client.post("/coach/app-installed/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_app_installed_is_recorded_once(world, client_for):
    c = client_for(world.otto)
    assert c.get("/coach/app-installed/").status_code == 405
    assert c.post("/coach/app-installed/").status_code == 204
    first = CoachPreference.objects.get(person=world.otto).app_installed_at
    assert first is not None
    assert c.post("/coach/app-installed/").status_code == 204
    assert CoachPreference.objects.get(person=world.otto).app_installed_at == first
    assert CoachPreference.objects.filter(person=world.otto).count() == 1
    html = c.get("/coach/").content.decode()
    assert 'data-testid="check-app"' in html and "Install the mobile app" in html


def test_app_installed_keeps_coach_settings(world, client_for):
    c = client_for(world.alice)
    CoachPreference.objects.create(person=world.alice, channel="email", start_on_coach=True)
    assert c.post("/coach/app-installed/").status_code == 204
    pref = CoachPreference.objects.get(person=world.alice)
    assert pref.channel == "email" and pref.start_on_coach and pref.app_installed_at is not None


@pytest.mark.parametrize("path", ["/manifest.webmanifest", "/sw.js", "/offline/"])
def test_pwa_files_need_no_sign_in(client, db, path):
    assert client.get(path).status_code == 200
