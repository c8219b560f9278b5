"""Permission matrix rows for townsquare.governance (see tests/matrix.py).

The console, its people and groups pages and the audit log are for organisation admins alone (olga); everyone
else signed in gets the 404 of a page that does not exist. Reporting is for whoever can read the post or reply
(alice's private post: alice, gina; not otto or olga), never one's own. Moderation follows where the content is:
the private group's post and reply are gina's alone (its admin), the public group's post is olga's (org admin)
and gina's (that group's admin). A decision's notice is for the author it was about (alice), nobody else."""

from tests.matrix import Row, signed_in

ADMIN_ONLY = lambda code: signed_in(404, olga=code)  # noqa: E731
PRIVATE_POST = lambda c: {"post_id": c.private_post.pk}  # noqa: E731
PUBLIC_POST = lambda c: {"post_id": c.public_post.pk}  # noqa: E731
REPLY = lambda c: {"reply_id": c.reply.pk}  # noqa: E731  (gina's: she reports it, but it is hers)
ALICE_REPLY = lambda c: {"reply_id": c.alice_reply.pk}  # noqa: E731  (alice's, in gina's private group)
REASON = lambda c: {"reason": "It names a customer."}  # noqa: E731
HIDE = lambda c: {"action": "hide", "reason": "It names a customer."}  # noqa: E731


def build(c) -> None:
    from townsquare.conversations import services as conversations
    from townsquare.governance import services

    c.alice_reply = conversations.reply_create(author=c.world.alice, post=c.private_post, body="More numbers")

    services.report_create(reporter=c.world.gina, post=c.public_post, reason="Names a customer")
    c.decision = services.decide(moderator=c.world.olga, action="hide", post=c.gina_public_post,
                                 reason="Hidden for the matrix")


SECTIONS: dict[str, list[Row]] = {
    "governance-console": [
        Row("admin_console", "admin_console", "get", ADMIN_ONLY(200)),
        Row("admin_people", "admin_people", "get", ADMIN_ONLY(200), query={"q": "ali", "state": "never"}),
        Row("admin_person_active", "admin_person_active", "post", ADMIN_ONLY(302),
            kwargs=lambda c: {"handle": "otto"}, data=lambda c: {"active": "0"}),
        Row("admin_person_active-get", "admin_person_active", "get", signed_in(405),
            kwargs=lambda c: {"handle": "otto"}),
        Row("admin_person_active-unknown", "admin_person_active", "post", signed_in(404),
            kwargs=lambda c: {"handle": "nobody-here"}, data=lambda c: {"active": "0"}),
        Row("admin_person_org_admin", "admin_person_org_admin", "post", ADMIN_ONLY(302),
            kwargs=lambda c: {"handle": "otto"}, data=lambda c: {"org_admin": "1"}),
        Row("admin_groups", "admin_groups", "get", ADMIN_ONLY(200)),
        Row("admin_group_archive", "admin_group_archive", "post", ADMIN_ONLY(302),
            kwargs=lambda c: {"group_id": c.world.secret.pk}, data=lambda c: {"archived": "1"}),
        Row("admin_group_archive-unknown", "admin_group_archive", "post", signed_in(404),
            kwargs=lambda c: {"group_id": 999_999}, data=lambda c: {"archived": "1"}),
        Row("audit_log", "audit_log", "get", ADMIN_ONLY(200)),
        Row("audit_log-bad-date", "audit_log", "get", ADMIN_ONLY(400), query={"from": "yesterday"}),
        Row("audit_log_csv", "audit_log_csv", "get", ADMIN_ONLY(200)),
    ],
    "governance-moderation": [
        Row("post_report", "post_report", "get", signed_in(200, otto=404, olga=404), kwargs=PRIVATE_POST),
        Row("post_report-post", "post_report", "post", signed_in(302, alice=400, otto=404, olga=404),
            kwargs=PRIVATE_POST, data=REASON),
        Row("post_report-no-reason", "post_report", "post", signed_in(400, otto=404, olga=404),
            kwargs=PRIVATE_POST, data=lambda c: {"reason": "  "}),
        Row("reply_report", "reply_report", "get", signed_in(200, otto=404, olga=404), kwargs=REPLY),
        Row("reply_report-post", "reply_report", "post", signed_in(302, gina=400, otto=404, olga=404),
            kwargs=REPLY, data=REASON),
        Row("moderation_queue", "moderation_queue", "get", signed_in(404, olga=200, gina=200)),
        Row("post_moderate-private", "post_moderate", "get", signed_in(404, gina=200), kwargs=PRIVATE_POST),
        Row("post_moderate-public", "post_moderate", "get", signed_in(404, olga=200, gina=200), kwargs=PUBLIC_POST),
        Row("post_moderate-hide", "post_moderate", "post", signed_in(404, olga=302, gina=302),
            kwargs=PUBLIC_POST, data=HIDE),
        Row("post_moderate-hide-no-reason", "post_moderate", "post", signed_in(404, olga=400, gina=400),
            kwargs=PUBLIC_POST, data=lambda c: {"action": "hide", "reason": ""}),
        Row("reply_moderate", "reply_moderate", "get", signed_in(404, gina=200), kwargs=ALICE_REPLY),
        Row("reply_moderate-hide", "reply_moderate", "post", signed_in(404, gina=302), kwargs=ALICE_REPLY, data=HIDE),
        Row("reply_moderate-own", "reply_moderate", "get", signed_in(404), kwargs=REPLY),
        Row("moderation_notice", "moderation_notice", "get", signed_in(404, gina=200),
            kwargs=lambda c: {"decision_id": c.decision.pk}),
    ],
}
