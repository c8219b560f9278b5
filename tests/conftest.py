"""Named test people shared by every test (see docs/ARCHITECTURE.md → Tests).

    erin   an executive (Executive Office), new to social
    alice  a member of the public, private and secret groups
    gina   admin of the three groups
    otto   an outsider: signed in, in no group
    olga   an organisation admin (is_staff), in no group
    dave   a deactivated person (was a member of the groups)

Groups: data-guild (public community), finance-team (private team), board-prep (secret).
Everyone's password is PASSWORD.
"""

import asyncio
import os
import time
from types import SimpleNamespace

import pytest

PASSWORD = "correct-horse-battery"
POLL_S = 0.05


def wait_until(check, timeout: float = 10.0) -> bool:
    """Poll `check()` until it is true (→ True) or `timeout` seconds have passed (→ False). The tests' one way
    to wait for something another thread or process does: never a fixed sleep, which is either too short on a
    busy machine (a flake) or longer than needed (a slow suite)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)  # the pause between two looks at the condition, not a wait for it
    return True


async def eventually(check, timeout: float = 10.0) -> None:
    """The same on an event loop: yield to the loop until `check()` is true, or fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() >= deadline:
            raise AssertionError(f"still not true after {timeout} s: {getattr(check, '__doc__', None) or check}")
        await asyncio.sleep(POLL_S)  # lets the loop run the other tasks between two looks at the condition


def service_missing(why: str):
    """A local service (PostgreSQL, Redis) is not there: skip on a developer's machine, but fail in CI
    (CI=true), which provides them, so a missing service can never hide a test."""
    if os.environ.get("CI"):
        pytest.fail(f"{why}; CI must provide it")
    pytest.skip(why)


def pytest_collection_modifyitems(session, config, items):
    """Browser tests run last: Playwright's synchronous API keeps an event loop running in the main thread
    for the rest of the session, and tests of async views (live updates) need that thread free."""
    items.sort(key=lambda item: "/browser/" in str(item.path).replace("\\", "/"))


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Real hashing costs ~0.3 s per sign-in; tests check who may sign in, not hash strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counts kept in the cache (sign-in limits, API rate limits) start at zero in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _loopback_receivers_allowed(settings):
    """The tests' push service and webhook receivers are real servers on 127.0.0.1: allow-listed, as an admin
    would allow an internal host (tests/delivery/test_netguard.py checks what happens without it)."""
    settings.PUSH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _task_queue_in_memory(monkeypatch):
    """Tasks that a test enqueues (after-commit receivers: analytics, email, live) wait in memory and go
    with the test, instead of piling up in the demo's queue file for its worker to run later."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    monkeypatch.setattr(HUEY, "storage", MemoryStorage(HUEY.name))


@pytest.fixture
def world(db):
    from townsquare.conversations import services
    from townsquare.conversations.models import Group, Membership
    from townsquare.people.models import Department, Person

    exec_office = Department.objects.create(name="Executive Office")
    finance = Department.objects.create(name="Finance")

    def person(handle, name, **extra):
        return Person.objects.create_user(f"{handle}@example.test", PASSWORD, name=name, handle=handle, **extra)

    erin = person("erin", "Erin Executive", title="Chief Executive", department=exec_office, time_zone="Australia/Sydney")
    gina = person("gina", "Gina Groupadmin", title="Finance Lead", department=finance, manager=erin)
    alice = person("alice", "Alice Member", title="Analyst", department=finance, manager=gina,
                   skills="forecasting, sql", time_zone="America/Los_Angeles")
    otto = person("otto", "Otto Outsider", title="Engineer")
    olga = person("olga", "Olga Orgadmin", title="IT Admin", is_staff=True)
    dave = person("dave", "Dave Deactivated", title="Former Analyst", department=finance)

    public = services.group_create(creator=gina, name="Data Guild", description="Everything data.",
                                   visibility=Group.Visibility.PUBLIC, kind=Group.Kind.COMMUNITY)
    private = services.group_create(creator=gina, name="Finance Team", description="The finance team.",
                                    visibility=Group.Visibility.PRIVATE, kind=Group.Kind.TEAM)
    secret = services.group_create(creator=gina, name="Board Prep", description="Board meeting preparation.",
                                   visibility=Group.Visibility.SECRET, kind=Group.Kind.INTEREST)
    for group in (public, private, secret):
        for member in (alice, dave):
            Membership.objects.create(group=group, person=member)
        group.member_count = 3
        group.save(update_fields=["member_count"])

    dave.is_active = False
    dave.save(update_fields=["is_active"])

    return SimpleNamespace(
        erin=erin, gina=gina, alice=alice, otto=otto, olga=olga, dave=dave,
        public=public, private=private, secret=secret, finance=finance, exec_office=exec_office,
        people={"erin": erin, "gina": gina, "alice": alice, "otto": otto, "olga": olga, "dave": dave},
    )


@pytest.fixture
def client_for(client):
    """client_for(person) → a test client signed in as that person (None → anonymous)."""
    from django.test import Client

    def make(person):
        c = Client()
        if person is not None:
            c.force_login(person)
        return c

    return make
