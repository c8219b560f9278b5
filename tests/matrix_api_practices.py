"""Permission matrix rows of the API's community practices (townsquare/api/routers/, issue 17).

Session callers, as in tests/matrix_api.py: anonymous and deactivated callers get a JSON 401. The runner sends GET
and POST only, so PUT/DELETE operations appear with POST, which they refuse with 405 (who may PUT and DELETE:
tests/api/test_*_api.py). The objects are test_permissions.objects' (alice's ideas, gina the leader, polls, …).
"""

from datetime import timedelta

from django.utils import timezone

from tests.matrix import Row, everyone
from tests.matrix_api import OUTSIDERS_404, api
from townsquare.events import services as events_services

PRIVATE_IDEA = lambda c: {"post_id": c.private_idea.post_id}  # noqa: E731
COMPANY_IDEA = lambda c: {"post_id": c.company_idea.post_id}  # noqa: E731



def _event(organiser, group=None):
    start = timezone.now() + timedelta(days=1)
    return events_services.event_create(organiser=organiser, group=group, fields=events_services.EventFields(
        title="Budget walk-through", description="How the numbers came together", starts_at=start,
        ends_at=start + timedelta(hours=1), place="Room 4"))


def build(c) -> None:
    c.api_event = _event(c.world.gina)
    c.api_private_event = _event(c.world.gina, group=c.world.private)


TOMORROW = lambda c: (timezone.now() + timedelta(days=1)).isoformat()  # noqa: E731
PRIVATE_EVENT = lambda c: {"event_id": c.api_private_event.pk}  # noqa: E731

