"""Live updates in a real browser, against real servers started the way people start them.

1. The default setup: `townsquare demo` (uvicorn, SQLite, in-process broker and worker). Ben posts
   and mentions Ada: Ada's company feed shows "1 new post — show" and her bell count goes up without
   a reload; on a post page, Ben's reply and reaction appear on Ada's screen.
2. The scale-out mode: `townsquare scaleout --web 2` on PostgreSQL (a database this test creates)
   and Redis (its own db number): a post made through web process A appears live in a browser
   connected to web process B.

The servers run as child processes with their own data, so these tests do not use pytest-django's
database; the people are created by a small script run with the servers' settings.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS
from tests.conftest import service_missing, wait_until

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
TOWNSQUARE = str(Path(sys.executable).with_name("townsquare"))
PASSWORD = "correct-horse-battery"
POSTGRES = os.environ.get("TOWNSQUARE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("TOWNSQUARE_TEST_REDIS_LIVE", "redis://127.0.0.1:6379/11")

SETUP = """
import django
django.setup()
from townsquare.people.models import Person
for handle, name in [("ada", "Ada Lovelace"), ("ben", "Ben Okri")]:
    Person.objects.create_user(f"{handle}@example.test", PASSWORD, name=name, handle=handle, title="Engineer")
""".replace("PASSWORD", repr(PASSWORD))


def free_port(count: int = 1) -> int:
    """A port with `count` free ports from it on."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count < 65000 and all(_free(port + i) for i in range(count)):
            return port
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running(cmd: list[str], env: dict, urls: list[str], log: Path):
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT, start_new_session=True)
        try:
            started = wait_until(lambda: proc.poll() is not None or all(_healthy(u) for u in urls), 90)
            if not started or proc.poll() is not None:
                raise AssertionError(f"{cmd[1:3]} did not start:\n" + log.read_text(errors="replace")[-3000:])
            yield proc
        finally:
            proc.send_signal(signal.SIGINT if "demo" in cmd else signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def setup_people(env: dict) -> None:
    subprocess.run([TOWNSQUARE, "migrate", "--verbosity", "0"], env=env, check=True, cwd=REPO_ROOT)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, cwd=REPO_ROOT)


def open_page(browser, base_url: str, viewport=None):
    context = browser.new_context(viewport=viewport or DESKTOP, base_url=base_url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    return page


def sign_in(page, handle: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(f"{handle}@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header.topbar")).to_be_visible()


def live_ready(page) -> None:
    expect(page.locator("html")).to_have_attribute("data-live", "ready")


def post_from_composer(page, text: str) -> None:
    page.goto("/company/")
    page.get_by_label("What are you working on?").fill(text)
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text(text).first).to_be_visible()


def base_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(TOWNSQUARE_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="townsquare.settings",
               TOWNSQUARE_FAST_PASSWORD_HASHER="1", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    return env


def test_live_banner_bell_and_post_page_on_the_default_setup(browser, tmp_path, shot):
    env = base_env(tmp_path)
    setup_people(env)  # the demo finds people and skips generating its organisation
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # --no-worker: the coach's periodic nudges would make the bell count depend on the time of day
    with running([TOWNSQUARE, "demo", "--port", str(port), "--no-worker"], env, [url], tmp_path / "demo.log"):
        ada, ben = open_page(browser, url), open_page(browser, url)
        sign_in(ada, "ada")
        sign_in(ben, "ben")
        ada.goto("/company/")
        live_ready(ada)
        expect(ada.locator("#live-banner")).to_be_hidden()
        expect(ada.get_by_test_id("unread-count")).to_have_count(0)

        post_from_composer(ben, "The release notes are out — thanks @ada for the review")
        banner = ada.get_by_test_id("live-new-posts")
        expect(banner).to_have_text("1 new post — show")
        expect(ada.get_by_test_id("unread-count")).to_have_text("1")  # the mention, in the bell
        expect(ada.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
        shot(ada, "banner-and-bell")
        banner.click()
        expect(ada.locator("#feed")).to_contain_text("The release notes are out")
        expect(ada.locator("#live-banner")).to_be_hidden()

        # on the post page, Ben's reply and reaction appear for Ada
        ada.locator("#feed article.post").first.get_by_role("link", name=re.compile("ago|now")).click()
        expect(ada.locator("#replies h2")).to_have_text("0 replies")
        live_ready(ada)
        ada.get_by_label("Your reply").fill("Half-typed thought")  # must survive the live update
        ben.goto(ada.url)
        ben.get_by_label("Your reply").fill("Glad it helped. Next one on Friday.")
        ben.get_by_role("button", name="Reply").click()
        expect(ada.locator("#replies")).to_contain_text("Glad it helped. Next one on Friday.")
        expect(ada.locator("#replies h2")).to_have_text("1 reply")
        expect(ada.get_by_label("Your reply")).to_have_value("Half-typed thought")
        ben.locator("article.post form.reactions button").first.click()
        expect(ada.locator("article.post form.reactions button").first).to_contain_text("1")
        shot(ada, "post-page-live")

        # a phone-sized page: the banner fits
        phone = open_page(browser, url, viewport=PHONE)
        sign_in(phone, "ada")
        phone.goto("/company/")
        live_ready(phone)
        post_from_composer(ben, "Stand-up moved to 9:45 tomorrow")
        expect(phone.get_by_test_id("live-new-posts")).to_have_text("1 new post — show")
        shot(phone, "phone-banner", full_page=False)
        for page in (ada, ben, phone):
            assert page.js_errors == []


def _scratch_database():
    import psycopg

    name = f"ts_live_scaleout_{os.getpid()}"
    try:
        conn = psycopg.connect(POSTGRES + "/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        service_missing(f"no PostgreSQL at {POSTGRES}")
    return conn, name


def test_post_through_process_a_appears_live_on_process_b(browser, tmp_path, shot):
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).flushdb()
    except redis.RedisError:
        service_missing(f"no Redis at {REDIS}")
    conn, db_name = _scratch_database()
    conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    env = {**base_env(tmp_path), "DATABASE_URL": f"{POSTGRES}/{db_name}", "REDIS_URL": REDIS}
    try:
        conn.execute(f'CREATE DATABASE "{db_name}"')
        setup_people(env)
        port = free_port(2)
        a, b = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"
        cmd = [TOWNSQUARE, "scaleout", "--web", "2", "--workers", "1", "--port", str(port)]
        with running(cmd, env, [a, b], tmp_path / "scaleout.log"):
            ada, ben = open_page(browser, b), open_page(browser, a)
            sign_in(ada, "ada")
            sign_in(ben, "ben")
            ada.goto("/company/")
            live_ready(ada)
            post_from_composer(ben, "Posted through web process A, @ada")
            expect(ada.get_by_test_id("live-new-posts")).to_have_text("1 new post — show")
            # the mention reaches the bell (the Huey worker's coach nudges may add to it, hence "at least 1")
            expect(ada.get_by_test_id("unread-count")).to_have_text(re.compile(r"^[1-9][0-9]*$"))
            ada.get_by_test_id("live-new-posts").click()
            expect(ada.locator("#feed")).to_contain_text("Posted through web process A")
            shot(ada, "process-b-sees-process-a")
            with urllib.request.urlopen(b + "/live/healthz", timeout=5) as r:
                assert b'"broker":"redis"' in r.read().replace(b" ", b"")
            assert ada.js_errors == [] and ben.js_errors == []
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.close()
        redis.Redis.from_url(REDIS).flushdb()
