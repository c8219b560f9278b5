"""`townsquare demo --port N`: links in emails and webhook payloads (SITE_URL) name the port the demo serves on."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from townsquare.demo.management.commands import demo as demo_command


@pytest.fixture
def served(monkeypatch, world):
    """Runs `townsquare demo` up to the point where it would serve; returns what SITE_URL and the links were then."""
    seen = {}

    def fake_run(app, *, host, port, **kwargs):
        from townsquare.delivery.services import site_url
        from townsquare.people.onboarding import site_url as onboarding_site_url

        seen.update(host=host, port=port, site_url=settings.SITE_URL, delivery=site_url(),
                    onboarding=onboarding_site_url())

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(demo_command, "call_command", lambda *a, **k: None)  # no migrate: the test database is ready
    monkeypatch.setattr(settings, "SITE_URL", settings.SITE_URL)  # restored after the test
    return seen


def test_demo_port_sets_site_url(served, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    call_command("demo", "--port", "8765", "--no-worker")
    assert served["port"] == 8765
    assert served["site_url"] == served["delivery"] == served["onboarding"] == "http://127.0.0.1:8765"


def test_demo_on_every_interface_links_to_loopback(served, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    call_command("demo", "--port", "9001", "--host", "0.0.0.0", "--no-worker")
    assert served["delivery"] == "http://127.0.0.1:9001"


def test_an_explicit_site_url_wins(served, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://town.example.test/")
    call_command("demo", "--port", "8765", "--no-worker")
    assert served["delivery"] == "https://town.example.test"


def test_settings_site_url_follows_port():
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT", "DJANGO_SETTINGS_MODULE")}
    code = "from django.conf import settings; print(settings.SITE_URL)"
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env={**env, "DJANGO_SETTINGS_MODULE": "townsquare.settings", **extra},
        capture_output=True, text=True, check=True).stdout.strip()
    assert run(PORT="9123") == "http://127.0.0.1:9123"
    assert run() == "http://127.0.0.1:8000"
