"""Permission matrix rows for townsquare/events (see tests/matrix.py and tests/test_permissions.py).

Objects: a company-wide event and an ask-me-anything by gina (a leader in the shared objects), an event
in finance-team (private) organised by alice, one in board-prep (secret) by gina; a public and a
private cause group (gina admin, alice member), each with an opportunity; alice's calendar token.
An event or opportunity in a group one may not read is the same 404 as one that does not exist; only
the organiser edits or cancels (everyone else 404); only leaders host an ask-me-anything (400 with a
message for others); the calendar feed needs no session, only its secret token.
"""

from datetime import timedelta

from django.utils import timezone

from tests.matrix import Row, everyone, signed_in

OUTSIDERS_404 = {"otto": 404, "olga": 404}
PRIVATE_EVENT = lambda c: {"event_id": c.ev_private.pk}  # noqa: E731
PUBLIC_EVENT = lambda c: {"event_id": c.ev_public.pk}  # noqa: E731
AMA = lambda c: {"event_id": c.ev_ama.pk}  # noqa: E731
PUBLIC_CAUSE = lambda c: {"slug": c.cause_public.slug}  # noqa: E731
PRIVATE_CAUSE = lambda c: {"slug": c.cause_private.slug}  # noqa: E731


def _when(days=5, hour=0):
    start = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    return start.strftime("%Y-%m-%dT%H:%M"), (start + timedelta(hours=1 + hour)).strftime("%Y-%m-%dT%H:%M")


def event_form(**over):
    starts, ends = _when()
    return {"title": "Lunch and learn", "description": "Bring lunch, learn SQL.", "starts_at": starts,
            "ends_at": ends, "place": "Room 2", "online_url": "", "capacity": "", "kind": "event", "group": "",
            "waitlist": "1", **over}


def opportunity_form(**over):
    starts, _ = _when(days=9)
    return {"title": "Food bank shift", "description": "", "starts_at": starts, "ends_at": "", "place": "Depot",
            "volunteers_needed": "4", **over}


def build(c):
    from townsquare.conversations import services as conversations
    from townsquare.conversations.models import Group, Membership
    from townsquare.events import services
    from townsquare.events.models import Event

    w = c.world

    def event(organiser, *, kind=Event.Kind.EVENT, group=None, title="Team lunch"):
        start = timezone.now() + timedelta(days=4)
        return services.event_create(organiser=organiser, kind=kind, group=group, fields=services.EventFields(
            title=title, description="Come along.", starts_at=start, ends_at=start + timedelta(hours=1),
            place="Canteen"))

    c.ev_public = event(w.gina, title="Town hall")
    c.ev_private = event(w.alice, group=w.private, title="Close the books")
    c.ev_secret = event(w.gina, group=w.secret, title="Board rehearsal")
    c.ev_ama = event(w.gina, kind=Event.Kind.AMA, title="Ask Gina anything")
    c.cause_public = conversations.group_create(creator=w.gina, name="Green Team", kind=Group.Kind.CAUSE)
    c.cause_private = conversations.group_create(creator=w.gina, name="Quiet Helpers", kind=Group.Kind.CAUSE,
                                                 visibility=Group.Visibility.PRIVATE)
    for group in (c.cause_public, c.cause_private):
        Membership.objects.create(group=group, person=w.alice)
    start = timezone.now() + timedelta(days=6)

    def opportunity(group, title):
        return services.opportunity_create(person=w.gina, group=group, fields=services.OpportunityFields(
            title=title, description="", starts_at=start, ends_at=None, place="Park", volunteers_needed=5))

    c.opp_public = opportunity(c.cause_public, "Litter pick")
    c.opp_private = opportunity(c.cause_private, "Hospital visits")
    c.alice_calendar = services.calendar_token_for(w.alice)