SECTIONS: dict[str, list[Row]] = {
    "api-ideas": [
        Row("api-ideas", "api:ideas", "get", api(200), to_login=False),
        Row("api-ideas-newest", "api:ideas", "get", api(200), to_login=False, query={"sort": "newest", "status": "new"}),
        Row("api-ideas-private-group", "api:ideas", "get", api(200, **OUTSIDERS_404), to_login=False,
            query=lambda c: {"group": c.world.private.slug}),
        Row("api-ideas-bad-status", "api:ideas", "get", api(422), to_login=False, query={"status": "bogus"}),
        Row("api-idea-create", "api:idea_create", "post", api(201), to_login=False,
            data=lambda c: {"title": "Open books", "body": "Publish the numbers"}),
        Row("api-idea-create-private", "api:idea_create", "post", api(201, otto=403, olga=403), to_login=False,
            data=lambda c: {"body": "Close a day earlier", "group": c.world.private.slug}),
        Row("api-idea-create-empty", "api:idea_create", "post", api(422), to_login=False, data=lambda c: {"body": ""}),
        Row("api-idea", "api:idea", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=PRIVATE_IDEA),
        Row("api-idea-company", "api:idea", "get", api(200), to_login=False, kwargs=COMPANY_IDEA),
        Row("api-idea-not-an-idea", "api:idea", "get", api(404), to_login=False,
            kwargs=lambda c: {"post_id": c.company_post.pk}),
        Row("api-idea-vote-post", "api:idea_vote", "post", everyone(405), to_login=False, kwargs=COMPANY_IDEA),
        Row("api-idea-unvote-post", "api:idea_unvote", "post", everyone(405), to_login=False, kwargs=COMPANY_IDEA),
        Row("api-idea-collaborate-post", "api:idea_collaborate", "post", everyone(405), to_login=False,
            kwargs=COMPANY_IDEA),
        Row("api-idea-uncollaborate-post", "api:idea_uncollaborate", "post", everyone(405), to_login=False,
            kwargs=PRIVATE_IDEA),
        # the owner (alice) and an org admin (olga); gina collaborates but may not move it
        Row("api-idea-status-company", "api:idea_status", "post", api(404, alice=200, olga=200), to_login=False,
            kwargs=COMPANY_IDEA, data=lambda c: {"status": "under_review"}),
        # in finance-team: the owner and the group's admin (gina); olga cannot read it
        Row("api-idea-status-private", "api:idea_status", "post", api(200, **OUTSIDERS_404), to_login=False,
            kwargs=PRIVATE_IDEA, data=lambda c: {"status": "in_progress"}),
        Row("api-idea-status-no-reason", "api:idea_status", "post", api(404, alice=422, olga=422), to_login=False,
            kwargs=COMPANY_IDEA, data=lambda c: {"status": "not_now"}),
        Row("api-idea-status-get", "api:idea_status", "get", everyone(405), to_login=False, kwargs=COMPANY_IDEA),
    ],
    "api-events": [
        Row("api-events", "api:events", "get", api(200), to_login=False),
        Row("api-events-past", "api:events", "get", api(200), to_login=False, query={"show": "past"}),
        Row("api-events-private-group", "api:events", "get", api(200, **OUTSIDERS_404), to_login=False,
            query=lambda c: {"group": c.world.private.slug}),
        Row("api-events-bad-show", "api:events", "get", api(422), to_login=False, query={"show": "someday"}),
        Row("api-event-create", "api:event_create", "post", api(201), to_login=False,
            data=lambda c: {"title": "Open books", "description": "Come and ask", "place": "Room 1",
                            "starts_at": TOMORROW(c)}),
        Row("api-event-create-private", "api:event_create", "post", api(201, otto=403, olga=403), to_login=False,
            data=lambda c: {"title": "Team close", "description": "Month end", "place": "Room 2",
                            "starts_at": TOMORROW(c), "group": c.world.private.slug}),
        Row("api-event-create-nowhere", "api:event_create", "post", api(422), to_login=False,
            data=lambda c: {"title": "Where?", "description": "Somewhere", "starts_at": TOMORROW(c)}),
        Row("api-event", "api:event", "get", api(200, **OUTSIDERS_404), to_login=False, kwargs=PRIVATE_EVENT),
        Row("api-event-company", "api:event", "get", api(200), to_login=False,
            kwargs=lambda c: {"event_id": c.api_event.pk}),
        Row("api-event-unknown", "api:event", "get", api(404), to_login=False, kwargs=lambda c: {"event_id": 999_999}),
        Row("api-event-rsvp-post", "api:event_rsvp", "post", everyone(405), to_login=False, kwargs=PRIVATE_EVENT),
        Row("api-event-unrsvp-post", "api:event_unrsvp", "post", everyone(405), to_login=False, kwargs=PRIVATE_EVENT),
        # gina organises both; nobody else may cancel, org admins included
        Row("api-event-cancel", "api:event_cancel", "post", api(404, gina=200), to_login=False,
            kwargs=lambda c: {"event_id": c.api_event.pk}, data=lambda c: {"reason": "The room is gone."}),
        Row("api-event-cancel-private", "api:event_cancel", "post", api(404, gina=200), to_login=False,
            kwargs=PRIVATE_EVENT, data=lambda c: {}),
        Row("api-event-cancel-long-reason", "api:event_cancel", "post", api(422), to_login=False,  # the body first
            kwargs=PRIVATE_EVENT, data=lambda c: {"reason": "x" * 501}),
        Row("api-event-cancel-get", "api:event_cancel", "get", everyone(405), to_login=False, kwargs=PRIVATE_EVENT),
    ],
    # gina is the leader alice asked (c.question); polls: gina's company-wide one, alice's in finance-team, a closed one
    "api-leadership-polls": [
        Row("api-leaders", "api:leaders", "get", api(200), to_login=False),
        Row("api-questions", "api:questions", "get", api(200), to_login=False, query={"sort": "votes"}),
        Row("api-questions-to-gina", "api:questions", "get", api(200), to_login=False,
            query={"leader": "gina", "status": "open"}),
        Row("api-questions-not-a-leader", "api:questions", "get", api(404), to_login=False, query={"leader": "otto"}),
        Row("api-question-ask", "api:question_ask", "post", api(201), to_login=False,
            data=lambda c: {"leader": "gina", "body": "What comes after the freeze?"}),
        Row("api-question-ask-not-a-leader", "api:question_ask", "post", api(404), to_login=False,
            data=lambda c: {"leader": "otto", "body": "Hello?"}),
        Row("api-question", "api:question", "get", api(200), to_login=False,
            kwargs=lambda c: {"question_id": c.question.pk}),
        Row("api-question-unknown", "api:question", "get", api(404), to_login=False,
            kwargs=lambda c: {"question_id": 999_999}),
        Row("api-question-vote-post", "api:question_vote", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"question_id": c.question.pk}),
        Row("api-question-unvote-post", "api:question_unvote", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"question_id": c.question.pk}),
        Row("api-question-answer", "api:question_answer", "post", api(404, gina=200), to_login=False,
            kwargs=lambda c: {"question_id": c.question.pk}, data=lambda c: {"answer": "In March."}),
        Row("api-question-answer-empty", "api:question_answer", "post", api(422), to_login=False,  # the body first
            kwargs=lambda c: {"question_id": c.question.pk}, data=lambda c: {"answer": ""}),
        Row("api-poll-create", "api:poll_create", "post", api(201), to_login=False,
            data=lambda c: {"question": "Offsite in May?", "options": ["Yes", "No"]}),
        Row("api-poll-create-private", "api:poll_create", "post", api(201, otto=403, olga=403), to_login=False,
            data=lambda c: {"question": "Close early?", "options": ["Yes", "No"], "group": c.world.private.slug}),
        Row("api-poll-create-one-option", "api:poll_create", "post", api(422), to_login=False,
            data=lambda c: {"question": "Only one?", "options": ["Yes"]}),
        Row("api-poll-create-get", "api:poll_create", "get", everyone(405), to_login=False),
        Row("api-poll", "api:poll", "get", api(200), to_login=False, kwargs=lambda c: {"poll_id": c.poll.pk}),
        Row("api-poll-private", "api:poll", "get", api(200, **OUTSIDERS_404), to_login=False,
            kwargs=lambda c: {"poll_id": c.private_poll.pk}),
        Row("api-poll-unknown", "api:poll", "get", api(404), to_login=False, kwargs=lambda c: {"poll_id": 999_999}),
        Row("api-poll-vote", "api:poll_vote", "post", api(201), to_login=False,
            kwargs=lambda c: {"poll_id": c.poll.pk}, data=lambda c: {"options": c.poll.options.first().pk}),
        Row("api-poll-vote-private", "api:poll_vote", "post", api(201, **OUTSIDERS_404), to_login=False,
            kwargs=lambda c: {"poll_id": c.private_poll.pk},
            data=lambda c: {"options": c.private_poll.options.first().pk}),
        Row("api-poll-vote-closed", "api:poll_vote", "post", api(422), to_login=False,
            kwargs=lambda c: {"poll_id": c.closed_poll.pk}, data=lambda c: {"options": c.closed_poll.options.first().pk}),
        Row("api-poll-vote-get", "api:poll_vote", "get", everyone(405), to_login=False,
            kwargs=lambda c: {"poll_id": c.poll.pk}),
    ],
    "api-recognition": [
        Row("api-values", "api:company_values", "get", api(200), to_login=False),
        Row("api-values-post", "api:company_values", "post", everyone(405), to_login=False),
        Row("api-praise", "api:praise_create", "post", api(201), to_login=False,
            data=lambda c: {"body": "Thanks for the open books", "praised": "erin", "value": c.value.pk}),
        Row("api-praise-team-in-private", "api:praise_create", "post", api(201, otto=403, olga=403), to_login=False,
            data=lambda c: {"body": "Great close", "praised_group": c.world.private.slug,
                            "group": c.world.private.slug}),
        Row("api-praise-nobody", "api:praise_create", "post", api(422), to_login=False,
            data=lambda c: {"body": "Thanks"}),
        Row("api-praise-unknown-value", "api:praise_create", "post", api(422), to_login=False,
            data=lambda c: {"body": "Thanks", "praised": "erin", "value": 999_999}),
    ],
    # yours alone: alice has a purpose, a published manifesto version and a draft, and a note (c.note); everyone
    # else gets the 404 of a thing that does not exist, org admins included
    "api-purpose-notebook": [
        Row("api-my-purpose", "api:my_purpose", "get", api(200), to_login=False),
        Row("api-my-purpose-post", "api:my_purpose_set", "post", everyone(405), to_login=False),
        Row("api-my-manifesto", "api:my_manifesto", "get", api(200), to_login=False),
        Row("api-my-manifesto-save", "api:my_manifesto_save", "post", api(201), to_login=False,
            data=lambda c: {"body": "Numbers in the open."}),
        Row("api-my-manifesto-save-empty", "api:my_manifesto_save", "post", api(422), to_login=False,
            data=lambda c: {"body": ""}),
        Row("api-my-manifesto-publish-post", "api:my_manifesto_publish", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"version_id": c.manifesto_draft.pk}),
        Row("api-my-manifesto-unpublish-post", "api:my_manifesto_unpublish", "post", everyone(405), to_login=False),
        Row("api-my-notes", "api:my_notes", "get", api(200), to_login=False, query={"q": "pricing"}),
        Row("api-my-note-create", "api:my_note_create", "post", api(201), to_login=False,
            data=lambda c: {"body": "A thought", "title": "Pricing"}),
        Row("api-my-note-create-bad-link", "api:my_note_create", "post", api(422), to_login=False,
            data=lambda c: {"body": "A thought", "source_url": "ftp://example.com"}),
        Row("api-my-note", "api:my_note", "get", api(404, alice=200), to_login=False,
            kwargs=lambda c: {"note_id": c.note.pk}),
        Row("api-my-note-unknown", "api:my_note", "get", api(404), to_login=False,
            kwargs=lambda c: {"note_id": 999_999}),
        Row("api-my-note-update-post", "api:my_note_update", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"note_id": c.note.pk}),
        Row("api-my-note-delete-post", "api:my_note_delete", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"note_id": c.note.pk}),
    ],
    # c.circle (tests/matrix_circles.py): alice, gina, erin and two more, meeting; c.open_circle: erin's, forming
    "api-coffee-circles": [
        Row("api-my-coffee", "api:my_coffee", "get", api(200), to_login=False),
        Row("api-my-coffee-post", "api:my_coffee_join", "post", everyone(405), to_login=False),
        Row("api-my-coffee-leave-post", "api:my_coffee_leave", "post", everyone(405), to_login=False),
        Row("api-circles-joinable", "api:circles_joinable", "get", api(200), to_login=False),
        Row("api-my-circles", "api:my_circles", "get", api(200), to_login=False),
        Row("api-circle-join", "api:circle_join", "post", api(200), to_login=False,
            kwargs=lambda c: {"circle_id": c.open_circle.pk}, data=lambda c: {"goal": "Write every week"}),
        Row("api-circle-join-full", "api:circle_join", "post", api(422, alice=404, gina=404), to_login=False,
            kwargs=lambda c: {"circle_id": c.circle.pk}, data=lambda c: {"goal": "Me too"}),
        Row("api-circle-join-unknown", "api:circle_join", "post", api(404), to_login=False,
            kwargs=lambda c: {"circle_id": 999_999}, data=lambda c: {"goal": "Me too"}),
        Row("api-circle-check-in-post", "api:circle_check_in", "post", everyone(405), to_login=False,
            kwargs=lambda c: {"circle_id": c.circle.pk}),
    ],
}
