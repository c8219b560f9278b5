"""Sign-in and password reset are limited per account and per client address, with a clear message and a
pause that ends by itself (in Django's cache: no Redis needed). Real SMTP (aiosmtpd) counts the emails."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.coach.conftest import smtp_server as smtp_server  # a real SMTP server (aiosmtpd)
from tests.conftest import PASSWORD
from townsquare.people import throttle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password, address="10.1.1.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def test_fifty_wrong_passwords_do_not_end_in_a_sign_in(world, client):
    for _ in range(throttle.SIGN_IN_PER_ACCOUNT.most):
        assert sign_in(client, "alice@example.test", "wrong").status_code == 200
    locked = sign_in(client, "alice@example.test", PASSWORD)  # the right one, too late
    assert locked.status_code == 200 and "Too many wrong passwords" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # another account from another address is not affected
    assert sign_in(client, "gina@example.test", PASSWORD, address="10.2.2.2").status_code == 302


def test_the_pause_ends_by_itself(world, client, monkeypatch):
    for _ in range(throttle.SIGN_IN_PER_ACCOUNT.most):
        sign_in(client, "alice@example.test", "wrong")
    later = time.time() + throttle.SIGN_IN_PER_ACCOUNT.window_s + 1
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    assert sign_in(client, "alice@example.test", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_paused(world, client):
    for i in range(throttle.SIGN_IN_PER_ADDRESS.most):
        sign_in(client, f"nobody{i}@example.test", "guess", address="10.9.9.9")
    blocked = sign_in(client, "gina@example.test", PASSWORD, address="10.9.9.9")
    assert "Too many wrong passwords" in blocked.content.decode()


def test_reset_emails_are_limited_and_the_page_says_the_same(world, client, smtp_server, settings, worker):
    pages = [client.post(reverse("password_reset"), {"email": "alice@example.test"}) for _ in range(7)]
    worker()  # the emails are recorded in the outbox and sent by the worker
    assert all(p.status_code == 302 and p.url == reverse("password_reset_done") for p in pages)
    assert len(smtp_server.to("alice@example.test")) == throttle.RESET_PER_ACCOUNT.most
