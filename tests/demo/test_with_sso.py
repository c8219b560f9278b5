"""`townsquare demo --with-sso`, started the way a person starts it: a real process on a free port, with a real
OpenID Connect provider (oidc-provider-mock) beside it. The sign-in page offers single sign-on, the provider serves
its discovery document, the demo says how to sign in, and a sign-in through the provider as the CEO arrives signed in
as her. Without the flag, the sign-in page has no SSO button.

The demo runs on SQLite in its own data directory; when the suite runs on PostgreSQL (DATABASE_URL), it runs on a
scratch PostgreSQL database this test makes and drops. Either way it never touches the suite's test database."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import service_missing, wait_until
from townsquare.demo.generator import CEO_EMAIL, CEO_NAME

REPO_ROOT = Path(__file__).resolve().parents[2]
TOWNSQUARE = str(Path(sys.executable).with_name("townsquare"))
PEOPLE = "25"  # the smallest organisation the generator makes: the demo generates it before it serves


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def scratch_database(base_url: str):
    """A new, empty PostgreSQL database next to the suite's → its URL; dropped at the end."""
    import psycopg

    server = base_url.rsplit("/", 1)[0]
    name = f"demo_sso_{uuid.uuid4().hex[:10]}"
    try:
        conn = psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        service_missing(f"no PostgreSQL at {server}")
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{name}"
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """The demo's environment; one data directory (or scratch database) for this module, so the organisation is
    generated once (by whichever test starts the demo first) and found by the next run."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith(("OIDC_", "SSO_"))}
    env.update(TOWNSQUARE_DATA_DIR=str(tmp_path_factory.mktemp("demo-data")), DJANGO_SETTINGS_MODULE="townsquare.settings",
               TOWNSQUARE_FAST_PASSWORD_HASHER="1", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    suite_db = os.environ.get("DATABASE_URL", "")
    if suite_db.startswith(("postgres://", "postgresql://")):
        with scratch_database(suite_db) as url:
            yield {**env, "DATABASE_URL": url}
    else:
        yield env


@contextlib.contextmanager
def demo(args: list[str], env: dict, log: Path):
    """`townsquare demo ARGS` as a child process on a free port → (its URL, the process); stopped with Ctrl+C
    (SIGINT) at the end, killed if it does not stop."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        proc = subprocess.Popen([TOWNSQUARE, "demo", "--port", str(port), "--no-worker", "--people", PEOPLE, *args],
                                env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT, start_new_session=True)
        try:
            started = wait_until(lambda: proc.poll() is not None or _healthy(url), 240)
            if not started or proc.poll() is not None:
                raise AssertionError("the demo did not start:\n" + log.read_text(errors="replace")[-3000:])
            yield url, proc
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_demo_with_sso_serves_a_provider_and_signs_the_ceo_in_through_it(demo_env, tmp_path):
    sso_port = free_port()
    issuer = f"http://127.0.0.1:{sso_port}"
    log = tmp_path / "demo.log"
    with demo(["--with-sso", "--sso-port", str(sso_port)], demo_env, log) as (url, proc):
        login = requests.get(f"{url}/login/", timeout=10)
        assert login.status_code == 200
        assert 'href="/sso/login/"' in login.text and "Sign in with SSO" in login.text

        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10)
        assert discovery.status_code == 200
        assert discovery.json()["issuer"] == issuer
        assert discovery.json()["authorization_endpoint"] == f"{issuer}/oauth2/authorize"

        # What the demo printed tells a person what to do.
        printed = log.read_text(errors="replace")
        assert f"a test sign-in provider is running on {issuer}" in printed
        assert f"To sign in as {CEO_NAME}, press the button {CEO_EMAIL}" in printed

        # And it works: the SSO button → the provider (the CEO's subject, as printed) → signed in as her.
        browser = requests.Session()
        to_provider = browser.get(f"{url}/sso/login/", allow_redirects=False, timeout=10)
        assert to_provider.status_code == 302 and to_provider.headers["Location"].startswith(f"{issuer}/oauth2/authorize?")
        page = browser.get(to_provider.headers["Location"], timeout=10)
        assert page.status_code == 200 and CEO_EMAIL in page.text  # her button on the provider's page
        back = browser.post(to_provider.headers["Location"], data={"sub": CEO_EMAIL}, allow_redirects=False,
                            timeout=10)
        assert back.status_code == 302 and urlsplit(back.headers["Location"]).path == "/sso/callback/"
        signed_in = browser.get(back.headers["Location"], timeout=10)
        assert signed_in.status_code == 200 and urlsplit(signed_in.url).path not in ("/login/", "/sso/callback/")
        assert 'class="topbar"' in signed_in.text
        own_profile = browser.get(f"{url}/me/edit/", allow_redirects=False, timeout=10)  # whose session is it?
        assert own_profile.status_code == 200 and f'value="{CEO_NAME}"' in own_profile.text
        assert proc.poll() is None
        assert "Warning" not in log.read_text(errors="replace")  # nothing alarming in the demo's output
    assert proc.returncode is not None
    with pytest.raises(requests.ConnectionError):  # the provider stopped with the demo
        requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5)


def test_demo_without_the_flag_has_no_sso(demo_env, tmp_path):
    with demo([], demo_env, tmp_path / "demo.log") as (url, _proc):
        login = requests.get(f"{url}/login/", timeout=10)
        assert login.status_code == 200
        assert "/sso/login/" not in login.text and "Sign in with SSO" not in login.text
    assert "Single sign-on" not in (tmp_path / "demo.log").read_text(errors="replace")


def test_a_provider_port_in_use_is_said_at_once_before_anything_is_set_up(demo_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        busy = taken.getsockname()[1]
        done = subprocess.run([TOWNSQUARE, "demo", "--port", str(free_port()), "--no-worker", "--with-sso",
                               "--sso-port", str(busy)], env=demo_env, cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=120)
    assert done.returncode != 0
    assert f"port {busy} on 127.0.0.1 is already in use" in done.stderr and "--sso-port" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Data directory" not in done.stdout  # it stopped before migrating or generating anything
