"""Permission matrix rows of the API's community practices (townsquare/api/routers/, issue 17).

Session callers, as in tests/matrix_api.py: anonymous and deactivated callers get a JSON 401. The runner sends GET
and POST only, so PUT/DELETE operations appear with POST, which they refuse with 405 (who may PUT and DELETE:
tests/api/test_*_api.py). The objects are test_permissions.objects' (alice's ideas, gina the leader, polls, …).
"""

from tests.matrix import Row, everyone
from tests.matrix_api import OUTSIDERS_404, api

PRIVATE_IDEA = lambda c: {"post_id": c.private_idea.post_id}  # noqa: E731
COMPANY_IDEA = lambda c: {"post_id": c.company_idea.post_id}  # noqa: E731

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
}
