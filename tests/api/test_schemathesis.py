"""Schemathesis, inside pytest: generated requests for every operation of the OpenAPI document, sent
through the WSGI app with a read-and-write token of a test person (alice, a member of every group).

Each operation gets at most 15 examples, derandomized (the same examples every run), checked for
`not_a_server_error` and for `response_schema_conformance` (a documented status answers the documented
JSON). The data is the shared test world plus a few posts, a reply and a notification, an idea and an event, so
ids in paths sometimes exist. Rate limits are raised so the generated requests are not throttled.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import CHECKS, load_all_checks

from townsquare.api import services as api_services
from townsquare.conversations import services as conv
from townsquare.conversations.models import Post
from townsquare.events import services as events_services

# Loaded at collection, through the WSGI app like any client (the document needs no database).
# (schemathesis.pytest.from_fixture would load it per test, but it does not run under pytest 9.)
# Every check runs. Schema-valid requests may also get a 400: that is only ever a list's `cursor` that we did
# not give out (an opaque token, which no schema can describe).
# The practices' writes listed below may also answer a schema-valid request with a 422, because their rules are
# about time or what is stored, which no schema can state: an event's start still to come, its end after its
# start, a place or a link; an answer to a full, cancelled or finished event; cancelling an event cancelled
# already; an idea's owner joining or leaving it as a collaborator; an idea's status it already has, or
# "not now" without a reason; a question answered already; a closed poll, or an option of another poll; a new
# poll's closing time already past, or an option written twice (letter case aside); praise
# that names nobody (a person or a team: one of two fields), or a company value no longer available; a circle
# that filled up or is too far into its weeks, a check-in before the circle meets; one's own purpose without text;
# a note's source link that Django's URL rules refuse.
RULES_BEYOND_THE_SCHEMA = [
    "POST /api/v1/events", "PUT /api/v1/events/{event_id}/rsvp", "DELETE /api/v1/events/{event_id}/rsvp",
    "POST /api/v1/events/{event_id}/cancel", "POST /api/v1/ideas/{post_id}/status",
    "PUT /api/v1/ideas/{post_id}/collaboration", "DELETE /api/v1/ideas/{post_id}/collaboration",
    "POST /api/v1/leadership/questions/{question_id}/answer",
    "POST /api/v1/polls", "POST /api/v1/polls/{poll_id}/votes", "POST /api/v1/recognition/praise",
    "POST /api/v1/circles/{circle_id}/join", "PUT /api/v1/circles/{circle_id}/check-in", "PUT /api/v1/me/purpose",
    "POST /api/v1/me/notes", "PUT /api/v1/me/notes/{note_id}",
]
CONFIG = schemathesis.config.SchemathesisConfig.from_str(f"""
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-name = {RULES_BEYOND_THE_SCHEMA!r}
[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404", "409", "422", "429"]
""".replace("'", '"'))
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the real WSGI handler, whose request signals close "old" database connections;
    inside the test's transaction that would close PostgreSQL's. Django's own test client detaches the
    same receiver."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def api_data(world, settings, keep_the_test_connection):
    from django.core.cache import cache

    settings.TOWNSQUARE_API_RATE_PER_TOKEN = 1_000_000
    settings.TOWNSQUARE_API_RATE_PER_IP = 1_000_000
    cache.clear()
    question = conv.post_create(author=world.gina, body="Who has the #budgets sheet?", kind=Post.Kind.QUESTION)
    conv.reply_create(author=world.alice, post=question, body="I do, @gina")
    conv.post_create(author=world.alice, body="Numbers are in", group=world.private)
    conv.post_create(author=world.alice, body="Thanks for the close", kind=Post.Kind.PRAISE, praised_people=[world.gina])
    # the community practices (issue 17), so their ids in paths sometimes exist
    conv.post_create(author=world.alice, body="Publish the budget in the open", kind=Post.Kind.IDEA)
    start = timezone.now() + timedelta(days=1)
    events_services.event_create(organiser=world.gina, fields=events_services.EventFields(
        title="Budget walk-through", description="How it came together", starts_at=start,
        ends_at=start + timedelta(hours=1), place="Room 4", capacity=2))
    events_services.event_create(organiser=world.alice, fields=events_services.EventFields(  # one alice may cancel
        title="Open books", description="Come and ask", starts_at=start, ends_at=start + timedelta(hours=1),
        place="Room 1"))


load_all_checks()
EVERY_CHECK = CHECKS.get_all()


@pytest.fixture(params=["write", "read"])
def alice_token(world, request):
    """A read-and-write token and a read-only one: each operation must keep its contract with both."""
    return api_services.token_create(person=world.alice, name=f"schemathesis {request.param}", scope=request.param)[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_operation_keeps_its_contract(case, alice_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {alice_token}"},
                           checks=EVERY_CHECK)
