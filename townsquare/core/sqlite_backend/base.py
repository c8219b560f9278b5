"""Django's SQLite backend, with the writers of one process queued on a lock of our own.

SQLite lets one connection write at a time. A connection that finds the write lock taken waits in
SQLite's busy handler, which sleeps in steps that grow to 100 ms and does not wake when the lock is
freed. Under write load (50 API clients at once, bench writes) most of a write's time was spent asleep
there while the lock sat free. Here every write of this process — a transaction from BEGIN IMMEDIATE to
COMMIT or ROLLBACK, or one INSERT, UPDATE or DELETE outside a transaction — first takes one
`threading.Lock`, whose release wakes the next writer at once. The busy handler is still there for
writers in other processes (a `townsquare run_huey` beside the web process).

A writer that cannot get the lock within the database's timeout gets SQLite's own "database is locked"
error, which the web answers with 503 and Retry-After (core/middleware.py), as before.

Connections of long-lived threads are kept. Opening one costs more than most queries (about 2 ms here: the
file, the PRAGMAs, the schema read again), and with CONN_MAX_AGE = 0 every request and every drain of the
outbox opened one. A thread that lives as long as its process (the web's page threads, the outbox drainer,
Huey's workers) calls `keep_connection_in_this_thread()` once, and its connection then stays open; any other
thread (Django's ASGI handler makes one per request) still closes its connection when the request ends.
"""

import threading

from django.db.backends.sqlite3 import base

from townsquare.core.sqlite_backend import keeps_connection

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

_write_lock = threading.Lock()  # one per process: every connection of this process shares the one file


def _take(timeout: float) -> None:
    if not _write_lock.acquire(timeout=timeout):
        raise base.Database.OperationalError("database is locked")


class _Cursor(base.SQLiteCursorWrapper):
    """A write outside a transaction is a transaction of its own in SQLite: it takes the lock too."""

    lock_timeout = 5.0

    def _alone(self, query) -> bool:
        return not self.connection.in_transaction and query.lstrip()[:7].upper().startswith(WRITES)

    def _as_a_writer(self, run, query, args):
        if not self._alone(query):
            return run(query, args)
        _take(self.lock_timeout)
        try:
            return run(query, args)
        finally:
            _write_lock.release()

    def execute(self, query, params=None):
        return self._as_a_writer(super().execute, query, params)

    def executemany(self, query, param_list):
        return self._as_a_writer(super().executemany, query, param_list)


class DatabaseWrapper(base.DatabaseWrapper):
    holds_write_lock = False

    def connect(self):
        super().connect()
        if keeps_connection():
            self.close_at = None  # as CONN_MAX_AGE = None, for this thread's connection only

    def _lock_timeout(self) -> float:
        return float(self.settings_dict["OPTIONS"].get("timeout", 5))  # SQLite's own default: 5 s

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=_Cursor)
        cursor.lock_timeout = self._lock_timeout()
        return cursor

    def _start_transaction_under_autocommit(self):
        _take(self._lock_timeout())
        self.holds_write_lock = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _release_write_lock(self):
        if self.holds_write_lock:
            self.holds_write_lock = False
            _write_lock.release()

    def _release_if_ended(self):
        if self.connection is None or not self.connection.in_transaction:  # a failed COMMIT leaves it open
            self._release_write_lock()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_if_ended()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_if_ended()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
