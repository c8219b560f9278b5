"""The suite's SQLite database is a file, one per test run: SQLite's shared-cache memory database fails table
locks at once ("database table is locked") instead of waiting for the busy timeout, which made the browser
tests (test body and live server on different connections) fail now and then."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_the_sqlite_test_database_is_a_file_of_this_run_in_the_data_dir():
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL")
    assert not connection.is_in_memory_db()
    name = Path(connection.settings_dict["NAME"])
    assert name.parent == Path(settings.DATA_DIR) and str(os.getpid()) in name.name
    assert name.exists()
