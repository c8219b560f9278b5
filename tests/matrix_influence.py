"""Permission matrix rows for townsquare.influence (see tests/matrix.py).

The writing coach answers whoever is signed in about the text they send, and nobody else: no route takes a
person or an object, so there is no one else's hints to ask for. Anonymous and deactivated people are sent to
sign in (web) or get a JSON 401 (API).

Feedback requests: `c.feedback` is alice's anonymous request to everyone who can read her company-wide post;
`c.feedback_chosen` asks gina alone about alice's post in the private finance team. Only alice may ask about her
own post (`c.ask_post`), see results or close a request; answering is for readers who are not the author (invited
ones for chosen people). Org admins get the same 404 as anyone for results.

Staged sharing: `c.preview` is alice's post shared first with gina alone: only they read it (web and API), only
alice widens it. Through the API, a body that breaks the schema is a 422 before any access check."""

from tests.matrix import Row, signed_in
from tests.matrix_api import api

DRAFT = lambda c: {"body": "Going forward we will leverage it.", "kind": "update"}  # noqa: E731

FEEDBACK = lambda c: {"request_id": c.feedback.pk}  # noqa: E731
CHOSEN = lambda c: {"request_id": c.feedback_chosen.pk}  # noqa: E731
ASK = lambda c: {"post_id": c.ask_post.pk}  # noqa: E731
AUTHOR_ONLY = signed_in(404, alice=200)
PREVIEW = lambda c: {"post_id": c.preview.pk}  # noqa: E731


def build(c):
    from townsquare.conversations import services as conversations
    from townsquare.influence import services

    w = c.world
    c.ask_post = conversations.post_create(author=w.alice, body="A first try of my idea")
    c.feedback = services.feedback_request_create(
        author=w.alice, post=conversations.post_create(author=w.alice, body="Feedback, please"),
        audience="readers", anonymous=True)
    c.feedback_chosen = services.feedback_request_create(
        author=w.alice, post=conversations.post_create(author=w.alice, body="Finance only", group=w.private),
        audience="chosen", people="@gina")
    c.preview = conversations.post_create(author=w.alice, body="A preview for Gina first",
                                          audience=conversations.Audience(people=(w.gina,)))
    _build_experiment(c)


def _build_experiment(c):
    """alice's company-wide experiment (48 more people, so the company splits in two); its results are hers alone."""
    from townsquare.influence import services
    from townsquare.people.models import Person

    Person.objects.bulk_create([Person(email=f"m{i}@example.test", name=f"M {i}", handle=f"m{i}") for i in range(48)])
    c.experiment = services.experiment_create(author=c.world.alice, name="Two ways", group=None, variants=[
        services.VariantDraft(body="One way [plan](https://example.com/)"), services.VariantDraft(body="Another way?")])


EXPERIMENT = lambda c: {"experiment_id": c.experiment.pk}  # noqa: E731

