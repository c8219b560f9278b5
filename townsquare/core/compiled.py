"""Queries run on every page, with their SQL built once per process instead of once per request.

Building a queryset and compiling it to SQL costs the ORM far more than the database takes to run it
when the query is small: the bell's unread count took about 0.7 ms to build and 0.05 ms to run, the
home feed's page of ids 3.4 ms and 0.1 ms (docs/PERFORMANCE.md, issue 18). Where only the ids of a few
objects change between requests (the person's, a group's), `CompiledQuery` compiles the queryset once
(per database) and binds each request's ids into the same SQL.

The places of the ids among the parameters are found, not assumed: the queryset is built twice, for two
sets of stand-in objects with different ids, the two SQL texts must be the same, and the parameters may
differ only where they hold the stand-ins' ids; and the SQL bound for the first real objects must be the
SQL the ORM builds for them. A builder whose SQL depends on anything else of its
objects (or on the time) cannot be compiled this way and is refused as it is first run.

Rows come back as the database driver gives them, without the ORM's converters: use it for ids and counts.
"""

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# Ids no row can have (argument i gets these + i), within a 32-bit integer: on PostgreSQL Django drops a
# comparison with a value out of its column's range as matching nothing, which would change the SQL.
_STAND_INS = (-1_987_654_321, -1_876_543_210)


class CompiledQuery:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[str, tuple[str, list, dict[int, int]]] = {}

    def _as_sql(self, objects, using: str) -> tuple[str, tuple]:
        return self.build(*objects).query.get_compiler(using=using).as_sql()

    def _compile(self, objects, using: str) -> tuple[str, list, dict[int, int]]:
        """Compiled for two sets of stand-ins; then checked against the SQL built for the first real objects."""
        models = [obj._meta.model for obj in objects]  # _meta: request.user is a lazy stand-in for the person
        (sql_a, params_a), (sql_b, params_b) = (
            self._as_sql([model(pk=base + i) for i, model in enumerate(models)], using) for base in _STAND_INS)
        arguments = {(a + i, b + i): i for i, (a, b) in enumerate([_STAND_INS] * len(models))}
        slots = {i: arguments.get((a, b)) for i, (a, b) in enumerate(zip(params_a, params_b, strict=True)) if a != b}
        compiled = sql_a, list(params_a), slots
        real_sql, real_params = self._as_sql(objects, using)
        if sql_a != sql_b or None in slots.values() or self._bind(compiled, objects) != (real_sql, list(real_params)):
            raise ValueError(f"{self.build.__qualname__}: its SQL depends on more than its objects' ids")
        return compiled

    @staticmethod
    def _bind(compiled, objects) -> tuple[str, list]:
        sql, params, slots = compiled
        params = params.copy()
        for i, argument in slots.items():
            params[i] = objects[argument].pk
        return sql, params

    def sql(self, *objects, using: str = "default") -> tuple[str, list]:
        """The SQL and its parameters for these objects (e.g. for RawSQL inside a bigger query)."""
        if (compiled := self._compiled.get(using)) is None:
            compiled = self._compiled[using] = self._compile(objects, using)
        return self._bind(compiled, objects)

    def rows(self, *objects, using: str = "default") -> list[tuple]:
        with connections[using].cursor() as cursor:
            cursor.execute(*self.sql(*objects, using=using))
            return cursor.fetchall()