SECTIONS: dict[str, list[Row]] = {
    "events": [
        Row("event_list", "event_list", "get", signed_in(200)),
        Row("event_list-past", "event_list", "get", signed_in(200), query={"show": "past"}),
        Row("event_list-mine", "event_list", "get", signed_in(200), query={"show": "mine"}),
        Row("event_create", "event_create", "get", signed_in(200)),
        Row("event_create-post", "event_create", "post", signed_in(302), data=lambda c: event_form()),
        Row("event_create-post-bad-link", "event_create", "post", signed_in(400),
            data=lambda c: event_form(online_url="javascript:alert(1)")),
        Row("event_create-post-ends-first", "event_create", "post", signed_in(400),
            data=lambda c: event_form(ends_at=_when(days=4)[0])),
        Row("event_create-post-private", "event_create", "post", signed_in(302, otto=400, olga=400),
            data=lambda c: event_form(group=c.world.private.slug)),
        Row("event_create-post-ama", "event_create", "post", signed_in(400, gina=302),
            data=lambda c: event_form(kind="ama")),
        Row("event_detail", "event_detail", "get", signed_in(200), kwargs=PUBLIC_EVENT),
        Row("event_detail-private", "event_detail", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_EVENT),
        Row("event_detail-secret", "event_detail", "get", signed_in(200, **OUTSIDERS_404),
            kwargs=lambda c: {"event_id": c.ev_secret.pk}),
        Row("event_detail-ama", "event_detail", "get", signed_in(200), kwargs=AMA),
        Row("event_detail-unknown", "event_detail", "get", signed_in(404), kwargs=lambda c: {"event_id": 999_999}),
        Row("event_edit", "event_edit", "get", signed_in(404, alice=200), kwargs=PRIVATE_EVENT),
        Row("event_edit-post", "event_edit", "post", signed_in(404, alice=302), kwargs=PRIVATE_EVENT,
            data=lambda c: event_form(title="Close the books, early")),
        Row("event_edit-post-empty", "event_edit", "post", signed_in(404, alice=400), kwargs=PRIVATE_EVENT,
            data=lambda c: event_form(title=" ")),
        Row("event_edit-public", "event_edit", "get", signed_in(404, gina=200), kwargs=PUBLIC_EVENT),
        Row("event_cancel", "event_cancel", "post", signed_in(404, alice=302), kwargs=PRIVATE_EVENT,
            data=lambda c: {"reason": "Clash with month end."}),
        Row("event_cancel-get", "event_cancel", "get", signed_in(405), kwargs=PRIVATE_EVENT),
        # the organiser hosts and takes no place: answering their own event is a 400 that says so
        Row("event_rsvp", "event_rsvp", "post", signed_in(302, alice=400, **OUTSIDERS_404), kwargs=PRIVATE_EVENT,
            data=lambda c: {"status": "going"}),
        Row("event_rsvp-public", "event_rsvp", "post", signed_in(302, gina=400), kwargs=PUBLIC_EVENT,
            data=lambda c: {"status": "maybe"}),
        Row("event_rsvp-bad-answer", "event_rsvp", "post", signed_in(400), kwargs=PUBLIC_EVENT,
            data=lambda c: {"status": "perhaps"}),
        Row("event_rsvp-get", "event_rsvp", "get", signed_in(405), kwargs=PUBLIC_EVENT),
        Row("event_ask", "event_ask", "post", signed_in(302), kwargs=AMA,
            data=lambda c: {"body": "What would you change first?"}),
        Row("event_ask-empty", "event_ask", "post", signed_in(400), kwargs=AMA, data=lambda c: {"body": " "}),
        Row("event_ask-not-an-ama", "event_ask", "post", signed_in(404), kwargs=PUBLIC_EVENT,
            data=lambda c: {"body": "Hello?"}),
        Row("event_ask-get", "event_ask", "get", signed_in(405), kwargs=AMA),
        Row("event_ics", "event_ics", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_EVENT),
        Row("event_ics-public", "event_ics", "get", signed_in(200), kwargs=PUBLIC_EVENT),
        Row("group_events", "group_events", "get", signed_in(200, **OUTSIDERS_404),
            kwargs=lambda c: {"slug": c.world.private.slug}),
        Row("group_events-public", "group_events", "get", signed_in(200),
            kwargs=lambda c: {"slug": c.world.public.slug}),
        Row("group_events-secret", "group_events", "get", signed_in(200, **OUTSIDERS_404),
            kwargs=lambda c: {"slug": c.world.secret.slug}),
    ],
    "events-calendar": [
        Row("calendar_settings", "calendar_settings", "get", signed_in(200)),
        Row("calendar_reset", "calendar_reset", "post", signed_in(302)),
        Row("calendar_reset-get", "calendar_reset", "get", signed_in(405)),
        # no session needed: the secret token in the address is the key
        Row("calendar_feed", "calendar_feed", "get", everyone(200), to_login=False,
            kwargs=lambda c: {"token": c.alice_calendar.token}),
        Row("calendar_feed-unknown", "calendar_feed", "get", everyone(404), to_login=False,
            kwargs=lambda c: {"token": "not-a-token"}),
    ],
    "events-causes": [
        Row("cause_list", "cause_list", "get", signed_in(200)),
        Row("cause_detail", "cause_detail", "get", signed_in(200), kwargs=PUBLIC_CAUSE),
        Row("cause_detail-private", "cause_detail", "get", signed_in(200, **OUTSIDERS_404), kwargs=PRIVATE_CAUSE),
        Row("cause_detail-not-a-cause", "cause_detail", "get", signed_in(404),
            kwargs=lambda c: {"slug": c.world.public.slug}),
        Row("opportunity_create", "opportunity_create", "get", signed_in(404, alice=200, gina=200), kwargs=PUBLIC_CAUSE),
        Row("opportunity_create-post", "opportunity_create", "post", signed_in(404, alice=302, gina=302),
            kwargs=PUBLIC_CAUSE, data=lambda c: opportunity_form()),
        Row("opportunity_create-post-no-count", "opportunity_create", "post", signed_in(404, alice=400, gina=400),
            kwargs=PUBLIC_CAUSE, data=lambda c: opportunity_form(volunteers_needed="")),
        Row("opportunity_detail", "opportunity_detail", "get", signed_in(200),
            kwargs=lambda c: {"opportunity_id": c.opp_public.pk}),
        Row("opportunity_detail-private", "opportunity_detail", "get", signed_in(200, **OUTSIDERS_404),
            kwargs=lambda c: {"opportunity_id": c.opp_private.pk}),
        Row("opportunity_detail-unknown", "opportunity_detail", "get", signed_in(404),
            kwargs=lambda c: {"opportunity_id": 999_999}),
        Row("opportunity_signup", "opportunity_signup", "post", signed_in(302),
            kwargs=lambda c: {"opportunity_id": c.opp_public.pk}, data=lambda c: {"action": "join"}),
        Row("opportunity_signup-private", "opportunity_signup", "post", signed_in(302, **OUTSIDERS_404),
            kwargs=lambda c: {"opportunity_id": c.opp_private.pk}, data=lambda c: {"action": "join"}),
        Row("opportunity_signup-withdraw", "opportunity_signup", "post", signed_in(302),
            kwargs=lambda c: {"opportunity_id": c.opp_public.pk}, data=lambda c: {"action": "withdraw"}),
        Row("opportunity_signup-get", "opportunity_signup", "get", signed_in(405),
            kwargs=lambda c: {"opportunity_id": c.opp_public.pk}),
    ],
}
