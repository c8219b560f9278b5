"""When SQLite's one write lock cannot be had within the busy timeout, the answer is 503 with Retry-After
(JSON for the API, a page for people), never a generic 500. The lock error here is a real one: a second
connection to a real SQLite file holds the write lock."""

import sqlite3

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from townsquare.core.middleware import DatabaseBusyMiddleware, is_database_busy


@pytest.fixture
def lock_error(tmp_path):
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        error = OperationalError(*exc.args)  # what Django's wrapper raises for it
    else:  # pragma: no cover - the lock must hold
        pytest.fail("the second connection got the write lock")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()
    return error


@pytest.mark.django_db
def test_a_locked_database_is_503_with_retry_after(lock_error, world):
    assert is_database_busy(lock_error)
    middleware = DatabaseBusyMiddleware(lambda request: None)
    api = RequestFactory().post("/api/v1/posts")
    response = middleware.process_exception(api, lock_error)
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert b'"code": "busy"' in response.content and b"Nothing was saved" in response.content
    page = RequestFactory().post("/posts/")
    page.user = world.alice
    response = middleware.process_exception(page, lock_error)
    assert response.status_code == 503 and response["Retry-After"] == "2" and b"Busy for a moment" in response.content


def test_other_database_errors_are_left_alone():
    assert not is_database_busy(OperationalError("no such table: x"))
    assert DatabaseBusyMiddleware(lambda r: None).process_exception(RequestFactory().get("/"), ValueError()) is None
