"""Permission matrix rows for coffee roulette and mentoring (see tests/matrix.py).

Every page is the signed-in person's own. alice and gina were paired for coffee; alice has a mentoring
request and an offer; gina has an offer alice asked her about (pending); erin has an offer too.
Someone else's match, request, offer or mentorship is a 404 — org admins (olga) included."""

from datetime import UTC, datetime

from tests.matrix import Row, signed_in

MATCH = lambda c: {"match_id": c.coffee_match.pk}  # noqa: E731
REQUEST = lambda c: {"request_id": c.mentor_request.pk}  # noqa: E731
OFFER = lambda c: {"offer_id": c.alice_offer.pk}  # noqa: E731
ONLY_ALICE = {"otto": 404, "gina": 404, "olga": 404}


def build(c):
    from townsquare.connect import services
    from townsquare.connect.models import CoffeeMatch

    w = c.world
    for p in (w.alice, w.gina):
        services.coffee_settings_save(person=p, active=True, cadence="weekly")
    services.coffee_round_run(datetime(2026, 3, 2, 9, tzinfo=UTC))
    c.coffee_match = CoffeeMatch.objects.get(members__person=w.alice)
    c.mentor_request = services.request_create(person=w.alice, topics="sql, forecasting", note="Slow reports")
    c.alice_offer = services.offer_create(person=w.alice, topics="excel")
    c.gina_offer = services.offer_create(person=w.gina, topics="sql")
    c.erin_offer = services.offer_create(person=w.erin, topics="forecasting")
    c.mentorship = services.mentorship_ask(mentee=w.alice, request=c.mentor_request, offer=c.gina_offer)


SECTIONS: dict[str, list[Row]] = {
    "connect-coffee": [
        Row("connect-coffee_home", "coffee_home", "get", signed_in(200)),
        Row("connect-coffee_settings", "coffee_settings", "post", signed_in(302),
            data=lambda c: {"active": "on", "cadence": "fortnightly"}),
        Row("connect-coffee_settings-bad", "coffee_settings", "post", signed_in(400),
            data=lambda c: {"active": "on", "cadence": "hourly"}),
        Row("connect-coffee_settings-get", "coffee_settings", "get", signed_in(405)),
        Row("connect-coffee_met", "coffee_met", "post", signed_in(404, alice=302, gina=302), kwargs=MATCH,
            data=lambda c: {"met": "yes"}),
        Row("connect-coffee_met-bad", "coffee_met", "post", signed_in(404, alice=400, gina=400), kwargs=MATCH,
            data=lambda c: {"met": "perhaps"}),
        Row("connect-coffee_met-unknown", "coffee_met", "post", signed_in(404), kwargs=lambda c: {"match_id": 999_999},
            data=lambda c: {"met": "yes"}),
        Row("connect-coffee_met-get", "coffee_met", "get", signed_in(405), kwargs=MATCH),
    ],
    "connect-mentoring": [
        Row("connect-mentoring_home", "mentoring_home", "get", signed_in(200)),
        Row("connect-offer_create", "mentoring_offer_create", "post", signed_in(302),
            data=lambda c: {"topics": "negotiation", "note": ""}),
        Row("connect-offer_create-empty", "mentoring_offer_create", "post", signed_in(400),
            data=lambda c: {"topics": " , "}),
        Row("connect-offer_state", "mentoring_offer_state", "post", signed_in(302, **ONLY_ALICE), kwargs=OFFER,
            data=lambda c: {"active": "0"}),
        Row("connect-request_create", "mentoring_request_create", "post", signed_in(302),
            data=lambda c: {"topics": "public speaking"}),
        Row("connect-request_create-too-long", "mentoring_request_create", "post", signed_in(400),
            data=lambda c: {"topics": "x" * 60}),
        Row("connect-request", "mentoring_request", "get", signed_in(200, **ONLY_ALICE), kwargs=REQUEST),
        Row("connect-request-unknown", "mentoring_request", "get", signed_in(404),
            kwargs=lambda c: {"request_id": 999_999}),
        Row("connect-request_state", "mentoring_request_state", "post", signed_in(302, **ONLY_ALICE), kwargs=REQUEST,
            data=lambda c: {"open": "0"}),
        Row("connect-ask", "mentoring_ask", "post", signed_in(302, **ONLY_ALICE),
            kwargs=lambda c: {"request_id": c.mentor_request.pk, "offer_id": c.erin_offer.pk}),
        Row("connect-ask-again", "mentoring_ask", "post", signed_in(400, **ONLY_ALICE),
            kwargs=lambda c: {"request_id": c.mentor_request.pk, "offer_id": c.gina_offer.pk}),
        Row("connect-ask-own-offer", "mentoring_ask", "post", signed_in(404),
            kwargs=lambda c: {"request_id": c.mentor_request.pk, "offer_id": c.alice_offer.pk}),
        Row("connect-decide", "mentoring_decide", "post", signed_in(404, gina=302),
            kwargs=lambda c: {"mentorship_id": c.mentorship.pk}, data=lambda c: {"decision": "accept"}),
        Row("connect-decide-bad", "mentoring_decide", "post", signed_in(404, gina=400),
            kwargs=lambda c: {"mentorship_id": c.mentorship.pk}, data=lambda c: {"decision": "later"}),
        Row("connect-decide-get", "mentoring_decide", "get", signed_in(405),
            kwargs=lambda c: {"mentorship_id": c.mentorship.pk}),
    ],
}
