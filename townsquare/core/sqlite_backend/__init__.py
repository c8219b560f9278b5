"""Our SQLite database backend (base.py: Django's, with one write lock per process and kept connections).

This module holds only what other code calls whatever the database is: importing it loads no backend."""

import threading

_thread = threading.local()


def keep_connection_in_this_thread() -> None:
    """This thread lives as long as the process (a page thread, the outbox drainer, a Huey worker): on SQLite its
    connection is kept open between requests and tasks. PostgreSQL's connections come from a pool anyway."""
    _thread.keeps_connection = True


def keeps_connection() -> bool:
    return getattr(_thread, "keeps_connection", False)
