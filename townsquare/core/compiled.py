"""A query run on every page, with its SQL built once per process instead of once per request.

Building a queryset and compiling it to SQL costs the ORM far more than the database takes to run it
when the query is small: the bell's unread count took about 0.7 ms to build and 0.05 ms to run
(docs/PERFORMANCE.md, issue 18). Where only the person's id changes between requests, `PersonQuery`
compiles the queryset once (per database) and binds each person's id into the same SQL.

The places of the id among the parameters are found, not assumed: the queryset is built for two stand-in
people with different ids, the two SQL texts must be the same, and the parameters may differ only where
they hold the stand-ins' ids. A builder whose SQL depends on anything else of the person (or on the time)
cannot be compiled this way and is refused as it is first run.

Rows come back as the database driver gives them, without the ORM's converters: use it for ids and counts.
"""

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

_STAND_INS = (-7_654_321_001, -7_654_321_002)  # ids no row can have


class PersonQuery:
    def __init__(self, build: Callable[[object], QuerySet]):
        self.build = build
        self._compiled: dict[str, tuple[str, list, list[int]]] = {}

    def _compile(self, model, using: str) -> tuple[str, list, list[int]]:
        (sql_a, params_a), (sql_b, params_b) = (
            self.build(model(pk=pk)).query.get_compiler(using=using).as_sql() for pk in _STAND_INS)
        slots = [i for i, (a, b) in enumerate(zip(params_a, params_b, strict=True)) if a != b]
        if sql_a != sql_b or any((params_a[i], params_b[i]) != _STAND_INS for i in slots):
            raise ValueError(f"{self.build.__qualname__}: its SQL depends on more than the person's id")
        return sql_a, list(params_a), slots

    def rows(self, person, *, using: str = "default") -> list[tuple]:
        if (compiled := self._compiled.get(using)) is None:
            compiled = self._compiled[using] = self._compile(person._meta.model, using)  # request.user is a lazy stand-in
        sql, params, slots = compiled
        params = params.copy()
        for i in slots:
            params[i] = person.pk
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
