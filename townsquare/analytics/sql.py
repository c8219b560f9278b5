"""Small vendor-specific SQL pieces for the set-based analytics queries (SQLite and PostgreSQL)."""

from datetime import UTC, datetime

from django.db import connection


def param(moment: datetime):
    """A datetime as the raw cursor must receive it (SQLite stores UTC text; PostgreSQL takes the datetime)."""
    return connection.ops.adapt_datetimefield_value(moment)


def week_number(column: str) -> str:
    """SQL for the whole number of weeks from the parameter (a start moment) to `column`; takes one %s."""
    if connection.vendor == "sqlite":
        return f"CAST((julianday({column}) - julianday(%s)) / 7 AS INTEGER)"
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({column} - %s)) / 604800) AS INTEGER)"


def hours_between(start: str, end: str) -> str:
    if connection.vendor == "sqlite":
        return f"((julianday({end}) - julianday({start})) * 24.0)"
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0 AS DOUBLE PRECISION)"


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def to_dt(value) -> datetime:
    """A datetime read by a raw query: PostgreSQL gives one; SQLite gives UTC text."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value