SECTIONS: dict[str, list[Row]] = {
    "influence-experiments": [
        Row("experiment-list", "experiment_list", "get", signed_in(200)),
        Row("experiment-create", "experiment_create", "get", signed_in(200)),
        Row("experiment-create-one-variant", "experiment_create", "post", signed_in(400),
            data=lambda c: {"name": "X", "audience": "company", "variant_form": ["post"], "variant_title": [""],
                            "variant_body": ["Only one"]}),
        Row("experiment-detail", "experiment_detail", "get", AUTHOR_ONLY, kwargs=EXPERIMENT),
        Row("experiment-detail-unknown", "experiment_detail", "get", signed_in(404),
            kwargs=lambda c: {"experiment_id": 999_999}),
        Row("experiment-end", "experiment_end", "post", signed_in(404, alice=302), kwargs=EXPERIMENT),
        Row("experiment-end-get", "experiment_end", "get", signed_in(405), kwargs=EXPERIMENT),
        Row("link-redirect-unknown", "link_redirect", "get", signed_in(404), kwargs=lambda c: {"token": "nope"}),
    ],
    "influence-writing": [
        Row("influence-writing_hints", "writing_hints", "post", signed_in(200), data=DRAFT),
        Row("influence-writing_hints-bad-kind", "writing_hints", "post", signed_in(400),
            data=lambda c: {"body": "Hello", "kind": "poem"}),
        Row("influence-writing_hints-get", "writing_hints", "get", signed_in(405)),
        Row("api-writing_hints", "api:writing_hints", "post", api(200), to_login=False, data=DRAFT),
        Row("api-writing_hints-get", "api:writing_hints", "get", api(405, anon=405, dave=405), to_login=False),
    ],
    "influence-feedback": [
        Row("feedback-ask", "feedback_request_create", "get", AUTHOR_ONLY, kwargs=ASK),
        Row("feedback-ask-post", "feedback_request_create", "post", signed_in(404, alice=302), kwargs=ASK,
            data=lambda c: {"audience": "readers", "anonymous": "1"}),
        Row("feedback-ask-post-nobody", "feedback_request_create", "post", signed_in(404, alice=400), kwargs=ASK,
            data=lambda c: {"audience": "chosen", "people": ""}),
        Row("feedback-ask-unknown-post", "feedback_request_create", "get", signed_in(404),
            kwargs=lambda c: {"post_id": 999_999}),
        Row("feedback-answer", "feedback_answer", "get", signed_in(200, alice=404), kwargs=FEEDBACK),
        Row("feedback-answer-post", "feedback_answer", "post", signed_in(302, alice=404), kwargs=FEEDBACK,
            data=lambda c: {"clarity": "4", "usefulness": "5", "comment": "Clear"}),
        Row("feedback-answer-post-7", "feedback_answer", "post", signed_in(400, alice=404), kwargs=FEEDBACK,
            data=lambda c: {"clarity": "7", "usefulness": "5"}),
        Row("feedback-answer-chosen", "feedback_answer", "get", signed_in(404, gina=200), kwargs=CHOSEN),
        Row("feedback-answer-chosen-post", "feedback_answer", "post", signed_in(404, gina=302), kwargs=CHOSEN,
            data=lambda c: {"clarity": "3", "usefulness": "3"}),
        Row("feedback-answer-unknown", "feedback_answer", "get", signed_in(404), kwargs=lambda c: {"request_id": 999_999}),
        Row("feedback-results", "feedback_results", "get", AUTHOR_ONLY, kwargs=FEEDBACK),
        Row("feedback-results-chosen", "feedback_results", "get", AUTHOR_ONLY, kwargs=CHOSEN),
        Row("feedback-close", "feedback_request_close", "post", signed_in(404, alice=302), kwargs=FEEDBACK),
        Row("feedback-close-get", "feedback_request_close", "get", signed_in(405), kwargs=FEEDBACK),
    ],
    "influence-staged": [
        Row("staged-read", "post_detail", "get", signed_in(404, alice=200, gina=200), kwargs=PREVIEW),
        Row("staged-history", "post_history", "get", signed_in(404, alice=200, gina=200), kwargs=PREVIEW),
        Row("staged-widen", "post_widen", "post", signed_in(404, alice=302), kwargs=PREVIEW,
            data=lambda c: {"to": "company"}),
        Row("staged-widen-nowhere", "post_widen", "post", signed_in(404, alice=302), kwargs=PREVIEW,
            data=lambda c: {"to": "no-such-group"}),
        Row("staged-widen-get", "post_widen", "get", signed_in(405), kwargs=PREVIEW),
        Row("staged-widen-open-post", "post_widen", "post", signed_in(404), kwargs=ASK,
            data=lambda c: {"to": "company"}),
        Row("api-staged-read", "api:post", "get", api(404, alice=200, gina=200), to_login=False, kwargs=PREVIEW),
        Row("api-staged-replies", "api:replies", "get", api(404, alice=200, gina=200), to_login=False,
            kwargs=PREVIEW),
    ],
    "influence-feedback-api": [
        Row("api-feedback-ask", "api:feedback_request_create", "post", api(404, alice=201), to_login=False,
            kwargs=ASK),
        Row("api-feedback-ask-bad", "api:feedback_request_create", "post", api(422), to_login=False, kwargs=ASK,
            data=lambda c: {"anonymous": "perhaps"}),
        Row("api-feedback-ask-again", "api:feedback_request_create", "post", api(404, alice=409), to_login=False,
            kwargs=lambda c: {"post_id": c.feedback.post_id}),
        Row("api-feedback", "api:feedback_request", "get", api(200), to_login=False, kwargs=FEEDBACK),
        Row("api-feedback-chosen", "api:feedback_request", "get", api(404, alice=200, gina=200), to_login=False,
            kwargs=CHOSEN),
        Row("api-feedback-answer", "api:feedback_answer", "post", api(201, alice=404), to_login=False,
            kwargs=FEEDBACK, data=lambda c: {"clarity": "4", "usefulness": "5"}),
        Row("api-feedback-answer-7", "api:feedback_answer", "post", api(422), to_login=False, kwargs=FEEDBACK,
            data=lambda c: {"clarity": "7", "usefulness": "5"}),
        Row("api-feedback-answer-chosen", "api:feedback_answer", "post", api(404, gina=201), to_login=False,
            kwargs=CHOSEN, data=lambda c: {"clarity": "3", "usefulness": "3"}),
        Row("api-feedback-results", "api:feedback_results", "get", api(404, alice=200), to_login=False,
            kwargs=FEEDBACK),
        Row("api-feedback-results-chosen", "api:feedback_results", "get", api(404, alice=200), to_login=False,
            kwargs=CHOSEN),
        Row("api-feedback-results-unknown", "api:feedback_results", "get", api(404), to_login=False,
            kwargs=lambda c: {"request_id": 999_999}),
    ],
}
